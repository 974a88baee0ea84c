package dev.manor.cli;

import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every state status calls "needs attention" names a command, and that command settles it. */
class DeadEndsCliTest {
    @TempDir
    Path project;

    Cli manor(TestDb db, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "-C";
        all[1] = project.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--url";
        all[args.length + 3] = db.url();
        return Cli.run(all);
    }

    @Test
    void anEditedAppliedMigrationIsSettledByTheCommandStatusNames() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(project.resolve("migrations"))
                    .add("20240101000000_init", "CREATE TABLE item (id bigint PRIMARY KEY);\n", "DROP TABLE item;\n");
            assertThat(manor(db, "deploy").code()).isZero();
            Path up = project.resolve("migrations/20240101000000_init/migration.sql");
            Files.writeString(up, "-- item: what the shop sells.\n" + Files.readString(up));

            Cli status = manor(db, "status", "--no-drift");
            assertThat(status.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(status.out()).contains("1 migration needs attention:\n  20240101000000_init (edited after apply): ")
                    .contains("'manor resolve --accept-edit 20240101000000 --reason \"<why>\"'");
            assertThat(manor(db, "deploy").err()).contains("run 'manor resolve --accept-edit 20240101000000 --reason");

            Cli noReason = manor(db, "resolve", "--accept-edit", "20240101000000");
            assertThat(noReason.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(noReason.err()).contains("accepting an edit needs a reason");

            Cli accepted = manor(db, "resolve", "--accept-edit", "20240101000000", "--reason", "a comment only");
            assertThat(accepted.code()).as(accepted.out() + accepted.err()).isZero();
            Cli after = manor(db, "status", "--no-drift");
            assertThat(after.code()).as(after.out()).isZero();
            assertThat(after.out()).contains("Up to date.");
            assertThat(manor(db, "log").out()).contains("edit-accepted").contains("because: a comment only");
            assertThat(manor(db, "resolve", "--accept-edit", "20240101000000", "--reason", "again").err())
                    .contains("is applied; --accept-edit settles only a migration edited after it was applied");
            assertThat(dir.root()).isDirectory();
        }
    }

    @Test
    void aFailedMigrationWhoseFolderIsGoneIsSettledAndNotPromisedAgain() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            new MigrationsDir(project.resolve("migrations"))
                    .add("20240101000000_init", "CREATE TABLE item (id bigint PRIMARY KEY);\n", "DROP TABLE item;\n")
                    .add("20240102000000_bad", "SELECT nope;\n", "SELECT 1;\n");
            assertThat(manor(db, "deploy").code()).isEqualTo(ExitCodes.FAILED);
            dev.manor.testing.Files.deleteTree(project.resolve("migrations/20240102000000_bad"));

            Cli status = manor(db, "status", "--no-drift");
            assertThat(status.out()).contains("20240102000000_bad (failed): its folder is gone; undo what it left behind"
                    + " (if anything), then 'manor resolve --rolled-back 20240102000000'");
            Cli resolved = manor(db, "resolve", "--rolled-back", "20240102000000");
            assertThat(resolved.code()).as(resolved.err()).isZero();
            assertThat(resolved.out()).contains("its folder is gone, so 'manor deploy' will not run it")
                    .doesNotContain("will run it again");
            assertThat(manor(db, "status", "--no-drift").code()).isZero();

            // Nothing pending: a rollback proof with nothing to prove does not pass.
            Cli nothing = manor(db, "test", "rollback", "--shadow-url", db.url());
            assertThat(nothing.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(nothing.out()).contains("Nothing to prove: no pending migration. Use --all to prove every migration.");
        }
    }
}
