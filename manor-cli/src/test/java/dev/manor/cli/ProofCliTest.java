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

    @Test
    void incrementalFromHeadProvesTheExamplesNineMigrationsAndWritesJunitWhereTheShellIs() throws Exception {
        Path junit = Path.of("target", "path18-junit", "incremental.xml");
        Files.deleteIfExists(junit);
        try (TestDb db = PgServers.freshDb()) {
            Cli cli = Cli.run("-C", EXAMPLE.toString(), "test", "incremental", "--from", "HEAD", "--url", db.url(),
                    "--shadow-url", db.url(), "--junit", junit.toString());
            assertThat(cli.code()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("ok    from HEAD").contains("9 migrations from HEAD, then 0 more")
                    .contains("1 passed, 0 failed, 0 skipped, 0 not tried");
        }
        // Relative to the shell's working directory (here the module folder), not to -C.
        assertThat(junit).exists();
        assertThat(Files.readString(junit)).contains("failures=\"0\"");
    }

    /** A project below its repository's root: the older set is read from the right folder, whatever -C says. */
    @Test
    void incrementalFromAGitRefInAProjectBelowTheRepositoryRoot() throws Exception {
        Path repo = tmp.resolve("repo");
        Path project = repo.resolve("apps/db");
        Files.createDirectories(project);
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("README.md"), "app\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "no migrations yet");
        dev.manor.testing.MigrationsDir migrations = new dev.manor.testing.MigrationsDir(project.resolve("migrations"))
                .add("20240101000000_init", "CREATE TABLE item (id bigint PRIMARY KEY);", "DROP TABLE item;")
                .add("20240102000000_add_name", "ALTER TABLE item ADD COLUMN name text;", "ALTER TABLE item DROP COLUMN name;");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "two migrations");
        migrations.add("20240103000000_add_note", "ALTER TABLE item ADD COLUMN note text;", "ALTER TABLE item DROP COLUMN note;");
        try (TestDb db = PgServers.freshDb()) {
            String[] common = {"--url", db.url(), "--shadow-url", db.url()};
            Cli head = Cli.run(concat(new String[] {"-C", project.toString(), "test", "incremental", "--from", "HEAD"}, common));
            assertThat(head.code()).as(head.out() + head.err()).isZero();
            assertThat(head.out()).contains("2 migrations from HEAD, then 1 more");

            Cli empty = Cli.run(concat(new String[] {"-C", project.toString(), "test", "incremental", "--from", "HEAD~1"}, common));
            assertThat(empty.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(empty.out()).contains("the older set (HEAD~1) holds no migrations").contains("0 passed, 1 failed");

            Cli unknown = Cli.run(concat(new String[] {"-C", project.toString(), "test", "incremental", "--from", "v9.9"}, common));
            assertThat(unknown.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(unknown.err().strip()).hasLineCount(1).contains("--from v9.9: git knows no commit by that name");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void git(Path dir, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString(),
                "-c", "user.name=Manor Test", "-c", "user.email=test@manor.dev", "-c", "commit.gpgsign=false"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
