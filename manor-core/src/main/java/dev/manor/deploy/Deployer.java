package dev.manor.deploy;

import dev.manor.text.Plural;
import dev.manor.ManorException;
import dev.manor.deploy.backfill.BackfillRunner;
import dev.manor.deploy.replica.ReplicaWatch;
import dev.manor.history.Event;
import dev.manor.history.HistoryRecord;
import dev.manor.history.HistoryStatus;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.migration.SqlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code manor deploy}: applies pending migrations in order, each atomically with its history row. */
public final class Deployer {
    private final DeployContext ctx;

    public Deployer(DeployContext ctx) {
        this.ctx = ctx;
    }

    /**
     * {@code upTo}: apply migrations up to and including this id only (null: all). {@code deferBackfills}: stop
     * where a backfill would run, after the DDL of the first migration that has one (its backfill is recorded as
     * unfinished, so the next deploy runs it first), or before anything when an earlier backfill is unfinished;
     * a later {@code deploy()}, e.g. in the background, does the rest.
     */
    public record Options(boolean dryRun, boolean allowOutOfOrder, String upTo, boolean deferBackfills) {
        public static final Options DEFAULT = new Options(false, false, null);

        public Options(boolean dryRun, boolean allowOutOfOrder, String upTo) {
            this(dryRun, allowOutOfOrder, upTo, false);
        }

        public Options(boolean dryRun, boolean allowOutOfOrder) {
            this(dryRun, allowOutOfOrder, null);
        }

        public Options deferringBackfills() {
            return new Options(dryRun, allowOutOfOrder, upTo, true);
        }

        public static Options upTo(String id) {
            return new Options(false, false, id);
        }
    }

    public DeployResult deploy(Options options) {
        if (options.dryRun()) {
            return new DeployResult(ctx.withConnection(c -> plan(ctx.status(c), options)), List.of(), true);
        }
        var onDisk = ctx.readAhead(); // while the lock is taken
        try (DeployLock ignored = ctx.lock("deploy")) {
            return deployLocked(options, onDisk);
        }
    }

    /** What a dry run found: the plan, what the checks would refuse, and the SQL that would run. */
    public record Preview(List<PlannedMigration> plan, List<dev.manor.GateRefusedException> refusals, String script,
                          List<String> repeatables) {
        public Preview(List<PlannedMigration> plan, List<dev.manor.GateRefusedException> refusals, String script) {
            this(plan, refusals, script, List.of());
        }
    }

    /** Plans, runs every check in preview mode (each refusal collected) and renders the script; changes nothing. */
    public Preview preview(Options options) {
        return ctx.withConnection(c -> {
            StatusReport status = ctx.status(c);
            List<PlannedMigration> plan = plan(status, options);
            boolean reachesEnd = options.upTo() == null
                    || plan.size() == plan(status, new Options(false, options.allowOutOfOrder())).size();
            List<Migration> onDisk = status.onDisk();
            dev.manor.repeatable.ScriptRunner runner = ctx.scripts();
            List<dev.manor.repeatable.SqlScript> repeatables = reachesEnd ? runner.changed(c) : List.of();
            List<dev.manor.GateRefusedException> refusals = new ArrayList<>();
            List<dev.manor.repeatable.SqlScript> scripts = scriptsRun(runner, plan, repeatables);
            for (DeployCheck check : ctx.checks()) {
                try {
                    if (!plan.isEmpty()) {
                        check.preview(plan, onDisk, c);
                    }
                    check.checkScripts(scripts, c, true);
                } catch (dev.manor.GateRefusedException e) {
                    refusals.add(e);
                }
            }
            StringBuilder script = new StringBuilder(plan.isEmpty() ? "" : DryRunScript.render(ctx.config(), "deploy",
                    plan));
            for (dev.manor.repeatable.SqlScript r : repeatables) {
                script.append("\n-- ").append(r.file()).append(" (re-applied: its file changed or is new)\n")
                        .append(r.sql().strip()).append("\n");
            }
            return new Preview(plan, refusals, script.toString(),
                    repeatables.stream().map(dev.manor.repeatable.SqlScript::file).toList());
        });
    }

