package dev.manor.deploy;

import java.util.List;

/** What a deploy, rollback or reset did (or, for a dry run, would do). */
public record DeployResult(List<PlannedMigration> plan, List<Applied> applied, boolean dryRun) {
    public record Applied(PlannedMigration step, ExecutionReport report) {
    }

    public boolean nothingToDo() {
        return plan.isEmpty();
    }
}
