package dev.manor.history;

/** What {@code manor status} says of one migration, comparing the files with the history. */
public enum MigrationState {
    APPLIED("applied"),
    PENDING("pending"),
    FAILED("failed"),
    INTERRUPTED("interrupted"),
    ROLLED_BACK("rolled back"),
    EDITED("edited after apply"),
    MISSING_ON_DISK("applied but missing on disk"),
    OUT_OF_ORDER("out of order"),
    /** Its no-transaction down script stopped partway: half rolled back. */
    ROLLBACK_INTERRUPTED("rollback interrupted");

    private final String label;

    MigrationState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this state leaves the database not up to date or not clean. */
    public boolean needsAttention() {
        return this != APPLIED;
    }
}
