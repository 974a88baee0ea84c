package dev.manor.maven;

import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ExecutionReport;
import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import org.apache.maven.plugin.logging.Log;

import java.time.Duration;

/** A deploy's progress as Maven log lines. */
final class LogListener implements DeployListener {
    private final Log log;

    LogListener(Log log) {
        this.log = log;
    }

    @Override
    public void migrationStarted(Migration migration, String direction) {
        log.info("Applying " + migration.folderName() + (direction.equals("up") ? "" : " (" + direction + ")"));
    }

    @Override
    public void retrying(Migration migration, SqlStatement statement, int attempt, Duration backoff, String reason) {
        log.warn(migration.folderName() + ": " + reason + "; retry " + attempt + " in " + backoff.toMillis() + " ms");
    }

    @Override
    public void migrationFinished(Migration migration, String direction, ExecutionReport report) {
        log.info("  done in " + report.durationMs() + " ms");
    }

    @Override
    public void migrationFailed(Migration migration, String direction, String error) {
        log.error(migration.folderName() + " failed: " + error);
    }

    @Override
    public void guardCancelled(Migration migration, String reason) {
        log.warn(migration.folderName() + " cancelled by the traffic guard: " + reason);
    }

    @Override
    public void backfillFinished(Migration migration, BackfillProgress progress) {
        log.info("  backfilled " + progress.rowsUpdated() + " rows in " + progress.elapsedMs() + " ms");
    }

    @Override
    public void backfillFailed(Migration migration, String error) {
        log.error("Backfill of " + migration.folderName() + " failed: " + error);
    }

    @Override
    public void notice(String message) {
        log.info(message);
    }
}