    /**
     * The deploy itself, for callers that already hold the deploy lock (reset). When the primary has streaming
     * replicas, backfills and no-transaction steps pause while they lag, and the deploy waits for them to catch up
     * before it returns (docs/replicas.md).
     */
    DeployResult deployLocked(Options options) {
        return deployLocked(options, null);
    }

    /** {@code onDisk}: the migrations folder being read ({@link DeployContext#readAhead}), or null to read it here. */
    private DeployResult deployLocked(Options options,
                                      java.util.concurrent.CompletableFuture<List<Migration>> onDisk) {
        ReplicaWatch[] watch = new ReplicaWatch[1];
        StatusReport status = ctx.withConnection(c -> {
            ctx.history().ensureTables(c);
            watch[0] = ReplicaWatch.start(c, ctx.replicas(), ctx.listener(),
                    (outcome, detail) -> ctx.recordEvent("deploy", null, outcome, detail));
            return onDisk == null ? ctx.status(c) : ctx.status(c, Background.join(onDisk));
        });
        try (ReplicaWatch replicas = watch[0]) {
            DeployResult result = deployWatched(options, status, replicas);
            if (replicas.active() && !result.applied().isEmpty()) {
                ctx.withConnection(replicas::awaitCatchUp);
            }
            return result;
        }
    }

    private DeployResult deployWatched(Options options, StatusReport status, ReplicaWatch replicas) {
        List<PlannedMigration> plan = plan(status, options);
        dev.manor.repeatable.ScriptRunner scripts = ctx.scripts();
        // Repeatables follow the newest schema: a deploy that stops short of it (--to) leaves them for the next.
        boolean reachesEnd = options.upTo() == null
                || plan.size() == plan(status, new Options(false, options.allowOutOfOrder())).size();
        List<dev.manor.repeatable.SqlScript> changedRepeatables = ctx.withConnection(c -> {
            List<dev.manor.repeatable.SqlScript> changed = reachesEnd ? scripts.changed(c)
                    : List.<dev.manor.repeatable.SqlScript>of();
            List<dev.manor.repeatable.SqlScript> run = scriptsRun(scripts, plan, changed);
            List<Migration> onDisk = status.onDisk();
            for (DeployCheck check : ctx.checks()) {
                check.check(plan, onDisk, c);
                check.checkScripts(run, c, false);
            }
            return changed;
        });
        // One migration connection and one guard connection for the whole deploy, not two logins per migration.
        try (DeploySession session = new DeploySession(ctx.db(), ctx.config().historySchema(), ctx.guard())) {
            return deployInSession(options, status, plan, scripts, changedRepeatables, replicas, session);
        }
    }

    private DeployResult deployInSession(Options options, StatusReport status, List<PlannedMigration> plan,
                                         dev.manor.repeatable.ScriptRunner scripts,
                                         List<dev.manor.repeatable.SqlScript> changedRepeatables,
                                         ReplicaWatch replicas, DeploySession session) {
        if (!plan.isEmpty()) {
            warmUp(session);
        }
        BackfillRunner backfills = new BackfillRunner(ctx.db(), ctx.config(), ctx.listener()).watching(replicas);
        if (plan.stream().anyMatch(p -> p.migration().backfillSql() != null)) {
            backfills.ensureTable();
        }
        // A backfill an earlier deploy left unfinished completes before later migrations rely on its data.
        List<Migration> appliedBefore = status.withState(MigrationState.APPLIED).stream()
                .map(StatusReport.Entry::migration).toList();
        if (options.deferBackfills()) {
            if (backfills.hasUnfinished(appliedBefore)) {
                return new DeployResult(List.of(), List.of(), false);
            }
        } else {
            backfills.resumeUnfinished(appliedBefore);
        }
        boolean work = !plan.isEmpty() || !changedRepeatables.isEmpty();
        if (work) {
            scripts.beforeDeploy();
        }
        List<DeployResult.Applied> applied = new ArrayList<>();
        for (PlannedMigration step : plan) {
            ExecutionReport report = apply(step, backfills, scripts, replicas, session);
            applied.add(new DeployResult.Applied(step, report));
            if (step.migration().backfillSql() != null) {
                if (options.deferBackfills()) {
                    // Repeatables and after-deploy wait for the deploy that applies the rest.
                    backfills.defer(step.migration());
                    return new DeployResult(List.copyOf(plan.subList(0, applied.size())), applied, false);
                }
                replicas.beginWindow();
                backfills.runFresh(step.migration());
                if (replicas.active()) {
                    report = report.withReplicaLagPeak(replicas.windowPeakMs());
                    recordReplicaLagPeak(step.migration(), report.replicaLagPeakMs());
                    applied.set(applied.size() - 1, new DeployResult.Applied(step, report));
                }
            }
        }
        // After the versioned migrations, whose tables and columns the views and functions read.
        List<String> repeatables = scripts.applyRepeatables(changedRepeatables);
        if (work) {
            scripts.afterDeploy();
        }
        return new DeployResult(plan, applied, false, repeatables);
    }

