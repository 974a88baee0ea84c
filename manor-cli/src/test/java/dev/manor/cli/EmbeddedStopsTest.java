package dev.manor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A command that started the embedded server stops it, whether it succeeded or failed. */
class EmbeddedStopsTest {
    @TempDir
    Path project;

    private void migration(String folder, String up, String down) throws Exception {
        Path m = project.resolve("migrations").resolve(folder);
        Files.createDirectories(m);
        Files.writeString(m.resolve("migration.sql"), up);
        Files.writeString(m.resolve("down.sql"), down);
    }

    private void assertStopped(String dir, String after, Cli run) {
        assertThat(Cli.run("-C", dir, "db", "status").code()).as("server left running after " + after + ": "
                + run.out() + run.err()).isEqualTo(1);
    }

    @Test
    void deployBackupRestoreAnalyzeAndFailedRunsStopTheServerTheyStarted() throws Exception {
        migration("20240101000000_init", "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7);", "DROP TABLE kept;");
        // The client tools here are 15's: backup and restore need a server no newer than them.
        Files.writeString(project.resolve("manor.toml"), "[embedded]\nversion = 15\n");
        String dir = project.toString();
        try {
            Cli deploy = Cli.run("-C", dir, "deploy");
            assertThat(deploy.code()).as(deploy.out() + deploy.err()).isZero();
            assertStopped(dir, "deploy", deploy);

            Cli backup = Cli.run("-C", dir, "backup");
            assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
            assertStopped(dir, "backup", backup);
            Matcher name = Pattern.compile("Backup (\\S+?)(\\.dump)?:").matcher(backup.out());
            assertThat(name.find()).as(backup.out()).isTrue();

            Cli restore = Cli.run("-C", dir, "restore", name.group(1), "--force");
            assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
            assertStopped(dir, "restore", restore);

            Cli badRestore = Cli.run("-C", dir, "restore", "no-such-backup", "--force");
            assertThat(badRestore.code()).isNotZero();
            assertStopped(dir, "a failed restore", badRestore);

            migration("20240102000000_broken", "INSERT INTO missing_table VALUES (1);", "SELECT 1;");
            Cli failed = Cli.run("-C", dir, "deploy");
            assertThat(failed.code()).isNotZero();
            assertStopped(dir, "a failed deploy", failed);

            Cli analyze = Cli.run("-C", dir, "analyze", "--static");
            assertStopped(dir, "analyze", analyze);
        } finally {
            Cli.run("-C", dir, "db", "stop");
        }
    }
}
