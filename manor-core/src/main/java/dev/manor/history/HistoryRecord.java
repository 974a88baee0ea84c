package dev.manor.history;

import java.time.Instant;

/** One row of manor_migrations. */
public record HistoryRecord(
        String id,
        String name,
        String checksum,
        String downChecksum,
        HistoryStatus status,
        boolean transactional,
        int stepsDone,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String dbUser,
        String osUser,
        String host,
        String manorVersion,
        String error,
        String report,
        Instant rolledBackAt) {

    public String folderName() {
        return id + "_" + name;
    }
}
