package dev.manor.history;

import java.time.Instant;

/** One row of the append-only manor_events log. */
public record Event(
        long seq,
        Instant at,
        String action,
        String migrationId,
        String outcome,
        String detail,
        String environment,
        String dbUser,
        String osUser,
        String host,
        String manorVersion) {

    /** A new event to record; seq, time and database user are filled in by the database. */
    public static Event of(String action, String migrationId, String outcome, String detail) {
        return new Event(0, null, action, migrationId, outcome, detail, null, null, null, null, null);
    }
}
