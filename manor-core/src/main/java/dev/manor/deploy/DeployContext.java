package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.config.Database;
import dev.manor.config.ManorConfig;
import dev.manor.deploy.guard.GuardSettings;
import dev.manor.history.HistoryStore;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What every command needs: settings, the database, the history, the files and the listener. */
public record DeployContext(ManorConfig config, Database db, HistoryStore history, MigrationRepository repository,
                            DeployListener listener, List<DeployCheck> checks, GuardSettings guard) {

    public DeployContext {
        guard = guard == null ? GuardSettings.DEFAULT : guard;
    }

    /** The same context without the pre-deploy checks (reset rebuilds from scratch, where gates make no sense). */
    public DeployContext withoutChecks() {
        return new DeployContext(config, db, history, repository, listener, List.of(), guard);
    }

    public MigrationExecutor executor() {
        return new MigrationExecutor(db, config, listener, guard);
    }

    public DeployLock lock(String purpose) {
        return DeployLock.acquire(db, config.historySchema(), purpose, config.lockWait(), listener);
    }

    public StatusReport status(Connection c) throws SQLException {
        return StatusReport.of(repository.load(), history.records(c));
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
