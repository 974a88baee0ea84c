package dev.manor.deploy.guard;

/**
 * A session the migration waits for (one of {@code pg_blocking_pids} of its backend), as the traffic guard saw it.
 *
 * @param application its {@code application_name}, empty when unset
 * @param state       {@code active}, {@code idle in transaction}, ...
 * @param query       its current or last statement, cut to 200 characters
 * @param ageMs       how long its transaction (or, outside one, its statement) has been running
 */
public record BlockingSession(int pid, String application, String state, String query, long ageMs) {
}
