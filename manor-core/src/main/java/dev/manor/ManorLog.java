package dev.manor;

import dev.manor.config.ManorConfig;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.deploy.ExecutionReport;
import dev.manor.deploy.LockHolder;
import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What Manor did, in the application's own logs (SLF4J API only; the application chooses the binding). Logger
 * {@code dev.manor.Manor}: deploy and rollback start and end, each migration applied or failed, gate refusals and
 * overrides, lock retries, traffic-guard cancellations, backfill progress at most every 30 seconds.
 */
final class ManorLog implements DeployListener {
    static final Logger LOG = LoggerFactory.getLogger(Manor.class);
    private static final long BACKFILL_INTERVAL_NANOS = Duration.ofSeconds(30).toNanos();

    private volatile long lastBackfillLog;

    private ManorLog() {
    }

    static DeployListener listener() {
        return new ManorLog();
    }

    /** Logs the start and the outcome of a deploy or rollback. */
    static <T> T around(String what, ManorConfig config, Supplier<T> body) {
        LOG.info("{} to '{}' started (migrations in {})", what, config.environment(), config.migrationsDir());
        long started = System.nanoTime();
        try {
            T result = body.get();
            int count = result instanceof DeployResult r ? r.applied().size() : -1;
            LOG.info("{} to '{}' finished in {} ms{}", what, config.environment(),
                    (System.nanoTime() - started) / 1_000_000, count < 0 ? "" : ": " + count + " migration(s)");
            return result;
        } catch (GateRefusedException e) {
            LOG.warn("{} to '{}' refused by the {} gate (recorded): {}", what, config.environment(), e.gate(),
                    e.reason());
            throw e;
        } catch (ManorException e) {
            LOG.error("{} to '{}' failed: {}", what, config.environment(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void waitingForLock(LockHolder holder) {
        LOG.info("waiting for the deploy lock held by {}", holder.describe());
    }

    @Override
    public void migrationFinished(Migration migration, String direction, ExecutionReport report) {
        LOG.info("{} {}: {} statements in {} ms{}", direction.equals("up") ? "applied" : "rolled back",
                migration.folderName(), report.statements(), report.durationMs(),
                report.retries() > 0 ? " after " + report.retries() + " lock-timeout retries" : "");
    }

    @Override
    public void migrationFailed(Migration migration, String direction, String error) {
        LOG.error("{} of {} failed: {}", direction.equals("up") ? "deploy" : "rollback", migration.folderName(), error);
    }

    @Override
    public void retrying(Migration migration, SqlStatement statement, int attempt, Duration backoff, String reason) {
        LOG.warn("{} line {}: lock timeout (attempt {}), retrying in {} ms: {}", migration.folderName(),
                statement.line(), attempt, backoff.toMillis(), reason);
    }

    @Override
    public void guardCancelled(Migration migration, String reason) {
        LOG.warn("traffic guard cancelled {}: {}", migration.folderName(), reason);
    }

    @Override
    public void backfillStarted(Migration migration, BackfillProgress progress) {
        lastBackfillLog = System.nanoTime();
        LOG.info("backfill of {} on {} {}: {} keys", migration.folderName(), progress.table(),
                progress.resumed() ? "resumed" : "started", progress.keysTotal());
    }

    @Override
    public void backfillProgress(Migration migration, BackfillProgress progress) {
        long now = System.nanoTime();
        if (now - lastBackfillLog >= BACKFILL_INTERVAL_NANOS) {
            lastBackfillLog = now;
            LOG.info("backfill of {}: {} of {} keys, {} rows updated, {} keys/s", migration.folderName(),
                    progress.keysWalked(), progress.keysTotal(), progress.rowsUpdated(),
                    Math.round(progress.keysPerSecond()));
        }
    }

    @Override
    public void backfillFinished(Migration migration, BackfillProgress progress) {
        LOG.info("backfill of {} finished: {} rows updated in {} ms", migration.folderName(), progress.rowsUpdated(),
                progress.elapsedMs());
    }

    @Override
    public void backfillFailed(Migration migration, String error) {
        LOG.error("backfill of {} failed (committed batches kept): {}", migration.folderName(), error);
    }

    /** Gate verdicts and overrides, skipped safety checks, resumed migrations. */
    @Override
    public void notice(String message) {
        if (message.contains("overridden") || message.contains("skipped")) {
            LOG.warn("{}", message);
        } else {
            LOG.info("{}", message);
        }
    }
}
