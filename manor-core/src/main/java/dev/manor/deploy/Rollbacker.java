package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.deploy.replica.ReplicaWatch;
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
            ReplicaWatch[] watch = new ReplicaWatch[1];
            List<PlannedMigration> plan = ctx.withConnection(c -> {
                if (ctx.history().exists(c)) {
                    ctx.history().ensureTables(c); // an older history learns the 'rolling_back' status
                }
                List<PlannedMigration> planned = plan(ctx.status(c), target);
                watch[0] = planned.isEmpty() ? ReplicaWatch.none() : ReplicaWatch.start(c, ctx.replicas(),
                        ctx.listener(), (outcome, detail) -> ctx.recordEvent("rollback", null, outcome, detail));
                return planned;
            });
            // as a deploy: no-transaction down statements pause while a replica lags, and the rollback returns once
            // the replicas have replayed it (docs/replicas.md)
            try (ReplicaWatch replicas = watch[0]) {
                List<DeployResult.Applied> done = new ArrayList<>();
                for (PlannedMigration step : plan) {
                    done.add(new DeployResult.Applied(step, rollbackOne(step, replicas)));
                }
                if (replicas.active() && !done.isEmpty()) {
                    ctx.withConnection(replicas::awaitCatchUp);
                }
                return new DeployResult(plan, done, false);
            }
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
            if (e.migration() == null) {
                throw new ManorException(e.folderName() + " is applied but its folder is missing, so there is no down.sql"
                        + " to run; restore the folder from version control first");
            }
            Migration m = e.migration();
            if (!m.hasUsableDown() && m.irreversibleReason().isPresent()) {
                throw new ManorException(m.folderName() + " is irreversible (" + m.irreversibleReason().get()
                        + "); it cannot be rolled back: fix forward with a new migration, or restore a backup");
            }
            if (!m.hasUsableDown()) {
                throw new ManorException(m.displayPath(Migration.DOWN_FILE) + (m.downSql() == null ? " is missing"
                        : " has no statements") + ": write the rollback SQL before rolling back");
            }
            if (e.state() == MigrationState.EDITED) {
                ctx.listener().notice(m.folderName() + " was edited after it was applied; its current down.sql is used");
            }
            List<SqlStatement> statements = m.downStatements();
            m.downLockTimeout(); // a bad -- manor:lock-timeout is refused before anything runs
            int resumeFrom = 0;
            boolean interrupted = e.state() == MigrationState.ROLLBACK_INTERRUPTED;
            if (interrupted && !m.downTransactional()) {
                int done = e.record().stepsDone();
                if (done > 0 && !java.util.Objects.equals(e.record().downChecksum(), m.downChecksum())) {
                    throw new ManorException(m.folderName() + "'s rollback stopped after " + done + " of its down"
                            + " statements and down.sql has changed since, so Manor cannot tell where to resume. Finish"
                            + " or undo it by hand, then run 'manor resolve --rolled-back " + m.id() + "' or 'manor"
                            + " resolve --applied " + m.id() + "'");
                }
                resumeFrom = Math.min(done, statements.size());
            }
            plan.add(new PlannedMigration(m, PlannedMigration.DOWN, m.displayPath(Migration.DOWN_FILE), statements,
                    m.downTransactional(), resumeFrom, interrupted));
        }
        return plan;
    }

    private ExecutionReport rollbackOne(PlannedMigration step, ReplicaWatch replicas) {
        Migration m = step.migration();
        ctx.listener().migrationStarted(m, PlannedMigration.DOWN);
        MigrationExecutor.HistoryWrite history = (c, r) -> {
            ctx.history().markRolledBack(c, m.id());
            ctx.history().record(c, Event.of("rollback", m.id(), "rolled_back", Deployer.summary(r)));
        };
        try {
            ExecutionReport report;
            if (step.transactional()) {
                report = ctx.executor().runTransactional(m, step.file(), step.statements(), step.lockTimeout(), history);
            } else {
                // Journaled like an up script: a rollback that stops partway says so and resumes from there.
                if (step.resumeFrom() > 0) {
                    ctx.listener().notice("resuming the rollback of " + m.folderName() + " after down statement "
                            + step.resumeFrom() + " of " + step.statements().size());
                }
                ctx.withConnection(c -> {
                    c.setAutoCommit(true);
                    ctx.history().markRollingBack(c, m.id(), step.resumeFrom());
                    return null;
                });
                report = ctx.executor().watching(replicas).runStepwise(m, step.file(), step.statements(), step.resumeFrom(),
                        step.interrupted(), step.lockTimeout(), Failpoints.DOWN_STATEMENT_DONE,
                        (c, n) -> ctx.history().recordStep(c, m.id(), n), history);
            }
            Failpoints.hit(Failpoints.ROLLBACK_COMMITTED);
            ctx.listener().migrationFinished(m, PlannedMigration.DOWN, report);
            return report;
        } catch (ManorException e) {
            ctx.listener().migrationFailed(m, PlannedMigration.DOWN, e.getMessage());
            try {
                ctx.recordEvent("rollback", m, "failed", e.getMessage());
            } catch (ManorException unrecorded) {
                e.addSuppressed(unrecorded);
            }
            if (!step.transactional()) {
                throw new ManorException(e.getMessage() + ". " + m.folderName() + " is half rolled back: run 'manor"
                        + " rollback' again to resume it, or settle it with 'manor resolve --rolled-back " + m.id()
                        + "' (undone by hand) or 'manor resolve --applied " + m.id() + "' (restored by hand)", e);
            }
            throw e;
        }
    }
}
