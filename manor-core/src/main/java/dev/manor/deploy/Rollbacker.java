package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.history.Event;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/** {@code manor rollback}: runs down scripts newest first, each atomically with its history update. */
public final class Rollbacker {
    private final DeployContext ctx;

    public Rollbacker(DeployContext ctx) {
        this.ctx = ctx;
    }

    /** Either {@code steps} migrations, or every applied migration newer than {@code toId}. */
    public record Target(int steps, String toId) {
        public static Target steps(int n) {
            if (n < 1) {
                throw new ManorException("a rollback of " + n + " steps: roll back at least 1");
            }
            return new Target(n, null);
        }

        public static Target to(String id) {
            return new Target(0, id);
        }
    }

    public DeployResult rollback(Target target, boolean dryRun) {
        if (dryRun) {
            return new DeployResult(ctx.withConnection(c -> plan(ctx.status(c), target)), List.of(), true);
        }
        try (DeployLock ignored = ctx.lock("rollback")) {
            List<PlannedMigration> plan = ctx.withConnection(c -> plan(ctx.status(c), target));
            List<DeployResult.Applied> done = new ArrayList<>();
            for (PlannedMigration step : plan) {
                done.add(new DeployResult.Applied(step, rollbackOne(step)));
            }
            return new DeployResult(plan, done, false);
        }
    }

    /** The rollback's plan and the SQL it would run; changes nothing. */
    public Deployer.Preview preview(Target target) {
        List<PlannedMigration> plan = ctx.withConnection(c -> plan(ctx.status(c), target));
        return new Deployer.Preview(plan, List.of(),
                plan.isEmpty() ? "" : DryRunScript.render(ctx.config(), "rollback", plan));
    }

    List<PlannedMigration> plan(StatusReport status, Target target) {
        List<StatusReport.Entry> applied = status.appliedNewestFirst();
        List<StatusReport.Entry> chosen;
        if (target.toId() != null) {
            StatusReport.Entry to = status.find(target.toId()).orElseThrow(() ->
                    new ManorException("no migration " + target.toId() + " (see 'manor status')"));
            chosen = applied.stream().filter(e -> e.id().compareTo(to.id()) > 0).toList();
        } else {
            if (target.steps() > applied.size()) {
                throw new ManorException("cannot roll back " + target.steps() + " migrations: only " + applied.size()
                        + " applied");
            }
            chosen = applied.subList(0, target.steps());
        }
        List<PlannedMigration> plan = new ArrayList<>();
        for (StatusReport.Entry e : chosen) {
            if (e.state() == MigrationState.MISSING_ON_DISK) {
                throw new ManorException(e.folderName() + " is applied but its folder is missing, so there is no down.sql"
                        + " to run; restore the folder from version control first");
            }
            Migration m = e.migration();
            if (!m.hasUsableDown()) {
                throw new ManorException(m.displayPath(Migration.DOWN_FILE) + (m.downSql() == null ? " is missing"
                        : " has no statements") + ": write the rollback SQL before rolling back");
            }
            if (e.state() == MigrationState.EDITED) {
                ctx.listener().notice(m.folderName() + " was edited after it was applied; its current down.sql is used");
            }
            List<SqlStatement> statements = m.downStatements();
            m.downLockTimeout(); // a bad -- manor:lock-timeout is refused before anything runs
            plan.add(new PlannedMigration(m, PlannedMigration.DOWN, m.displayPath(Migration.DOWN_FILE), statements,
                    m.downTransactional(), 0));
        }
        return plan;
    }

    private ExecutionReport rollbackOne(PlannedMigration step) {
        Migration m = step.migration();
        ctx.listener().migrationStarted(m, PlannedMigration.DOWN);
        MigrationExecutor.HistoryWrite history = (c, r) -> {
            ctx.history().markRolledBack(c, m.id());
            ctx.history().record(c, Event.of("rollback", m.id(), "rolled_back", Deployer.summary(r)));
        };
        try {
            ExecutionReport report = step.transactional()
                    ? ctx.executor().runTransactional(m, step.file(), step.statements(), step.lockTimeout(), history)
                    : ctx.executor().runStepwise(m, step.file(), step.statements(), 0, step.lockTimeout(),
                            (c, n) -> { }, history);
            ctx.listener().migrationFinished(m, PlannedMigration.DOWN, report);
            return report;
        } catch (ManorException e) {
            ctx.recordEvent("rollback", m, "failed", e.getMessage());
            ctx.listener().migrationFailed(m, PlannedMigration.DOWN, e.getMessage());
            throw e;
        }
    }
}
