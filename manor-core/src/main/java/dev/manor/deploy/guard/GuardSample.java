package dev.manor.deploy.guard;

import java.util.List;

/**
 * One look at the server while a migration statement runs.
 *
 * @param elapsedMs        since the guard started
 * @param blockedSessions  sessions whose blockers include the migration's backend
 * @param longestWaitMs    the longest of their current waits
 * @param locksHeld        relation locks the migration holds, e.g. {@code AccessExclusiveLock on public.users}
 * @param waitingFor       the sessions the migration itself waits for ({@code pg_blocking_pids} of its backend),
 *                         oldest transaction first; empty when it waits for nobody
 */
public record GuardSample(long elapsedMs, int blockedSessions, long longestWaitMs, List<String> locksHeld,
                          List<BlockingSession> waitingFor) {
    public GuardSample(long elapsedMs, int blockedSessions, long longestWaitMs, List<String> locksHeld) {
        this(elapsedMs, blockedSessions, longestWaitMs, locksHeld, List.of());
    }

    public GuardSample {
        locksHeld = List.copyOf(locksHeld);
        waitingFor = List.copyOf(waitingFor);
    }
}
