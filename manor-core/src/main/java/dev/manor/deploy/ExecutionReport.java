package dev.manor.deploy;

/**
 * What running one migration cost, stored as JSON in manor_migrations.report and printed.
 *
 * @param durationMs    wall time from first attempt to commit
 * @param lockWaitMs    time lost to lock timeouts and the pauses between retries
 * @param retries       attempts beyond the first
 * @param statements    statements executed in the successful attempt
 * @param rowsChanged   rows inserted, updated or deleted
 * @param walBytes      WAL generated (LSN after minus before; includes concurrent traffic)
 * @param connections   sessions connected to the server when it finished
 * @param maxConnections the server's max_connections
 */
public record ExecutionReport(long durationMs, long lockWaitMs, int retries, int statements, long rowsChanged,
                              long walBytes, int connections, int maxConnections) {
}
