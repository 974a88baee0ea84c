package dev.manor.analyze;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The facts the analyzer claims, verified on each PostgreSQL major of the matrix. Each statement runs
 * alone on a fresh filled table so its locks are not hidden by an earlier statement's stronger lock.
 */
class ObservedProbeTest {
    static List<Integer> majors() {
        return PgServers.majors();
    }

    private static final String SETUP = AnalyzeFixtures.USERS + """
            CREATE TABLE post (id bigint PRIMARY KEY, user_id bigint, title varchar(10), n int);
            INSERT INTO post SELECT g, g, 't', g FROM generate_series(1, 500) g;
            """;

    private static StatementFacts observe(int major, String setup, String... statements) {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec(setup);
            try (Connection c = db.connect()) {
                List<StatementFacts> facts = ObservedProbe.defaults().observe(c, List.of(statements), s -> true);
                // the probe rolls everything back
                assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = 'probe_col'")).isEqualTo(0L);
                return facts.get(facts.size() - 1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatementFacts observe(int major, String statement) {
        return observe(major, SETUP, statement);
    }

    @ParameterizedTest @MethodSource("majors")
    void addNullableColumnIsCatalogOnly(int major) {
        StatementFacts f = observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col text");
        assertThat(f.locks()).contains(new LockFact("public.User", LockFact.ACCESS_EXCLUSIVE));
        assertThat(f.rewrite()).isFalse();
        assertThat(f.scan()).isFalse();
    }

    @ParameterizedTest @MethodSource("majors")
    void stableDefaultNowIsNotARewriteButVolatileDefaultsAre(int major) {
        // now() is STABLE: evaluated once, stored as the fast default (PG11+)
        assertThat(observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col timestamptz DEFAULT now()").rewrite()).isFalse();
        StatementFacts clock = observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col timestamptz DEFAULT clock_timestamp()");
        assertThat(clock.rewritten()).contains("public.User", "public.User_pkey");
        assertThat(clock.scanned()).containsExactly("public.User");
        assertThat(observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col float8 DEFAULT random()").rewrite()).isTrue();
        assertThat(observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col bigint GENERATED ALWAYS AS IDENTITY").rewrite()).isTrue();
        assertThat(observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col int GENERATED ALWAYS AS (n * 2) STORED").rewrite()).isTrue();
        assertThat(observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col bigserial").rewrite()).isTrue();
    }

    @ParameterizedTest @MethodSource("majors")
    void setNotNullScansUnlessAValidatedCheckProvesIt(int major) {
        StatementFacts plain = observe(major, "ALTER TABLE \"User\" ALTER COLUMN phone SET NOT NULL");
        assertThat(plain.locks()).contains(new LockFact("public.User", LockFact.ACCESS_EXCLUSIVE));
        assertThat(plain.scanned()).containsExactly("public.User");
        assertThat(plain.rewrite()).isFalse();

        StatementFacts proven = observe(major, SETUP + """
                ALTER TABLE "User" ADD CONSTRAINT phone_nn CHECK (phone IS NOT NULL) NOT VALID;
                ALTER TABLE "User" VALIDATE CONSTRAINT phone_nn;
                """, "ALTER TABLE \"User\" ALTER COLUMN phone SET NOT NULL");
        assertThat(proven.locks()).contains(new LockFact("public.User", LockFact.ACCESS_EXCLUSIVE));
        assertThat(proven.scan()).isFalse();
    }

    @ParameterizedTest @MethodSource("majors")
    void checkValidationScansVisibly(int major) {
        StatementFacts valid = observe(major, "ALTER TABLE \"User\" ADD CONSTRAINT n_pos CHECK (n > 0)");
        assertThat(valid.locks()).contains(new LockFact("public.User", LockFact.ACCESS_EXCLUSIVE));
        assertThat(valid.scanned()).containsExactly("public.User");

        StatementFacts notValid = observe(major, "ALTER TABLE \"User\" ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID");
        assertThat(notValid.scan()).isFalse();
        assertThat(notValid.locks()).contains(new LockFact("public.User", LockFact.ACCESS_EXCLUSIVE));

        StatementFacts validate = observe(major, SETUP + "ALTER TABLE \"User\" ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;",
                "ALTER TABLE \"User\" VALIDATE CONSTRAINT n_pos");
        assertThat(validate.locks()).containsExactly(new LockFact("public.User", LockFact.SHARE_UPDATE_EXCLUSIVE));
        assertThat(validate.scanned()).containsExactly("public.User");
    }

    @ParameterizedTest @MethodSource("majors")
    void createIndexTakesShareLockAndScans(int major) {
        StatementFacts f = observe(major, "CREATE INDEX user_name ON \"User\" (name)");
        assertThat(f.locks()).contains(new LockFact("public.User", LockFact.SHARE));
        assertThat(f.locks()).noneMatch(l -> l.relation().equals("public.User") && l.mode().equals(LockFact.ACCESS_EXCLUSIVE));
        assertThat(f.scanned()).containsExactly("public.User");
    }

    @ParameterizedTest @MethodSource("majors")
    void foreignKeyLocksBothTablesShareRowExclusiveAndScansBoth(int major) {
        StatementFacts f = observe(major, "ALTER TABLE post ADD CONSTRAINT post_user FOREIGN KEY (user_id) REFERENCES \"User\"(id)");
        assertThat(f.locks()).contains(new LockFact("public.post", LockFact.SHARE_ROW_EXCLUSIVE),
                new LockFact("public.User", LockFact.SHARE_ROW_EXCLUSIVE));
        assertThat(f.locks()).noneMatch(l -> l.mode().equals(LockFact.ACCESS_EXCLUSIVE));
        assertThat(f.scanned()).contains("public.post");

        StatementFacts validate = observe(major, SETUP
                        + "ALTER TABLE post ADD CONSTRAINT post_user FOREIGN KEY (user_id) REFERENCES \"User\"(id) NOT VALID;",
                "ALTER TABLE post VALIDATE CONSTRAINT post_user");
        assertThat(validate.locks()).contains(new LockFact("public.post", LockFact.SHARE_UPDATE_EXCLUSIVE));
        assertThat(validate.locks()).noneMatch(LockFact::blocksWrites);
        assertThat(validate.scanned()).contains("public.post");
    }

    @ParameterizedTest @MethodSource("majors")
    void alterTypeRewritesUnlessBinaryCompatible(int major) {
        StatementFacts widen = observe(major, "ALTER TABLE post ALTER COLUMN n TYPE bigint");
        assertThat(widen.locks()).contains(new LockFact("public.post", LockFact.ACCESS_EXCLUSIVE));
        assertThat(widen.rewritten()).contains("public.post", "public.post_pkey");
        assertThat(widen.scanned()).containsExactly("public.post"); // the rewrite reads the old heap: a visible scan

        StatementFacts varchar = observe(major, "ALTER TABLE post ALTER COLUMN title TYPE varchar(20)");
        assertThat(varchar.locks()).contains(new LockFact("public.post", LockFact.ACCESS_EXCLUSIVE));
        assertThat(varchar.rewrite()).isFalse();
        assertThat(varchar.scan()).isFalse();
        assertThat(observe(major, "ALTER TABLE post ALTER COLUMN title TYPE text").rewrite()).isFalse();
    }

    @ParameterizedTest @MethodSource("majors")
    void addUniqueBuildsUnderAccessExclusiveAndDropIndexTakesIt(int major) {
        StatementFacts unique = observe(major, "ALTER TABLE \"User\" ADD CONSTRAINT user_n UNIQUE (n)");
        assertThat(unique.locks()).contains(new LockFact("public.User", LockFact.ACCESS_EXCLUSIVE));
        assertThat(unique.scanned()).containsExactly("public.User");

        StatementFacts drop = observe(major, SETUP + "CREATE INDEX user_name ON \"User\" (name);", "DROP INDEX user_name");
        assertThat(drop.locks()).contains(new LockFact("public.User", LockFact.ACCESS_EXCLUSIVE),
                new LockFact("public.user_name", LockFact.ACCESS_EXCLUSIVE));
    }

    @ParameterizedTest @MethodSource("majors")
    void updateCountsRowsAndFailuresAreRecorded(int major) {
        StatementFacts update = observe(major, "UPDATE \"User\" SET phone = 'x'");
        assertThat(update.rows()).isEqualTo(2000);
        assertThat(update.locks()).contains(new LockFact("public.User", LockFact.ROW_EXCLUSIVE));

        StatementFacts failed = observe(major, "ALTER TABLE \"User\" ADD COLUMN probe_col text NOT NULL");
        assertThat(failed.error()).contains("probe_col");
        StatementFacts after = observe(major, SETUP, "ALTER TABLE \"User\" ADD COLUMN probe_col text NOT NULL",
                "ALTER TABLE \"User\" ADD COLUMN other text");
        assertThat(after.error()).isNull(); // the failed statement was rolled back to its savepoint
    }
}
