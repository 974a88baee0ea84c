package dev.manor.deploy;

import dev.manor.Manor;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void eightConcurrentDeployersApplyEachMigrationExactlyOnce() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE applied_log (migration text)");
            MigrationsDir dir = new MigrationsDir(tmp);
            for (int i = 1; i <= 5; i++) {
                String id = "2024010" + i + "000000";
                dir.add(id + "_m" + i, "CREATE TABLE t" + i + " (id int);\nINSERT INTO applied_log VALUES ('" + id
                        + "');\nSELECT pg_sleep(0.05);", "DROP TABLE t" + i + ";");
            }
            AtomicInteger sawWaiting = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DeployResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    Manor manor = Manors.on(db, dir.root()).lockWait(Duration.ofSeconds(60))
                            .listener(new DeployListener() {
                                @Override
                                public void waitingForLock(LockHolder holder) {
                                    assertThat(holder.applicationName()).startsWith("manor deploy");
                                    sawWaiting.incrementAndGet();
                                }
                            }).load();
                    start.await();
                    return manor.deploy();
                }));
            }
            start.countDown();
            int appliedTotal = 0;
            for (Future<DeployResult> f : results) {
                appliedTotal += f.get().applied().size();
            }
            pool.shutdown();

            assertThat(appliedTotal).isEqualTo(5);
            assertThat(db.queryOne("SELECT count(*) FROM applied_log")).isEqualTo(5L);
            assertThat(db.queryOne("SELECT count(DISTINCT migration) FROM applied_log")).isEqualTo(5L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'deploy'")).isEqualTo(5L);
            assertThat(sawWaiting.get()).isGreaterThan(0);
        }
    }

    @Test
    void aLostLockConnectionFreesTheLock() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.on(db, new MigrationsDir(tmp).root()).lockWait(Duration.ofSeconds(2)).load();
            DeployLock held = dev.manor.deploy.ManorInternals.context(manor).lock("deploy");
            int pid = held.backendPid();
            // The server-side equivalent of a killed deployer: its session disappears.
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            Thread.sleep(200);
            try (DeployLock again = dev.manor.deploy.ManorInternals.context(manor).lock("deploy")) {
                assertThat(again.backendPid()).isNotEqualTo(pid);
            }
        }
    }

    @Test
    void aSecondDeployerGivesUpAfterItsWaitAndNamesTheHolder() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.on(db, new MigrationsDir(tmp).root()).lockWait(Duration.ofMillis(500)).load();
            try (DeployLock held = dev.manor.deploy.ManorInternals.context(manor).lock("deploy")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.manor.deploy.ManorInternals.context(manor).lock("deploy"))
                        .hasMessageContaining("another Manor run holds the deploy lock")
                        .hasMessageContaining("manor deploy").hasMessageContaining("pid ");
            }
        }
    }
}
