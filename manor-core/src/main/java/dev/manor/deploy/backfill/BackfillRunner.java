package dev.manor.deploy.backfill;

import dev.manor.ManorException;
import dev.manor.config.Database;
import dev.manor.config.ManorConfig;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.Failpoints;
import dev.manor.deploy.ManorSessions;
import dev.manor.deploy.StatementFailure;
import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a migration's {@code backfill.sql} after its DDL committed: the UPDATE is cut into primary-key
 * ranges, each range its own short transaction that also records the range end in manor_backfills, so
 * row locks are held for one batch only and an interrupted run resumes after its last committed batch.
 */
public final class BackfillRunner {
    private static final Set<String> KEY_TYPES = Set.of("int2", "int4", "int8", "uuid", "text", "varchar");
    private static final int MIN_BATCH = 10;
    private static final int MAX_BATCH = 1_000_000;
    static final double TARGET_SHARE = 0.6;

    private final Database db;
    private final ManorConfig config;
    private final DeployListener listener;
    private final BackfillStore store;
    private dev.manor.deploy.replica.ReplicaWatch replicas = dev.manor.deploy.replica.ReplicaWatch.none();

    public BackfillRunner(Database db, ManorConfig config, DeployListener listener) {
        this.db = db;
        this.config = config;
        this.listener = listener;
        this.store = new BackfillStore(config.historySchema());
    }

    /** Batches pause while a replica lags past the ceiling (docs/replicas.md). */
    public BackfillRunner watching(dev.manor.deploy.replica.ReplicaWatch watch) {
        this.replicas = watch;
        return this;
    }

    /** The primary key the backfill walks. */
    record Key(String column, String type) {
        String quoted() {
            return BackfillStore.quote(column);
        }
    }

    /** Creates manor_backfills if missing, before a migration that registers its backfill in its transaction. */
    public void ensureTable() {
        withConnection(c -> {
            c.setAutoCommit(true);
            store.ensureTable(c);
            return null;
        });
    }

    /**
     * Records a migration's backfill as started, on the migration's own connection and in its transaction,
     * so that the backfill is known the moment the migration is.
     */
    public void register(Connection c, Migration m) throws SQLException {
        String file = m.displayPath(Migration.BACKFILL_FILE);
        BackfillSpec spec = BackfillSpec.parse(m.backfillSql(), file);
        store.start(c, m.id(), spec.table(), primaryKey(c, spec.table(), file).column());
    }

    /** Runs a just-applied migration's backfill from the beginning (its record was made with the migration). */
    public BackfillProgress runFresh(Migration m) {
        return run(m, true);
    }

    /**
     * Finishes backfills that an earlier deploy left running or failed, and starts those of applied migrations
     * that have no record at all (applied by an earlier version, or settled by resolve); returns how many.
     */
    public int resumeUnfinished(List<Migration> applied) {
        int resumed = 0;
        for (Migration m : applied) {
            if (m.backfillSql() == null) {
                continue;
            }
            Optional<BackfillRecord> r = withConnection(c -> store.exists(c) ? store.find(c, m.id()) : Optional.empty());
            if (r.isEmpty() || !r.get().finished()) {
                run(m, r.isEmpty());
                resumed++;
            }
        }
        return resumed;
    }

    /**
     * Records a just-applied migration's backfill as unfinished without running a batch, so that the next deploy
     * (or {@link #resumeUnfinished}) runs it from the first key, even after a crash.
     */
    public void defer(Migration m) {
        String file = m.displayPath(Migration.BACKFILL_FILE);
        BackfillSpec spec = BackfillSpec.parse(m.backfillSql(), file);
        withConnection(c -> {
            c.setAutoCommit(true);
            store.ensureTable(c);
            store.start(c, m.id(), spec.table(), primaryKey(c, spec.table(), file).column());
            return null;
        });
        listener.notice("the backfill of " + m.folderName() + " is deferred to the next deploy");
    }

    /** Whether any of these applied migrations has a backfill that has not finished. */
    public boolean hasUnfinished(List<Migration> applied) {
        for (Migration m : applied) {
            // no record at all is unfinished too: the backfill never started
            if (m.backfillSql() != null && withConnection(c -> store.exists(c) ? store.find(c, m.id()) : Optional.<BackfillRecord>empty())
                    .map(r -> !r.finished()).orElse(true)) {
                return true;
            }
        }
        return false;
    }

