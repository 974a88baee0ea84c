package dev.manor.deploy.alert;

import dev.manor.config.Durations;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ExecutionReport;
import dev.manor.migration.Directive;
import dev.manor.migration.Migration;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns deploy events into alerts: a failed migration, a traffic-guard cancellation, a failed backfill,
 * and a migration still running past its {@code -- manor:expected-duration} (or the default).
 * Delivery problems are reported to {@code report} as notices.
 */
public final class AlertingListener implements DeployListener {
    private final AlertSender sender;
    private final String environment;
    private final DeployListener report;
    private final Map<String, ScheduledFuture<?>> overdueTimers = new ConcurrentHashMap<>();
    private final Set<String> guardCancelled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "manor-alert-timer");
        t.setDaemon(true);
        return t;
    });

    public AlertingListener(AlertSender sender, String environment, DeployListener report) {
        this.sender = sender;
        this.environment = environment;
        this.report = report;
    }

    /** The migration's own expected duration, or the configured default. */
    public Duration expectedDuration(Migration m) {
        for (Directive d : m.directives()) {
            if (d.name().equals(Directive.EXPECTED_DURATION)) {
                return Durations.parse(d.argument(), m.displayPath(Migration.UP_FILE) + ":" + d.line()
                        + ": manor:expected-duration");
            }
        }
        return sender.settings().expectedDuration();
    }

    @Override
    public void migrationStarted(Migration m, String direction) {
        Duration expected = expectedDuration(m);
        ScheduledFuture<?> overdue = timer.schedule(() -> send(Alert.now(Alert.MIGRATION_OVERDUE, m.folderName(),
                environment, m.folderName() + " (" + direction + ") is still running after "
                        + Durations.format(expected) + ", its expected duration")),
                expected.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> earlier = overdueTimers.put(m.folderName(), overdue);
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    @Override
    public void migrationFinished(Migration m, String direction, ExecutionReport r) {
        stopTimer(m);
    }

    @Override
    public void guardCancelled(Migration m, String reason) {
        guardCancelled.add(m.folderName());
        send(Alert.now(Alert.GUARD_CANCELLED, m.folderName(), environment, m.folderName() + ": " + reason));
    }

    @Override
    public void migrationFailed(Migration m, String direction, String error) {
        stopTimer(m);
        if (!guardCancelled.remove(m.folderName())) { // the guard's own alert already said why
            send(Alert.now(Alert.MIGRATION_FAILED, m.folderName(), environment, error));
        }
    }

    @Override
    public void backfillFailed(Migration m, String error) {
        send(Alert.now(Alert.BACKFILL_FAILED, m.folderName(), environment, error));
    }

    private void stopTimer(Migration m) {
        ScheduledFuture<?> t = overdueTimers.remove(m.folderName());
        if (t != null) {
            t.cancel(false);
        }
    }

    private void send(Alert alert) {
        for (String problem : sender.send(alert)) {
            report.notice(problem);
        }
    }
}
