package dev.manor.maven;

import dev.manor.deploy.DeployListener;
import dev.manor.migration.Migration;
import org.apache.maven.plugin.logging.Log;

/**
 * Which migration is running, as a Maven log line. Everything else (applied, failed, retries, backfills, gate
 * verdicts) the library logs itself through SLF4J, which Maven shows in the same log.
 */
final class LogListener implements DeployListener {
    private final Log log;

    LogListener(Log log) {
        this.log = log;
    }

    @Override
    public void migrationStarted(Migration migration, String direction) {
        log.info("Applying " + migration.folderName() + (direction.equals("up") ? "" : " (" + direction + ")"));
    }
}
