package dev.manor.deploy.guard;

import dev.manor.Manor;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.testing.DebianPostgres;
import dev.manor.testing.MigrationsDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real autovacuum (Debian's PostgreSQL 15 with a 1 s naptime; the table's vacuum throttled to a crawl) holds
 * SHARE UPDATE EXCLUSIVE on the table a migration alters. PostgreSQL cancels such an autovacuum only after
 * deadlock_timeout (1 s), longer than Manor's 500 ms lock_timeout, so without the guard's cancel every attempt times
 * out for as long as the vacuum runs.
 */
class AutovacuumCancelTest {
    @TempDir
    Path tmp;

    @Test
    void anAutovacuumTheMigrationWaitsForIsCancelledAndTheMigrationApplies() throws Exception {
        DebianPostgres.requireInstalled(false);
        int port = DebianPostgres.freePort();
        try (DebianPostgres servers = DebianPostgres.workspace()) {
            servers.startPrimary(port, "autovacuum_naptime = '1s'");
            DebianPostgres.exec(port, "CREATE DATABASE av");
            exec(port, "CREATE TABLE t (id int PRIMARY KEY, pad text) WITH (autovacuum_vacuum_threshold = 0,"
                    + " autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 100,"
                    + " autovacuum_vacuum_cost_limit = 1, autovacuum_analyze_threshold = 1000000000)");
            exec(port, "INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
            exec(port, "DELETE FROM t WHERE id % 2 = 0");
            awaitAutovacuumOf(port, "t");

            List<String> notices = new CopyOnWriteArrayList<>();
            Path dir = new MigrationsDir(tmp).add("20240101000000_x", "ALTER TABLE t ADD COLUMN x int;",
                    "ALTER TABLE t DROP COLUMN x;").root();
            DeployResult result = Manor.configure().connection(DebianPostgres.jdbcUrl(port, "av"), null, null)
                    .migrations(dir).lockTimeout(Duration.ofMillis(500)).listener(new DeployListener() {
                        @Override
                        public void notice(String message) {
                            notices.add(message);
                        }
                    }).load().deploy();

            assertThat(result.applied()).hasSize(1);
            // the guard samples every 100 ms: the vacuum is gone well within the first attempt's 500 ms, or (on a
            // slow machine) before the second
            assertThat(result.applied().get(0).report().retries()).isLessThanOrEqualTo(1);
            assertThat(notices).anyMatch(n -> n.startsWith("20240101000000_x: cancelled 'autovacuum: VACUUM public.t")
                    && n.contains("which held a lock the migration waited for"));
            assertThat(query(port, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"
                    + " AND column_name = 'x'")).isEqualTo("1");
        }
    }

    private static void awaitAutovacuumOf(int port, String table) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"1".equals(query(port, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                + " AND query LIKE 'autovacuum: VACUUM public." + table + "%'"))) {
            assertThat(System.nanoTime()).as("an autovacuum of " + table + " starts").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void exec(int port, String sql) {
        DebianPostgres.exec(port, "av", sql);
    }

    private static String query(int port, String sql) {
        return DebianPostgres.queryOne(port, "av", sql);
    }
}
