package dev.manor.history;

/** The status column of manor_migrations. */
public enum HistoryStatus {
    /** Applied and committed together with this row. */
    APPLIED,
    /** Failed; for a transactional migration nothing of it remains, for a no-transaction one see steps_done. */
    FAILED,
    /** Its down.sql ran and committed together with this status. */
    ROLLED_BACK,
    /** A no-transaction migration in progress, or interrupted (the deploy lock tells which). */
    RUNNING,
    /** A no-transaction down script in progress, interrupted or failed; steps_done counts its down statements. */
    ROLLING_BACK;

    public String dbValue() {
        return name().toLowerCase();
    }

    public static HistoryStatus fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
