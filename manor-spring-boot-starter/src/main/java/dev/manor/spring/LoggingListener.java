package dev.manor.spring;

import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ExecutionReport;
import dev.manor.deploy.LockHolder;
import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Duration;

/** Writes a deploy's progress to the application's log (logger {@code dev.manor}), whatever backend it uses. */
final class LoggingListener implements DeployListener {
    private static final Log LOG = LogFactory.getLog("dev.manor");

    @Override
    public void waitingForLock(LockHolder holder) {
        LOG.info("Waiting for another deployer (pid " + holder.pid() + ", " + holder.applicationName() + ")");
    }

    @Override
    public void migrationStarted(Migration migration, String direction) {
        LOG.info("Applying " + migration.folderName() + (direction.equals("up") ? "" : " (" + direction + ")"));
    }

    @Override
    public void retrying(Migration migration, SqlStatement statement, int attempt, Duration backoff, String reason) {
        LOG.warn(migration.folderName() + ": " + reason + "; retry " + attempt + " in " + backoff.toMillis() + " ms");
    }

    @Override
    public void migrationFinished(Migration migration, String direction, ExecutionReport report) {
        LOG.info("Applied " + migration.folderName() + " in " + report.durationMs() + " ms");
    }

    @Override
    public void migrationFailed(Migration migration, String direction, String error) {
        LOG.error(migration.folderName() + " failed: " + error);
    }

    @Override
    public void guardCancelled(Migration migration, String reason) {
        LOG.warn(migration.folderName() + " cancelled by the traffic guard: " + reason);
    }

    @Override
    public void backfillStarted(Migration migration, BackfillProgress progress) {
        LOG.info("Backfilling " + migration.folderName() + ": " + progress.keysTotal() + " keys to walk");
    }

    @Override
    public void backfillFinished(Migration migration, BackfillProgress progress) {
        LOG.info("Backfilled " + migration.folderName() + ": " + progress.rowsUpdated() + " rows updated in "
                + progress.elapsedMs() + " ms");
    }

    @Override
    public void backfillFailed(Migration migration, String error) {
        LOG.error("Backfill of " + migration.folderName() + " failed: " + error);
    }

    @Override
    public void notice(String message) {
        LOG.info(message);
    }

    static void warn(String message) {
        LOG.warn(message);
    }

    static void info(String message) {
        LOG.info(message);
    }

    static void error(String message) {
        LOG.error(message);
    }
}
