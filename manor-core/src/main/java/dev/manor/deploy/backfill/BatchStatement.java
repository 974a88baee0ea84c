package dev.manor.deploy.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One backfill batch as a single statement: find the end of the next {@code batch} keys, update the rows in
 * that key range, and move the progress row, all in one round trip and one (autocommitted) transaction.
 * Separate statements would cost a round trip each, and on a busy server every round trip waits for the
 * backend to be scheduled again, which lengthens the batch and the row locks it holds.
 */
final class BatchStatement {
    /** What a batch did; {@code lastKey} is where the next one starts. */
    record Result(String lastKey, long keysWalked, long rowsUpdated) {
    }

    /**
     * The progress row no longer says the batch's start: another run (a killed deployer's batch that was still
     * running) moved it. The batch did nothing; the caller re-reads the progress and goes on from there.
     */
    static final class ProgressMoved extends SQLException {
        ProgressMoved(String migrationId) {
            super("the progress of the backfill of " + migrationId + " moved under this run");
        }
    }

    private final String first;
    private final String next;

    BatchStatement(BackfillSpec spec, BackfillRunner.Key key, String progressTable) {
        this.first = sql(spec, key, progressTable, false);
        this.next = sql(spec, key, progressTable, true);
    }

    /**
     * Runs the batch after {@code from} (null: from the first key) up to {@code upTo} at most (null: no bound);
     * null when no keys are left.
     */
    Result run(Connection c, String migrationId, String from, String upTo, int batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(from == null ? first : next)) {
            int i = 1;
            ps.setString(i++, migrationId);
            ps.setString(i++, from);
            if (from != null) {
                ps.setString(i++, from);
            }
            ps.setString(i++, upTo);
            ps.setString(i++, upTo);
            ps.setInt(i++, batch);
            if (from != null) {
                ps.setString(i++, from);
            }
            ps.setString(i, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(5) == 0) {
                    throw new ProgressMoved(migrationId);
                }
                if (rs.getString(1) == null) {
                    return null;
                }
                if (rs.getLong(4) != 1) {
                    throw new SQLException("the backfill record of " + migrationId + " disappeared");
                }
                return new Result(rs.getString(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private static String sql(BackfillSpec spec, BackfillRunner.Key key, String progressTable, boolean after) {
        String k = key.quoted();
        String lower = after ? k + " > ?::" + key.type() : null;
        // g fences the batch: it runs only while the progress row still says it starts at 'from' (locked, so a
        // still-running batch of a killed deployer that moves it first makes this one do nothing).
        // The range end as "last of the next n keys, sorted": max() does not exist for every key type (uuid).
        return "WITH g AS MATERIALIZED (SELECT 1 FROM " + progressTable + " WHERE migration_id = ?"
                + " AND last_key IS NOT DISTINCT FROM ?::text FOR UPDATE),"
                + " r AS MATERIALIZED (SELECT s.k AS hi, count(*) OVER () AS n FROM (SELECT " + k + " AS k FROM "
                + spec.table() + " WHERE EXISTS (SELECT FROM g)" + (after ? " AND " + lower : "")
                + " AND (?::text IS NULL OR " + k + " <= ?::text::" + key.type() + ") ORDER BY " + k
                + " LIMIT ?) s ORDER BY s.k DESC LIMIT 1),"
                + " u AS (UPDATE " + spec.table() + " SET " + spec.set() + " WHERE "
                + (spec.where() == null ? "" : "(" + spec.where() + ") AND ")
                + (after ? lower + " AND " : "") + k + " <= (SELECT hi FROM r) RETURNING 1),"
                + " p AS (UPDATE " + progressTable + " SET last_key = (SELECT hi::text FROM r),"
                + " rows_done = rows_done + (SELECT count(*) FROM u), batches = batches + 1, status = 'running',"
                + " error = NULL, updated_at = now() WHERE migration_id = ? AND EXISTS (SELECT FROM r) RETURNING 1)"
                + " SELECT (SELECT hi::text FROM r), (SELECT n FROM r), (SELECT count(*) FROM u), (SELECT count(*) FROM p),"
                + " (SELECT count(*) FROM g)";
    }
}
