package dev.manor.proof;

import dev.manor.config.ConnectionSettings;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackProofTest {
    @TempDir
    Path tmp;

    private static final String BASE_UP = "CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);";

    /** A migration, a down script that forgets one thing, and the words the failure must contain. */
    static Stream<Arguments> forgetfulDowns() {
        return PgServers.majors().stream().flatMap(major -> Stream.of(
                Arguments.of(major, "index", "CREATE INDEX account_email_idx ON account (email);",
                        "SELECT 1;", "leaves index account_email_idx behind"),
                Arguments.of(major, "constraint", "ALTER TABLE account ADD CONSTRAINT email_has_at CHECK (email LIKE '%@%');",
                        "SELECT 1;", "email_has_at"),
                Arguments.of(major, "default", "ALTER TABLE account ALTER COLUMN email SET DEFAULT 'x@y';",
                        "SELECT 1;", "account.email"),
                Arguments.of(major, "comment", "COMMENT ON COLUMN account.email IS 'primary contact';",
                        "SELECT 1;", "primary contact"),
                Arguments.of(major, "data", "INSERT INTO account VALUES (424242, 'new@x');",
                        "DELETE FROM account;", "rows before up")));
    }

    @ParameterizedTest(name = "PostgreSQL {0}: down.sql forgets the {1}")
    @MethodSource("forgetfulDowns")
    void forgetfulDownScriptIsCaughtAndTheObjectNamed(int major, String what, String up, String down, String expected) {
        MigrationsDir dir = new MigrationsDir(tmp)
                .add("20240101000000_base", BASE_UP, "DROP TABLE account;")
                .add("20240102000000_change", up, down);
        try (TestDb db = PgServers.freshDb(major)) {
            ProofReport report = new RollbackProof(settings(dir)).run(provider(db), null);
            assertThat(report.passed()).isFalse();
            ProofCase failed = report.cases().get(1);
            assertThat(failed.name()).isEqualTo("20240102000000_change");
            assertThat(String.join("\n", failed.problems())).contains(expected);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void correctDownScriptsPassAndRowsSurvive(int major) {
        MigrationsDir dir = new MigrationsDir(tmp)
                .add("20240101000000_base", BASE_UP, "DROP TABLE account;")
                .add("20240102000000_index", "CREATE INDEX account_email_idx ON account (email);\n"
                        + "COMMENT ON INDEX account_email_idx IS 'lookups';", "DROP INDEX account_email_idx;")
                .add("20240103000000_phone", "ALTER TABLE account ADD COLUMN phone text DEFAULT 'none';",
                        "ALTER TABLE account DROP COLUMN phone;");
        try (TestDb db = PgServers.freshDb(major)) {
            ProofReport report = new RollbackProof(settings(dir)).run(provider(db), null);
            assertThat(report.lines()).last().isEqualTo("3 passed, 0 failed, 0 skipped, 0 not tried");
            assertThat(report.cases().get(2).details()).contains("rows kept in 1 existing table");
        }
    }

    @org.junit.jupiter.api.Test
    void aFailureDoesNotStopTheOthersAndFailFastListsWhatItDidNotTry() {
        MigrationsDir dir = new MigrationsDir(tmp)
                .add("20240101000000_base", BASE_UP, "DROP TABLE account;")
                .add("20240102000000_forgetful", "CREATE INDEX account_email_idx ON account (email);", "SELECT 1;")
                .add("20240103000000_phone", "ALTER TABLE account ADD COLUMN phone text;",
                        "ALTER TABLE account DROP COLUMN phone;");
        try (TestDb db = PgServers.freshDb()) {
            ProofReport every = new RollbackProof(settings(dir)).run(provider(db), null);
            assertThat(every.cases()).extracting(ProofCase::name, ProofCase::passed).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("20240101000000_base", true),
                    org.assertj.core.groups.Tuple.tuple("20240102000000_forgetful", false),
                    org.assertj.core.groups.Tuple.tuple("20240103000000_phone", true));
            assertThat(every.lines()).last().isEqualTo("2 passed, 1 failed, 0 skipped, 0 not tried (object left or removed 1)");

            ProofReport fast = new RollbackProof(settings(dir)).run(provider(db), null, true);
            assertThat(fast.cases()).hasSize(2);
            assertThat(fast.notTried()).containsExactly("20240103000000_phone");
            assertThat(fast.lines()).contains("  not tried (an earlier failure stopped the run): 20240103000000_phone")
                    .last().isEqualTo("1 passed, 1 failed, 0 skipped, 1 not tried (object left or removed 1)");

            ProofReport scoped = new RollbackProof(settings(dir)).run(provider(db), java.util.Set.of("20240103000000"));
            assertThat(scoped.passed()).isTrue();
            assertThat(scoped.skipped()).containsExactly("20240101000000_base", "20240102000000_forgetful");
        }
    }

    @org.junit.jupiter.api.Test
    void aReportThatProvedNothingDoesNotPass() {
        ProofReport empty = new ProofReport("rollback", List.of(), List.of());
        assertThat(empty.passed()).isFalse();
        assertThat(empty.summary()).isEqualTo("0 passed, 0 failed, 0 skipped, 0 not tried: nothing was proven, so this"
                + " run fails");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aFunctionBodyRestoredWithOtherWhitespacePassesAndTheProofSaysSo(int major) {
        String original = "CREATE FUNCTION greet(n text) RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 'hi  ' || n;\nEND\n$$;";
        String reindented = "CREATE OR REPLACE FUNCTION greet(n text) RETURNS text LANGUAGE plpgsql AS $$\n"
                + "    BEGIN\n        RETURN 'hi  '||n;\n    END\n$$;";
        MigrationsDir dir = new MigrationsDir(tmp)
                .add("20240101000000_base", original, "DROP FUNCTION greet(text);")
                .add("20240102000000_change", "CREATE OR REPLACE FUNCTION greet(n text) RETURNS text LANGUAGE plpgsql"
                        + " AS $$ BEGIN RETURN 'hello ' || n; END $$;", reindented);
        try (TestDb db = PgServers.freshDb(major)) {
            ProofReport report = new RollbackProof(settings(dir)).run(provider(db), null);
            assertThat(report.lines()).last().isEqualTo("2 passed, 0 failed, 0 skipped, 0 not tried");
            assertThat(report.cases().get(1).details()).anySatisfy(d -> assertThat(d)
                    .contains("function greet(text)").contains("whitespace only (ignored"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void whitespaceInsideAStringLiteralOfTheBodyStillCounts(int major) {
        MigrationsDir dir = new MigrationsDir(tmp)
                .add("20240101000000_base", "CREATE FUNCTION greet() RETURNS text LANGUAGE sql AS $$ SELECT 'hi' $$;",
                        "DROP FUNCTION greet();")
                .add("20240102000000_change", "CREATE OR REPLACE FUNCTION greet() RETURNS text LANGUAGE sql AS $$ SELECT 'hello' $$;",
                        "CREATE OR REPLACE FUNCTION greet() RETURNS text LANGUAGE sql AS $$ SELECT 'hi ' $$;");
        try (TestDb db = PgServers.freshDb(major)) {
            ProofReport report = new RollbackProof(settings(dir)).run(provider(db), null);
            assertThat(report.passed()).isFalse();
            assertThat(String.join("\n", report.cases().get(1).problems())).contains("does not restore function greet()");
        }
    }

    static List<Integer> majors() {
        return PgServers.majors();
    }

    private static ProofSettings settings(MigrationsDir dir) {
        return new ProofSettings(dir.root(), null, List.of("public"), 10);
    }

    private static ShadowProvider provider(TestDb db) {
        return ShadowProvider.on(new ConnectionSettings(db.url(), null, null));
    }
}
