package dev.manor.deploy;

import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.deploy.guard.GuardSample;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.time.Duration;
import java.util.List;

/** Passes every deploy event to several listeners in order (the caller's, then alerting). */
public final class CompositeListener implements DeployListener {
    private final List<DeployListener> listeners;

    public CompositeListener(List<DeployListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public static DeployListener of(DeployListener... listeners) {
        return new CompositeListener(List.of(listeners));
    }

    @Override
    public void waitingForLock(LockHolder holder) {
        listeners.forEach(l -> l.waitingForLock(holder));
    }

    @Override
    public void migrationStarted(Migration m, String direction) {
        listeners.forEach(l -> l.migrationStarted(m, direction));
    }

    @Override
    public void statementStarted(Migration m, SqlStatement st) {
        listeners.forEach(l -> l.statementStarted(m, st));
    }

    @Override
    public void retrying(Migration m, SqlStatement st, int attempt, Duration backoff, String reason) {
        listeners.forEach(l -> l.retrying(m, st, attempt, backoff, reason));
    }

    @Override
    public void migrationFinished(Migration m, String direction, ExecutionReport report) {
        listeners.forEach(l -> l.migrationFinished(m, direction, report));
    }

    @Override
    public void migrationFailed(Migration m, String direction, String error) {
        listeners.forEach(l -> l.migrationFailed(m, direction, error));
    }

    @Override
    public void guardSample(Migration m, SqlStatement st, GuardSample sample) {
        listeners.forEach(l -> l.guardSample(m, st, sample));
    }

    @Override
    public void guardCancelled(Migration m, String reason) {
        listeners.forEach(l -> l.guardCancelled(m, reason));
    }

    @Override
    public void backfillStarted(Migration m, BackfillProgress p) {
        listeners.forEach(l -> l.backfillStarted(m, p));
    }

    @Override
    public void backfillProgress(Migration m, BackfillProgress p) {
        listeners.forEach(l -> l.backfillProgress(m, p));
    }

    @Override
    public void backfillFinished(Migration m, BackfillProgress p) {
        listeners.forEach(l -> l.backfillFinished(m, p));
    }

    @Override
    public void backfillFailed(Migration m, String error) {
        listeners.forEach(l -> l.backfillFailed(m, error));
    }

    @Override
    public void notice(String message) {
        listeners.forEach(l -> l.notice(message));
    }
}
