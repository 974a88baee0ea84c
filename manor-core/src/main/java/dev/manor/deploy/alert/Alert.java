package dev.manor.deploy.alert;

import java.time.Instant;

/**
 * What an alert says, sent as JSON: {@code {"event": ..., "migration": ..., "environment": ..., "message": ..., "time": ...}}.
 *
 * @param event       migration-failed, guard-cancelled, migration-overdue or backfill-failed
 * @param migration   the migration folder name
 * @param environment the deploy's environment
 * @param message     one line, passwords masked
 * @param time        ISO-8601 instant
 */
public record Alert(String event, String migration, String environment, String message, String time) {
    public static final String MIGRATION_FAILED = "migration-failed";
    public static final String GUARD_CANCELLED = "guard-cancelled";
    public static final String MIGRATION_OVERDUE = "migration-overdue";
    public static final String BACKFILL_FAILED = "backfill-failed";

    public static Alert now(String event, String migration, String environment, String message) {
        return new Alert(event, migration, environment, message, Instant.now().toString());
    }
}
