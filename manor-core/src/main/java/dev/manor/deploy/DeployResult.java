package dev.manor.deploy;

import java.util.List;

/** What a deploy, rollback or reset did (or, for a dry run, would do). */
public record DeployResult(List<PlannedMigration> plan, List<Applied> applied, boolean dryRun,
                           List<String> repeatables) {
    public record Applied(PlannedMigration step, ExecutionReport report) {
    }

    public DeployResult {
        repeatables = List.copyOf(repeatables);
    }

    /** A result that re-applied no repeatable script. */
    public DeployResult(List<PlannedMigration> plan, List<Applied> applied, boolean dryRun) {
        this(plan, applied, dryRun, List.of());
    }

    public boolean nothingToDo() {
        return plan.isEmpty() && repeatables.isEmpty();
    }
}
