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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backend of an earlier Manor run (another run id, same history schema) is waited for before anything resumes. */
class OrphanedBackendsTest {
    @TempDir
    Path tmp;

    private static CompletableFuture<Void> orphan(TestDb db, String sql) {
        return CompletableFuture.runAsync(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET application_name = 'manor 0badf00d manor'");
                s.execute(sql);
            } catch (Exception e) {
                // ended by the test
            }
        });
    }

    private static void awaitRunning(TestDb db) throws InterruptedException {
        while ((Long) db.queryOne("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'manor 0badf00d manor'"
                + " AND state = 'active'") == 0) {
            Thread.sleep(20);
        }
    }

    @Test
    void theLockIsHandedOverOnlyAfterTheEarlierRunsStatementEnded() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            List<String> notices = new CopyOnWriteArrayList<>();
            Manor manor = Manors.on(db, new MigrationsDir(tmp).root()).listener(new DeployListener() {
                @Override
                public void notice(String message) {
                    notices.add(message);
                }
            }).load();
            CompletableFuture<Void> orphan = orphan(db, "SELECT pg_sleep(1.5)");
            awaitRunning(db);
            long start = System.nanoTime();
            try (DeployLock ignored = ManorInternals.context(manor).lock("deploy")) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));
                assertThat(orphan).isDone();
            }
            assertThat(notices).anyMatch(n -> n.contains("waiting for 1 backend(s) of an earlier Manor run")
                    && n.contains("pg_sleep"));
        }
    }

    @Test
    void aStatementThatOutlivesLockWaitIsRefusedWithWhatToDo() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.on(db, new MigrationsDir(tmp).root()).lockWait(Duration.ofMillis(500)).load();
            CompletableFuture<Void> orphan = orphan(db, "SELECT pg_sleep(30)");
            try {
                awaitRunning(db);
                assertThatThrownBy(() -> ManorInternals.context(manor).lock("deploy").close())
                        .hasMessageContaining("still running").hasMessageContaining("pg_terminate_backend(");
            } finally {
                db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'manor 0badf00d manor'");
                orphan.join();
            }
        }
    }
}
