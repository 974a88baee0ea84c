package dev.manor.analyze;

import java.time.Duration;

/**
 * Knobs of the analysis.
 *
 * @param batchThreshold    rows an UPDATE/DELETE may touch inside a DDL migration before it is an error
 * @param maxLockTimeout    the longest lock_timeout a migration may set
 * @param outsideManor      true when the file is analysed for running without Manor's executor (which
 *                          otherwise sets lock_timeout itself)
 * @param assumedMajor      the server major to assume when nothing was observed (0: unknown, assume current)
 */
public record AnalysisSettings(long batchThreshold, Duration maxLockTimeout, boolean outsideManor, int assumedMajor) {
    public static AnalysisSettings defaults() {
        return new AnalysisSettings(1000, Duration.ofSeconds(2), false, 0);
    }

    public AnalysisSettings withOutsideManor(boolean outside) {
        return new AnalysisSettings(batchThreshold, maxLockTimeout, outside, assumedMajor);
    }

    public AnalysisSettings withAssumedMajor(int major) {
        return new AnalysisSettings(batchThreshold, maxLockTimeout, outsideManor, major);
    }

    public AnalysisSettings withBatchThreshold(long rows) {
        return new AnalysisSettings(rows, maxLockTimeout, outsideManor, assumedMajor);
    }
}
