package dev.manor.cli;

import dev.manor.Manor;
import dev.manor.deploy.Failpoints;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Repeatable scripts and callbacks take effect exactly once, whenever the deployer is SIGKILLed. */
class ScriptsKillTest {
    @TempDir
    Path project;

    private void write(String folder, String file, String sql) throws Exception {
        Files.writeString(Files.createDirectories(project.resolve(folder)).resolve(file), sql);
    }

    @Test
    void aRepeatableKilledWhileItRunsLeavesNothingAndTheNextDeployAppliesItOnce() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE applied_log (what text)");
            Deployers.migration(project, "20240101000000_item", "CREATE TABLE item (id int PRIMARY KEY);",
                    "DROP TABLE item;", null);
            write("repeatable", "items_view.sql", "CREATE OR REPLACE VIEW item_ids AS SELECT id FROM item;\n"
                    + "INSERT INTO applied_log SELECT 'items_view' FROM pg_sleep(1.5);\n");
            Deployers.killWhen(project, db, () -> Deployers.running(db, "INSERT INTO applied_log"),
                    "the repeatable's slow INSERT", "deploy");

            Manor manor = Deployers.manor(project, db);
            assertThat(manor.status().pendingRepeatables()).as("after the kill").hasSize(1);
            assertThat(manor.deploy().repeatables()).containsExactly("repeatable/items_view.sql");
            assertThat(db.queryOne("SELECT count(*) FROM applied_log")).isEqualTo(1L);
            assertThat(manor.status().upToDate()).isTrue();
        }
    }

    @Test
    void anAfterMigrationCallbackCommitsWithItsMigrationSoAKillAfterTheCommitDoesNotRunItTwice() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE callback_log (migration text)");
            Deployers.migration(project, "20240101000000_one", "CREATE TABLE one (id int);", "DROP TABLE one;", null);
            Deployers.migration(project, "20240102000000_two", "CREATE TABLE two (id int);", "DROP TABLE two;", null);
            write("callbacks", "after-migration.sql", "INSERT INTO callback_log SELECT max(id) FROM manor.manor_migrations;\n");
            Deployers.killAt(project, db, Failpoints.MIGRATION_COMMITTED, "deploy");

            assertThat(db.queryOne("SELECT count(*) FROM callback_log")).as("after the kill").isEqualTo(1L);
            Deployers.manor(project, db).deploy();
            assertThat(db.queryOne("SELECT count(*) FROM callback_log")).isEqualTo(2L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'callback'")).isEqualTo(2L);
        }
    }
}