    /** The scripts beside the migrations a deploy runs: the changed repeatables, and the callbacks when it has work. */
    private static List<dev.manor.repeatable.SqlScript> scriptsRun(dev.manor.repeatable.ScriptRunner runner,
            List<PlannedMigration> plan, List<dev.manor.repeatable.SqlScript> changedRepeatables) {
        if (plan.isEmpty() && changedRepeatables.isEmpty()) {
            return List.of();
        }
        List<dev.manor.repeatable.SqlScript> run = new ArrayList<>(changedRepeatables);
        run.addAll(runner.callbackScripts());
        return run;
    }

    /** Which migrations run and from which statement; refuses what must not be deployed past. */
    List<PlannedMigration> plan(StatusReport status, Options options) {
        List<StatusReport.Entry> edited = status.withState(MigrationState.EDITED);
        if (!edited.isEmpty()) {
            throw new ManorException("migration " + names(edited) + " was edited after it was applied (its checksum "
                    + "differs from the history). Restore the applied version from version control and put the change "
                    + "in a new migration ('manor new <name>'), or, if the edit changes nothing that ran, run 'manor "
                    + "resolve --accept-edit " + edited.get(0).id() + " --reason \"<why>\"'");
        }
        for (StatusReport.Entry e : status.entries()) {
            if (e.migration() == null && (e.state() == MigrationState.FAILED || e.state() == MigrationState.INTERRUPTED)) {
                throw new ManorException(e.folderName() + " " + e.state().label() + " and its folder is gone. Undo what"
                        + " it left behind (if anything), then run 'manor resolve --rolled-back " + e.id() + "'");
            }
        }
        List<StatusReport.Entry> halfRolledBack = status.withState(MigrationState.ROLLBACK_INTERRUPTED);
        if (!halfRolledBack.isEmpty()) {
            StatusReport.Entry e = halfRolledBack.get(0);
            throw new ManorException(e.folderName() + "'s rollback stopped partway (" + (e.record() == null ? 0
                    : e.record().stepsDone()) + " down statements done), so the schema is half rolled back and"
                    + " nothing is deployed on top of it. Run 'manor rollback' again to finish it, or settle it with"
                    + " 'manor resolve --rolled-back " + e.id() + "' (undone by hand) or 'manor resolve --applied "
                    + e.id() + "' (restored by hand)");
        }
        List<StatusReport.Entry> outOfOrder = status.withState(MigrationState.OUT_OF_ORDER);
        if (!outOfOrder.isEmpty() && !options.allowOutOfOrder()) {
            throw new ManorException("migration " + names(outOfOrder) + " is older than the newest applied one ("
                    + status.latestApplied().orElse("?") + "). Give it a newer id (rename its folder) or deploy with "
                    + "--allow-out-of-order if the order does not matter");
        }
        // An id that names no migration would still sort somewhere and let unintended migrations through.
        String upTo = options.upTo() == null ? null : status.find(options.upTo()).map(StatusReport.Entry::id)
                .orElseThrow(() -> new ManorException("no migration " + options.upTo() + " (see 'manor status')"));
        List<StatusReport.Entry> toRun = new ArrayList<>();
        for (StatusReport.Entry e : status.entries()) {
            boolean runs = switch (e.state()) {
                case PENDING, ROLLED_BACK, FAILED, INTERRUPTED -> true;
                case OUT_OF_ORDER -> options.allowOutOfOrder();
                default -> false;
            };
            if (runs && (upTo == null || e.id().compareTo(upTo) <= 0)) {
                toRun.add(e);
            }
        }
        // Every missing down.sql and every BEGIN named in one error, not one per run.
        MigrationRepository.requireDeployable(toRun.stream().map(StatusReport.Entry::migration).toList());
        List<PlannedMigration> plan = new ArrayList<>();
        for (StatusReport.Entry e : toRun) {
            plan.add(planUp(e));
        }
        return plan;
    }

