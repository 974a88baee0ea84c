package dev.manor.deploy.replica;

import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Durations;
import dev.manor.config.ReplicaSettings;
import dev.manor.deploy.DeployListener;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replay lag of the primary's streaming replicas during one deploy. Read from {@code pg_stat_replication} on
 * the primary, and from the replicas themselves when they are listed ({@code replicas = [...]}).
 * <p>
 * A replica's lag is how stale its data is: the time since the primary last stood at a WAL position the replica
 * has replayed (from this watch's own samples of {@code pg_current_wal_lsn()}), or the server's {@code replay_lag}
 * when larger; zero once it has replayed everything the primary wrote. The server's {@code replay_lag} alone looks
 * backwards (it is measured when the replica reports a replay), so it misses lag that is building up.
 * <p>
 * {@link #pauseWhileLagging} runs between backfill batches and no-transaction statements; {@link #awaitCatchUp}
 * at the end of a deploy. A replica that was streaming and is gone (or a listed one that cannot be reached) is
 * reported once and never waited for.
 */
public final class ReplicaWatch implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(100);
    private static final int MAX_HISTORY = 100_000;
    private static final Duration RECONNECT_EVERY = Duration.ofSeconds(5);

    /** Where the watch records what it reports (an event in the deployment log). */
    @FunctionalInterface
    public interface Events {
        void record(String outcome, String detail);
    }

    /** One replica in one sample; {@code lagMs} is -1 when its replay position cannot be read. */
    public record Replica(String name, boolean streaming, long lagMs, long lagBytes) {
    }

    private record LsnAt(long nanos, long lsn) {
    }

    private final ReplicaSettings settings;
    private final DeployListener listener;
    private final Events events;
    private final Map<String, Connection> listed = new LinkedHashMap<>();
    private final Deque<LsnAt> history = new ArrayDeque<>();
    private final Set<String> streaming = new HashSet<>();
    private final Set<String> reportedGone = new HashSet<>();
    private boolean active;
    private boolean blindReported;
    private long peakMs;
    private long windowPeakMs;
    private long pausedMs;
    private int pauses;
    private long lastStepEnd;
    private List<Replica> last = List.of();

    private ReplicaWatch(ReplicaSettings settings, DeployListener listener, Events events) {
        this.settings = settings;
        this.listener = listener;
        this.events = events;
    }

    /** A watch that sees no replicas and never pauses. */
    public static ReplicaWatch none() {
        return new ReplicaWatch(ReplicaSettings.OFF, DeployListener.SILENT, (o, d) -> { });
    }

    /**
     * Looks at the primary once, on the caller's connection (autocommit): when it has no standby and none is listed,
     * the watch stays inert and costs no query later.
     */
    public static ReplicaWatch start(Connection primary, ReplicaSettings settings, DeployListener listener,
                                     Events events) {
        if (!settings.watch()) {
            return none();
        }
        ReplicaWatch watch = new ReplicaWatch(settings, listener, events);
        try {
            List<Replica> seen = watch.sample(primary);
            watch.active = !seen.isEmpty() || !settings.replicas().isEmpty();
            if (!seen.isEmpty()) {
                listener.notice("replicas: " + describe(seen) + (settings.throttles() ? "; backfills and"
                        + " no-transaction steps pause while replay lag exceeds " + Durations.format(settings.maxLag())
                        : "; replay lag is measured, not throttled (max_replica_lag = \"off\")"));
            }
        } catch (SQLException e) {
            listener.notice("replica lag is not watched: " + firstLine(e));
        }
        return watch;
    }

    /** Whether any replica is watched. */
    public boolean active() {
        return active;
    }

    /** Starts a new window for {@link #windowPeakMs} (one migration, one backfill). */
    public void beginWindow() {
        windowPeakMs = 0;
        lastStepEnd = 0;
    }

    /** The highest lag seen since {@link #beginWindow}. */
    public long windowPeakMs() {
        return windowPeakMs;
    }

    /** The highest lag seen in the whole deploy. */
    public long peakMs() {
        return peakMs;
    }

    /** How long the work paused for lag, in all. */
    public long pausedMs() {
        return pausedMs;
    }

    public int pauses() {
        return pauses;
    }

    /** The replicas as last sampled. */
    public List<Replica> lastSample() {
        return last;
    }

    /**
     * Returns at once when every streaming replica's lag is within the ceiling; otherwise waits, polling, until
     * it is. Gives up with an error after {@code replica_catchup_timeout} of waiting (the caller's work is kept).
     */
    public void pauseWhileLagging(Connection primary, String what) throws SQLException {
        if (!active) {
            return;
        }
        List<Replica> now = sample(primary);
        long stepMs = lastStepEnd == 0 ? 0 : (System.nanoTime() - lastStepEnd) / 1_000_000;
        lastStepEnd = System.nanoTime();
        if (!settings.throttles() || worst(now) == null) {
            return;
        }
        // The next step adds about its own duration to a lagging replica's staleness: leave room for one, so
        // that the lag stays under the ceiling rather than just above it (at most half the ceiling held back).
        long maxLag = settings.maxLag().toMillis();
        long ceiling = maxLag - Math.min(stepMs, maxLag / 2);
        Replica lagging = worst(now);
        if (lagging.lagMs() <= ceiling) {
            return;
        }
        pauses++;
        listener.notice("replica " + lagging.name() + " lags " + Durations.format(Duration.ofMillis(lagging.lagMs()))
                + " behind (ceiling " + Durations.format(settings.maxLag()) + "): pausing " + what);
        long started = System.nanoTime();
        long deadline = started + settings.catchupTimeout().toNanos();
        while (lagging != null && lagging.lagMs() > ceiling) {
            if (System.nanoTime() > deadline) {
                pausedMs += (System.nanoTime() - started) / 1_000_000;
                String detail = "replica " + lagging.name() + " still lags " + Durations.format(Duration.ofMillis(
                        lagging.lagMs())) + " after " + Durations.format(settings.catchupTimeout()) + " of waiting";
                events.record("replica-lag-timeout", detail);
                throw new ManorException(what + " stopped: " + detail + " (max_replica_lag = \""
                        + Durations.format(settings.maxLag()) + "\"). What committed is kept; run 'manor deploy' again"
                        + " when the replica has caught up, or raise replica_catchup_timeout or max_replica_lag");
            }
            sleep(POLL);
            lagging = worst(sample(primary));
        }
        long waited = (System.nanoTime() - started) / 1_000_000;
        pausedMs += waited;
        lastStepEnd = System.nanoTime();
        listener.notice("replica lag back under " + Durations.format(settings.maxLag()) + " after "
                + Durations.format(Duration.ofMillis(waited)) + ": resuming " + what);
    }

    /**
     * Waits until every streaming replica has replayed the primary's current WAL position, at most
     * {@code replica_catchup_timeout}; a timeout is reported (notice and event), not an error: the deploy is done
     * on the primary. Returns whether they caught up.
     */
    public boolean awaitCatchUp(Connection primary) throws SQLException {
        if (!active) {
            return true;
        }
        long target = currentLsn(primary);
        long started = System.nanoTime();
        long deadline = started + settings.catchupTimeout().toNanos();
        boolean announced = false;
        while (true) {
            List<String> behind = behind(primary, target);
            if (behind.isEmpty()) {
                if (announced) {
                    listener.notice("replicas caught up after " + Durations.format(Duration.ofMillis(
                            (System.nanoTime() - started) / 1_000_000)));
                }
                return true;
            }
            if (System.nanoTime() > deadline) {
                String detail = String.join(", ", behind) + " had not replayed the deploy's last change after "
                        + Durations.format(settings.catchupTimeout()) + "; not waiting longer";
                listener.notice("replicas: " + detail);
                events.record("replica-catchup-timeout", detail);
                return false;
            }
            if (!announced) {
                listener.notice("waiting for " + String.join(", ", behind) + " to replay the deploy's last change"
                        + " (at most " + Durations.format(settings.catchupTimeout()) + ")");
                announced = true;
            }
            sleep(POLL);
        }
    }

    /** Names of streaming replicas whose replay position is before {@code target}. */
    private List<String> behind(Connection primary, long target) throws SQLException {
        List<String> names = new ArrayList<>();
        sample(primary);
        for (Map.Entry<String, Long> e : replayPositions.entrySet()) {
            if (e.getValue() >= 0 && e.getValue() < target) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    private final Map<String, Long> replayPositions = new LinkedHashMap<>();
    private final Map<String, Long> unreachableUntil = new LinkedHashMap<>();

    /**
     * Reads every replica's position and lag; reports the ones that stopped streaming. Package-visible for tests.
     */
    List<Replica> sample(Connection primary) throws SQLException {
        long now = System.nanoTime();
        List<Replica> out = new ArrayList<>();
        replayPositions.clear();
        long current;
        try (Statement s = primary.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT pg_current_wal_lsn()::text, r.application_name, coalesce(host(r.client_addr), 'local'),
                       r.state, r.replay_lsn::text, (extract(epoch FROM r.replay_lag) * 1000)::bigint
                FROM (SELECT 1) AS one LEFT JOIN pg_stat_replication r ON true""")) {
            current = -1;
            while (rs.next()) {
                current = parseLsn(rs.getString(1));
                if (rs.getString(2) == null) {
                    continue;
                }
                String name = rs.getString(2) + "@" + rs.getString(3);
                boolean isStreaming = "streaming".equals(rs.getString(4)) || "catchup".equals(rs.getString(4));
                String replay = rs.getString(5);
                long serverLag = rs.getLong(6);
                out.add(replica(name, isStreaming, now, current, replay == null ? -1 : parseLsn(replay), serverLag));
            }
        }
        history.addLast(new LsnAt(now, current));
        for (ConnectionSettings listedReplica : settings.replicas()) {
            out.add(readListed(listedReplica, now, current));
        }
        prune();
        noteStreaming(out);
        last = List.copyOf(out);
        for (Replica r : out) {
            if (r.streaming() && r.lagMs() >= 0) {
                peakMs = Math.max(peakMs, r.lagMs());
                windowPeakMs = Math.max(windowPeakMs, r.lagMs());
            }
        }
        return out;
    }

    private Replica replica(String name, boolean isStreaming, long now, long current, long replay, long serverLag) {
        if (isStreaming) {
            replayPositions.put(name, replay);
        }
        if (replay < 0) {
            if (!blindReported) {
                blindReported = true;
                listener.notice("replica " + name + ": its replay position is hidden from this user (grant it"
                        + " pg_monitor or pg_read_all_stats); its lag is not throttled on");
            }
            return new Replica(name, isStreaming, -1, -1);
        }
        if (replay >= current) {
            return new Replica(name, isStreaming, 0, 0);
        }
        return new Replica(name, isStreaming, Math.max(staleness(now, replay), serverLag), current - replay);
    }

    /**
     * Since when the replica has been behind: when the primary stood at the replica's replay position, interpolated
     * between the two samples around it (sparse samples, e.g. across a long migration, would otherwise count the whole
     * gap as lag).
     */
    private long staleness(long now, long replay) {
        LsnAt before = null;
        LsnAt after = null;
        for (LsnAt s : history) {
            if (s.lsn() <= replay) {
                before = s;
            } else {
                after = s;
                break;
            }
        }
        long writtenAt;
        if (before == null) {
            writtenAt = after == null ? now : after.nanos();
        } else if (after == null || after.lsn() == before.lsn()) {
            writtenAt = before.nanos();
        } else {
            double share = (double) (replay - before.lsn()) / (after.lsn() - before.lsn());
            writtenAt = before.nanos() + Math.round((after.nanos() - before.nanos()) * share);
        }
        return Math.max(0, (now - writtenAt) / 1_000_000);
    }

    /** Drops samples older than the newest one every replica has replayed (it alone is still needed). */
    private void prune() {
        long minReplay = replayPositions.values().stream().filter(v -> v >= 0).mapToLong(Long::longValue).min()
                .orElse(Long.MAX_VALUE);
        while (history.size() > 1) {
            LsnAt[] firstTwo = history.stream().limit(2).toArray(LsnAt[]::new);
            if (firstTwo[1].lsn() <= minReplay || history.size() > MAX_HISTORY) {
                history.removeFirst();
            } else {
                break;
            }
        }
    }

    private Replica readListed(ConnectionSettings replica, long now, long current) {
        String name = replica.host() + ":" + replica.port();
        Long retryAt = unreachableUntil.get(name);
        if (retryAt != null && now < retryAt) {
            return new Replica(name, false, -1, -1); // a connect attempt per sample could cost connect_timeout each
        }
        try {
            Connection c = listed.get(name);
            if (c == null || c.isClosed()) {
                c = DriverManager.getConnection(replica.jdbcUrl(), replica.driverProperties());
                c.setAutoCommit(true);
                listed.put(name, c);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
                           (SELECT status FROM pg_stat_wal_receiver)""")) {
                rs.next();
                boolean isStreaming = rs.getBoolean(1) && "streaming".equals(rs.getString(3));
                String replay = rs.getString(2);
                return replica(name, isStreaming, now, current, replay == null ? -1 : parseLsn(replay), 0);
            }
        } catch (SQLException e) {
            Connection broken = listed.remove(name);
            closeQuietly(broken);
            unreachableUntil.put(name, System.nanoTime() + RECONNECT_EVERY.toNanos());
            reportGone(name, "cannot be reached (" + firstLine(e) + ")");
            return new Replica(name, false, -1, -1);
        }
    }

    private void noteStreaming(List<Replica> now) {
        Set<String> streamingNow = new HashSet<>();
        for (Replica r : now) {
            if (r.streaming()) {
                streamingNow.add(r.name());
                reportedGone.remove(r.name());
            }
        }
        for (String name : streaming) {
            if (!streamingNow.contains(name)) {
                reportGone(name, "stopped streaming from the primary");
            }
        }
        for (ConnectionSettings listedReplica : settings.replicas()) {
            String name = listedReplica.host() + ":" + listedReplica.port();
            if (!streamingNow.contains(name) && listed.containsKey(name)) {
                reportGone(name, "is reachable but not streaming from the primary");
            }
        }
        streaming.clear();
        streaming.addAll(streamingNow);
    }

    private void reportGone(String name, String why) {
        if (reportedGone.add(name)) {
            String detail = "replica " + name + " " + why + "; it is not waited for";
            listener.notice(detail);
            events.record("replica-disconnected", detail);
        }
    }

    private static Replica worst(List<Replica> replicas) {
        Replica worst = null;
        for (Replica r : replicas) {
            if (r.streaming() && r.lagMs() >= 0 && (worst == null || r.lagMs() > worst.lagMs())) {
                worst = r;
            }
        }
        return worst;
    }

    private static long currentLsn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return parseLsn(rs.getString(1));
        }
    }

    static long parseLsn(String lsn) {
        String[] parts = lsn.split("/");
        return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
    }

    private static String describe(List<Replica> replicas) {
        List<String> names = new ArrayList<>();
        for (Replica r : replicas) {
            names.add(r.name() + (r.streaming() ? "" : " (not streaming)"));
        }
        return String.join(", ", names);
    }

    @Override
    public void close() {
        listed.values().forEach(ReplicaWatch::closeQuietly);
        listed.clear();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // a replica that went away
        }
    }

    private static void sleep(Duration d) {
        dev.manor.deploy.Pause.sleep(d, "waiting for the replicas");
    }

    private static String firstLine(SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        return msg.lines().findFirst().orElse(msg).replaceFirst("^(ERROR|FATAL): ", "");
    }
}
