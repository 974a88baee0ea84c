package dev.manor.deploy;

import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.deploy.guard.GuardSample;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.time.Duration;

/** What a deploy or rollback tells its caller while it runs. Every method is optional. */
public interface DeployListener {
    DeployListener SILENT = new DeployListener() {
    };

    default void waitingForLock(LockHolder holder) {
    }

    default void migrationStarted(Migration migration, String direction) {
    }

    default void statementStarted(Migration migration, SqlStatement statement) {
    }

    /** A lock_timeout fired; Manor waits {@code backoff} and tries again. */
    default void retrying(Migration migration, SqlStatement statement, int attempt, Duration backoff, String reason) {
    }

    default void migrationFinished(Migration migration, String direction, ExecutionReport report) {
    }

    default void migrationFailed(Migration migration, String direction, String error) {
    }

    /**
     * The traffic guard looked at the server (about every 100 ms) while {@code statement} ran. Called from
     * the guard's own thread: keep it quick and thread-safe.
     */
    default void guardSample(Migration migration, SqlStatement statement, GuardSample sample) {
    }

    /** The traffic guard cancelled the migration because sessions waited too long behind it. */
    default void guardCancelled(Migration migration, String reason) {
    }

    /** A migration's backfill starts (or resumes) after its DDL committed. */
    default void backfillStarted(Migration migration, BackfillProgress progress) {
    }

    /** A backfill batch committed. */
    default void backfillProgress(Migration migration, BackfillProgress progress) {
    }

    default void backfillFinished(Migration migration, BackfillProgress progress) {
    }

    /** A backfill batch failed; the committed batches stay and the next deploy resumes after them. */
    default void backfillFailed(Migration migration, String error) {
    }

    /** Anything else worth a line: a resumed migration, a rebuilt invalid index. */
    default void notice(String message) {
    }
}
