package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.config.Database;
import dev.manor.config.ManorConfig;
import dev.manor.deploy.guard.GuardSettings;
import dev.manor.deploy.backfill.BackfillRecord;
import dev.manor.deploy.backfill.BackfillStore;
import dev.manor.history.HistoryStore;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every command needs: settings, the database, the history, the files and the listener. */
public record DeployContext(ManorConfig config, Database db, HistoryStore history, MigrationRepository repository,
                            DeployListener listener, List<DeployCheck> checks, GuardSettings guard,
                            boolean runCallbacks, dev.manor.config.ReplicaSettings replicas) {

    public DeployContext {
        guard = guard == null ? GuardSettings.DEFAULT : guard;
        replicas = replicas == null ? dev.manor.config.ReplicaSettings.DEFAULT : replicas;
    }

    /** With the default replica settings. */
    public DeployContext(ManorConfig config, Database db, HistoryStore history, MigrationRepository repository,
                         DeployListener listener, List<DeployCheck> checks, GuardSettings guard,
                         boolean runCallbacks) {
        this(config, db, history, repository, listener, checks, guard, runCallbacks, null);
    }

    /** A context that runs the SQL callbacks of {@code callbacks/}. */
    public DeployContext(ManorConfig config, Database db, HistoryStore history, MigrationRepository repository,
                         DeployListener listener, List<DeployCheck> checks, GuardSettings guard) {
        this(config, db, history, repository, listener, checks, guard, true);
    }

    /** The same context without the pre-deploy checks (reset rebuilds from scratch, where gates make no sense). */
    public DeployContext withoutChecks() {
        return new DeployContext(config, db, history, repository, listener, List.of(), guard, runCallbacks, replicas);
    }

    /** The deploy's repeatable scripts and callbacks, read from their folders now. */
    public dev.manor.repeatable.ScriptRunner scripts() {
        return new dev.manor.repeatable.ScriptRunner(db, config, history, listener, runCallbacks);
    }

    public MigrationExecutor executor() {
        return new MigrationExecutor(db, config, listener, guard);
    }

    /**
     * Takes the deploy lock, then waits for what a killed deployer may have left running (see
     * {@link ManorSessions}), so that the history read next is final.
     */
    public DeployLock lock(String purpose) {
        dev.manor.deploy.pooler.PoolerCheck.requireSessionLevel(db);
        DeployLock lock = DeployLock.acquire(db, config.historySchema(), purpose, config.lockWait(), listener);
        try {
            // on the lock's own connection: a new one would cost a login before every deploy
            ManorSessions.awaitOrphans(lock.connection(), config.historySchema(), config.lockWait(), listener);
            return lock;
        } catch (SQLException e) {
            lock.close();
            throw new ManorException("could not look for an earlier run's backends: " + MigrationExecutor.firstLine(e), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Starts reading the migrations folder on another thread, for a caller that opens connections (and takes the
     * deploy lock) meanwhile: on 1,000 migrations the read is ~0.2 s of a cold JVM, and so is the first login.
     * {@link Background#join} gives the migrations, or the read's failure (a badly named folder ...).
     */
    public java.util.concurrent.CompletableFuture<List<Migration>> readAhead() {
        return Background.start(repository::load);
    }

    /** The files against the history, with the applied migrations' backfills that still have work left. */
    public StatusReport status(Connection c) throws SQLException {
        return status(c, repository.load());
    }

    /** {@link #status(Connection)} with the migrations folder already read ({@link #readAhead}). */
    public StatusReport status(Connection c, List<Migration> onDisk) throws SQLException {
        StatusReport report = StatusReport.of(onDisk, history.records(c));
        Map<String, BackfillRecord> backfills = new HashMap<>();
        for (BackfillRecord r : new BackfillStore(config.historySchema()).list(c)) {
            backfills.put(r.migrationId(), r);
        }
        List<StatusReport.OpenBackfill> open = new ArrayList<>();
        for (StatusReport.Entry e : report.entries()) {
            if (e.state() != MigrationState.APPLIED || e.migration() == null || e.migration().backfillSql() == null) {
                continue;
            }
            BackfillRecord r = backfills.get(e.id());
            if (r == null) {
                open.add(new StatusReport.OpenBackfill(e.id(), e.folderName(), StatusReport.OpenBackfill.NOT_STARTED,
                        null, 0, null));
            } else if (!r.finished()) {
                open.add(new StatusReport.OpenBackfill(e.id(), e.folderName(), r.status(), r.lastKey(), r.rowsDone(),
                        r.error()));
            }
        }
        return report.withBackfills(open).withRepeatables(repeatables(c));
    }

    /** The repeatable scripts on disk set against the ones last applied. */
    private List<StatusReport.Repeatable> repeatables(Connection c) throws SQLException {
        Map<String, dev.manor.repeatable.RepeatableStore.Applied> applied =
                new dev.manor.repeatable.RepeatableStore(config.historySchema()).applied(c);
        List<StatusReport.Repeatable> out = new ArrayList<>();
        for (dev.manor.repeatable.SqlScript s : dev.manor.repeatable.ScriptFolders.repeatables(config.migrationsDir())) {
            var a = applied.remove(s.name());
            StatusReport.RepeatableState state = a == null ? StatusReport.RepeatableState.NEW
                    : a.checksum().equals(s.checksum()) ? StatusReport.RepeatableState.APPLIED
                    : StatusReport.RepeatableState.CHANGED;
            out.add(new StatusReport.Repeatable(s.name(), s.file(), state, a == null ? null : a.sql()));
        }
        for (var a : applied.values()) {
            out.add(new StatusReport.Repeatable(a.name(), dev.manor.repeatable.ScriptFolders.REPEATABLE_DIR + "/"
                    + a.name() + ".sql", StatusReport.RepeatableState.REMOVED, a.sql()));
        }
        return out;
    }

    /** Runs {@code body} on a fresh connection, turning SQL errors into one-line messages. */
    public <T> T withConnection(SqlFunction<T> body) {
        try (Connection c = db.connect()) {
            return body.apply(c);
        } catch (SQLException e) {
            throw new ManorException(MigrationExecutor.firstLine(e), e);
        }
    }

    /** Records an event in its own transaction (used after a failure rolled the work back). */
    public void recordEvent(String action, Migration m, String outcome, String detail) {
        withConnection(c -> {
            c.setAutoCommit(true);
            history.ensureTables(c);
            history.record(c, dev.manor.history.Event.of(action, m == null ? null : m.id(), outcome, detail));
            return null;
        });
    }

    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }
}