    private BackfillProgress run(Migration m, boolean fresh) {
        String file = m.displayPath(Migration.BACKFILL_FILE);
        BackfillSpec spec = BackfillSpec.parse(m.backfillSql(), file);
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            ManorSessions.tag(c, config.historySchema(), false);
            store.ensureTable(c);
            Key key = primaryKey(c, spec.table(), file);
            Optional<BackfillRecord> record = store.find(c, m.id());
            if (record.isEmpty()) {
                listener.notice("starting the backfill of " + m.folderName() + ", which has no record yet");
                store.start(c, m.id(), spec.table(), key.column());
                record = store.find(c, m.id());
            }
            BackfillRecord r = record.orElseThrow();
            boolean resumed = !fresh || r.batches() > 0;
            if (resumed) {
                listener.notice(r.lastKey() == null ? "running the deferred backfill of " + m.folderName()
                        : "resuming the backfill of " + m.folderName() + " after " + key.column() + " = "
                        + r.lastKey() + " (" + r.rowsDone() + " rows already done)");
            }
            try {
                return walk(c, m, spec, key, r.lastKey(), r.rowsDone(), resumed, file);
            } finally {
                ManorSessions.untag(c);
            }
        } catch (SQLException e) {
            // whatever failed (the server going away included), the batches that committed are kept
            throw new ManorException("backfill of " + m.folderName() + ": " + firstLine(e) + ". The batches that"
                    + " committed are kept; run 'manor deploy' again to resume after them", e);
        }
    }

    private BackfillProgress walk(Connection c, Migration m, BackfillSpec spec, Key key, String lastKey,
                                  long rowsDone, boolean resumed, String file) throws SQLException {
        long startNanos = System.nanoTime();
        long total = remainingKeys(c, spec, key, lastKey);
        int batch = spec.batch();
        long walked = 0;
        BackfillProgress progress = new BackfillProgress(spec.table(), rowsDone, 0, total, batch, 0, resumed);
        listener.backfillStarted(m, progress);
        BatchStatement statement = new BatchStatement(spec, key, store.tableName());
        useBatchSettings(c);
        String upTo = spec.existingRowsOnly() ? highestKey(c, spec, key) : null;
        boolean nothingToWalk = spec.existingRowsOnly() && upTo == null;
        Optional<WalHeadroom> wal = WalHeadroom.start(c, total);
        // a sample right before the first batch, and no start on a replica that already lags
        replicas.pauseWhileLagging(c, "the backfill of " + m.folderName());
        while (!nothingToWalk) {
            long batchStart = System.nanoTime();
            BatchStatement.Result done;
            try {
                done = runBatch(c, statement, m.id(), lastKey, upTo, batch);
            } catch (BatchStatement.ProgressMoved moved) {
                BackfillRecord now = store.find(c, m.id()).orElseThrow(() -> moved);
                listener.notice("the backfill of " + m.folderName() + " was moved on to " + key.column() + " = "
                        + now.lastKey() + " by an earlier run's last batch; going on from there");
                lastKey = now.lastKey();
                rowsDone = now.rowsDone();
                continue;
            } catch (SQLException e) {
                String error = file + ": batch after " + key.column() + " = " + (lastKey == null ? "(start)" : lastKey)
                        + " failed: " + firstLine(e);
                recordFailure(m, error);
                listener.backfillFailed(m, error);
                throw new ManorException(error + ". " + rowsDone + " rows were updated and kept; run 'manor deploy'"
                        + " again to resume from there", e);
            }
            if (done == null) {
                break;
            }
            Failpoints.hit(Failpoints.BACKFILL_BATCH_DONE);
            long batchMs = (System.nanoTime() - batchStart) / 1_000_000;
            rowsDone += done.rowsUpdated();
            walked += done.keysWalked();
            lastKey = done.lastKey();
            progress = new BackfillProgress(spec.table(), rowsDone, walked, Math.max(total, walked), batch,
                    (System.nanoTime() - startNanos) / 1_000_000, resumed);
            listener.backfillProgress(m, progress);
            if (wal.isPresent()) { // advice only: its read failing ends the watch, never the backfill
                wal.get().afterBatch(c, spec.table(), walked).ifPresent(listener::notice);
            }
            if (spec.adaptive()) {
                batch = adapt(batch, done.keysWalked(), batchMs, spec.target());
            }
            if (!spec.pause().isZero()) {
                sleep(spec.pause());
            }
            replicas.pauseWhileLagging(c, "the backfill of " + m.folderName());
        }
        store.finish(c, m.id(), BackfillRecord.DONE, null);
        progress = new BackfillProgress(spec.table(), rowsDone, walked, walked, batch,
                (System.nanoTime() - startNanos) / 1_000_000, resumed);
        listener.backfillFinished(m, progress);
        return progress;
    }

    /**
     * Session settings for the batches. The connection is the backfill's own, so they are set once rather
     * than per batch (every round trip lengthens a batch). Batches keep synchronous_commit on: with it off
     * the backfill ran faster, but the traffic's own commits then flushed the backfill's WAL and their max
     * latency rose by ~50 % in bench/run-zero-downtime.sh.
     */
    private void useBatchSettings(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = " + config.lockTimeout().toMillis());
            s.execute("SET statement_timeout = " + config.statementTimeout().toMillis());
            // plan each batch for its own bounds: a generic plan may not see how narrow the key range is
            // (plan_cache_mode exists from PostgreSQL 12)
            s.execute("SELECT set_config('plan_cache_mode', 'force_custom_plan', false)"
                    + " WHERE current_setting('server_version_num')::int >= 120000");
        }
    }

    /** One batch: a single autocommitted statement (range, update, progress row); lock timeouts are retried. */
    private BatchStatement.Result runBatch(Connection c, BatchStatement statement, String migrationId, String from,
                                           String upTo, int batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.run(c, migrationId, from, upTo, batch);
            } catch (SQLException e) {
                if (StatementFailure.isLockTimeout(e) && attempt < config.retry().maxAttempts()) {
                    sleep(config.retry().backoff(attempt));
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * The next batch size for an adaptive backfill. It aims at {@link #TARGET_SHARE} of the target, not the
     * target itself, so that an unlucky batch (a checkpoint, a cold page) still ends under the target; it
     * grows at most twofold per batch and shrinks at once when a batch ran long.
     */
    static int adapt(int batch, long keysWalked, long batchMs, Duration target) {
        long next;
        if (batchMs <= 0 || keysWalked <= 0) {
            next = 2L * batch;
        } else {
            double msPerKey = (double) batchMs / keysWalked;
            next = Math.min(2L * batch, Math.round(target.toMillis() * TARGET_SHARE / msPerKey));
        }
        return (int) Math.max(MIN_BATCH, Math.min(MAX_BATCH, next));
    }

    /**
     * How many keys this run will walk, for the progress and the WAL projection. A fresh start takes the planner's
     * estimate (pg_class.reltuples) when the table has statistics: counting is a full scan, which on a large table
     * costs seconds of I/O and, measured under bench/run-zero-downtime.sh's traffic, a one-off latency spike at the
     * start of every backfill. A resumed run, or a table never analysed, counts (a resumed count walks the key's
     * index from the last key).
     */
    private static long remainingKeys(Connection c, BackfillSpec spec, Key key, String lastKey) throws SQLException {
        if (lastKey == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
                ps.setString(1, spec.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return rs.getLong(1);
                    }
                }
            }
        }
        String sql = "SELECT count(*) FROM " + spec.table()
                + (lastKey == null ? "" : " WHERE " + key.quoted() + " > ?::" + key.type());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (lastKey != null) {
                ps.setString(1, lastKey);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The highest key now ({@code rows=existing}: where this run's walk ends), null for an empty table. A resumed
     * run reads it again: rows inserted in between are the sync trigger's, and walking them does no harm. (The
     * alias matters: ORDER BY a name that is also an output column's sorts by the text.)
     */
    private static String highestKey(Connection c, BackfillSpec spec, Key key) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + key.quoted() + "::text AS highest FROM "
                + spec.table() + " ORDER BY " + key.quoted() + " DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The table's single-column primary key; refuses other keys with a message that says what to do. */
    static Key primaryKey(Connection c, String table, String file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname
                FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE i.indrelid = ?::regclass AND i.indisprimary""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ManorException(file + ": table " + table + " has no primary key; a backfill walks the"
                            + " table in primary-key ranges");
                }
                Key key = new Key(rs.getString(1), rs.getString(2));
                String typname = rs.getString(3);
                if (rs.next()) {
                    throw new ManorException(file + ": table " + table + " has a composite primary key; a backfill"
                            + " supports single-column keys only");
                }
                if (!KEY_TYPES.contains(typname)) {
                    throw new ManorException(file + ": the primary key " + table + "." + key.column() + " is of type "
                            + key.type() + "; a backfill supports integer, bigint, uuid and text keys");
                }
                return key;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new ManorException(file + ": " + firstLine(e), e);
            }
            throw e;
        }
    }

    private void recordFailure(Migration m, String error) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            store.finish(c, m.id(), BackfillRecord.FAILED, error);
        } catch (SQLException ignored) {
            // the record stays 'running', which resumes the same way
        }
    }

    private <T> T withConnection(SqlBody<T> body) {
        try (Connection c = db.connect()) {
            return body.apply(c);
        } catch (SQLException e) {
            throw new ManorException(firstLine(e), e);
        }
    }

    @FunctionalInterface
    private interface SqlBody<T> {
        T apply(Connection c) throws SQLException;
    }

    private static void sleep(Duration d) {
        dev.manor.deploy.Pause.sleep(d, "running a backfill");
    }

    private static String firstLine(SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        return msg.lines().findFirst().orElse(msg).replaceFirst("^ERROR: ", "");
    }
}
