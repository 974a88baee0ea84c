package dev.manor.deploy;

import dev.manor.LockNotAcquiredException;
import dev.manor.ManorException;
import dev.manor.MigrationFailedException;
import dev.manor.TrafficGuardCancelledException;
import dev.manor.config.Database;
import dev.manor.config.ManorConfig;
import dev.manor.config.RetryPolicy;
import dev.manor.deploy.guard.GuardSettings;
import dev.manor.deploy.guard.GuardSummary;
import dev.manor.deploy.guard.TrafficGuard;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Runs a migration's statements. A transactional script runs in one transaction together with the
 * caller's history write, retried whole when its lock_timeout fires. A no-transaction script runs
 * statement by statement, each retried alone: in a transaction with its journal step when it can run in one,
 * in autocommit and journaled right after when it cannot (see {@link NoTransactionStatements}).
 */
public final class MigrationExecutor {
    private static final Pattern TRANSACTION_CONTROL = Pattern.compile(
            "(?is)^(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\\b(?!\\s+ATOMIC).*");

    /** Writes history (and events) inside the migration's own transaction, or after a no-transaction run. */
    @FunctionalInterface
    public interface HistoryWrite {
        void write(Connection c, ExecutionReport report) throws SQLException;
    }

    /** Journals progress of a no-transaction run: called after each finished statement. */
    @FunctionalInterface
    public interface Journal {
        void stepDone(Connection c, int stepsDone) throws SQLException;
    }

    private final Database db;
    private final ManorConfig config;
    private final DeployListener listener;
    private final GuardSettings guardSettings;
    private dev.manor.deploy.replica.ReplicaWatch replicas = dev.manor.deploy.replica.ReplicaWatch.none();

    public MigrationExecutor(Database db, ManorConfig config, DeployListener listener) {
        this(db, config, listener, GuardSettings.DEFAULT);
    }

    public MigrationExecutor(Database db, ManorConfig config, DeployListener listener, GuardSettings guard) {
        this.db = db;
        this.config = config;
        this.listener = listener;
        this.guardSettings = guard == null ? GuardSettings.DEFAULT : guard;
    }

    /** No-transaction steps pause between statements while a replica lags past the ceiling (docs/replicas.md). */
    public MigrationExecutor watching(dev.manor.deploy.replica.ReplicaWatch watch) {
        this.replicas = watch;
        return this;
    }

    /** Refuses BEGIN/COMMIT inside a script: Manor owns the transaction. */
    public static void checkNoTransactionControl(String file, List<SqlStatement> statements) {
        for (SqlStatement st : statements) {
            if (TRANSACTION_CONTROL.matcher(st.sql().strip()).matches()) {
                throw new dev.manor.migration.MigrationFormatException(file, st.line(), "remove '" + st.summary()
                        + "': Manor runs each migration in its own transaction (or, with -- manor:no-transaction,"
                        + " statement by statement)");
            }
        }
    }

    /**
     * Runs the statements and the history write in one transaction, retrying on lock timeouts, under the
     * script's own lock_timeout ({@code -- manor:lock-timeout}) when {@code lockTimeout} is not null; on
     * connections of its own.
     */
    public ExecutionReport runTransactional(Migration m, String file, List<SqlStatement> statements,
                                            Duration lockTimeout, HistoryWrite history) {
        try (DeploySession session = new DeploySession(db, config.historySchema(), guardSettings)) {
            return runTransactional(session, m, file, statements, lockTimeout, history);
        }
    }

