package dev.manor.deploy.guard;

import dev.manor.Manor;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ExecutionReport;
import dev.manor.deploy.Reports;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficGuardTest {
    @TempDir
    Path tmp;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest
    @MethodSource("majors")
    void aMigrationThatBlocksReadersTooLongIsCancelledAndLeavesNothing(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE account (id bigint PRIMARY KEY, name text); INSERT INTO account VALUES (1, 'a')");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_slow_alter",
                    "ALTER TABLE account ADD COLUMN note text;\nSELECT pg_sleep(8);\n",
                    "ALTER TABLE account DROP COLUMN note;");
            List<String> cancellations = new CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Manor manor = Manors.on(db, dir.root()).trafficGuard(Duration.ofMillis(600))
                    .listener(new DeployListener() {
                        @Override
                        public void migrationStarted(Migration m, String direction) {
                            started.countDown(); // after the analysis and the gates
                        }

                        @Override
                        public void guardCancelled(Migration m, String reason) {
                            cancellations.add(reason);
                        }
                    }).load();
            CompletableFuture<Object> deploy = CompletableFuture.supplyAsync(manor::deploy);
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(700); // the ALTER has taken its ACCESS EXCLUSIVE lock and sleeps
            long readStart = System.nanoTime();
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.connect(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM account")) {
                    rs.next();
                    return rs.getLong(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo(1L);
            long readerWaitedMs = (System.nanoTime() - readStart) / 1_000_000;
            assertThat(readerWaitedMs).as("the reader is released soon after the threshold").isLessThan(2500);
            assertThatThrownBy(deploy::join).hasMessageContaining("cancelled by the traffic guard: 1 session waited up to")
                    .hasMessageContaining("migration.sql:2");
            assertThat(cancellations).hasSize(1);
            assertThat(db.queryOne("SELECT status FROM manor.manor_migrations")).isEqualTo("failed");
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE table_name = 'account'"
                    + " AND column_name = 'note'")).isEqualTo(0L);
        }
    }

    @ParameterizedTest
    @MethodSource("majors")
    void theReportListsLockModesAndWhoWaitedBelowTheThreshold(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE account (id bigint PRIMARY KEY, name text); INSERT INTO account VALUES (1, 'a')");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_brief_lock",
                    "ALTER TABLE account ADD COLUMN note text;\nSELECT pg_sleep(1.2);\n",
                    "ALTER TABLE account DROP COLUMN note;");
            List<GuardSample> samples = new CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Manor manor = Manors.on(db, dir.root()).trafficGuard(Duration.ofSeconds(5))
                    .listener(new DeployListener() {
                        @Override
                        public void migrationStarted(Migration m, String direction) {
                            started.countDown(); // after the analysis and the gates
                        }

                        @Override
                        public void guardSample(Migration m, SqlStatement st, GuardSample sample) {
                            samples.add(sample);
                        }
                    }).load();
            CompletableFuture<Object> deploy = CompletableFuture.supplyAsync(manor::deploy);
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(400);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT count(*) FROM account"); // waits until the migration commits
            }
            deploy.get(10, TimeUnit.SECONDS);
            String json = (String) db.queryOne("SELECT report::text FROM manor.manor_migrations");
            ExecutionReport report = Reports.fromJson(json);
            assertThat(report.locksHeld()).contains("AccessExclusiveLock on account");
            assertThat(report.lockModes()).contains("AccessExclusiveLock");
            assertThat(report.blockedSessions()).isEqualTo(1);
            assertThat(report.longestWaitMs()).isBetween(300L, 1200L);
            assertThat(report.longestLockHoldMs()).isGreaterThanOrEqualTo(800L);
            assertThat(samples).isNotEmpty().anyMatch(s -> s.blockedSessions() == 1);
        }
    }

    @ParameterizedTest
    @MethodSource("majors")
    void aDisabledGuardLetsTheMigrationFinishAndReportsNoLocks(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE account (id bigint PRIMARY KEY)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_idx",
                    "CREATE INDEX account_id_idx ON account (id);", "DROP INDEX account_id_idx;");
            Manor manor = Manors.on(db, dir.root()).trafficGuard(Duration.ZERO).load();
            ExecutionReport report = manor.deploy().applied().get(0).report();
            assertThat(report.locksHeld()).isEmpty();
            assertThat(db.queryOne("SELECT status FROM manor.manor_migrations")).isEqualTo("applied");
        }
    }
}
