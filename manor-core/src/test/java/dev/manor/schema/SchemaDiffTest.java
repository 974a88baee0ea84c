package dev.manor.schema;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.manor.schema.SchemaTestSupport.build;
import static dev.manor.schema.SchemaTestSupport.diff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SchemaDiffTest {
    private static final String USERS = """
            CREATE TABLE "User" (id int PRIMARY KEY, email text, phone text);
            CREATE TYPE mood AS ENUM ('sad', 'happy');
            """;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    /** Asserts the diff holds exactly one change and returns it. */
    private static SchemaChange onlyChange(SchemaDiff diff) {
        assertThat(diff.changes()).as(diff.render()).hasSize(1);
        assertThat(diff.isEmpty()).isFalse();
        return diff.changes().get(0);
    }

    @ParameterizedTest
    @MethodSource("majors")
    void forgottenIndexIsLeftBehind(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "", "CREATE INDEX \"User_phone_idx\" ON \"User\" (phone)"));
        assertThat(change.kind()).isEqualTo(SchemaChange.Kind.ADDED);
        assertThat(change.objectType()).isEqualTo("index");
        assertThat(change.name()).isEqualTo("User_phone_idx");
        assertThat(change.description()).startsWith("index User_phone_idx: present in actual, not in expected")
                .contains("USING btree (phone)");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void missingConstraint(int major) {
        SchemaChange change = onlyChange(diff(major, USERS,
                "ALTER TABLE \"User\" ADD CONSTRAINT \"User_phone_check\" CHECK (phone <> '')", ""));
        assertThat(change.kind()).isEqualTo(SchemaChange.Kind.REMOVED);
        assertThat(change.objectType()).isEqualTo("constraint");
        assertThat(change.description())
                .startsWith("constraint User.User_phone_check: missing in actual (present in expected)");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void changedDefault(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "ALTER TABLE \"User\" ALTER phone SET DEFAULT 'x'", ""));
        assertThat(change.kind()).isEqualTo(SchemaChange.Kind.CHANGED);
        assertThat(change.name()).isEqualTo("User.phone");
        assertThat(change.description()).isEqualTo("column User.phone: default 'x'::text -> none");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void droppedComment(int major) {
        SchemaChange change = onlyChange(diff(major, USERS,
                "COMMENT ON COLUMN \"User\".email IS 'Deprecated: use phone'", ""));
        assertThat(change.objectType()).isEqualTo("comment");
        assertThat(change.description()).isEqualTo("comment on column User.email: 'Deprecated: use phone' -> none");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void notNull(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "", "ALTER TABLE \"User\" ALTER phone SET NOT NULL"));
        assertThat(change.description()).isEqualTo("column User.phone: nullable -> not null");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void columnType(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "", "ALTER TABLE \"User\" ALTER phone TYPE varchar(20)"));
        assertThat(change.description()).isEqualTo("column User.phone: type text -> character varying(20)");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void sequenceAttribute(int major) {
        SchemaChange change = onlyChange(diff(major, USERS,
                "CREATE SEQUENCE app_seq INCREMENT 1", "CREATE SEQUENCE app_seq INCREMENT 10"));
        assertThat(change.objectType()).isEqualTo("sequence");
        assertThat(change.description()).isEqualTo("sequence app_seq: increment 1 -> 10");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void sequenceCurrentValueIsNotPartOfTheSchema(int major) {
        SchemaDiff diff = diff(major, USERS + "CREATE SEQUENCE app_seq;", "", "SELECT nextval('app_seq')");
        assertThat(diff.render()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("majors")
    void viewDefinition(int major) {
        SchemaChange change = onlyChange(diff(major, USERS,
                "CREATE VIEW contacts AS SELECT id, email FROM \"User\"",
                "CREATE VIEW contacts AS SELECT id, email FROM \"User\" WHERE phone IS NULL"));
        assertThat(change.objectType()).isEqualTo("view");
        assertThat(change.description()).startsWith("view contacts: definition ").contains("phone IS NULL");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void functionBody(int major) {
        SchemaChange change = onlyChange(diff(major, USERS,
                "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'",
                "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 43'"));
        assertThat(change.objectType()).isEqualTo("function");
        assertThat(change.name()).isEqualTo("answer()");
        assertThat(change.description()).startsWith("function answer(): definition ")
                .contains("SELECT 42").contains("SELECT 43");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void triggerPresenceAndState(int major) {
        String function = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';";
        String trigger = "CREATE TRIGGER user_touch BEFORE UPDATE ON \"User\" FOR EACH ROW EXECUTE FUNCTION touch();";
        SchemaChange missing = onlyChange(diff(major, USERS + function, trigger, ""));
        assertThat(missing.kind()).isEqualTo(SchemaChange.Kind.REMOVED);
        assertThat(missing.description()).startsWith("trigger User.user_touch: missing in actual");

        SchemaChange disabled = onlyChange(diff(major, USERS + function + trigger, "",
                "ALTER TABLE \"User\" DISABLE TRIGGER user_touch"));
        assertThat(disabled.description()).isEqualTo("trigger User.user_touch: enabled -> disabled");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void enumLabel(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "", "ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'"));
        assertThat(change.description()).isEqualTo("enum mood: labels 'sad', 'happy' -> 'sad', 'ok', 'happy'");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void domainConstraint(int major) {
        SchemaChange change = onlyChange(diff(major, USERS,
                "CREATE DOMAIN pos AS int CONSTRAINT pos_check CHECK (VALUE > 0)",
                "CREATE DOMAIN pos AS int CONSTRAINT pos_check CHECK (VALUE >= 0)"));
        assertThat(change.objectType()).isEqualTo("domain");
        assertThat(change.description()).isEqualTo(
                "domain pos: constraints pos_check CHECK ((VALUE > 0)) -> pos_check CHECK ((VALUE >= 0))");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void notValidConstraintDiffersFromValidatedOne(int major) {
        String check = "ALTER TABLE \"User\" ADD CONSTRAINT \"User_phone_check\" CHECK (phone <> '')";
        SchemaDiff diff = diff(major, USERS, check + " NOT VALID", check);
        SchemaChange change = onlyChange(diff);
        assertThat(change.description()).isEqualTo("constraint User.User_phone_check: NOT VALID -> valid");
        assertThat(build(major, USERS, check + " NOT VALID").fingerprint())
                .isNotEqualTo(build(major, USERS, check).fingerprint());
    }

    @ParameterizedTest
    @MethodSource("majors")
    void invalidIndexLeftByAFailedConcurrentBuild(int major) {
        String data = "INSERT INTO \"User\" VALUES (1, 'a', 'same'), (2, 'b', 'same')";
        String valid = "CREATE INDEX \"User_phone_key\" ON \"User\" (phone)";
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec(USERS);
            db.exec(data);
            try {
                db.exec("CREATE UNIQUE INDEX CONCURRENTLY \"User_phone_key\" ON \"User\" (phone)");
            } catch (IllegalStateException expected) {
                // the duplicate makes the build fail and leaves the index behind, INVALID
            }
            SchemaSnapshot actual = SchemaTestSupport.snapshot(db);
            SchemaSnapshot expected = build(major, USERS, valid.replace("CREATE INDEX", "CREATE UNIQUE INDEX"));
            SchemaChange change = onlyChange(SchemaDiff.between(expected, actual));
            assertThat(change.description()).isEqualTo("index User_phone_key: valid -> INVALID");
        }
    }

    @ParameterizedTest
    @MethodSource("majors")
    void columnOrderAfterDropAndReAdd(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "",
                "ALTER TABLE \"User\" DROP COLUMN email; ALTER TABLE \"User\" ADD COLUMN email text"));
        assertThat(change.description()).isEqualTo("table User: column order id, email, phone -> id, phone, email");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void aMissingTableIsOneChangeNotOnePerColumn(int major) {
        SchemaDiff diff = diff(major, USERS,
                "CREATE TABLE audit (id int PRIMARY KEY, what text NOT NULL); COMMENT ON COLUMN audit.what IS 'x'", "");
        SchemaChange change = onlyChange(diff);
        assertThat(change.description()).isEqualTo("table audit: missing in actual (present in expected): kind regular");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void extension(int major) {
        String available;
        try (TestDb db = PgServers.freshDb(major)) {
            available = (String) db.queryOne("SELECT name FROM pg_available_extensions "
                    + "WHERE name IN ('citext', 'pgcrypto', 'hstore') ORDER BY name LIMIT 1");
        }
        assumeTrue(available != null, "no contrib extension ships with this server");
        SchemaChange change = onlyChange(diff(major, USERS, "CREATE EXTENSION " + available, ""));
        assertThat(change.objectType()).isEqualTo("extension");
        assertThat(change.description()).startsWith("extension " + available + ": missing in actual");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void renderPrintsOneLinePerChange(int major) {
        SchemaDiff diff = diff(major, USERS, "ALTER TABLE \"User\" ALTER phone SET NOT NULL",
                "CREATE INDEX \"User_phone_idx\" ON \"User\" (phone)");
        assertThat(diff.render().lines().toList()).hasSize(2)
                .anyMatch(l -> l.equals("column User.phone: not null -> nullable"))
                .anyMatch(l -> l.startsWith("index User_phone_idx: present in actual"));
    }

    @ParameterizedTest
    @MethodSource("majors")
    void rule(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "",
                "CREATE RULE user_no_delete AS ON DELETE TO \"User\" DO INSTEAD NOTHING"));
        assertThat(change.objectType()).isEqualTo("rule");
        assertThat(change.description()).startsWith("rule User.user_no_delete: present in actual, not in expected")
                .contains("DO INSTEAD NOTHING");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void replicaIdentity(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "", "ALTER TABLE \"User\" REPLICA IDENTITY FULL"));
        assertThat(change.description()).isEqualTo("table User: replica identity default -> full");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void ignoredTablesNeverShowUpInADiff(int major) {
        SchemaDiff diff = diff(major, USERS,
                "CREATE TABLE manor_migrations (version text PRIMARY KEY)",
                "CREATE TABLE manor_migrations (version int, note text); CREATE INDEX ON manor_migrations (note);"
                        + "COMMENT ON TABLE manor_migrations IS 'bookkeeping'; CREATE TABLE manor_events (id int)");
        assertThat(diff.render()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("majors")
    void aMissingSerialColumnIsOneChangeNotAlsoItsSequence(int major) {
        SchemaChange change = onlyChange(diff(major, USERS, "ALTER TABLE \"User\" ADD COLUMN n serial", ""));
        assertThat(change.description()).isEqualTo("column User.n: missing in actual (present in expected): type integer");
    }
}
