package dev.manor.deploy.backfill;

import java.time.Instant;

/** One row of manor_backfills: a backfill's resumable progress. */
public record BackfillRecord(String migrationId, String table, String keyColumn, String lastKey, long rowsDone,
                             int batches, String status, Instant startedAt, Instant updatedAt, Instant finishedAt,
                             String error) {
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public boolean finished() {
        return DONE.equals(status);
    }
}
