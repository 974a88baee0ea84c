package dev.manor.cli;

import dev.manor.Manor;
import dev.manor.deploy.Failpoints;
import dev.manor.history.MigrationState;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: a deployer SIGKILLed at the worst moment, then a redeploy; every migration, statement and
 * backfill batch has taken effect exactly once, or Manor refuses and says why.
 */
class ExactlyOnceKillTest {
    @TempDir
    Path project;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aBackfillIsNotLostWhenTheDeployerDiesRightAfterItsMigrationCommitted(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE item (id int PRIMARY KEY, n int); INSERT INTO item SELECT g, g FROM generate_series(1, 50) g");
            Deployers.migration(project, "20240101000000_label", "ALTER TABLE item ADD COLUMN label text;",
                    "ALTER TABLE item DROP COLUMN label;", "-- manor:backfill batch=10\nUPDATE item SET label = 'n' || n;");
            Deployers.killAt(project, db, Failpoints.MIGRATION_COMMITTED, "deploy");

            Manor manor = Deployers.manor(project, db);
            assertThat(manor.status().upToDate()).as("status right after the kill").isFalse();
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM item WHERE label IS NULL")).isEqualTo(0L);
            assertThat(manor.status().upToDate()).isTrue();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aNoTransactionStatementRunsOnceWhenTheDeployerDiesBeforeItsJournalStep(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE c (id int PRIMARY KEY, n int); INSERT INTO c VALUES (1, 0)");
            Deployers.migration(project, "20240101000000_bump", "-- manor:no-transaction\nUPDATE c SET n = n + 10;\n"
                    + "UPDATE c SET n = n + 1;\n", "UPDATE c SET n = 0;", null);
            Deployers.killAt(project, db, Failpoints.NOTX_STATEMENT_DONE, "deploy");

            Deployers.manor(project, db).deploy();
            assertThat(db.queryOne("SELECT n FROM c")).isEqualTo(11);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aNoTransactionStatementRunsOnceWhenTheDeployerDiesWhileItRuns(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE c (id int PRIMARY KEY, n int); INSERT INTO c VALUES (1, 0)");
            Deployers.migration(project, "20240101000000_bump", "-- manor:no-transaction\n"
                    + "UPDATE c SET n = n + 10 WHERE pg_sleep(1.5) IS NOT NULL;\n", "UPDATE c SET n = 0;", null);
            Deployers.killWhen(project, db, () -> Deployers.running(db, "UPDATE c SET n = n + 10"), "the slow UPDATE",
                    "deploy");

            Deployers.manor(project, db).deploy();
            assertThat(db.queryOne("SELECT n FROM c")).isEqualTo(10);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aConcurrentIndexBuiltBeforeTheKillIsRecognisedAndTheRestRuns(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, a int, b int)");
            Deployers.migration(project, "20240101000000_indexes", "-- manor:no-transaction\n"
                    + "CREATE INDEX CONCURRENTLY t_a ON t (a);\nCREATE INDEX CONCURRENTLY t_b ON t (b);\n",
                    "-- manor:no-transaction\nDROP INDEX CONCURRENTLY t_b;\nDROP INDEX CONCURRENTLY t_a;", null);
            Deployers.killAt(project, db, Failpoints.NOTX_STATEMENT_DONE, "deploy");

            Manor manor = Deployers.manor(project, db);
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname IN ('t_a', 't_b') AND i.indisvalid")).isEqualTo(2L);
            assertThat(manor.status().withState(MigrationState.APPLIED)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aConcurrentIndexBuildKilledMidwayIsWaitedForAndNotBuiltTwice(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, a int, b int); INSERT INTO t SELECT g, g, g FROM generate_series(1, 150) g;"
                    + "CREATE FUNCTION slow(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1 FROM pg_sleep(0.01)'");
            Deployers.migration(project, "20240101000000_indexes", "-- manor:no-transaction\n"
                    + "CREATE INDEX CONCURRENTLY t_a ON t (slow(a));\nCREATE INDEX CONCURRENTLY t_b ON t (b);\n",
                    "-- manor:no-transaction\nDROP INDEX CONCURRENTLY t_b;\nDROP INDEX CONCURRENTLY t_a;", null);
            Deployers.killWhen(project, db, () -> Deployers.running(db, "CREATE INDEX CONCURRENTLY t_a"), "the slow build",
                    "deploy");

            Manor manor = Deployers.manor(project, db);
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname IN ('t_a', 't_b') AND i.indisvalid")).isEqualTo(2L);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aKilledNoTransactionRollbackResumesAndDeployWaitsForIt(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, a int, b int); CREATE TABLE c (n int); INSERT INTO c VALUES (0)");
            Deployers.migration(project, "20240101000000_indexes", "-- manor:no-transaction\n"
                    + "CREATE INDEX CONCURRENTLY t_a ON t (a);\nCREATE INDEX CONCURRENTLY t_b ON t (b);\n",
                    "-- manor:no-transaction\nDROP INDEX CONCURRENTLY t_b;\nUPDATE c SET n = n + 1;\n"
                            + "DROP INDEX CONCURRENTLY t_a;\n", null);
            Manor manor = Deployers.manor(project, db);
            manor.deploy();
            Deployers.killAt(project, db, Failpoints.DOWN_STATEMENT_DONE, "rollback", "--steps", "1");

            assertThat(manor.status().withState(MigrationState.ROLLBACK_INTERRUPTED)).hasSize(1);
            assertThatThrownBy(manor::deploy).hasMessageContaining("half rolled back")
                    .hasMessageContaining("manor rollback");
            manor.rollback(dev.manor.deploy.Rollbacker.Target.steps(1), false);
            assertThat(db.queryOne("SELECT count(*) FROM pg_class WHERE relname IN ('t_a', 't_b')")).isEqualTo(0L);
            assertThat(db.queryOne("SELECT n FROM c")).isEqualTo(1);
            assertThat(manor.status().withState(MigrationState.ROLLED_BACK)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aBatchStillRunningWhenItsDeployerDiedIsNotAppliedTwice(int major) throws Exception {
        batchStillRunningWhenItsDeployerDied(major, "");
    }

    /** The same with the walk bounded by the highest key at start, and rows inserted between the kill and the rerun. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aBoundedBatchStillRunningWhenItsDeployerDiedIsNotAppliedTwice(int major) throws Exception {
        batchStillRunningWhenItsDeployerDied(major, "rows=existing ");
    }

    private void batchStillRunningWhenItsDeployerDied(int major, String settings) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE item (id int PRIMARY KEY, n int); INSERT INTO item SELECT g, 0 FROM generate_series(1, 40) g;"
                    + "CREATE FUNCTION slow_bump(int) RETURNS int LANGUAGE sql AS 'SELECT $1 + 1 FROM pg_sleep(0.1)'");
            Deployers.migration(project, "20240101000000_bump", "ALTER TABLE item ADD COLUMN done boolean;",
                    "ALTER TABLE item DROP COLUMN done;", "-- manor:backfill " + settings
                            + "batch=20\nUPDATE item SET n = slow_bump(n);");
            Deployers.killWhen(project, db, () -> Deployers.running(db, "WITH g AS"), "the first batch", "deploy");
            if (!settings.isEmpty()) {
                db.exec("INSERT INTO item SELECT g, 0 FROM generate_series(41, 45) g");
            }

            Manor manor = Deployers.manor(project, db);
            assertThat(manor.status().upToDate()).isFalse();
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM item WHERE n <> 1")).isEqualTo(0L);
            assertThat(manor.status().upToDate()).isTrue();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void resolveAppliedListsUnrunStatementsAndStatusNamesTheFailure(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, a int, b int)");
            Deployers.migration(project, "20240101000000_indexes", "-- manor:no-transaction\n"
                    + "CREATE INDEX CONCURRENTLY t_a ON t (a);\nSELECT 1 / 0;\nCREATE INDEX CONCURRENTLY t_b ON t (b);\n",
                    "-- manor:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS t_b;\nDROP INDEX CONCURRENTLY t_a;", null);
            Manor manor = Deployers.manor(project, db);
            assertThatThrownBy(manor::deploy).hasMessageContaining("division by zero");

            java.io.StringWriter out = new java.io.StringWriter();
            int code = Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), "-C",
                    project.toString(), "status", "--no-drift", "--url", db.url());
            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).contains("division by zero").contains("manor resolve")
                    .doesNotContain("applies the pending ones");

            assertThatThrownBy(() -> manor.resolveApplied("20240101000000")).hasMessageContaining("never ran")
                    .hasMessageContaining("migration.sql:3").hasMessageContaining("migration.sql:4")
                    .hasMessageContaining("--ran-by-hand");
            manor.resolveApplied("20240101000000", "built t_b by hand");
            assertThat(manor.status().upToDate()).isTrue();
            assertThat(db.queryOne("SELECT detail FROM manor.manor_events WHERE action = 'resolve'").toString())
                    .contains("built t_b by hand");
        }
    }
}
