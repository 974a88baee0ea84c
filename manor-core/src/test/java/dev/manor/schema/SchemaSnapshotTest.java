package dev.manor.schema;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static dev.manor.schema.SchemaTestSupport.build;
import static org.assertj.core.api.Assertions.assertThat;

class SchemaSnapshotTest {
    static List<Integer> majors() {
        return PgServers.majors();
    }

    /** One schema touching every object kind, written in a natural order. */
    private static final String[] NATURAL_ORDER = {
            """
            CREATE SCHEMA app;
            COMMENT ON SCHEMA app IS 'application objects';
            CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN app.email AS text COLLATE "C" DEFAULT 'nobody@example.com' NOT NULL
                CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
            CREATE TYPE app.point2 AS (x double precision, y double precision);
            CREATE SEQUENCE app.ticket_seq AS integer START 100 INCREMENT 5 MINVALUE 10 MAXVALUE 100000 CACHE 3 CYCLE;
            CREATE TABLE "User" (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email app.email NOT NULL,
                name text COLLATE "C",
                mood app.mood DEFAULT 'ok',
                score numeric(10,2) NOT NULL DEFAULT 0 CHECK (score >= 0),
                name_upper text GENERATED ALWAYS AS (upper(name)) STORED,
                CONSTRAINT user_email_key UNIQUE (email)
            );
            COMMENT ON TABLE "User" IS 'people';
            COMMENT ON COLUMN "User".name IS 'display name';
            CREATE INDEX "User_name_idx" ON "User" (lower(name)) WHERE name IS NOT NULL;
            CREATE TABLE app.post (
                id serial PRIMARY KEY,
                author bigint NOT NULL REFERENCES "User"(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
                body text
            );
            ALTER TABLE app.post ENABLE ROW LEVEL SECURITY;
            CREATE POLICY post_owner ON app.post FOR SELECT USING (author = 1);
            CREATE TABLE app.event (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE app.event_2024 PARTITION OF app.event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE INDEX event_at_idx ON app.event (at);
            CREATE VIEW app.active_users AS SELECT id, name FROM "User" WHERE score > 0;
            CREATE MATERIALIZED VIEW app.user_count AS SELECT count(*) AS n FROM "User";
            CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.body := trim(NEW.body); RETURN NEW; END $$;
            CREATE PROCEDURE app.cleanup(days integer) LANGUAGE sql AS $$ DELETE FROM app.post WHERE id < days $$;
            CREATE TRIGGER post_touch BEFORE INSERT OR UPDATE ON app.post FOR EACH ROW EXECUTE FUNCTION app.touch();
            COMMENT ON FUNCTION app.touch() IS 'trims bodies';
            CREATE TYPE app.span AS RANGE (subtype = integer);
            CREATE RULE post_no_delete AS ON DELETE TO app.post DO INSTEAD NOTHING;
            CREATE STATISTICS app.post_stats (dependencies) ON id, author FROM app.post;
            ALTER TABLE app.post REPLICA IDENTITY FULL;
            CREATE TABLE manor_migrations (version text PRIMARY KEY, applied_at timestamptz DEFAULT now());
            """
    };

    /** The same schema reached through a different statement order (and ALTERs), with a search_path set. */
    private static final String[] OTHER_ORDER = {
            """
            CREATE TABLE manor_migrations (version text PRIMARY KEY, applied_at timestamptz DEFAULT now(), junk int);
            CREATE SCHEMA app;
            SET search_path = app, public;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.body := trim(NEW.body); RETURN NEW; END $$;
            COMMENT ON FUNCTION touch() IS 'trims bodies';
            CREATE SEQUENCE ticket_seq AS integer START 100 INCREMENT 5 MINVALUE 10 MAXVALUE 100000 CACHE 3 CYCLE;
            CREATE TYPE point2 AS (x double precision, y double precision);
            CREATE TYPE mood AS ENUM ('sad', 'happy');
            ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
            """,
            """
            SET search_path = app, public;
            CREATE DOMAIN email AS text COLLATE "C" DEFAULT 'nobody@example.com';
            ALTER DOMAIN email SET NOT NULL;
            ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
            CREATE TABLE public."User" (
                id bigint GENERATED ALWAYS AS IDENTITY,
                email email NOT NULL,
                name text COLLATE "C",
                mood mood,
                score numeric(10,2) NOT NULL DEFAULT 0,
                name_upper text GENERATED ALWAYS AS (upper(name)) STORED
            );
            CREATE INDEX "User_name_idx" ON public."User" (lower(name)) WHERE name IS NOT NULL;
            ALTER TABLE public."User" ALTER COLUMN mood SET DEFAULT 'ok';
            ALTER TABLE public."User" ADD PRIMARY KEY (id);
            ALTER TABLE public."User" ADD CONSTRAINT user_email_key UNIQUE (email);
            ALTER TABLE public."User" ADD CHECK (score >= 0);
            COMMENT ON COLUMN public."User".name IS 'display name';
            CREATE TABLE event (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
            CREATE INDEX event_at_idx ON event (at);
            CREATE TABLE event_2024 PARTITION OF event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE post (id serial PRIMARY KEY, author bigint NOT NULL, body text);
            CREATE TRIGGER post_touch BEFORE INSERT OR UPDATE ON post FOR EACH ROW EXECUTE FUNCTION touch();
            ALTER TABLE post ADD CONSTRAINT post_author_fkey FOREIGN KEY (author) REFERENCES public."User"(id)
                ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
            CREATE POLICY post_owner ON post FOR SELECT USING (author = 1);
            ALTER TABLE post ENABLE ROW LEVEL SECURITY;
            CREATE PROCEDURE cleanup(days integer) LANGUAGE sql AS $$ DELETE FROM app.post WHERE id < days $$;
            CREATE MATERIALIZED VIEW user_count AS SELECT count(*) AS n FROM public."User";
            CREATE VIEW active_users AS SELECT id, name FROM public."User" WHERE score > 0;
            COMMENT ON TABLE public."User" IS 'people';
            COMMENT ON SCHEMA app IS 'application objects';
            ALTER TABLE post REPLICA IDENTITY FULL;
            CREATE RULE post_no_delete AS ON DELETE TO post DO INSTEAD NOTHING;
            CREATE TYPE span AS RANGE (subtype = integer);
            CREATE STATISTICS post_stats (dependencies) ON id, author FROM post;
            """
    };

