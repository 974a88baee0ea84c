package dev.manor.deploy;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named moments where a kill test wants the deployer to stop so that it can SIGKILL it exactly there.
 * Enabled by the system property {@code manor.failpoint} (comma-separated names); unset, a hit costs one
 * volatile read. A named hit prints {@code manor-failpoint: <name>} on stderr and sleeps forever.
 * <ul>
 * <li>{@code migration-committed}: after a transactional migration's COMMIT, before anything else</li>
 * <li>{@code notx-statement-done}: after an autocommit no-transaction statement returned, before its journal step</li>
 * <li>{@code backfill-batch-done}: after a backfill batch committed</li>
 * <li>{@code down-statement-done}: after an autocommit no-transaction down statement, before its journal step</li>
 * <li>{@code rollback-committed}: after a rollback's COMMIT (down script and history together)</li>
 * </ul>
 */
public final class Failpoints {
    public static final String MIGRATION_COMMITTED = "migration-committed";
    public static final String NOTX_STATEMENT_DONE = "notx-statement-done";
    public static final String BACKFILL_BATCH_DONE = "backfill-batch-done";
    public static final String DOWN_STATEMENT_DONE = "down-statement-done";
    public static final String ROLLBACK_COMMITTED = "rollback-committed";

    private static volatile Set<String> enabled = parse(System.getProperty("manor.failpoint"));

    private Failpoints() {
    }

    /** Stops here for good when {@code name} is enabled; does nothing otherwise. */
    public static void hit(String name) {
        Set<String> names = enabled;
        if (names.isEmpty() || name == null || !names.contains(name)) {
            return;
        }
        System.err.println("manor-failpoint: " + name);
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // waiting for SIGKILL: an interrupt is not the end
            }
        }
    }

    /** Re-reads the system property (tests in one JVM). */
    static void reload() {
        enabled = parse(System.getProperty("manor.failpoint"));
    }

    private static Set<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
