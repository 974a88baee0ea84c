package dev.manor.proof;

import java.util.List;

/**
 * One checked claim about one migration ("20240102_init: down.sql restores the schema"), with
 * what went wrong when it failed. A test case in the JUnit report.
 *
 * @param suite   rollback, fresh, incremental, perf or drift
 * @param name    usually the migration folder name
 * @param details facts worth printing even on success (timings, row counts)
 * @param kind    what the rollback proof found (null for the other suites)
 */
public record ProofCase(String suite, String name, boolean passed, List<String> problems, List<String> details,
                        long durationMs, Kind kind) {
    /**
     * The outcome of one migration's rollback proof. Irreversible and assumes-data are reported, not failed: the
     * first declares there is no undo, the second is the proof's own sample rows breaking the up.
     */
    public enum Kind {
        PROVEN("proven", true),
        IRREVERSIBLE("irreversible", true),
        ASSUMES_DATA("assumes data", true),
        OBJECT("object left or removed", false),
        ROWS("rows lost or changed", false),
        DOWN_ERROR("down error", false),
        UP_ERROR("up error", false),
        BLOCKED("could not run", false);

        private final String label;
        private final boolean passes;

        Kind(String label, boolean passes) {
            this.label = label;
            this.passes = passes;
        }

        public String label() {
            return label;
        }

        public boolean passes() {
            return passes;
        }

        /** The name used in JSON: {@code down_error}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ProofCase {
        problems = List.copyOf(problems);
        details = List.copyOf(details);
    }

    public ProofCase(String suite, String name, boolean passed, List<String> problems, List<String> details,
                     long durationMs) {
        this(suite, name, passed, problems, details, durationMs, null);
    }

    public static ProofCase passed(String suite, String name, List<String> details, long durationMs) {
        return new ProofCase(suite, name, true, List.of(), details, durationMs);
    }

    public static ProofCase failed(String suite, String name, List<String> problems, List<String> details,
                                   long durationMs) {
        return new ProofCase(suite, name, false, problems, details, durationMs);
    }

    /** A rollback proof's case of the given kind; it passes when the kind does. */
    public static ProofCase of(Kind kind, String suite, String name, List<String> problems, List<String> details,
                               long durationMs) {
        return new ProofCase(suite, name, kind.passes(), problems, details, durationMs, kind);
    }

    /** The same case as another kind. */
    public ProofCase as(Kind other) {
        return new ProofCase(suite, name, other.passes(), problems, details, durationMs, other);
    }
}
