package dev.manor.repeatable;

import dev.manor.ManorException;
import dev.manor.config.Database;
import dev.manor.config.ManorConfig;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ManorSessions;
import dev.manor.deploy.StatementFailure;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a deploy's scripts around its migrations: the callbacks, and the repeatables whose file changed since they were
 * last applied. Each script runs with its record (event, and for a repeatable its checksum) in one transaction, under
 * the project's lock_timeout and retried whole when it fires, so a script is recorded exactly when it took effect.
 */
public final class ScriptRunner {
    private final Database db;
    private final ManorConfig config;
    private final HistoryStore history;
    private final DeployListener listener;
    private final List<SqlScript> repeatables;
    private final Callbacks callbacks;
    private final RepeatableStore store;

    /** Reads both folders now, so that a bad script is refused before any migration runs. */
    public ScriptRunner(Database db, ManorConfig config, HistoryStore history, DeployListener listener,
                        boolean runCallbacks) {
        this.db = db;
        this.config = config;
        this.history = history;
        this.listener = listener;
        this.repeatables = ScriptFolders.repeatables(config.migrationsDir());
        this.callbacks = runCallbacks ? ScriptFolders.callbacks(config.migrationsDir()) : Callbacks.NONE;
        this.store = new RepeatableStore(config.historySchema());
    }

    /** The repeatables whose checksum differs from the one last applied (or that were never applied), in name order. */
    public List<SqlScript> changed(Connection c) throws SQLException {
        if (repeatables.isEmpty()) {
            return List.of();
        }
        Map<String, RepeatableStore.Applied> applied = store.applied(c);
        List<SqlScript> out = new ArrayList<>();
        for (SqlScript s : repeatables) {
            RepeatableStore.Applied a = applied.get(s.name());
            if (a == null || !a.checksum().equals(s.checksum())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The callbacks a deploy with work runs, in the order it runs them (after-migration once per migration). */
    public List<SqlScript> callbackScripts() {
        return callbacks.present();
    }

    public void beforeDeploy() {
        callbacks.beforeDeploy().ifPresent(s -> inTransaction(s.file(), c -> {
            run(c, s);
            history.record(c, Event.of("callback", null, "ran", s.file()));
        }));
    }

    public void afterDeploy() {
        callbacks.afterDeploy().ifPresent(s -> inTransaction(s.file(), c -> {
            run(c, s);
            history.record(c, Event.of("callback", null, "ran", s.file()));
        }));
    }

    /**
     * after-migration.sql, in the migration's own transaction (the caller's), recorded with it. A failing statement
     * fails the migration with the callback's file and line (unchecked, so the executor does not take it for a failed
     * history write); the migration's transaction then rolls back, or for a no-transaction one its record stays open
     * and the next deploy runs the callback again.
     */
    public void afterMigration(Connection c, Migration m) throws SQLException {
        Optional<SqlScript> script = callbacks.afterMigration();
        if (script.isPresent()) {
            try {
                run(c, script.get());
            } catch (ScriptFailure f) {
                throw StatementFailure.describe(m.id(), f.script.file(), f.statement, f.cause);
            }
            history.record(c, Event.of("callback", m.id(), "ran", script.get().file()));
        }
    }

    /**
     * Re-applies the changed repeatables, all in one transaction: either every one takes effect with its record, or
     * none does and the error names the script and line.
     *
     * @return the files applied, in order
     */
    public List<String> applyRepeatables(List<SqlScript> changed) {
        if (changed.isEmpty()) {
            return List.of();
        }
        inTransaction("the repeatable scripts", c -> {
            store.ensureTable(c);
            for (SqlScript s : changed) {
                run(c, s);
                store.record(c, s);
                history.record(c, Event.of("repeatable", null, "applied", s.file() + " (sha256 "
                        + s.checksum().substring(0, 12) + ")"));
            }
        });
        for (SqlScript s : changed) {
            listener.notice("applied " + s.file());
        }
        return changed.stream().map(SqlScript::file).toList();
    }

    private static void run(Connection c, SqlScript script) throws SQLException {
        for (SqlStatement st : script.statements()) {
            try (Statement s = c.createStatement()) {
                s.execute(st.sql());
            } catch (SQLException e) {
                throw new ScriptFailure(script, st, e);
            }
        }
    }

    @FunctionalInterface
    private interface Body {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(String what, Body body) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                ManorSessions.tag(c, config.historySchema(), true);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = " + config.lockTimeout().toMillis());
                    s.execute("SET LOCAL statement_timeout = " + config.statementTimeout().toMillis());
                }
                try {
                    body.run(c);
                    c.commit();
                    return;
                } catch (ScriptFailure f) {
                    c.rollback();
                    if (StatementFailure.isLockTimeout(f.cause) && attempt < config.retry().maxAttempts()) {
                        Duration pause = config.retry().backoff(attempt);
                        listener.notice(f.script.file() + ":" + f.statement.line() + ": lock not acquired (attempt "
                                + attempt + "); retrying in " + pause.toMillis() + " ms");
                        sleep(pause);
                        continue;
                    }
                    throw StatementFailure.describe(f.script.file(), f.script.file(), f.statement, f.cause);
                }
            } catch (SQLException e) {
                throw new ManorException("database error while running " + what + ": "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
            }
        }
    }

    private static void sleep(Duration d) {
        dev.manor.deploy.Pause.sleep(d, "waiting to retry");
    }

    /** A statement of a script failed: carries which, up to where it is retried or described. */
    static final class ScriptFailure extends SQLException {
        final transient SqlScript script;
        final transient SqlStatement statement;
        final SQLException cause;

        ScriptFailure(SqlScript script, SqlStatement statement, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
            this.script = script;
            this.statement = statement;
            this.cause = cause;
        }
    }
}
