package dev.manor.deploy.guard;

import dev.manor.config.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one migration backend from a second connection: which sessions it blocks, how long they have
 * waited, which locks it holds. When sessions stay blocked longer than the threshold it cancels the
 * migration's statement ({@code pg_cancel_backend}), so the transaction rolls back and traffic resumes.
 * <p>
 * An autovacuum the migration waits for is cancelled, as PostgreSQL itself cancels one that blocks a lock request
 * for {@code deadlock_timeout} (1 s by default): Manor's lock_timeout is shorter, so without this the server never
 * does, and every attempt times out while the vacuum of a large table runs (measured: a change plan's contract
 * after a 2M-row backfill waited its whole 500 ms lock_timeout while the traffic queued behind it). An
 * anti-wraparound autovacuum is left alone, as the server leaves it.
 * <p>
 * A disabled guard opens no connection and reports nothing. A deploy opens one {@link Link} (the guard's
 * connection and timer) and starts a guard on it per migration; each sample is one query.
 */
public final class TrafficGuard implements AutoCloseable {
    // Relations the migration created itself (a new table, its TOAST table) are invisible to this
    // connection until commit, so nobody else can wait on them: the EXISTS on pg_class leaves them out.

    /** Modes that block writes (or everything): holding them is what stalls traffic. */
    private static final Set<String> WRITE_BLOCKING = Set.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
            "AccessExclusiveLock");
    private static final int FIRST_USER_OID = 16384;
    private final Link link;
    private final boolean ownsLink;
    private final int pid;
    private final GuardSettings settings;
    private final Consumer<GuardSample> onSample;
    private final ScheduledFuture<?> schedule;
    private final long startNanos = System.nanoTime();
    private final Set<String> locksSeen = new LinkedHashSet<>();
    private final Map<String, Long> heldSince = new HashMap<>();
    private long longestHoldMs;
    private int mostBlocked;
    private long longestWaitMs;
    private int samples;
    private volatile String cancellation;
    private final List<String> autovacuums = new ArrayList<>();
    private final Set<Integer> autovacuumPids = new java.util.HashSet<>();
    private ServerFigures figures;
    private boolean stopped;

    private TrafficGuard(Link link, boolean ownsLink, int pid, Consumer<GuardSample> onSample) {
        this.link = link;
        this.ownsLink = ownsLink;
        this.pid = pid;
        this.settings = link.settings;
        this.onSample = onSample == null ? s -> { } : onSample;
        long every = settings.interval().toMillis();
        this.schedule = link.timer.scheduleWithFixedDelay(this::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private TrafficGuard() {
        this.link = null;
        this.ownsLink = false;
        this.pid = 0;
        this.settings = GuardSettings.DISABLED;
        this.onSample = s -> { };
        this.schedule = null;
    }

    /**
     * Starts watching backend {@code pid} on a connection of its own, closed with the guard; a disabled setting
     * returns a guard that does nothing.
     */
    public static TrafficGuard start(Database db, int pid, GuardSettings settings, Consumer<GuardSample> onSample) {
        if (!settings.enabled()) {
            return new TrafficGuard();
        }
        Link link = new Link(db, settings);
        try {
            return link.start(pid, onSample, true);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** Server-wide counters read with a sample: the WAL insert position, client sessions and max_connections. */
    public record ServerFigures(String lsn, int connections, int maxConnections) {
    }

    /**
     * The guard's connection and timer for a whole deploy: opened with the first guard started on it, reopened
     * when a sample found it broken, closed with the deploy. Guards started on it run one after another.
     */
    public static final class Link implements AutoCloseable {
        private final Database db;
        private final GuardSettings settings;
        private final ScheduledExecutorService timer;
        private Connection conn;
        private String sampleQuery;
        private volatile boolean broken;

        public Link(Database db, GuardSettings settings) {
            this.db = db;
            this.settings = settings;
            this.timer = settings.enabled() ? Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "manor-traffic-guard");
                t.setDaemon(true);
                return t;
            }) : null;
        }

        public boolean enabled() {
            return settings.enabled();
        }

        /** Starts a guard on backend {@code pid}; a disabled link returns one that does nothing. */
        public TrafficGuard start(int pid, Consumer<GuardSample> onSample) {
            return start(pid, onSample, false);
        }

        private synchronized TrafficGuard start(int pid, Consumer<GuardSample> onSample, boolean owned) {
            if (!settings.enabled()) {
                return new TrafficGuard();
            }
            boolean fresh = open();
            TrafficGuard guard = new TrafficGuard(this, owned, pid, onSample);
            if (fresh) {
                guard.sampleNow(); // before the statement: prepares the query so the final sample under locks is quick
            }
            return guard;
        }

        /** Opens the connection when there is none or a sample found it broken; true when it opened one. */
        private boolean open() {
            try {
                if (conn != null && !broken && !conn.isClosed()) {
                    return false;
                }
                closeConnection();
                broken = false;
                Connection c = db.connect();
                try {
                    c.setAutoCommit(true);
                    // Its queries are quick: a server that stops answering must not hang stop(), which waits for a sample.
                    c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, db.connectTimeout().toMillis()));
                    sampleQuery = sampleQuery(c.getMetaData().getDatabaseMajorVersion() >= 14);
                } catch (SQLException e) {
                    closeQuietly(c);
                    throw e;
                }
                conn = c;
                return true;
            } catch (SQLException e) {
                throw new IllegalStateException("traffic guard could not start: " + e.getMessage(), e);
            }
        }

        private void closeConnection() {
            if (conn != null) {
                closeQuietly(conn);
                conn = null;
            }
        }

        @Override
        public synchronized void close() {
            if (timer != null) {
                timer.shutdownNow();
            }
            closeConnection();
        }
    }

    /** The backend pid of a connection, for {@link #start}. */
    public static int backendPid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Takes a sample now, from the caller's thread. Called just before commit: every lock a transaction
     * took is still held then, so the report lists them even when the statements were too quick to sample.
     */
    public void sampleNow() {
        if (link != null) {
            sampleQuietly();
        }
    }

    /** The server-wide counters of the latest sample (see {@link #sampleNow}), or null when none was taken. */
    public synchronized ServerFigures figures() {
        return figures;
    }

    /** Why the guard cancelled the migration, or null. */
    public String cancellation() {
        return cancellation;
    }

    /**
     * Stops sampling and returns what was seen. The connection stays open until {@link #close}: closing it
     * costs a round trip, and the caller may still hold its locks here, just before commit.
     */
    public synchronized GuardSummary stop() {
        if (!stopped && schedule != null) {
            schedule.cancel(false); // a sample running now holds this monitor: it has finished here
        }
        stopped = true;
        return new GuardSummary(List.copyOf(locksSeen), longestHoldMs, mostBlocked, longestWaitMs, samples,
                cancellation, List.copyOf(autovacuums));
    }

    /** Stops sampling; closes the guard's connection when it was opened for this guard alone. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsLink) {
            link.close();
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (SQLException e) {
            // A lost sample only blurs the figures; the migration must not fail because its watcher did.
            // The next guard on this link opens a new connection.
            link.broken = true;
        } catch (RuntimeException e) {
            // the same: a failing listener does not fail the migration
        }
    }

    private synchronized void sample() throws SQLException {
        if (stopped) {
            return;
        }
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        figures = null; // a failed sample leaves none, rather than stale ones
        int blocked = 0;
        long wait = 0;
        List<String> locks = new ArrayList<>();
        Set<String> present = new LinkedHashSet<>();
        List<BlockingSession> waitingFor = new ArrayList<>();
        try (PreparedStatement ps = link.conn.prepareStatement(link.sampleQuery)) {
            ps.setInt(1, pid);
            ps.setInt(2, FIRST_USER_OID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getInt(1)) {
                        case 0 -> {
                            blocked = rs.getInt(2);
                            wait = rs.getLong(3);
                            figures = new ServerFigures(rs.getString(4), rs.getInt(5), rs.getInt(6));
                        }
                        case 1 -> {
                            String mode = rs.getString(4);
                            String lock = mode + " on " + rs.getString(7);
                            locks.add(lock);
                            present.add(lock);
                            locksSeen.add(lock);
                            if (WRITE_BLOCKING.contains(mode)) {
                                long since = heldSince.computeIfAbsent(lock, k -> elapsed);
                                longestHoldMs = Math.max(longestHoldMs, elapsed - since);
                            }
                        }
                        default -> waitingFor.add(new BlockingSession(rs.getInt(2), rs.getString(4),
                                rs.getString(7), rs.getString(8), rs.getLong(3)));
                    }
                }
            }
        }
        heldSince.keySet().retainAll(present);
        samples++;
        mostBlocked = Math.max(mostBlocked, blocked);
        longestWaitMs = Math.max(longestWaitMs, wait);
        if (blocked > 0 && wait >= settings.threshold().toMillis() && cancellation == null) {
            cancel(blocked, wait);
        }
        for (BlockingSession s : waitingFor) {
            if (s.query().startsWith(AUTOVACUUM) && autovacuumPids.add(s.pid())) {
                autovacuums.add(cancelAutovacuum(s));
            }
        }
        onSample.accept(new GuardSample(elapsed, blocked, wait, locks, waitingFor));
    }

    private void cancel(int blocked, long waitMs) throws SQLException {
        cancellation = String.format(Locale.ROOT, "cancelled by the traffic guard: %d session%s waited up to %.1f s"
                + " behind it (threshold %d ms)", blocked, blocked == 1 ? "" : "s", waitMs / 1000.0,
                settings.threshold().toMillis());
        try (PreparedStatement ps = link.conn.prepareStatement("SELECT pg_cancel_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }

    private static final String AUTOVACUUM = "autovacuum: ";

    /** Cancels an autovacuum the migration waits for, unless it prevents wraparound; says what happened. */
    private String cancelAutovacuum(BlockingSession s) {
        String what = "'" + s.query() + "' (pid " + s.pid() + ")";
        if (s.query().contains("(to prevent wraparound)")) {
            return "waited for " + what + ", which neither PostgreSQL nor Manor interrupts";
        }
        try (PreparedStatement ps = link.conn.prepareStatement("SELECT pg_cancel_backend(?)")) {
            ps.setInt(1, s.pid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return "cancelled " + what + ", which held a lock the migration waited for (PostgreSQL does the"
                            + " same after deadlock_timeout, longer than lock_timeout); autovacuum comes back to it later";
                }
            }
            return "waited for " + what + ": it ended before it could be cancelled";
        } catch (SQLException e) {
            // pg_signal_backend (PostgreSQL 15-17) or pg_signal_autovacuum_worker (18) lets a non-superuser cancel it
            return "waited for " + what + " and could not cancel it (" + e.getMessage().lines().findFirst().orElse("")
                    + "; grant the deploy role pg_signal_backend, or pg_signal_autovacuum_worker on PostgreSQL 18)";
        }
    }

    /**
     * One sample in one round trip, rows told apart by the first column: 0, the summary (sessions blocked by the
     * migration, hard or queued behind it, their longest wait, and the server-wide figures of the report); 1, a
     * relation lock the migration holds, by relation then mode; 2, a session the migration waits for, the one
     * in the oldest transaction first (at most 5). Parameters: the migration's pid, the first user oid.
     * <p>
     * pg_blocking_pids copies the server's lock table on every call: called for every session it made the sample
     * take 9-12 ms with a dozen sessions, which the final sample spends while the migration holds its locks. Only
     * sessions waiting for a lock can be blocked, so only they are asked (OFFSET 0 keeps the filter first): 1.7 ms.
     */
    private static String sampleQuery(boolean hasWaitStart) {
        String waitStart = hasWaitStart
                ? "coalesce((SELECT min(l.waitstart) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted), a.query_start)"
                : "a.query_start";
        return """
                WITH p AS (SELECT ?::int AS pid, ?::oid AS first_user_oid),
                blocked AS (
                  SELECT count(*) AS n, coalesce(max(extract(epoch FROM clock_timestamp() - %s)) * 1000, 0)::bigint AS ms
                  FROM (SELECT * FROM pg_stat_activity WHERE wait_event_type = 'Lock' OFFSET 0) a, p
                  WHERE a.pid <> p.pid AND p.pid = ANY (pg_blocking_pids(a.pid))),
                locks AS (
                  SELECT l.mode, l.relation::regclass::text AS rel FROM pg_locks l, p
                  WHERE l.pid = p.pid AND l.granted AND l.locktype = 'relation' AND l.relation >= p.first_user_oid
                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = l.relation)),
                waiting AS (
                  SELECT a.pid, coalesce(a.application_name, '') AS app, coalesce(a.state, '') AS state,
                         left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 200) AS query,
                         coalesce(extract(epoch FROM clock_timestamp() - coalesce(a.xact_start, a.query_start)) * 1000, 0)::bigint AS ms,
                         row_number() OVER (ORDER BY a.xact_start NULLS LAST, a.pid) AS ord
                  FROM pg_stat_activity a, p WHERE a.pid = ANY (pg_blocking_pids(p.pid)))
                SELECT 0 AS kind, b.n, b.ms, CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_insert_lsn()::text END,
                       (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                       current_setting('max_connections')::int, NULL::text, NULL::text, 0::bigint AS ord
                FROM blocked b
                UNION ALL
                SELECT 1, NULL, NULL, mode, NULL, NULL, rel, NULL, row_number() OVER (ORDER BY rel, mode) FROM locks
                UNION ALL
                SELECT 2, pid, ms, app, NULL, NULL, state, query, ord FROM waiting WHERE ord <= 5
                ORDER BY 1, 9""".formatted(waitStart);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
