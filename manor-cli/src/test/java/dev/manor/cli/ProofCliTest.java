package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The "done when": proofs on the example, a broken example, and drift through status. */
class ProofCliTest {
    static final Path EXAMPLE = ExampleCliTest.EXAMPLE;

    @TempDir
    Path tmp;

    @Test
    void brokenRollbackExampleFailsWithADiffThatNamesTheIndex() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            Path junit = tmp.resolve("rollback.xml");
            Cli cli = Cli.run("-C", EXAMPLE.resolve("broken-rollback").toString(), "test", "rollback", "--all",
                    "--url", db.url(), "--shadow-url", db.url(), "--junit", junit.toString());
            assertThat(cli.code()).as(cli.out() + cli.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).contains("FAIL  20240104100000_add_last_login")
                    .contains("down.sql leaves index User_createdAt_idx behind").contains("1 passed, 1 failed");
            assertThat(Files.readString(junit)).contains("failures=\"1\"");
        }
    }

    @Test
    void rollbackProofOfEveryExampleMigrationPasses() {
        try (TestDb db = PgServers.freshDb()) {
            Cli cli = Cli.run("-C", EXAMPLE.toString(), "test", "rollback", "--all", "--url", db.url(),
                    "--shadow-url", db.url());
            assertThat(cli.code()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("ok    20240113100000_validate_phone_not_null").contains("9 passed, 0 failed");
        }
    }

    @Test
    void freshProofOfTheExamplePasses() {
        try (TestDb db = PgServers.freshDb()) {
            Cli cli = Cli.run("-C", EXAMPLE.toString(), "test", "fresh", "--url", db.url(), "--shadow-url", db.url());
            assertThat(cli.code()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("ok    20240115090000_deprecate_old_field").contains("ok    seed")
                    .contains("10 passed, 0 failed");
        }
    }

    @Test
    void statusReportsDriftAfterAManualChange() {
        try (TestDb db = PgServers.freshDb()) {
            String[] args = {"-C", EXAMPLE.toString(), "status", "--url", db.url(), "--shadow-url", db.url()};
            assertThat(Cli.run("-C", EXAMPLE.toString(), "deploy", "--url", db.url()).code()).isZero();
            Cli clean = Cli.run(args);
            assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
            assertThat(clean.out()).contains("No drift");

            db.exec("ALTER TABLE \"User\" ADD COLUMN \"hotfix\" text");
            Cli drifted = Cli.run(args);
            assertThat(drifted.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(drifted.out()).contains("Up to date.").contains("Drift:").contains("User.hotfix");
        }
    }

    @Test
    void perfMeasuresPendingMigrationsAndTheChecklistSeesIt() {
        try (TestDb db = PgServers.freshDb()) {
            String[] where = {"-C", EXAMPLE.toString()};
            Cli before = Cli.run(where[0], where[1], "checklist", "--url", db.url());
            assertThat(before.out()).contains("- [ ] Performance impact assessed: **not measured for 20240102090000")
                    .contains("- [x] Analysis clean, or each finding acknowledged: no error-level findings in 9");

            Cli perf = Cli.run(where[0], where[1], "test", "perf", "--rows", "2000", "--url", db.url(),
                    "--shadow-url", db.url());
            assertThat(perf.code()).as(perf.out() + perf.err()).isZero();
            assertThat(perf.out()).contains("filled public.User with 2000 rows").contains("duration: ")
                    .contains("9 passed, 0 failed");

            Cli after = Cli.run(where[0], where[1], "checklist", "--url", db.url());
            assertThat(after.out()).contains("- [x] Performance impact assessed: 20240102090000: duration: ");
        }
    }

    @Test
    void incrementalFromAnIdPasses() {
        try (TestDb db = PgServers.freshDb()) {
            Cli cli = Cli.run("-C", EXAMPLE.toString(), "test", "incremental", "--from", "20240108120000",
                    "--url", db.url(), "--shadow-url", db.url());
            assertThat(cli.code()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("ok    from 20240108120000");
        }
    }
}