    private PlannedMigration planUp(StatusReport.Entry e) {
        Migration m = e.migration();
        if (m.downSql() == null) {
            throw new ManorException(m.displayPath(Migration.DOWN_FILE) + " is missing: every migration needs a down "
                    + "script so that it can be rolled back (and 'manor test rollback' can prove it)");
        }
        List<SqlStatement> statements = m.upStatements();
        m.downStatements(); // a malformed down.sql is refused now, not in the middle of an emergency
        String file = m.displayPath(Migration.UP_FILE);
        MigrationExecutor.checkNoTransactionControl(file, statements);
        m.lockTimeout(); // a bad -- manor:lock-timeout is refused before anything runs
        int resumeFrom = 0;
        boolean interrupted = false;
        HistoryRecord r = e.record();
        if (r != null && !m.transactional() && r.status() == HistoryStatus.RUNNING
                && r.checksum().equals(m.checksum())) {
            interrupted = true;
        }
        if (r != null && !m.transactional() && r.stepsDone() > 0
                && (r.status() == HistoryStatus.FAILED || r.status() == HistoryStatus.RUNNING)) {
            if (!m.matchesChecksum(r.checksum())) {
                throw new ManorException(m.folderName() + " stopped after " + r.stepsDone() + " of its statements and "
                        + "migration.sql has changed since, so Manor cannot tell where to resume. Finish or undo it by "
                        + "hand, then run 'manor resolve --applied " + m.id() + "' or 'manor resolve --rolled-back "
                        + m.id() + "'");
            }
            resumeFrom = Math.min(r.stepsDone(), statements.size());
        }
        return new PlannedMigration(m, PlannedMigration.UP, file, statements, m.transactional(), resumeFrom,
                interrupted);
    }

    /** Runs the bookkeeping code once before any migration takes a lock (see {@link HistoryStore#warmUp}). */
    private void warmUp(DeploySession session) {
        ExecutionReport sample = new ExecutionReport(0, 0, 1, 1, 0, 0, 0, 0, List.of("warm-up"), 0, 0, 0);
        Reports.toJson(sample);
        summary(sample);
        Event.of("deploy", "warm-up", "applied", summary(sample));
        try {
            ctx.history().warmUp(session.connection());
        } catch (SQLException e) {
            session.discard();
            throw new ManorException(MigrationExecutor.firstLine(e), e);
        }
    }

