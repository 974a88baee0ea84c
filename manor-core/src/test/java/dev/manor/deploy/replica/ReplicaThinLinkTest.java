package dev.manor.deploy.replica;

import dev.manor.Manor;
import dev.manor.config.ReplicaSettings;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.testing.DebianPostgres;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.SlowLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standby that streams through a thin link (1 MB/s) while a backfill writes WAL several times faster. Staleness
 * alone reacts too late here: the WAL already written is seconds of replay behind while it is a fraction of a second
 * old. The throttle projects the catch-up from the replica's replay rate; PostgreSQL's own replay_lag, read by this
 * test, shows whether the lag stayed near the ceiling (it ran to several seconds when the watch paused on staleness
 * alone; the full-size figures are bench/replica-lag.sh's).
 */
class ReplicaThinLinkTest {
    @TempDir
    Path tmp;

    @Test
    void aBackfillFasterThanTheLinkIsHeldNearTheCeilingByTheProjectedCatchUp() throws Exception {
        DebianPostgres.requireInstalled(false);
        int primary = DebianPostgres.freePort();
        int standby = DebianPostgres.freePort();
        int linkPort = DebianPostgres.freePort();
        try (DebianPostgres servers = DebianPostgres.workspace();
             SlowLink link = SlowLink.start(linkPort, primary, 1024 * 1024)) {
            servers.startPrimary(primary);
            DebianPostgres.exec(primary, "CREATE DATABASE thin");
            exec(primary, "CREATE TABLE item (id bigint PRIMARY KEY, payload text NOT NULL, label text);"
                    + " INSERT INTO item (id, payload) SELECT g, md5(g::text) FROM generate_series(1, 30000) g");
            exec(primary, "VACUUM ANALYZE item");
            exec(primary, "CHECKPOINT");
            servers.startStandbyVia(primary, linkPort, standby, "far");
            awaitCaughtUp(primary);

            Path dir = new MigrationsDir(tmp).add("20240101000000_label", "ALTER TABLE item ADD COLUMN tag text;",
                    "ALTER TABLE item DROP COLUMN tag;").write("20240101000000_label", "backfill.sql",
                    "-- manor:backfill batch=1000\nUPDATE item SET label = upper(payload);\n").root();
            List<String> notices = new CopyOnWriteArrayList<>();
            AtomicLong serverLagPeak = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> sampleReplayLag(primary, running, serverLagPeak));
            sampler.start();
            DeployResult result;
            try {
                result = Manor.configure().connection(DebianPostgres.jdbcUrl(primary, "thin"), null, null)
                        .migrations(dir).replicas(ReplicaSettings.DEFAULT.withMaxLag(Duration.ofSeconds(1))
                                .withCatchupTimeout(Duration.ofSeconds(60)))
                        .listener(new DeployListener() {
                            @Override
                            public void notice(String message) {
                                notices.add(message);
                            }
                        }).load().deploy();
            } finally {
                running.set(false);
                sampler.join();
            }

            // paused on what is still to replay, not on how old it is
            assertThat(notices).anyMatch(n -> n.startsWith("replica far@") && n.contains(" of WAL still to replay")
                    && n.contains(": pausing the backfill of 20240101000000_label"));
            assertThat(result.applied().get(0).report().replicaLagPeakMs()).isLessThan(2_000);
            // ~7 MB of WAL at 1 MB/s: written unthrottled in well under a second, it would be ~7 s of replay
            assertThat(serverLagPeak.get()).isLessThan(2_000);
            assertThat(query(standby, "SELECT count(*) FROM item WHERE label = upper(payload)")).isEqualTo("30000");
        }
    }

    /** PostgreSQL's replay_lag, every 50 ms, from its first new figure on (it keeps the clone's catch-up a while). */
    private static void sampleReplayLag(int primary, AtomicBoolean running, AtomicLong peak) {
        try (Connection c = DriverManager.getConnection(DebianPostgres.jdbcUrl(primary, "postgres"));
             Statement s = c.createStatement()) {
            long first = Long.MIN_VALUE;
            boolean counting = false;
            while (running.get()) {
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(extract(epoch FROM replay_lag) * 1000), 0)"
                        + "::bigint FROM pg_stat_replication")) {
                    rs.next();
                    long lag = rs.getLong(1);
                    first = first == Long.MIN_VALUE ? lag : first;
                    counting |= lag != first;
                    if (counting) {
                        peak.accumulateAndGet(lag, Math::max);
                    }
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCaughtUp(int primary) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"t".equals(queryAt(primary, "postgres", "SELECT coalesce(bool_and(replay_lsn >= pg_current_wal_lsn()),"
                + " false) FROM pg_stat_replication"))) {
            assertThat(System.nanoTime()).as("the standby catches up after its clone").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void exec(int port, String sql) {
        DebianPostgres.exec(port, "thin", sql);
    }

    private static String query(int port, String sql) {
        return DebianPostgres.queryOne(port, "thin", sql);
    }

    private static String queryAt(int port, String database, String sql) {
        return DebianPostgres.queryOne(port, database, sql);
    }
}
