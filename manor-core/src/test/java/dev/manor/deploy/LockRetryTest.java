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
