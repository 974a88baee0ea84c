package dev.manor.analyze;

/**
 * A relation lock a statement takes.
 *
 * @param relation schema-qualified relation name (for known, unobserved facts: the name as written)
 * @param mode     the lock mode as pg_locks names it, e.g. AccessExclusiveLock
 */
public record LockFact(String relation, String mode) {
    public static final String ACCESS_EXCLUSIVE = "AccessExclusiveLock";
    public static final String EXCLUSIVE = "ExclusiveLock";
    public static final String SHARE_ROW_EXCLUSIVE = "ShareRowExclusiveLock";
    public static final String SHARE = "ShareLock";
    public static final String SHARE_UPDATE_EXCLUSIVE = "ShareUpdateExclusiveLock";
    public static final String ROW_EXCLUSIVE = "RowExclusiveLock";
    public static final String ACCESS_SHARE = "AccessShareLock";

    /** Locks that block ordinary reads or writes of the relation. */
    public boolean blocksWrites() {
        return mode.equals(ACCESS_EXCLUSIVE) || mode.equals(EXCLUSIVE) || mode.equals(SHARE_ROW_EXCLUSIVE) || mode.equals(SHARE);
    }

    @Override
    public String toString() {
        return relation + ":" + mode;
    }
}
