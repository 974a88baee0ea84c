package dev.manor.adopt;

import java.time.Instant;

/**
 * One migration's state in the tool's history table (its newest row when there are several).
 *
 * @param sourceId    the id it is matched on ({@link SourceMigration#sourceId()})
 * @param state       applied, failed or rolled back
 * @param checksumOk  whether the recorded checksum is the file's (null when the tool's checksum is not verified)
 * @param checksum    the recorded checksum, as the tool wrote it
 * @param startedAt   when it started (or was recorded), if known
 * @param finishedAt  when it finished, if it did
 * @param row         the row, named for the import event (table, key, columns that matter)
 * @param error       the tool's log of a failure, if any
 */
public record SourceRow(String sourceId, State state, Boolean checksumOk, String checksum, Instant startedAt,
                        Instant finishedAt, String row, String error) {
    /** The states Manor carries over. */
    public enum State { APPLIED, FAILED, ROLLED_BACK }
}
