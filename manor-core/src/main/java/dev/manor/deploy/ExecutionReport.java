package dev.manor.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * What running one migration cost, stored as JSON in manor_migrations.report and printed.
 * Reports written before a field existed read back with that field empty or zero.
 *
 * @param durationMs        wall time from first attempt to commit
 * @param lockWaitMs        time lost to lock timeouts and the pauses between retries
 * @param retries           attempts beyond the first
 * @param statements        statements executed in the successful attempt
 * @param rowsChanged       rows inserted, updated or deleted
 * @param walBytes          WAL generated (LSN after minus before; includes concurrent traffic)
 * @param connections       sessions connected to the server when it finished
 * @param maxConnections    the server's max_connections
 * @param locksHeld         relation locks the migration was seen holding ({@code <mode> on <relation>}), from the traffic guard
 * @param longestLockHoldMs longest time a write-blocking lock (SHARE or stronger) was seen held (100 ms resolution)
 * @param blockedSessions   most sessions seen waiting behind the migration at once
 * @param longestWaitMs     longest wait of a session behind the migration
 * @param replicaLagPeakMs  highest replay lag of a streaming replica seen during the migration and its backfill
 *                          (0 without replicas; see docs/replicas.md)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionReport(long durationMs, long lockWaitMs, int retries, int statements, long rowsChanged,
                              long walBytes, int connections, int maxConnections, List<String> locksHeld,
                              long longestLockHoldMs, int blockedSessions, long longestWaitMs,
                              long replicaLagPeakMs) {
    public ExecutionReport {
        locksHeld = locksHeld == null ? List.of() : List.copyOf(locksHeld);
    }

    /** Without a replica lag figure. */
    public ExecutionReport(long durationMs, long lockWaitMs, int retries, int statements, long rowsChanged,
                           long walBytes, int connections, int maxConnections, List<String> locksHeld,
                           long longestLockHoldMs, int blockedSessions, long longestWaitMs) {
        this(durationMs, lockWaitMs, retries, statements, rowsChanged, walBytes, connections, maxConnections,
                locksHeld, longestLockHoldMs, blockedSessions, longestWaitMs, 0);
    }

    /** The same report with the higher of its replica lag peak and {@code peakMs}. */
    public ExecutionReport withReplicaLagPeak(long peakMs) {
        return new ExecutionReport(durationMs, lockWaitMs, retries, statements, rowsChanged, walBytes, connections,
                maxConnections, locksHeld, longestLockHoldMs, blockedSessions, longestWaitMs,
                Math.max(replicaLagPeakMs, peakMs));
    }

    /** The lock modes alone, strongest first is not implied: e.g. {@code [AccessExclusiveLock]}. */
    public List<String> lockModes() {
        return locksHeld.stream().map(l -> l.split(" ", 2)[0]).distinct().toList();
    }
}
