package dev.manor.deploy.replica;

import dev.manor.Manor;
import dev.manor.config.ReplicaSettings;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.testing.DebianPostgres;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.SlowLink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/replica-lag.sh: a primary and two standbys (Debian's PostgreSQL 15); "near" streams over loopback, "far"
 * through a {@link SlowLink} of a few MB/s. The same backfill runs throttled (max_replica_lag) and unthrottled
 * ("off"), each on a fresh copy of the table; a sampler outside Manor reads pg_stat_replication every 100 ms.
 * Arguments: [rows] [ceiling ms] [link MB/s] [batch rows]. Table on stdout, progress on stderr.
 */
public final class ReplicaLagBench {
    private static final int PRIMARY = DebianPostgres.freePort();
    private static final int NEAR = DebianPostgres.freePort();
    private static final int FAR = DebianPostgres.freePort();
    private static final int FAR_LINK = DebianPostgres.freePort();
    private static final boolean TRACE = System.getenv("REPLICA_BENCH_TRACE") != null;

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        long ceilingMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        long linkMb = args.length > 2 ? Long.parseLong(args[2]) : 4;
        // a batch's WAL must cross the link well within the ceiling, or no pause can keep the lag under it
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        try (DebianPostgres servers = DebianPostgres.workspace();
             SlowLink link = SlowLink.start(FAR_LINK, PRIMARY, linkMb * 1024 * 1024)) {
            servers.startPrimary(PRIMARY, "max_wal_size = '4GB'", "checkpoint_timeout = '30min'");
            // both tables first, so the standbys are cloned with them rather than fed them through the thin link
            for (String db : new String[] {"throttled", "unthrottled"}) {
                DebianPostgres.exec(PRIMARY, "CREATE DATABASE " + db);
                exec(db, "CREATE TABLE item (id bigint PRIMARY KEY, payload text NOT NULL, label text)");
                System.err.println(db + ": loading " + rows + " rows");
                exec(db, "INSERT INTO item (id, payload) SELECT g, md5(g::text) FROM generate_series(1, " + rows
                        + ") g");
                exec(db, "VACUUM ANALYZE item");
            }
            DebianPostgres.exec(PRIMARY, "CHECKPOINT");
            servers.startStandby(PRIMARY, NEAR, "near");
            servers.startStandbyVia(PRIMARY, FAR_LINK, FAR, "far");
            System.err.printf("primary :%d, standbys near :%d and far :%d (through a %d MB/s link)%n", PRIMARY,
                    NEAR, FAR, linkMb);
            System.out.printf(Locale.ROOT, "%-12s %10s %10s %12s %14s %14s %10s %8s%n", "run", "rows", "backfill",
                    "manor peak", "replay_lag max", "bytes behind", "paused", "pauses");
            for (boolean throttled : new boolean[] {true, false}) {
                String db = throttled ? "throttled" : "unthrottled";
                awaitCaughtUp();
                Path dir = Files.createTempDirectory("manor-replica-bench-");
                new MigrationsDir(dir).add("20240101000000_label", "ALTER TABLE item ADD COLUMN tag text;",
                        "ALTER TABLE item DROP COLUMN tag;").write("20240101000000_label", "backfill.sql",
                        "-- manor:backfill batch=" + batch + "\nUPDATE item SET label = upper(payload);\n");
                ReplicaSettings settings = ReplicaSettings.DEFAULT
                        .withCatchupTimeout(throttled ? Duration.ofMinutes(30) : Duration.ofSeconds(10))
                        .withMaxLag(throttled ? Duration.ofMillis(ceilingMs) : Duration.ZERO);
                Sampler sampler = Sampler.start(db);
                AtomicLong paused = new AtomicLong();
                long started = System.nanoTime();
                DeployResult result = Manor.configure().connection(DebianPostgres.jdbcUrl(PRIMARY, db), null, null)
                        .migrations(dir).replicas(settings).listener(new DeployListener() {
                            @Override
                            public void notice(String message) {
                                if (TRACE) {
                                    System.err.printf(Locale.ROOT, "trace %s %6dms manor: %s%n", db,
                                            (System.nanoTime() - sampler.started) / 1_000_000, message);
                                }
                                if (message.contains(": pausing ")) {
                                    if (paused.incrementAndGet() <= 3) {
                                        System.err.println(db + ": " + message);
                                    }
                                } else if (!message.contains(": resuming ")) {
                                    System.err.println(db + ": " + message);
                                }
                            }
                        }).load().deploy();
                long backfillMs = (System.nanoTime() - started) / 1_000_000;
                sampler.stop();
                System.out.printf(Locale.ROOT, "%-12s %10d %9.1fs %10dms %12dms %11.1fMB %10s %8d%n", db, rows,
                        backfillMs / 1000.0, result.applied().get(0).report().replicaLagPeakMs(), sampler.maxLagMs.get(),
                        sampler.maxBytes.get() / 1048576.0, throttled ? "yes" : "no", paused.get());
                exec(db, "SELECT 1");
            }
        }
    }

    /** Reads PostgreSQL's own view every 100 ms: the highest replay_lag and bytes behind of any standby. */
    private static final class Sampler {
        final AtomicLong maxLagMs = new AtomicLong();
        final AtomicLong maxBytes = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final long started = System.nanoTime();
        boolean writing;
        long firstLag = -1;
        Thread thread;

        static Sampler start(String db) {
            Sampler s = new Sampler();
            s.thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(DebianPostgres.jdbcUrl(PRIMARY, db));
                     Statement st = c.createStatement()) {
                    while (s.running.get()) {
                        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(extract(epoch FROM replay_lag)"
                                + " * 1000), 0)::bigint, coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(),"
                                + " replay_lsn)), 0)::bigint, pg_current_wal_lsn()::text, (SELECT count(*) FROM"
                                + " pg_stat_activity WHERE backend_type = 'autovacuum worker')"
                                + " FROM pg_stat_replication")) {
                            rs.next();
                            // replay_lag keeps its last figure for a while after a standby caught up: the clone's
                            // own catch-up showed as seconds of lag here; count from the first new figure on
                            if (s.firstLag < 0) {
                                s.firstLag = rs.getLong(1);
                            }
                            s.writing |= rs.getLong(1) != s.firstLag;
                            if (s.writing) {
                                s.maxLagMs.accumulateAndGet(rs.getLong(1), Math::max);
                            }
                            s.maxBytes.accumulateAndGet(rs.getLong(2), Math::max);
                            if (TRACE) { // REPLICA_BENCH_TRACE=1: one line per sample, to see where lag comes from
                                System.err.printf(Locale.ROOT, "trace %s %6dms lag %6dms behind %8.1fMB wal %s"
                                        + " autovacuum %d%n", db, (System.nanoTime() - s.started) / 1_000_000,
                                        rs.getLong(1), rs.getLong(2) / 1048576.0, rs.getString(3), rs.getInt(4));
                            }
                        }
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    System.err.println("sampler: " + e.getMessage());
                }
            });
            s.thread.start();
            return s;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private static void awaitCaughtUp() throws Exception {
        while (true) {
            try (Connection c = DriverManager.getConnection(DebianPostgres.jdbcUrl(PRIMARY, "postgres"));
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE"
                         + " replay_lsn >= pg_current_wal_lsn()), count(*) FROM pg_stat_replication")) {
                rs.next();
                if (rs.getInt(1) == 2 && rs.getInt(2) == 2) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }

    private static void exec(String db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(DebianPostgres.jdbcUrl(PRIMARY, db));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
