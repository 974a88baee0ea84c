package dev.manor;

/**
 * A lock could not be taken in time: a migration statement hit its {@code lock_timeout} on every retry, or another
 * Manor run held the deploy lock for longer than the lock wait. Nothing of the migration was kept; running again
 * later usually succeeds.
 */
public class LockNotAcquiredException extends ManorException {
    /** The migration concerned, or null. */
    private final String migrationId;
    /** How many times the statement was tried. */
    private final int attempts;

    /**
     * A lock that was not acquired.
     *
     * @param message     one line: which lock, how often tried, what to do
     * @param migrationId the migration whose statement waited, or null for the deploy lock
     * @param attempts    how many times the statement was tried (0 for the deploy lock)
     * @param cause       the driver's last exception, or null
     */
    public LockNotAcquiredException(String message, String migrationId, int attempts, Throwable cause) {
        super(message, cause);
        this.migrationId = migrationId;
        this.attempts = attempts;
    }

    /**
     * The migration that could not get its lock.
     *
     * @return its id, or null when it was Manor's own deploy lock (another deploy was running)
     */
    public String migrationId() {
        return migrationId;
    }

    /**
     * How many times the statement was tried before giving up.
     *
     * @return the attempts, 0 for the deploy lock
     */
    public int attempts() {
        return attempts;
    }
}