    /**
     * {@link #runTransactional(Migration, String, List, Duration, HistoryWrite)} on the deploy's connections.
     * Round trips on the migration connection: BEGIN with the session settings and the report's before figures
     * (one), the statements, the history write (one, for the row and its event), COMMIT; the traffic guard's
     * final sample, with the after figures, is one more on its own connection.
     */
    public ExecutionReport runTransactional(DeploySession session, Migration m, String file,
                                            List<SqlStatement> statements, Duration lockTimeout, HistoryWrite history) {
        checkNoTransactionControl(file, statements);
        RetryPolicy retry = config.retry();
        Reports.warmUp();
        long started = System.nanoTime();
        long lockWaitNanos = 0;
        for (int attempt = 1; ; attempt++) {
            long attemptStart = System.nanoTime();
            try {
                Probe before = begin(session, lockTimeout);
                Connection c = session.connection();
                ServerWatch watch = session.watch();
                long rows = 0;
                SqlStatement current = null;
                boolean committing = false;
                AtomicReference<SqlStatement> running = new AtomicReference<>();
                TrafficGuard guard = startGuard(session, m, running);
                try {
                    for (SqlStatement st : statements) {
                        current = st;
                        running.set(st);
                        listener.statementStarted(m, st);
                        rows += execute(c, st);
                    }
                    current = null;
                    guard.sampleNow();
                    GuardSummary seen = guard.stop();
                    noteAutovacuums(m, seen);
                    if (seen.cancelled()) {
                        throw new SQLException("the traffic guard cancelled the migration after its last statement");
                    }
                    TrafficGuard.ServerFigures figures = guard.figures();
                    Probe after = figures == null ? Probe.read(c) : Probe.of(figures);
                    ExecutionReport report = report(millis(System.nanoTime() - started), millis(lockWaitNanos),
                            attempt - 1, statements.size(), rows, before, after, seen);
                    history.write(c, report);
                    committing = true;
                    c.commit();
                    session.served();
                    return report;
                } catch (SQLException e) {
                    GuardSummary seen = guard.stop();
                    noteAutovacuums(m, seen);
                    if (watch.wentAway()) {
                        throw watch.failure(m.folderName());
                    }
                    rollbackQuietly(c);
                    if (seen.cancelled()) {
                        throw guardCancelled(m, file, current, seen);
                    }
                    if (current != null && StatementFailure.isLockTimeout(e) && attempt < retry.maxAttempts()) {
                        // Rolled back: the connection is clean again, and the next attempt sets its settings anew.
                        Duration pause = retry.backoff(attempt);
                        listener.retrying(m, current, attempt, pause, firstLine(e));
                        sleep(pause);
                        lockWaitNanos += System.nanoTime() - attemptStart;
                        continue;
                    }
                    if (committing) {
                        // Deferred constraints and constraint triggers fire here: the migration's own doing.
                        throw new MigrationFailedException(file + ": failed at COMMIT: " + firstLine(e), m.id(), file,
                                0, e.getSQLState(), e);
                    }
                    if (current == null) {
                        throw new ManorException("could not record " + m.folderName() + " in the history: "
                                + firstLine(e), e);
                    }
                    if (StatementFailure.isLockTimeout(e)) {
                        throw lockNotAcquired(m, file, current, attempt, e);
                    }
                    throw StatementFailure.describe(m.id(), file, current, e);
                } finally {
                    guard.close();
                }
            } catch (SQLException e) {
                session.discard();
                throw new ManorException("database error around " + m.folderName() + ": " + firstLine(e), e);
            } catch (RuntimeException e) {
                // A cancelled, failed or cut-off session may still carry a cancel request or a broken state.
                session.discard();
                throw e;
            }
        }
    }

    /**
     * BEGIN, the transaction's timeouts and the WAL position before: one round trip. Only the WAL position of the
     * before figures goes in the report (connections are the after figures'), and pgjdbc parses this again after
     * every migration's DDL (it drops its prepared statements when the schema may have changed), so it reads
     * nothing more: with the pg_stat_activity count it cost 0.7 ms of parse and plan per migration.
     */
    private static final String BEGIN = """
            SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true),
                   CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_insert_lsn()::text END""";

