package dev.manor.migration;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An error that can occur in several files names all of them in one run, not one file per run. */
class MigrationErrorsListedTest {
    @TempDir
    Path tmp;

    @Test
    void everyMalformedFolderIsNamedAtOnce() throws Exception {
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                .add("20240101000000_ok", "CREATE TABLE a (id int);", "DROP TABLE a;")
                .add("2024_bad", "SELECT 1;", "SELECT 1;")
                .add("20240102000000_Bad-Name", "SELECT 1;", "SELECT 1;")
                .add("20240103000000_also_ok", "SELECT 1;", "SELECT 1;");
        Files.createDirectories(dir.root().resolve("20240104000000_no_up"));
        assertThatThrownBy(() -> new MigrationRepository(dir.root()).load())
                .isInstanceOf(ManorException.class)
                .hasMessageStartingWith("3 problems in the migrations:")
                .hasMessageContaining("2024_bad is not named like a migration")
                .hasMessageContaining("20240102000000_Bad-Name: migration name 'Bad-Name'")
                .hasMessageContaining("20240104000000_no_up has no migration.sql");
    }

    @Test
    void deployNamesEveryMissingDownAndEveryTransactionControlAtOnce() {
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"));
        for (int i = 1; i <= 5; i++) {
            dir.add("2024010100000" + i + "_m" + i, "CREATE TABLE t" + i + " (id int);", null);
        }
        dir.add("20240102000000_tx1", "BEGIN;\nCREATE TABLE x (id int);", "DROP TABLE x;")
                .add("20240102000001_tx2", "CREATE TABLE y (id int);\nCOMMIT;", "BEGIN;\nDROP TABLE y;");
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, dir.root());
            assertThatThrownBy(manor::deploy)
                    .hasMessageStartingWith("4 problems in the migrations:")
                    .hasMessageContaining("5 down scripts are missing: migrations/20240101000001_m1/down.sql, ")
                    .hasMessageContaining("migrations/20240101000005_m5/down.sql")
                    .hasMessageContaining("migrations/20240102000000_tx1/migration.sql:1: remove 'BEGIN")
                    .hasMessageContaining("migrations/20240102000001_tx2/migration.sql:2: remove 'COMMIT")
                    .hasMessageContaining("migrations/20240102000001_tx2/down.sql:1: remove 'BEGIN");
            assertThat(db.queryOne("SELECT to_regclass('public.t1')")).isNull();
        }
    }
}
