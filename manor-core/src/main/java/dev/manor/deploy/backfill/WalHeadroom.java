package dev.manor.deploy.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Watches whether a backfill's WAL fits in the WAL segment files the server has ready. When a write reaches the
 * end of the last segment, PostgreSQL creates the next file and zero-fills it (16 MB) while it holds the WAL write
 * lock, so every commit on the server waits: in bench/run-zero-downtime.sh each creation stalled the traffic
 * ~50 ms, and creations lay inside 289 of the 353 slow transactions of the type change's backfill. Checkpoints
 * recycle segments up to {@code min_wal_size} or the recent WAL rate, so a quiet server with default settings has
 * ~80 MB ready, and a 2M-row backfill writes several hundred.
 *
 * <p>Manor cannot create segments ahead of time, so it warns, once. At 10, 25, 50 and 75 % of the keys it
 * projects the WAL still to come from the rate since the previous point (the traffic's WAL included, since it
 * uses up the same files), and compares it with the segments ready at that moment. The rate of the first keys
 * is not used: right after a checkpoint their WAL is mostly full-page images, and in the benchmark it projected
 * four times the WAL the backfill then wrote.
 */
final class WalHeadroom {
    private static final long MB = 1024 * 1024;
    private static final double[] CHECK_POINTS = {0.05, 0.10, 0.25, 0.50, 0.75};

    private final long totalKeys;
    private int nextPoint;
    private long lastWalked;
    private long lastLsn; // set at the first check point: the keys before it are not projected from
    private boolean done;

    private WalHeadroom(long totalKeys) {
        this.totalKeys = totalKeys;
    }

    /** What the server has ready now. */
    record Ready(long readyBytes, long segmentBytes, String minWalSize, String lsn) {
    }

    /**
     * Starts watching a backfill of {@code totalKeys} keys; empty when the server will not list its WAL directory
     * (that needs superuser or pg_monitor) or cannot say, since this is advice and never stops a backfill.
     */
    static Optional<WalHeadroom> start(Connection c, long totalKeys) {
        return read(c).map(r -> new WalHeadroom(totalKeys));
    }

    static Optional<Ready> read(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE w.name > pg_walfile_name(pg_current_wal_insert_lsn())),
                       pg_size_bytes(current_setting('wal_segment_size')),
                       current_setting('min_wal_size'), pg_current_wal_insert_lsn()::text
                FROM pg_ls_waldir() w WHERE w.name ~ '^[0-9A-F]{24}$'""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long segment = rs.getLong(2);
            return Optional.of(new Ready(rs.getLong(1) * segment, segment, rs.getString(3), rs.getString(4)));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** After a batch: at a check point, the warning if the WAL still to come outgrows the ready segments. */
    Optional<String> afterBatch(Connection c, String table, long walked) {
        if (done || nextPoint >= CHECK_POINTS.length || walked < CHECK_POINTS[nextPoint] * totalKeys) {
            return Optional.empty();
        }
        boolean first = nextPoint == 0;
        while (nextPoint < CHECK_POINTS.length && walked >= CHECK_POINTS[nextPoint] * totalKeys) {
            nextPoint++;
        }
        Optional<Ready> now = read(c);
        if (now.isEmpty()) {
            done = true; // lost the right to look: stop asking
            return Optional.empty();
        }
        long lsn = lsnBytes(now.get().lsn());
        long written = lsn - lastLsn;
        long keys = walked - lastWalked;
        lastLsn = lsn;
        lastWalked = walked;
        if (first) {
            return Optional.empty();
        }
        Optional<String> w = warning(table, now.get(), written, keys, totalKeys - walked);
        done = w.isPresent(); // one notice per backfill
        return w;
    }

    /**
     * The warning when {@code keysLeft} keys at {@code written} bytes per {@code keys} keys outgrow the ready
     * segments by more than one spare segment; empty otherwise.
     */
    static Optional<String> warning(String table, Ready ready, long written, long keys, long keysLeft) {
        if (keys <= 0 || keysLeft <= 0) {
            return Optional.empty();
        }
        long toCome = Math.round((double) written / keys * keysLeft);
        if (toCome <= ready.readyBytes() + ready.segmentBytes()) {
            return Optional.empty();
        }
        long created = (toCome - ready.readyBytes() + ready.segmentBytes() - 1) / ready.segmentBytes();
        return Optional.of(String.format(Locale.ROOT, "WAL: at its current rate the backfill of %s will write about"
                        + " %d MB more WAL and the server has %d MB of WAL segments ready, so PostgreSQL will create"
                        + " about %d new segment files; every commit on the server waits while each is zero-filled."
                        + " Segments are kept for reuse up to min_wal_size (now %s): with it above %d MB, later"
                        + " backfills like this one reuse them",
                table, toCome / MB, ready.readyBytes() / MB, created, ready.minWalSize(),
                roundUp(toCome + ready.segmentBytes()) / MB));
    }

    /** A pg_lsn's text ({@code 16/B374D848}) as a byte position: high 32 bits / low 32 bits, in hex. */
    static long lsnBytes(String lsn) {
        int slash = lsn.indexOf('/');
        return (Long.parseLong(lsn.substring(0, slash), 16) << 32) | Long.parseLong(lsn.substring(slash + 1), 16);
    }

    private static long roundUp(long bytes) {
        long step = 64 * MB;
        return (bytes + step - 1) / step * step;
    }
}
