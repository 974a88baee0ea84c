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
import java.util.Comparator;
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
 * Staleness alone also reacts too late: WAL written faster than a replica replays it is only a second stale when
 * it is already many seconds of replay behind (measured: 36 MB written in 1.2 s against a 4 MB/s link read as 1 s
 * of lag, and the lag grew to 9 s while the backfill paused). So the throttle also projects the catch-up: the bytes
 * the replica has still to replay over the rate it has been replaying at ({@link Replica#catchUpMs}), and pauses on
 * whichever is larger.
 * <p>
 * {@link #pauseWhileLagging} runs between backfill batches and no-transaction statements; {@link #awaitCatchUp}
 * at the end of a deploy. A replica that was streaming and is gone (or a listed one that cannot be reached) is
 * reported once and never waited for.
 */
public final class ReplicaWatch implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(100);
    private static final int ANNOUNCED_PAUSES = 3;
    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(30);
    private static final int MAX_HISTORY = 100_000;
    private static final Duration RECONNECT_EVERY = Duration.ofSeconds(5);

    /** Where the watch records what it reports (an event in the deployment log). */
    @FunctionalInterface
    public interface Events {
        void record(String outcome, String detail);
    }

    /**
     * One replica in one sample; {@code lagMs} is -1 when its replay position cannot be read. {@code catchUpMs} is
     * how long replaying its {@code lagBytes} would take at its recent replay rate, -1 while that rate is unknown.
     */
    public record Replica(String name, boolean streaming, long lagMs, long lagBytes, long catchUpMs) {
        /** What the throttle acts on: the lag now, or the lag it will reach before the backlog is replayed. */
        long pressureMs() {
            return Math.max(lagMs, catchUpMs);
        }

        /** Behind, and its replay rate not measured yet: how far its backlog reaches is unknown. */
        boolean rateUnknown() {
            return streaming && lagBytes > 0 && catchUpMs < 0;
        }
    }

    /**
     * The replay rate of one replica, from its replay positions some time apart. A span the replica was behind at
     * both ends (busy throughout) measures the rate; a span that ends caught up only bounds it from below (it
     * replayed everything there was). The estimate is the higher of the measured rates' median and the highest
     * recent bound, so that a replica that is always caught up (a near one) is not taken for a slow one.
     */
    private static final class ReplayRate {
        private static final long MIN_SPAN_NANOS = 200_000_000L;
        private static final int KEPT = 8;
        private long anchorNanos;
        private long anchorReplay = -1;
        private long anchorBehind;
        private final Deque<Double> measured = new ArrayDeque<>();
        private final Deque<Double> bounds = new ArrayDeque<>();

        void record(long nanos, long replay, long behind) {
            if (anchorReplay < 0 || replay < anchorReplay || anchorBehind <= 0) {
                anchor(nanos, replay, behind); // a span that starts caught up measures the writes, not the replay
                return;
            }
            if (nanos - anchorNanos < MIN_SPAN_NANOS) {
                return;
            }
            Deque<Double> into = behind > 0 ? measured : bounds;
            into.addLast((replay - anchorReplay) / ((nanos - anchorNanos) / 1e6));
            if (into.size() > KEPT) {
                into.removeFirst();
            }
            anchor(nanos, replay, behind);
        }

        private void anchor(long nanos, long replay, long behind) {
            anchorNanos = nanos;
            anchorReplay = replay;
            anchorBehind = behind;
        }

        boolean known() {
            return !measured.isEmpty() || !bounds.isEmpty();
        }

        /** Bytes per millisecond; 0 while unknown. */
        double bytesPerMs() {
            double[] sorted = measured.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
            return Math.max(median, bounds.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }

        /**
         * Milliseconds to replay {@code behind} bytes at the estimated rate; -1 before the first span, and
         * {@code staleMs} when the replica replayed nothing lately (stopped, or delayed on purpose): its staleness
         * tells more than a rate of zero.
         */
        long catchUpMs(long behind, long staleMs) {
            if (behind <= 0) {
                return 0;
            }
            if (!known()) {
                return -1;
            }
            double rate = bytesPerMs();
            return rate <= 0 ? staleMs : Math.round(behind / rate);
        }

        double bytesPerSecond() {
            return bytesPerMs() * 1000;
        }
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
    private long lastStepEndLsn = -1;
    private long lastSummary;
    private int unannouncedPauses;
    private long unannouncedMs;
    private String summaryOf;
    private final Map<String, ReplayRate> rates = new java.util.HashMap<>();
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
        long stepBytes = lastStepEndLsn < 0 ? 0 : Math.max(0, lastLsn - lastStepEndLsn);
        markStepEnd();
        Replica lagging = worst(now);
        if (!settings.throttles() || lagging == null) {
            return;
        }
        // The next step adds about its own duration to a lagging replica's staleness, and its WAL to the backlog:
        // leave room for one, so that the lag stays under the ceiling rather than just above it (at most half the
        // ceiling held back). A pause lasts until the lag is half that, so that pauses are few and not one per step.
        long maxLag = settings.maxLag().toMillis();
        long stepCatchUp = lagging.catchUpMs() > 0 && lagging.lagBytes() > 0
                ? Math.round((double) stepBytes * lagging.catchUpMs() / lagging.lagBytes()) : 0;
        // (plus a poll: a replica reports its replay position up to that late)
        long ceiling = maxLag - Math.min(Math.max(stepMs, stepCatchUp) + POLL.toMillis(), maxLag / 2);
        // a replica whose replay rate is not known yet may be seconds of replay behind already (a first batch can
        // write megabytes): wait until the rate is measured, a few hundred milliseconds once per deploy
        if (lagging.pressureMs() <= ceiling && !lagging.rateUnknown()) {
            return;
        }
        long resumeAt = ceiling / 2;
        pauses++;
        // a long backfill against a thin link pauses hundreds of times: the first few are told, then a sum
        boolean announced = pauses <= ANNOUNCED_PAUSES;
        if (announced) {
            listener.notice("replica " + lagging.name() + " " + describeLag(lagging) + " (ceiling "
                    + Durations.format(settings.maxLag()) + "): pausing " + what
                    + (pauses == ANNOUNCED_PAUSES ? "; further pauses are summed up every "
                    + Durations.format(SUMMARY_EVERY) : ""));
            lastSummary = System.nanoTime();
        }
        long started = System.nanoTime();
        long deadline = started + settings.catchupTimeout().toNanos();
        while (lagging != null && (lagging.pressureMs() > resumeAt || lagging.rateUnknown())) {
            if (System.nanoTime() > deadline) {
                pausedMs += (System.nanoTime() - started) / 1_000_000;
                String detail = "replica " + lagging.name() + " still " + describeLag(lagging) + " after "
                        + Durations.format(settings.catchupTimeout()) + " of waiting";
                events.record("replica-lag-timeout", detail);
                throw new ManorException(what + " stopped: " + detail + " (max_replica_lag = \""
                        + Durations.format(settings.maxLag()) + "\"). What committed is kept; run 'manor deploy' again"
                        + " when the replica has caught up, or raise replica_catchup_timeout or max_replica_lag");
            }
            sleep(POLL);
            String waitedFor = lagging.name();
            lagging = worst(sample(primary));
            if (announced && lagging != null && !lagging.name().equals(waitedFor)
                    && (lagging.pressureMs() > resumeAt || lagging.rateUnknown())) {
                // the pause goes on for another replica than the one named: name it too
                listener.notice("replica " + lagging.name() + " " + describeLag(lagging) + " (ceiling "
                        + Durations.format(settings.maxLag()) + "): pausing " + what);
            }
        }
        long waited = (System.nanoTime() - started) / 1_000_000;
        pausedMs += waited;
        markStepEnd();
        if (announced) {
            listener.notice("replica lag back under " + Durations.format(settings.maxLag()) + " after "
                    + Durations.format(Duration.ofMillis(waited)) + ": resuming " + what);
            return;
        }
        unannouncedPauses++;
        unannouncedMs += waited;
        summaryOf = what;
        if (System.nanoTime() - lastSummary >= SUMMARY_EVERY.toNanos()) {
            sumUpPauses();
        }
    }

    /** Tells the pauses not told one by one since the last summary, if any. */
    private void sumUpPauses() {
        if (unannouncedPauses == 0) {
            return;
        }
        listener.notice("replica lag: " + summaryOf + " paused " + unannouncedPauses + " more times for "
                + seconds(unannouncedMs) + " in all over the last " + seconds((System.nanoTime() - lastSummary)
                / 1_000_000) + " (ceiling " + Durations.format(settings.maxLag()) + ")");
        lastSummary = System.nanoTime();
        unannouncedPauses = 0;
        unannouncedMs = 0;
    }

    private void markStepEnd() {
        lastStepEnd = System.nanoTime();
        lastStepEndLsn = lastLsn;
    }

    /** "lags 1.2s behind", and the projected catch-up when that is what exceeds the ceiling. */
    private String describeLag(Replica r) {
        String lag = "lags " + Durations.format(Duration.ofMillis(Math.max(0, r.lagMs()))) + " behind";
        if (r.rateUnknown()) {
            return lag + " with " + megabytes(r.lagBytes()) + " of WAL still to replay at a rate not measured yet";
        }
        if (r.catchUpMs() <= r.lagMs()) {
            return lag;
        }
        ReplayRate rate = rates.get(r.name());
        return lag + " with " + megabytes(r.lagBytes()) + " of WAL still to replay, about "
                + Durations.format(Duration.ofMillis(r.catchUpMs())) + " at its recent "
                + megabytes(Math.round(rate == null ? 0 : rate.bytesPerSecond())) + "/s";
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
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
        sumUpPauses();
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
    private long lastLsn = -1;
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
        lastLsn = current;
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
            return new Replica(name, isStreaming, -1, -1, -1);
        }
        long behind = Math.max(0, current - replay);
        ReplayRate rate = rates.computeIfAbsent(name, n -> new ReplayRate());
        rate.record(now, replay, behind);
        if (behind == 0) {
            return new Replica(name, isStreaming, 0, 0, 0);
        }
        long lagMs = Math.max(staleness(now, replay), serverLag);
        return new Replica(name, isStreaming, lagMs, behind, rate.catchUpMs(behind, lagMs));
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
            return new Replica(name, false, -1, -1, -1); // a connect attempt per sample could cost connect_timeout each
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
            return new Replica(name, false, -1, -1, -1);
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

    /** The replica a pause waits for. Package-visible for tests. */
    static Replica worst(List<Replica> replicas) {
        return replicas.stream().filter(r -> r.streaming() && r.lagMs() >= 0).max(WORST_LAST).orElse(null);
    }

    /** A replica of unknown replay rate first (it is waited for), then the highest pressure. */
    private static final Comparator<Replica> WORST_LAST = Comparator.comparing(Replica::rateUnknown)
            .thenComparingLong(Replica::pressureMs);

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
        sumUpPauses();
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
