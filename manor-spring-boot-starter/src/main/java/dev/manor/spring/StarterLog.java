package dev.manor.spring;

import dev.manor.deploy.DeployListener;
import dev.manor.migration.Migration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The starter's own lines in the application's log (logger {@code dev.manor.spring}), whatever backend it uses.
 * The library logs what it did (applied, failed, retries, backfills, gate verdicts) through SLF4J itself; this
 * adds which migration is running, so that a long one is visible while it runs.
 */
final class StarterLog implements DeployListener {
    private static final Log LOG = LogFactory.getLog("dev.manor.spring");

    @Override
    public void migrationStarted(Migration migration, String direction) {
        LOG.info("Applying " + migration.folderName() + (direction.equals("up") ? "" : " (" + direction + ")"));
    }

    static void info(String message) {
        LOG.info(message);
    }

    static void error(String message) {
        LOG.error(message);
    }
}
