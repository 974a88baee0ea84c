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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one migration backend from a second connection: which sessions it blocks, how long they have
 * waited, which locks it holds. When sessions stay blocked longer than the threshold it cancels the
 * migration's statement ({@code pg_cancel_backend}), so the transaction rolls back and traffic resumes.
 * A disabled guard opens no connection and reports nothing.
 */
public final class TrafficGuard implements AutoCloseable {
    // Relations the migration created itself (a new table, its TOAST table) are invisible to this
    // connection until commit, so nobody else can wait on them: the EXISTS on pg_class leaves them out.

    /** Modes that block writes (or everything): holding them is what stalls traffic. */
    private static final Set<String> WRITE_BLOCKING = Set.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
            "AccessExclusiveLock");
    private static final int FIRST_USER_OID = 16384;
    /** Who the migration waits for: its blockers, the one in the oldest transaction first. */
    private static final String WAITING_FOR = """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''),
                   left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 200),
                   coalesce(extract(epoch FROM clock_timestamp() - coalesce(a.xact_start, a.query_start)) * 1000, 0)::bigint
            FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(?))
            ORDER BY a.xact_start NULLS LAST, a.pid LIMIT 5""";

    private final Connection conn;
    private final int pid;
    private final GuardSettings settings;
    private final Consumer<GuardSample> onSample;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private final String blockedQuery;
    private final Set<String> locksSeen = new LinkedHashSet<>();
    private final Map<String, Long> heldSince = new HashMap<>();
    private long longestHoldMs;
    private int mostBlocked;
    private long longestWaitMs;
    private int samples;
    private volatile String cancellation;
    private boolean stopped;

    private TrafficGuard(Connection conn, int pid, GuardSettings settings, Consumer<GuardSample> onSample)
            throws SQLException {
        this.conn = conn;
        this.pid = pid;
        this.settings = settings;
        this.onSample = onSample;
        this.blockedQuery = blockedQuery(conn.getMetaData().getDatabaseMajorVersion() >= 14);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "manor-traffic-guard-" + pid);
            t.setDaemon(true);
            return t;
        });
        long every = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private TrafficGuard() {
        this.conn = null;
        this.pid = 0;
        this.settings = GuardSettings.DISABLED;
        this.onSample = s -> { };
        this.timer = null;
        this.blockedQuery = null;
    }

    /** Starts watching backend {@code pid}; a disabled setting returns a guard that does nothing. */
    public static TrafficGuard start(Database db, int pid, GuardSettings settings, Consumer<GuardSample> onSample) {
        if (!settings.enabled()) {
            return new TrafficGuard();
        }
        Connection c = db.connect();
        try {
            c.setAutoCommit(true);
            // Its queries are quick: a server that stops answering must not hang stop(), which waits for a sample.
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, db.connectTimeout().toMillis()));
            TrafficGuard guard = new TrafficGuard(c, pid, settings, onSample == null ? s -> { } : onSample);
            guard.sampleNow(); // before the statement: prepares the queries so the final sample under locks is quick
            return guard;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("traffic guard could not start: " + e.getMessage(), e);
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
        if (conn != null) {
            sampleQuietly();
        }
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
        if (!stopped && conn != null) {
            timer.shutdownNow();
        }
        stopped = true;
        return new GuardSummary(List.copyOf(locksSeen), longestHoldMs, mostBlocked, longestWaitMs, samples,
                cancellation);
    }

    /** Stops sampling and closes the guard's connection. */
    @Override
    public synchronized void close() {
        stop();
        if (conn != null) {
            closeQuietly(conn);
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (SQLException | RuntimeException e) {
            // A lost sample only blurs the figures; the migration must not fail because its watcher did.
        }
    }

    private synchronized void sample() throws SQLException {
        if (stopped) {
            return;
        }
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        int blocked;
        long wait;
        try (PreparedStatement ps = conn.prepareStatement(blockedQuery)) {
            ps.setInt(1, pid);
            ps.setInt(2, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                blocked = rs.getInt(1);
                wait = rs.getLong(2);
            }
        }
        List<String> locks = new ArrayList<>();
        Set<String> present = new LinkedHashSet<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT l.mode, l.relation::regclass::text FROM pg_locks l
                WHERE l.pid = ? AND l.granted AND l.locktype = 'relation' AND l.relation >= ?
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = l.relation)
                ORDER BY 2, 1""")) {
            ps.setInt(1, pid);
            ps.setInt(2, FIRST_USER_OID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String mode = rs.getString(1);
                    String lock = mode + " on " + rs.getString(2);
                    locks.add(lock);
                    present.add(lock);
                    locksSeen.add(lock);
                    if (WRITE_BLOCKING.contains(mode)) {
                        long since = heldSince.computeIfAbsent(lock, k -> elapsed);
                        longestHoldMs = Math.max(longestHoldMs, elapsed - since);
                    }
                }
            }
        }
        heldSince.keySet().retainAll(present);
        List<BlockingSession> waitingFor = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(WAITING_FOR)) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    waitingFor.add(new BlockingSession(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5)));
                }
            }
        }
        samples++;
        mostBlocked = Math.max(mostBlocked, blocked);
        longestWaitMs = Math.max(longestWaitMs, wait);
        if (blocked > 0 && wait >= settings.threshold().toMillis() && cancellation == null) {
            cancel(blocked, wait);
        }
        onSample.accept(new GuardSample(elapsed, blocked, wait, locks, waitingFor));
    }

    private void cancel(int blocked, long waitMs) throws SQLException {
        cancellation = String.format(Locale.ROOT, "cancelled by the traffic guard: %d session%s waited up to %.1f s"
                + " behind it (threshold %d ms)", blocked, blocked == 1 ? "" : "s", waitMs / 1000.0,
                settings.threshold().toMillis());
        try (PreparedStatement ps = conn.prepareStatement("SELECT pg_cancel_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }

    /** Sessions blocked by the migration (hard or queued behind it) and their longest wait. */
    private static String blockedQuery(boolean hasWaitStart) {
        String waitStart = hasWaitStart
                ? "coalesce((SELECT min(l.waitstart) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted), a.query_start)"
                : "a.query_start";
        return "SELECT count(*), coalesce(max(extract(epoch FROM clock_timestamp() - " + waitStart + ")) * 1000, 0)::bigint"
                + " FROM pg_stat_activity a WHERE a.pid <> ? AND ? = ANY (pg_blocking_pids(a.pid))";
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
