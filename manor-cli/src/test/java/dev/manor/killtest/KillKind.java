package dev.manor.killtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a trial's kills land. Random kills land anywhere in a deploy or rollback; aimed kills land at a
 * named engine failpoint (needs {@code dev.manor.deploy.Failpoints}) or while pg_stat_activity shows a
 * marked slow statement running (the server then finishes that statement after its client died).
 */
public enum KillKind {
    DEPLOY_RANDOM("deploy, random moment", false, null),
    DEPLOY_NOTX_IN_FLIGHT("deploy, during a no-transaction statement", false, null,
            "%" + KillProject.SLOW_NOTX + "%", "CREATE INDEX CONCURRENTLY%"),
    DEPLOY_TX_IN_FLIGHT("deploy, during a transactional statement", false, null, "%" + KillProject.SLOW_TX + "%"),
    DEPLOY_BACKFILL_RUNNING("deploy, while backfill batches run", false, null),
    MIGRATION_COMMITTED("deploy, right after a migration commits", false, "migration-committed"),
    NOTX_STATEMENT_DONE("deploy, after a no-transaction statement, before its journal", false,
            "notx-statement-done"),
    BACKFILL_BATCH_DONE("deploy, right after a backfill batch commits", false, "backfill-batch-done"),
    ROLLBACK_RANDOM("rollback, random moment", true, null),
    ROLLBACK_NOTX_IN_FLIGHT("rollback, during a no-transaction down statement", true, null,
            "%" + KillProject.SLOW_NOTX_DOWN + "%", "DROP INDEX CONCURRENTLY%"),
    DOWN_STATEMENT_DONE("rollback, after a no-transaction down statement", true, "down-statement-done"),
    ROLLBACK_COMMITTED("rollback, right after a down commits", true, "rollback-committed");

    private final String description;
    private final boolean rollback;
    private final String failpoint;
    private final List<String> markers;

    KillKind(String description, boolean rollback, String failpoint, String... markers) {
        this.description = description;
        this.rollback = rollback;
        this.failpoint = failpoint;
        this.markers = List.of(markers);
    }

    public String description() {
        return description;
    }

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }

    public boolean rollback() {
        return rollback;
    }

    /** The engine failpoint this kind stops the deployer at, or null. */
    public String failpoint() {
        return failpoint;
    }

    /** LIKE patterns of the statements pg_stat_activity is polled for (the trial picks one); empty for none. */
    public List<String> markers() {
        return markers;
    }

    public boolean random() {
        return this == DEPLOY_RANDOM || this == ROLLBACK_RANDOM;
    }

    /** Whether this engine has failpoints (the class appears on the classpath). */
    public static boolean failpointsAvailable() {
        try {
            Class.forName("dev.manor.deploy.Failpoints");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Every kind this engine supports: failpoint kinds only when it has failpoints. */
    public static List<KillKind> available() {
        boolean failpoints = failpointsAvailable();
        List<KillKind> kinds = new ArrayList<>();
        for (KillKind k : values()) {
            if (k.failpoint == null || failpoints) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    public static KillKind parse(String label) {
        return Arrays.stream(values()).filter(k -> k.label().equals(label.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown kill kind '" + label + "'; known: "
                        + String.join(", ", Arrays.stream(values()).map(KillKind::label).toList())));
    }
}
