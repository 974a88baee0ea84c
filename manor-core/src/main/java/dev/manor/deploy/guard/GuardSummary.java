package dev.manor.deploy.guard;

import java.util.List;

/**
 * What the traffic guard saw over one migration run.
 *
 * @param locksHeld         distinct relation locks the migration held ({@code <mode> on <relation>})
 * @param longestLockHoldMs longest time a lock that blocks writes (SHARE or stronger) was seen held
 * @param blockedSessions   most sessions seen blocked behind the migration at once
 * @param longestWaitMs     longest wait of a session behind the migration
 * @param samples           how many samples were taken
 * @param cancellation      why the guard cancelled the migration, or null
 * @param autovacuums       what became of each autovacuum the migration waited for (cancelled, or why not)
 */
public record GuardSummary(List<String> locksHeld, long longestLockHoldMs, int blockedSessions, long longestWaitMs,
                           int samples, String cancellation, List<String> autovacuums) {
    public boolean cancelled() {
        return cancellation != null;
    }
}