    @ParameterizedTest
    @MethodSource("majors")
    void sameSchemaBuiltInDifferentOrdersHasTheSameFingerprintAndNoDiff(int major) {
        SchemaSnapshot natural = build(major, NATURAL_ORDER);
        SchemaSnapshot other = build(major, OTHER_ORDER);

        SchemaDiff diff = SchemaDiff.between(natural, other);
        assertThat(diff.render()).isEmpty();
        assertThat(diff.isEmpty()).isTrue();
        assertThat(other.toCanonicalText()).isEqualTo(natural.toCanonicalText());
        assertThat(other.fingerprint()).isEqualTo(natural.fingerprint()).hasSize(64);
        // The snapshot really did see every kind of object.
        assertThat(natural.tables()).hasSize(4);
        assertThat(natural.enums()).hasSize(1);
        assertThat(natural.domains()).hasSize(1);
        assertThat(natural.compositeTypes()).hasSize(1);
        assertThat(natural.views()).hasSize(2);
        assertThat(natural.routines()).hasSize(2);
        assertThat(natural.triggers()).hasSize(1);
        assertThat(natural.policies()).hasSize(1);
        assertThat(natural.rules()).hasSize(1);
        assertThat(natural.rangeTypes()).hasSize(1);
        assertThat(natural.statistics()).hasSize(1);
        assertThat(natural.sequences()).extracting(SequenceDef::name)
                .containsExactlyInAnyOrder("User_id_seq", "post_id_seq", "ticket_seq");
        assertThat(natural.comments()).hasSize(5); // including PostgreSQL's own "standard public schema"
    }

    @ParameterizedTest
    @MethodSource("majors")
    void ignoredTablesAndTheirPartsAreLeftOut(int major) {
        SchemaSnapshot snapshot = build(major, NATURAL_ORDER);
        String text = snapshot.toCanonicalText();
        assertThat(text).doesNotContain("manor_migrations");
        assertThat(snapshot.tables()).extracting(TableDef::name).doesNotContain("manor_migrations");
        assertThat(snapshot.indexes()).extracting(IndexDef::name).doesNotContain("manor_migrations_pkey");
    }

    @ParameterizedTest
    @MethodSource("majors")
    void jsonRoundTripGivesAnEqualSnapshot(int major) {
        SchemaSnapshot snapshot = build(major, NATURAL_ORDER);
        String json = snapshot.toJson();
        SchemaSnapshot back = SchemaSnapshot.fromJson(json);
        assertThat(back).isEqualTo(snapshot);
        assertThat(back.fingerprint()).isEqualTo(snapshot.fingerprint());
        assertThat(back.toJson()).isEqualTo(json);
    }

    @ParameterizedTest
    @MethodSource("majors")
    void readsInsideAnOpenTransactionWithoutEndingItOrChangingTheSearchPath(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major); Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path = app, public");
                s.execute("CREATE SCHEMA app");
                s.execute("CREATE TABLE app.inside_tx (id int DEFAULT nextval('app.s'::regclass))".replace(
                        " DEFAULT nextval('app.s'::regclass)", ""));
            }
            SchemaSnapshot snapshot = SchemaSnapshot.read(c, List.of("app"), List.of());
            assertThat(snapshot.tables()).extracting(TableDef::name).containsExactly("inside_tx");
            try (Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT current_setting('search_path')");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("app, public");
            }
            c.rollback();
            assertThat(SchemaSnapshot.read(c, List.of("app"), List.of()).tables()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("majors")
    void fingerprintChangesWithTheSchema(int major) {
        SchemaSnapshot before = build(major, "CREATE TABLE t (a int)");
        SchemaSnapshot after = build(major, "CREATE TABLE t (a int, b int)");
        assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
    }
}