    /** The backfill ran after the migration's report was written: its peak lag joins the report. */
    private void recordReplicaLagPeak(Migration m, long peakMs) {
        ctx.withConnection(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE \"" + ctx.config().historySchema()
                    + "\".manor_migrations SET report = coalesce(report, '{}'::jsonb)"
                    + " || jsonb_build_object('replicaLagPeakMs', greatest(?, coalesce((report->>'replicaLagPeakMs')::bigint, 0)))"
                    + " WHERE id = ?")) {
                ps.setLong(1, peakMs);
                ps.setString(2, m.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private ExecutionReport apply(PlannedMigration step, BackfillRunner backfills,
                                  dev.manor.repeatable.ScriptRunner scripts, ReplicaWatch replicas,
                                  DeploySession session) {
        Migration m = step.migration();
        ctx.listener().migrationStarted(m, PlannedMigration.UP);
        if (step.resumeFrom() > 0) {
            ctx.listener().notice("resuming " + m.folderName() + " after statement " + step.resumeFrom() + " of "
                    + step.statements().size() + " (journaled by an earlier run)");
        }
        Instant started = Instant.now();
        MigrationExecutor executor = ctx.executor().watching(replicas);
        // The backfill's record commits with the migration: a deployer killed right after the commit
        // leaves a backfill to resume, never an applied migration whose backfill nothing knows about.
        MigrationExecutor.HistoryWrite applied = (c, r) -> {
            scripts.afterMigration(c, m);
            ctx.history().writeWithEvent(c, m, HistoryStatus.APPLIED, step.statements().size(), started,
                    Instant.now(), null, Reports.toJson(r), Event.of("deploy", m.id(), "applied", summary(r)));
            if (m.backfillSql() != null) {
                backfills.register(c, m);
            }
        };
        try {
            ExecutionReport report;
            if (step.transactional()) {
                report = executor.runTransactional(session, m, step.file(), step.statements(), step.lockTimeout(),
                        applied);
                Failpoints.hit(Failpoints.MIGRATION_COMMITTED);
            } else {
                ctx.withConnection(c -> {
                    c.setAutoCommit(true);
                    ctx.history().write(c, m, HistoryStatus.RUNNING, step.resumeFrom(), started, null, null, null);
                    return null;
                });
                report = executor.runStepwise(m, step.file(), step.statements(), step.resumeFrom(), step.interrupted(),
                        step.lockTimeout(), Failpoints.NOTX_STATEMENT_DONE,
                        (c, done) -> ctx.history().recordStep(c, m.id(), done), applied);
            }
            ctx.listener().migrationFinished(m, PlannedMigration.UP, report);
            return report;
        } catch (ManorException e) {
            ctx.listener().migrationFailed(m, PlannedMigration.UP, e.getMessage());
            boolean committedAnyway = false;
            try {
                committedAnyway = recordFailure(step, started, e);
            } catch (ManorException unrecorded) {
                // the server went away: the migration's own error is the one to report
                e.addSuppressed(unrecorded);
                ctx.listener().notice("the failure of " + m.folderName() + " could not be recorded ("
                        + unrecorded.getMessage() + "); the next deploy finds it interrupted and resumes it");
            }
            if (committedAnyway) {
                throw new ManorException(e.getMessage() + " (the connection was lost during COMMIT, and the commit"
                        + " went through: " + m.folderName() + " is applied; run 'manor deploy' again for the rest)", e);
            }
            throw e;
        }
    }

    /**
     * Records the failure, unless the history shows the run got further than its error says: a connection lost
     * during COMMIT may have committed (the row then says applied, with this run's start), and an autocommit
     * statement whose connection was lost may still be running on the server (left 'running', the next deploy
     * settles it from the catalog).
     */
    private boolean recordFailure(PlannedMigration step, Instant started, ManorException error) {
        Migration m = step.migration();
        boolean connectionLost = connectionLost(error);
        return ctx.withConnection(c -> {
            c.setAutoCommit(false);
            Optional<HistoryRecord> now = ctx.history().find(c, m.id());
            if (now.isPresent() && now.get().status() == HistoryStatus.APPLIED
                    && now.get().startedAt().truncatedTo(ChronoUnit.MILLIS).equals(started.truncatedTo(ChronoUnit.MILLIS))) {
                c.rollback();
                return true;
            }
            if (connectionLost && !step.transactional()) {
                ctx.history().record(c, Event.of("deploy", m.id(), "interrupted", error.getMessage()));
                c.commit();
                return false;
            }
            int done = step.transactional() ? 0 : now.map(HistoryRecord::stepsDone).orElse(0);
            ctx.history().write(c, m, HistoryStatus.FAILED, done, started, Instant.now(), error.getMessage(), null);
            ctx.history().record(c, Event.of("deploy", m.id(), "failed", error.getMessage()));
            c.commit();
            return false;
        });
    }

    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    static String summary(ExecutionReport r) {
        return Plural.count(r.statements(), "statement") + " in " + r.durationMs() + " ms"
                + (r.retries() > 0 ? ", " + r.retries() + " retries after lock timeouts" : "")
                + (r.rowsChanged() > 0 ? ", " + Plural.count(r.rowsChanged(), "row") + " changed" : "");
    }

    private static String names(List<StatusReport.Entry> entries) {
        return entries.stream().map(StatusReport.Entry::folderName).collect(Collectors.joining(", "));
    }

}
