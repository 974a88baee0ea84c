package dev.manor;

/**
 * The traffic guard cancelled a migration because other sessions waited behind its locks longer than the threshold
 * ({@link Manor.Builder#trafficGuard(java.time.Duration)}). The migration was rolled back; run it when traffic is
 * lighter or make it take weaker locks.
 */
public class TrafficGuardCancelledException extends ManorException {
    /** The migration concerned, or null. */
    private final String migrationId;
    /** What the gate (or guard) found. */
    private final String reason;

    /**
     * A cancellation by the traffic guard.
     *
     * @param message     one line: file, line and what the guard saw
     * @param migrationId the cancelled migration
     * @param reason      what the guard saw (e.g. how many sessions waited, for how long)
     */
    public TrafficGuardCancelledException(String message, String migrationId, String reason) {
        super(message);
        this.migrationId = migrationId;
        this.reason = reason;
    }

    /**
     * The cancelled migration.
     *
     * @return its id
     */
    public String migrationId() {
        return migrationId;
    }

    /**
     * Why the guard cancelled it.
     *
     * @return the guard's description of the blocked sessions
     */
    public String reason() {
        return reason;
    }
}