    /**
     * Opens the migration's transaction. A connection that served an earlier migration and died while idle (its
     * backend terminated, the server restarted) is replaced once: nothing of this migration has run on it.
     */
    private Probe begin(DeploySession session, Duration lockTimeout) throws SQLException {
        Duration lock = lockTimeout == null ? config.lockTimeout() : lockTimeout;
        while (true) {
            Connection c = session.connection();
            boolean reused = session.reused();
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(BEGIN)) {
                    ps.setString(1, Long.toString(lock.toMillis()));
                    ps.setString(2, Long.toString(config.statementTimeout().toMillis()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new Probe(rs.getString(3), 0, 0);
                    }
                }
            } catch (SQLException e) {
                if (!reused || !connectionLost(c, e)) {
                    throw e;
                }
                listener.notice("the deploy's connection was lost between migrations (" + firstLine(e)
                        + "); opening a new one");
                session.discard();
            }
        }
    }

    /** The session is unusable: a connection-class error, the backend terminated, or the socket closed. */
    private static boolean connectionLost(Connection c, SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException ignored) {
            return true;
        }
    }

    /**
     * Runs statements {@code from..} one by one, then writes history, under the script's own lock_timeout
     * when {@code lockTimeout} is not null. A statement that can run in a transaction block runs in one
     * together with its journal step, so it takes effect exactly once whenever the deployer dies; one that
     * cannot ({@link NoTransactionStatements}) runs in autocommit and is journaled right after. When
     * {@code interrupted}, statement {@code from} may have been running when an earlier deployer died: an
     * autocommit one is then settled from the catalog first (or refused). {@code failpoint} names the
     * moment after a statement returned and before its journal step (see {@link Failpoints}).
     */
    public ExecutionReport runStepwise(Migration m, String file, List<SqlStatement> statements, int from,
                                       boolean interrupted, Duration lockTimeout, String failpoint, Journal journal,
                                       HistoryWrite history) {
        checkNoTransactionControl(file, statements);
        long started = System.nanoTime();
        long lockWaitNanos = 0;
        int retries = 0;
        long rows = 0;
        replicas.beginWindow();
        try (Connection c = db.connect(); ServerWatch watch = ServerWatch.start(db, c);
             SessionTimeouts ignored = () -> resetTimeouts(c)) {
            c.setAutoCommit(true);
            ManorSessions.tag(c, config.historySchema(), false);
            Probe before = Probe.read(c);
            applyTimeouts(c, false, lockTimeout);
            AtomicReference<SqlStatement> running = new AtomicReference<>();
            GuardSummary seen;
            try (TrafficGuard guard = startGuard(m, c, running)) {
                replicas.pauseWhileLagging(c, "the no-transaction steps of " + m.folderName());
                for (int i = from; i < statements.size(); i++) {
                    SqlStatement st = statements.get(i);
                    running.set(st);
                    listener.statementStarted(m, st);
                    boolean alone = NoTransactionStatements.outsideTransaction(st);
                    if (alone && interrupted && i == from && NoTransactionStatements.settle(c, file, m.id(), st,
                            listener) == NoTransactionStatements.Verdict.DONE) {
                        listener.notice(file + ":" + st.line() + ": '" + st.summary() + "' took effect before the"
                                + " earlier deployer stopped (seen in the catalog); not run again");
                        journal.stepDone(c, i + 1);
                        continue;
                    }
                    if (alone) {
                        NoTransactionStatements.dropInvalidBuild(c, st, listener);
                    }
                    for (int attempt = 1; ; attempt++) {
                        long attemptStart = System.nanoTime();
                        try {
                            if (alone) {
                                rows += execute(c, st);
                                Failpoints.hit(failpoint);
                                journal.stepDone(c, i + 1);
                            } else {
                                rows += inTransaction(c, st, i + 1, failpoint, journal);
                            }
                            break;
                        } catch (SQLException e) {
                            if (watch.wentAway()) {
                                throw watch.failure(m.folderName());
                            }
                            GuardSummary sofar = guard.cancellation() == null ? null : guard.stop();
                            if (sofar != null) {
                                throw guardCancelled(m, file, st, sofar);
                            }
                            if (!alone && cannotRunInTransaction(e)) {
                                alone = true; // a DO block or procedure that commits: run it on its own
                                NoTransactionStatements.dropInvalidBuild(c, st, listener);
                                attempt--;
                                continue;
                            }
                            if (StatementFailure.isLockTimeout(e) && attempt < config.retry().maxAttempts()) {
                                Duration pause = config.retry().backoff(attempt);
                                listener.retrying(m, st, attempt, pause, firstLine(e));
                                sleep(pause);
                                lockWaitNanos += System.nanoTime() - attemptStart;
                                retries++;
                                if (alone) {
                                    NoTransactionStatements.dropInvalidBuild(c, st, listener);
                                }
                                continue;
                            }
                            if (StatementFailure.isLockTimeout(e)) {
                                throw lockNotAcquired(m, file, st, attempt, e);
                            }
                            throw StatementFailure.describe(m.id(), file, st, e);
                        }
                    }
                    replicas.pauseWhileLagging(c, "the no-transaction steps of " + m.folderName());
                }
                seen = guard.stop();
                noteAutovacuums(m, seen);
            }
            Probe after = Probe.read(c);
            ExecutionReport report = report(millis(System.nanoTime() - started), millis(lockWaitNanos), retries,
                    statements.size() - from, rows, before, after, seen).withReplicaLagPeak(replicas.windowPeakMs());
            c.setAutoCommit(false);
            try {
                history.write(c, report);
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            }
            return report;
        } catch (SQLException e) {
            throw new ManorException("database error around " + m.folderName() + ": " + firstLine(e), e);
        }
    }

    /** BEGIN; statement; journal step; COMMIT: the statement and its step commit together or not at all. */
    private static long inTransaction(Connection c, SqlStatement st, int stepsDone, String failpoint, Journal journal)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            long rows = execute(c, st);
            Failpoints.hit(failpoint);
            journal.stepDone(c, stepsDone);
            c.commit();
            return rows;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a broken connection fails the next statement with its own error
            }
        }
    }

    /** The statement refused to run inside a transaction block, or tried to end one (a procedure that commits). */
    private static boolean cannotRunInTransaction(SQLException e) {
        return StatementFailure.ACTIVE_SQL_TRANSACTION.equals(e.getSQLState()) || "2D000".equals(e.getSQLState());
    }

    /** A guard on the deploy's guard connection, on the migration backend, forwarding its samples to the listener. */
    private TrafficGuard startGuard(DeploySession session, Migration m, AtomicReference<SqlStatement> running) {
        return session.guard().start(session.pid(), sample -> listener.guardSample(m, running.get(), sample));
    }

    /** A guard on the migration connection's backend that forwards its samples to the listener. */
    private TrafficGuard startGuard(Migration m, Connection c, AtomicReference<SqlStatement> running)
            throws SQLException {
        if (!guardSettings.enabled()) {
            return TrafficGuard.start(db, 0, guardSettings, null);
        }
        return TrafficGuard.start(db, TrafficGuard.backendPid(c), guardSettings,
                sample -> listener.guardSample(m, running.get(), sample));
    }

    private void noteAutovacuums(Migration m, GuardSummary seen) {
        for (String what : seen.autovacuums()) {
            listener.notice(m.folderName() + ": " + what);
        }
    }

    private ManorException guardCancelled(Migration m, String file, SqlStatement st, GuardSummary seen) {
        listener.guardCancelled(m, seen.cancellation());
        return new TrafficGuardCancelledException((st == null ? file : file + ":" + st.line()) + ": "
                + seen.cancellation() + "; the migration was rolled back. Run it when traffic is lighter, or make it"
                + " take weaker locks", m.id(), seen.cancellation());
    }

    private static ManorException lockNotAcquired(Migration m, String file, SqlStatement st, int attempts,
                                                  SQLException e) {
        return new LockNotAcquiredException(file + ":" + st.line() + ": gave up after " + attempts + " attempts: "
                + firstLine(e) + " (something holds a conflicting lock; see pg_locks, or raise the lock timeout)",
                m.id(), attempts, e);
    }

    private static ExecutionReport report(long durationMs, long lockWaitMs, int retries, int statements, long rows,
                                          Probe before, Probe after, GuardSummary seen) {
        return new ExecutionReport(durationMs, lockWaitMs, retries, statements, rows, after.walBytesSince(before),
                after.connections(), after.maxConnections(), seen.locksHeld(), seen.longestLockHoldMs(),
                seen.blockedSessions(), seen.longestWaitMs());
    }

    /** The configured timeouts, or the script's own lock_timeout when it has one. */
    private void applyTimeouts(Connection c, boolean local, Duration lockTimeout) throws SQLException {
        String scope = local ? "SET LOCAL " : "SET ";
        Duration lock = lockTimeout == null ? config.lockTimeout() : lockTimeout;
        try (Statement s = c.createStatement()) {
            s.execute(scope + "lock_timeout = " + lock.toMillis());
            s.execute(scope + "statement_timeout = " + config.statementTimeout().toMillis());
        }
    }

    /** Undoes session-level SETs on close: a pooled DataSource hands the session back to the application. */
    private interface SessionTimeouts extends AutoCloseable {
        @Override
        void close();
    }

    private static void resetTimeouts(Connection c) {
        try (Statement s = c.createStatement()) {
            if (!c.getAutoCommit()) {
                // The history write's transaction mode would roll the RESET back; anything unfinished is dropped.
                c.rollback();
                c.setAutoCommit(true);
            }
            s.execute("RESET lock_timeout");
            s.execute("RESET statement_timeout");
            ManorSessions.untag(c);
        } catch (SQLException ignored) {
            // A broken session is not handed out again.
        }
    }

    private static long execute(Connection c, SqlStatement st) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            boolean hasResult = s.execute(st.sql());
            long rows = 0;
            while (true) {
                if (!hasResult) {
                    int count = s.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    rows += count;
                }
                hasResult = s.getMoreResults();
            }
            return rows;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is closed right after; the server rolls back anyway.
        }
    }

    private static void sleep(Duration d) {
        dev.manor.deploy.Pause.sleep(d, "waiting to retry");
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    static String firstLine(SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        return msg.lines().findFirst().orElse(msg).replaceFirst("^ERROR: ", "");
    }

    /** Server counters read before and after a migration. */
    record Probe(String lsn, int connections, int maxConnections) {
        static Probe of(TrafficGuard.ServerFigures f) {
            return new Probe(f.lsn(), f.connections(), f.maxConnections());
        }

        static Probe read(Connection c) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_insert_lsn()::text END,
                           (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                           current_setting('max_connections')::int""")) {
                rs.next();
                return new Probe(rs.getString(1), rs.getInt(2), rs.getInt(3));
            }
        }

        long walBytesSince(Probe before) {
            if (lsn == null || before.lsn == null) {
                return 0;
            }
            return parseLsn(lsn) - parseLsn(before.lsn);
        }

        private static long parseLsn(String lsn) {
            String[] parts = lsn.split("/");
            return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
        }
    }
}
