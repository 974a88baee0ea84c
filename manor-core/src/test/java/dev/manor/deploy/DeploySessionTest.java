package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.config.RetryPolicy;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A deploy runs its migrations on one connection, and that connection's reuse keeps every guarantee. */
class DeploySessionTest {
    private static final Duration CONFIGURED = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    /** Each migration records its backend and its session settings. */
    private static String seen(String table, String more) {
        return more + "CREATE TABLE " + table + " AS SELECT pg_backend_pid() AS pid,"
                + " current_setting('lock_timeout') AS lock_timeout,"
                + " current_setting('statement_timeout') AS statement_timeout;";
    }

    @Test
    void theMigrationsOfADeployShareOneConnectionAndNoSettingLeaksIntoTheNext() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp);
            for (int i = 1; i <= 4; i++) {
                dir.add("2024010100000" + i + "_m" + i,
                        seen("seen" + i, i == 2 ? "-- manor:lock-timeout 100ms\n" : ""), "SELECT 1;");
            }
            Manors.on(db, dir.root()).lockTimeout(CONFIGURED).load().deploy();
            assertThat(db.queryOne("SELECT count(DISTINCT pid) FROM (SELECT pid FROM seen1 UNION ALL SELECT pid FROM"
                    + " seen2 UNION ALL SELECT pid FROM seen3 UNION ALL SELECT pid FROM seen4) p")).isEqualTo(1L);
            assertThat(db.queryOne("SELECT lock_timeout FROM seen1")).isEqualTo("5s");
            assertThat(db.queryOne("SELECT lock_timeout FROM seen2")).isEqualTo("100ms");
            assertThat(db.queryOne("SELECT lock_timeout FROM seen3")).isEqualTo("5s");
            assertThat(db.queryOne("SELECT statement_timeout FROM seen4")).isEqualTo("0");
            // the session went back clean: nothing of Manor's is left connected
            assertThat(db.queryOne("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'manor%'"))
                    .isEqualTo(0L);
        }
    }

    @Test
    void aConnectionTerminatedBetweenMigrationsIsReplacedAndTheDeployGoesOn() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000001_m1", seen("seen1", ""), "SELECT 1;")
                    .add("20240101000002_m2", seen("seen2", ""), "SELECT 1;");
            List<String> notices = new CopyOnWriteArrayList<>();
            Manor manor = Manors.on(db, dir.root()).listener(new DeployListener() {
                @Override
                public void migrationFinished(Migration m, String direction, ExecutionReport report) {
                    if (m.id().endsWith("1")) {
                        terminateMigrationBackend(db);
                    }
                }

                @Override
                public void notice(String message) {
                    notices.add(message);
                }
            }).load();
            DeployResult result = manor.deploy();
            assertThat(result.applied()).hasSize(2);
            assertThat(db.queryOne("SELECT (SELECT pid FROM seen1) <> (SELECT pid FROM seen2)")).isEqualTo(true);
            assertThat(notices).anyMatch(n -> n.contains("connection was lost between migrations"));
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'"))
                    .isEqualTo(2L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE outcome = 'applied'"))
                    .isEqualTo(2L);
        }
    }

    @Test
    void aLockTimeoutRetryRunsAgainOnTheSameConnectionWithItsOwnSettings() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE busy (id int)");
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000001_m1", seen("seen1", ""), "SELECT 1;")
                    .add("20240101000002_m2", seen("seen2", "-- manor:lock-timeout 100ms\n")
                            + "\nALTER TABLE busy ADD COLUMN note text;", "SELECT 1;")
                    .add("20240101000003_m3", seen("seen3", ""), "SELECT 1;");
            AtomicInteger retries = new AtomicInteger();
            Manor manor = Manors.on(db, dir.root()).lockTimeout(CONFIGURED)
                    .retry(new RetryPolicy(50, Duration.ofMillis(50), Duration.ofMillis(100)))
                    .listener(new DeployListener() {
                        @Override
                        public void retrying(Migration m, SqlStatement s, int attempt, Duration backoff, String reason) {
                            retries.incrementAndGet();
                        }
                    }).load();
            try (Connection blocker = db.connect()) {
                blocker.setAutoCommit(false);
                try (Statement s = blocker.createStatement()) {
                    s.execute("LOCK TABLE busy IN ACCESS SHARE MODE");
                }
                CompletableFuture<DeployResult> deploy = CompletableFuture.supplyAsync(manor::deploy);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (retries.get() < 2 && !deploy.isDone() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                blocker.rollback();
                assertThat(deploy.get().applied()).hasSize(3);
            }
            assertThat(retries.get()).isGreaterThanOrEqualTo(2);
            assertThat(db.queryOne("SELECT count(DISTINCT pid) FROM (SELECT pid FROM seen1 UNION ALL SELECT pid FROM"
                    + " seen2 UNION ALL SELECT pid FROM seen3) p")).isEqualTo(1L);
            assertThat(db.queryOne("SELECT lock_timeout FROM seen2")).isEqualTo("100ms");
            assertThat(db.queryOne("SELECT lock_timeout FROM seen3")).isEqualTo("5s");
            // one history row and one event per migration, whatever the retries
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'deploy'")).isEqualTo(3L);
        }
    }

    private static void terminateMigrationBackend(TestDb db) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, ManorSessions.applicationName("manor"));
            var rs = ps.executeQuery();
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
            // the backend is gone once the server no longer lists it
            for (int i = 0; i < 100 && (long) db.queryOne("SELECT count(*) FROM pg_stat_activity WHERE"
                    + " application_name = '" + ManorSessions.applicationName("manor") + "'") > 0; i++) {
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
