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
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockRetryTest {
    @TempDir
    Path tmp;

    @Test
    void aBlockerMakesTheMigrationRetryThenSucceedOnceItEnds() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE busy (id int)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_add_col",
                    "ALTER TABLE busy ADD COLUMN note text;", "ALTER TABLE busy DROP COLUMN note;");
            AtomicInteger retries = new AtomicInteger();
            Manor manor = Manors.on(db, dir.root()).lockTimeout(Duration.ofMillis(100))
                    .retry(new RetryPolicy(20, Duration.ofMillis(100), Duration.ofMillis(300)))
                    .listener(new DeployListener() {
                        @Override
                        public void retrying(Migration m, SqlStatement s, int attempt, Duration backoff, String reason) {
                            retries.incrementAndGet();
                        }
                    }).load();
            try (Connection blocker = db.connect()) {
                blocker.setAutoCommit(false);
                try (Statement s = blocker.createStatement()) {
                    s.execute("SELECT * FROM busy"); // ACCESS SHARE, held until commit: blocks ALTER TABLE
                }
                CompletableFuture<DeployResult> deploy = CompletableFuture.supplyAsync(manor::deploy);
                // The analysis and the gates run first: measure the lock wait from the first retry on.
                while (retries.get() == 0 && !deploy.isDone()) {
                    Thread.sleep(10);
                }
                Thread.sleep(1000);
                assertThat(deploy).isNotDone();
                blocker.commit();
                DeployResult result = deploy.get();
                ExecutionReport report = result.applied().get(0).report();
                assertThat(report.retries()).isGreaterThan(0).isEqualTo(retries.get());
                assertThat(report.lockWaitMs()).isGreaterThanOrEqualTo(500);
            }
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE table_name = 'busy' AND column_name = 'note'"))
                    .isEqualTo(1L);
        }
    }

    @Test
    void whileItWaitsTheGuardNamesTheSessionItWaitsFor() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE busy (id int)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_add_col",
                    "ALTER TABLE busy ADD COLUMN note text;", "ALTER TABLE busy DROP COLUMN note;");
            List<dev.manor.deploy.guard.BlockingSession> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Manor manor = Manors.on(db, dir.root()).lockTimeout(Duration.ofMillis(300))
                    .retry(new RetryPolicy(20, Duration.ofMillis(50), Duration.ofMillis(100)))
                    .listener(new DeployListener() {
                        @Override
                        public void guardSample(Migration m, SqlStatement s, dev.manor.deploy.guard.GuardSample sample) {
                            seen.addAll(sample.waitingFor());
                        }
                    }).load();
            try (Connection blocker = db.connect()) {
                blocker.setAutoCommit(false);
                int blockerPid;
                try (Statement s = blocker.createStatement()) {
                    s.execute("SET application_name = 'report-job'");
                    s.execute("SELECT count(*) FROM busy");
                    var rs = s.executeQuery("SELECT pg_backend_pid()");
                    rs.next();
                    blockerPid = rs.getInt(1);
                }
                CompletableFuture<DeployResult> deploy = CompletableFuture.supplyAsync(manor::deploy);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen.isEmpty() && System.nanoTime() < deadline && !deploy.isDone()) {
                    Thread.sleep(50); // until the migration has started waiting and the guard has looked (slow CI)
                }
                blocker.commit();
                deploy.get();
                assertThat(seen).isNotEmpty().allSatisfy(b -> {
                    assertThat(b.pid()).isEqualTo(blockerPid);
                    assertThat(b.application()).isEqualTo("report-job");
                    assertThat(b.state()).isEqualTo("idle in transaction");
                    assertThat(b.query()).isEqualTo("SELECT pg_backend_pid()");
                    assertThat(b.ageMs()).isPositive();
                });
            }
        }
    }

    @Test
    void withoutRetriesLeftItFailsAndSaysWhy() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE busy (id int)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_add_col",
                    "ALTER TABLE busy ADD COLUMN note text;", "ALTER TABLE busy DROP COLUMN note;");
            Manor manor = Manors.on(db, dir.root()).lockTimeout(Duration.ofMillis(50))
                    .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10))).load();
            try (Connection blocker = db.connect()) {
                blocker.setAutoCommit(false);
                try (Statement s = blocker.createStatement()) {
                    s.execute("LOCK TABLE busy IN ACCESS SHARE MODE");
                }
                assertThatThrownBy(manor::deploy).hasMessageContaining("gave up after 2 attempts")
                        .hasMessageContaining("lock timeout");
                blocker.rollback();
            }
        }
    }
}
