package dev.manor;

import dev.manor.deploy.Deployer;

/**
 * How far a deploy goes and what it accepts. Immutable: each method returns a changed copy.
 * <pre>{@code manor.deploy(DeployOptions.defaults().upTo("20240102000000"));}</pre>
 */
public final class DeployOptions {
    private static final DeployOptions DEFAULTS = new DeployOptions(false, null, false);

    private final boolean allowOutOfOrder;
    private final String upTo;
    private final boolean deferBackfills;

    private DeployOptions(boolean allowOutOfOrder, String upTo, boolean deferBackfills) {
        this.allowOutOfOrder = allowOutOfOrder;
        this.upTo = upTo;
        this.deferBackfills = deferBackfills;
    }

    /**
     * Every pending migration, in order; a pending migration older than the newest applied one is refused.
     *
     * @return the default options
     */
    public static DeployOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Apply migrations up to and including {@code id} only.
     *
     * @param id a migration id, e.g. {@code 20240102000000}
     * @return a copy that stops at {@code id}
     */
    public DeployOptions upTo(String id) {
        return new DeployOptions(allowOutOfOrder, id, deferBackfills);
    }

    /**
     * Also apply pending migrations older than the newest applied one (when their order does not matter).
     *
     * @return a copy that allows out-of-order migrations
     */
    public DeployOptions allowOutOfOrder() {
        return new DeployOptions(true, upTo, deferBackfills);
    }

    /**
     * Stop where a backfill would run: after the DDL of the first migration that has one (its backfill is recorded as
     * unfinished), or before anything while an earlier backfill is unfinished. A later {@code deploy()}, e.g. on a
     * background thread once the application serves, runs the backfill first and then the rest.
     *
     * @return a copy that leaves backfills to the next deploy
     */
    public DeployOptions deferringBackfills() {
        return new DeployOptions(allowOutOfOrder, upTo, true);
    }

    Deployer.Options toInternal(boolean dryRun) {
        return new Deployer.Options(dryRun, allowOutOfOrder, upTo, deferBackfills);
    }
}
