package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployTest {
    @TempDir
    Path tmp;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    private MigrationsDir threeMigrations() {
        return new MigrationsDir(tmp)
                .add("20240101000000_create_account", "CREATE TABLE account (id bigint PRIMARY KEY, email text);",
                        "DROP TABLE account;")
                .add("20240102000000_add_name", "-- add a name\nALTER TABLE account ADD COLUMN name text;\n",
                        "ALTER TABLE account DROP COLUMN name;")
                .add("20240103000000_seed_admin", "INSERT INTO account (id, email) VALUES (1, 'admin@example.com');",
                        "DELETE FROM account WHERE id = 1;");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void deployAppliesEverythingAndStatusIsClean(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            Manor manor = Manors.load(db, threeMigrations().root());
            assertThat(manor.status().toDeploy()).hasSize(3);

            DeployResult result = manor.deploy();

            assertThat(result.applied()).hasSize(3);
            StatusReport status = manor.status();
            assertThat(status.upToDate()).isTrue();
            assertThat(status.entries()).extracting(StatusReport.Entry::state).containsOnly(MigrationState.APPLIED);
            assertThat(db.queryOne("SELECT email FROM account WHERE id = 1")).isEqualTo("admin@example.com");
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'deploy' AND outcome = 'applied'"))
                    .isEqualTo(3L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE os_user IS NOT NULL AND host IS NOT NULL"
                    + " AND manor_version IS NOT NULL AND duration_ms IS NOT NULL AND report ? 'walBytes'")).isEqualTo(3L);
            assertThat(manor.deploy().nothingToDo()).isTrue();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void failingStatementLeavesNothingOfTheMigrationAndNoAppliedRow(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            MigrationsDir dir = threeMigrations().add("20240104000000_half_broken", """
                    CREATE TABLE audit (id bigint);
                    INSERT INTO audit VALUES (1);
                    ALTER TABLE account ADD COLUMN phone text;
                    SELECT 1 / 0;
                    CREATE TABLE never (id int);
                    """, "DROP TABLE audit; ALTER TABLE account DROP COLUMN phone;");
            Manor manor = Manors.load(db, dir.root());

            assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                    .hasMessageContaining("20240104000000_half_broken/migration.sql:4")
                    .hasMessageContaining("division by zero");

            assertThat(db.queryOne("SELECT to_regclass('public.audit')")).isNull();
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = 'phone'")).isEqualTo(0L);
            assertThat(db.queryOne("SELECT status FROM manor.manor_migrations WHERE id = '20240104000000'")).isEqualTo("failed");
            assertThat(db.queryOne("SELECT error FROM manor.manor_migrations WHERE id = '20240104000000'").toString())
                    .contains("division by zero");
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE migration_id = '20240104000000' AND outcome = 'failed'"))
                    .isEqualTo(1L);
            assertThat(manor.status().find("20240104000000").orElseThrow().state()).isEqualTo(MigrationState.FAILED);
            // The earlier three stayed applied.
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'")).isEqualTo(3L);

            // Fixed, the failed transactional migration runs again on the next deploy.
            dir.write("20240104000000_half_broken", "migration.sql", """
                    CREATE TABLE audit (id bigint);
                    ALTER TABLE account ADD COLUMN phone text;
                    """);
            manor.deploy();
            assertThat(manor.status().upToDate()).isTrue();
        }
    }

    @Test
    void editedAppliedMigrationIsDetectedAndBlocksDeploy() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = threeMigrations();
            Manor manor = Manors.load(db, dir.root());
            manor.deploy();
            dir.write("20240102000000_add_name", "migration.sql", "ALTER TABLE account ADD COLUMN name varchar(10);");
            dir.add("20240105000000_more", "CREATE TABLE more (id int);", "DROP TABLE more;");

            StatusReport status = manor.status();
            assertThat(status.find("20240102000000").orElseThrow().state()).isEqualTo(MigrationState.EDITED);
            assertThat(status.upToDate()).isFalse();
            assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                    .hasMessageContaining("20240102000000_add_name was edited after it was applied");
            assertThat(db.queryOne("SELECT to_regclass('public.more')")).isNull();
        }
    }

    @Test
    void lineEndingsAndBomDoNotCountAsEdits() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = threeMigrations();
            Manor manor = Manors.load(db, dir.root());
            manor.deploy();
            dir.write("20240102000000_add_name", "migration.sql",
                    "\uFEFF-- add a name\r\nALTER TABLE account ADD COLUMN name text;\r\n");
            assertThat(manor.status().upToDate()).isTrue();
        }
    }

    @Test
    void outOfOrderAndMissingOnDiskAreReported() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = threeMigrations();
            Manor manor = Manors.load(db, dir.root());
            manor.deploy();
            dir.add("20240101120000_late_branch", "CREATE TABLE late (id int);", "DROP TABLE late;");
            StatusReport status = manor.status();
            assertThat(status.find("20240101120000").orElseThrow().state()).isEqualTo(MigrationState.OUT_OF_ORDER);
            assertThatThrownBy(manor::deploy).hasMessageContaining("--allow-out-of-order");
            manor.deploy(new Deployer.Options(false, true));
            assertThat(db.queryOne("SELECT to_regclass('public.late')")).isNotNull();

            dev.manor.testing.Files.deleteTree(dir.root().resolve("20240103000000_seed_admin"));
            assertThat(manor.status().find("20240103000000").orElseThrow().state())
                    .isEqualTo(MigrationState.MISSING_ON_DISK);
        }
    }

    @Test
    void dryRunChangesNothing() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, threeMigrations().root());
            DeployResult plan = manor.deploy(new Deployer.Options(true, false));
            assertThat(plan.plan()).hasSize(3);
            assertThat(plan.plan().get(0).statements().get(0).sql()).startsWith("CREATE TABLE account");
            assertThat(db.queryOne("SELECT to_regclass('public.account')")).isNull();
            assertThat(db.queryOne("SELECT to_regclass('manor.manor_migrations')")).isNull();
        }
    }

    @Test
    void missingDownScriptIsRefusedBeforeAnythingRuns() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = threeMigrations().add("20240104000000_no_down", "CREATE TABLE x (id int);", null);
            Manor manor = Manors.load(db, dir.root());
            assertThatThrownBy(manor::deploy).hasMessageContaining("down.sql is missing");
        }
    }

    @Test
    void transactionControlInsideAMigrationIsRefused() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_tx", "BEGIN;\nCREATE TABLE x (id int);\nCOMMIT;",
                    "DROP TABLE x;");
            assertThatThrownBy(() -> Manors.load(db, dir.root()).deploy())
                    .hasMessageContaining("migration.sql:1").hasMessageContaining("own transaction");
        }
    }
}
