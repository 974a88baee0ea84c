package dev.manor.proof;

import java.util.List;

/**
 * One checked claim about one migration ("20240102_init: down.sql restores the schema"), with
 * what went wrong when it failed. A test case in the JUnit report.
 *
 * @param suite   rollback, fresh, incremental, perf or drift
 * @param name    usually the migration folder name
 * @param details facts worth printing even on success (timings, row counts)
 */
public record ProofCase(String suite, String name, boolean passed, List<String> problems, List<String> details,
                        long durationMs) {
    public static ProofCase passed(String suite, String name, List<String> details, long durationMs) {
        return new ProofCase(suite, name, true, List.of(), List.copyOf(details), durationMs);
    }

    public static ProofCase failed(String suite, String name, List<String> problems, List<String> details,
                                   long durationMs) {
        return new ProofCase(suite, name, false, List.copyOf(problems), List.copyOf(details), durationMs);
    }
}
