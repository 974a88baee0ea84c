package dev.manor.deploy.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a backfill's WAL fits in the WAL segment files the server has ready. When a write reaches the end of
 * the last segment, PostgreSQL creates the next file and zero-fills it (16 MB) while holding the WAL write lock,
 * so every commit on the server waits: in bench/run-zero-downtime.sh each creation stalled the traffic ~50 ms,
 * and they were behind 289 of 353 slow transactions of the type change's backfill. Segments are recycled
 * (renamed ahead of the insert position) at checkpoints, up to {@code min_wal_size} or the recent WAL rate, so a
 * quiet server with default settings has ~80 MB ready and a 2M-row backfill writes several hundred.
 *
 * <p>Manor cannot create segments ahead of time, so it warns: once, after the first batches, it extrapolates the
 * WAL written since the start (the traffic's included, which uses up the same files) to the keys left.
 *
 * @param readyBytes   recycled segments ahead of the insert position
 * @param segmentBytes {@code wal_segment_size}
 * @param minWalSize   {@code min_wal_size} as the server shows it
 * @param startLsn     the insert position when the backfill started
 */
record WalHeadroom(long readyBytes, long segmentBytes, String minWalSize, String startLsn) {
    private static final long MB = 1024 * 1024;

    /**
     * Reads the headroom; empty when the server will not list its WAL directory (it needs superuser or
     * pg_monitor) or cannot say, since the check is advice and never stops a backfill.
     */
    static Optional<WalHeadroom> read(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE w.name > pg_walfile_name(pg_current_wal_insert_lsn())),
                       pg_size_bytes(current_setting('wal_segment_size')),
                       current_setting('min_wal_size'), pg_current_wal_insert_lsn()::text
                FROM pg_ls_waldir() w WHERE w.name ~ '^[0-9A-F]{24}$'""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long segment = rs.getLong(2);
            return Optional.of(new WalHeadroom(rs.getLong(1) * segment, segment, rs.getString(3), rs.getString(4)));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** WAL written on the server since {@link #startLsn}. */
    long writtenSince(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)::bigint")) {
            ps.setString(1, startLsn);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The warning for a backfill that has written {@code written} bytes of WAL over {@code walked} of
     * {@code total} keys, or empty when the rest is expected to fit in the ready segments (one spare).
     */
    Optional<String> warning(String table, long written, long walked, long total) {
        if (walked <= 0 || total <= walked) {
            return Optional.empty();
        }
        long expected = Math.round((double) written / walked * total);
        long remaining = expected - written;
        long ready = Math.max(0, readyBytes - written);
        if (remaining <= ready + segmentBytes) {
            return Optional.empty();
        }
        long created = (remaining - ready + segmentBytes - 1) / segmentBytes;
        return Optional.of(String.format(Locale.ROOT, "WAL: the backfill of %s will write about %d MB of WAL in all"
                        + " and the server has %d MB of WAL segments ready, so PostgreSQL will create about %d new"
                        + " segment files; every commit on the server waits while each is zero-filled. Segments are"
                        + " kept for reuse up to min_wal_size (now %s): with it above %d MB, later backfills of this"
                        + " size reuse them",
                table, expected / MB, readyBytes / MB, created, minWalSize, roundUp(expected + segmentBytes) / MB));
    }

    private static long roundUp(long bytes) {
        long step = 64 * MB;
        return (bytes + step - 1) / step * step;
    }
}
