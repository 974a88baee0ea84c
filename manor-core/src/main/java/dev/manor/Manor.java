package dev.manor;

import dev.manor.config.ConnectionSettings;
import dev.manor.config.ReplicaSettings;
import dev.manor.config.Database;
import dev.manor.config.ManorConfig;
import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import dev.manor.gate.GateOverrides;
import dev.manor.shadow.ShadowProvider;
import dev.manor.config.RetryPolicy;
import dev.manor.deploy.DeployCheck;
import dev.manor.deploy.DeployContext;
import dev.manor.deploy.ManorInternals;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.deploy.Deployer;
import dev.manor.deploy.Resetter;
import dev.manor.deploy.Resolver;
import dev.manor.deploy.Rollbacker;
import dev.manor.deploy.Seeder;
import dev.manor.deploy.CompositeListener;
import dev.manor.deploy.alert.AlertSender;
import dev.manor.deploy.backfill.BackfillRecord;
import dev.manor.deploy.backfill.BackfillStore;
import dev.manor.deploy.alert.AlertSettings;
import dev.manor.deploy.alert.AlertingListener;
import dev.manor.deploy.guard.GuardSettings;
import dev.manor.diff.DeclarativeDiff;
import dev.manor.diff.DiffOptions;
import dev.manor.diff.DiffResult;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.time.Clock;

/**
 * Manor's entry point: deploys a folder of PostgreSQL migrations safely.
 * <pre>{@code
 * Manor manor = Manor.configure()
 *         .project(Path.of("."))          // manor.toml, like the manor command
 *         .environment("prod")
 *         .load();
 * manor.deploy();                         // analysis and gates first, as 'manor deploy' does
 * }</pre>
 * Without a project, give the database and the migrations folder:
 * <pre>{@code
 * Manor.configure().dataSource(dataSource).migrations(Path.of("migrations")).load().deploy();
 * }</pre>
 * Every deploy runs the analysis gate and the production gates (deploy window, deprecation; in a protected
 * environment also staging and backup) before its first statement, exactly as the command line does. A refusal
 * throws {@link GateRefusedException}; overrides ({@link Builder#overrideGate}) and the opt-out
 * ({@link Builder#skipSafetyChecks}) need a reason and are recorded in the deployment log. Manor logs what it does
 * through SLF4J (logger names start with {@code dev.manor}). Instances are immutable and safe to share; commands
 * on one database are serialised by Manor's deploy lock.
 */
public final class Manor {
    static {
        ManorInternals.register(m -> m.ctx);
    }

    private final DeployContext ctx;
    private final Clock clock;
    private final Supplier<ShadowProvider> shadows;
    private final Path schemaDir;

    private Manor(DeployContext ctx, Clock clock, Supplier<ShadowProvider> shadows, Path schemaDir) {
        this.ctx = ctx;
        this.clock = clock;
        this.shadows = shadows;
        this.schemaDir = schemaDir;
    }

    /**
     * Starts configuring a Manor.
     *
     * @return a new builder
     */
    public static Builder configure() {
        return new Builder();
    }

    /**
     * The resolved settings.
     *
     * @return the settings this Manor runs with
     */
    public ManorConfig config() {
        return ctx.config();
    }

    /**
     * Where connections come from.
     *
     * @return the configured database
     */
    public Database database() {
        return ctx.db();
    }

    /**
     * The migrations on disk, oldest first.
     *
     * @return every migration in the migrations folder
     * @throws dev.manor.migration.MigrationFormatException when a migration cannot be read as written
     */
    public List<Migration> migrations() {
        return ctx.repository().load();
    }

    /**
     * Each migration's state: applied, pending, failed, edited after it was applied, missing on disk.
     *
     * @return the status of the database against the migrations on disk
     */
    public StatusReport status() {
        var onDisk = ctx.readAhead(); // while the connection opens
        return ctx.withConnection(c -> ctx.status(c, dev.manor.deploy.Background.join(onDisk)));
    }

    /**
     * {@code manor diff}: compares the desired schema (the SQL files of the schema folder, manor.toml {@code schema},
     * default {@code schema/}) with the end state of the migrations, both built on throwaway databases, and writes the
     * migrations that get from one to the other in safe forms, each with an exact down script. They are proven (up,
     * down, up) and analysed first, and only moved into the migrations folder when both pass. A change Manor cannot
     * make safely, or must not guess (a column that looks renamed, data loss), is listed in
     * {@link DiffResult#hazards()} and nothing is written. See docs/diff.md.
     *
     * @param options flags and answers ({@link DiffOptions#defaults()} to write, refusing every hazard)
     * @return the plan, the folders written, the hazards and notes
     * @throws ManorException when a schema file fails, or the migrations do not build on a throwaway database
     */
    public DiffResult diff(DiffOptions options) {
        DeclarativeDiff.Project project = new DeclarativeDiff.Project(ctx.config().migrationsDir(), ctx.config().seedFile(),
                ctx.config().schemas(), schemaDir, ctx.db());
        try (ShadowProvider provider = shadows.get()) {
            return new DeclarativeDiff(project).run(provider, options);
        }
    }

    /**
     * Applies every pending migration in order, each atomically with its history row, after the analysis and the
     * gates passed.
     *
     * @return what was applied
     * @throws GateRefusedException             when the analysis or a gate refuses (nothing changed)
     * @throws MigrationFailedException         when a statement fails (that migration is rolled back or journaled)
     * @throws LockNotAcquiredException         when a lock could not be taken after the retries
     * @throws TrafficGuardCancelledException   when the traffic guard cancelled a migration
     * @throws dev.manor.migration.MigrationFormatException when a migration cannot be run as written
     */
    public DeployResult deploy() {
        return deploy(DeployOptions.defaults());
    }

    /**
     * Like {@link #deploy()}, with options (stop at a migration, allow out-of-order ones).
     *
     * @param options how far to go and what to accept
     * @return what was applied
     * @throws GateRefusedException when the analysis or a gate refuses (see {@link #deploy()} for the rest)
     */
    public DeployResult deploy(DeployOptions options) {
        return logged("deploy", () -> new Deployer(ctx).deploy(options.toInternal(false)));
    }

    /**
     * @deprecated use {@link #deploy(DeployOptions)} or {@link #dryRun(DeployOptions)}
     * @param options internal options
     * @return what was applied, or for a dry run the plan
     */
    @Deprecated
    public DeployResult deploy(Deployer.Options options) {
        return options.dryRun() ? new Deployer(ctx).deploy(options)
                : logged("deploy", () -> new Deployer(ctx).deploy(options));
    }

    /**
     * What {@link #deploy()} would do, without changing anything: the analysis and the gates run (recording nothing,
     * taking no backup) and the exact SQL is rendered.
     *
     * @return the plan, the refusals and the script
     */
    public DryRun dryRun() {
        return dryRun(DeployOptions.defaults());
    }

    /**
     * What {@link #deploy(DeployOptions)} would do, without changing anything.
     *
     * @param options how far to go and what to accept
     * @return the plan, the refusals and the script
     */
    public DryRun dryRun(DeployOptions options) {
        Deployer.Preview p = new Deployer(ctx).preview(options.toInternal(true));
        return new DryRun(p.plan(), p.refusals(), p.script(), p.repeatables());
    }

    /**
     * Runs the down scripts of the chosen applied migrations, newest first, each atomically with its history
     * update.
     *
     * @param target how many, or back to which migration
     * @return what was rolled back
     * @throws MigrationFailedException when a down script fails (that migration stays applied)
     */
    public RollbackResult rollback(RollbackTarget target) {
        return new RollbackResult(logged("rollback", () -> new Rollbacker(ctx).rollback(target.toInternal(), false))
                .applied());
    }

    /**
     * Writes down.sql for migrations without a usable one (none, or only the marker {@code manor import} leaves),
     * from the schema before and after each on a shadow database, then proves every written script as
     * {@code manor test rollback} does. What cannot be undone without data (a dropped column or table, rows
     * changed, an enum value added) is declared with {@code -- manor:irreversible because <reason>}.
     *
     * @param shadows where the throwaway databases come from ({@link ShadowProvider#embedded} or
     *                {@link ShadowProvider#on}); the caller closes it
     * @param ids     migration ids or folder names; empty for every migration whose down is missing
     * @param force   replace the hand-written down.sql of a named migration
     * @return per migration: proven, irreversible (with its reason) or failed (why)
     */
    public dev.manor.downgen.DownReport generateDowns(ShadowProvider shadows, List<String> ids, boolean force) {
        return new dev.manor.downgen.DownGenerator(ctx.config().migrationsDir(), ctx.config().schemas(),
                dev.manor.proof.ProofSettings.DEFAULT_SAMPLE_ROWS).generate(shadows, ids, force);
    }

    /**
     * What {@link #rollback(RollbackTarget)} would do, without changing anything.
     *
     * @param target how many, or back to which migration
     * @return the plan and the exact SQL
     */
    public DryRun dryRunRollback(RollbackTarget target) {
        Deployer.Preview p = new Rollbacker(ctx).preview(target.toInternal());
        return new DryRun(p.plan(), p.refusals(), p.script(), p.repeatables());
    }

    /**
     * @deprecated use {@link #rollback(RollbackTarget)} or {@link #dryRunRollback(RollbackTarget)}
     * @param target internal target
     * @param dryRun plan only
     * @return what was (or would be) rolled back
     */
    @Deprecated
    public DeployResult rollback(Rollbacker.Target target, boolean dryRun) {
        return new Rollbacker(ctx).rollback(target, dryRun);
    }

    /**
     * Records that a failed or interrupted migration was completed by hand: it counts as applied. Refused while
     * statements of it never ran (see {@link #resolveApplied(String, String)}).
     *
     * @param id the migration's id
     */
    public void resolveApplied(String id) {
        new Resolver(ctx).markApplied(id, null);
    }

    /**
     * Records it as applied, its statements that Manor never ran done by hand as {@code ranByHand} says (recorded
     * in the log).
     *
     * @param id        the migration's id
     * @param ranByHand what was done by hand instead of the unrun statements
     */
    public void resolveApplied(String id, String ranByHand) {
        new Resolver(ctx).markApplied(id, ranByHand);
    }

    /**
     * Records that a failed or interrupted migration was undone by hand: it counts as pending again.
     *
     * @param id the migration's id
     */
    public void resolveRolledBack(String id) {
        new Resolver(ctx).markRolledBack(id);
    }

    /**
     * Records an applied migration's edited file as the applied version (the edit changed nothing that ran).
     *
     * @param id     the migration's id or folder name
     * @param reason why the edit is harmless; recorded
     */
    public void resolveAcceptEdit(String id, String reason) {
        new Resolver(ctx).acceptEdit(id, reason);
    }

    /**
     * Empties the managed schemas, re-applies every migration and seeds; refused in a protected environment. The
     * caller has confirmed.
     *
     * @return what was applied
     */
    public DeployResult reset() {
        return new Resetter(ctx).reset();
    }

    /**
     * Runs the seed file.
     *
     * @return the number of statements run, or -1 when there is no seed file
     */
    public int seed() {
        return new Seeder(ctx).seed();
    }

    /**
     * Every backfill Manor has run or is running.
     *
     * @return the backfills, oldest first (empty before the first one)
     */
    public List<BackfillRecord> backfills() {
        return ctx.withConnection(c -> new BackfillStore(ctx.config().historySchema()).list(c));
    }

    /**
     * Records that a person confirmed what a change plan's step waits for (e.g. that no running application version
     * uses the old column), with the database user and the reason, so the plan gate lets the step deploy.
     *
     * @param planOrStep a plan's name (its first unapplied step that asks for a confirmation), or a step's id or folder
     * @param reason     who checked what; recorded
     * @return the confirmed step's folder and what was confirmed
     */
    public String confirm(String planOrStep, String reason) {
        List<Migration> all = migrations();
        return ctx.withConnection(c -> dev.manor.change.PlanConfirmer.confirm(c, ctx.history(), all, planOrStep, reason,
                clock.instant()));
    }

    /**
     * Every change plan among the migrations, with each step's state here: applied, or what it waits for.
     *
     * @return the plans, in the order of their first step
     */
    public List<dev.manor.change.PlanProgress.PlanState> plans() {
        List<Migration> all = migrations();
        if (all.stream().noneMatch(m -> dev.manor.change.PlanMarker.of(m).isPresent())) {
            return List.of();
        }
        return ctx.withConnection(c -> dev.manor.change.PlanProgress.read(c, ctx.history(), clock.instant()).plans(all));
    }

    /**
     * {@link #plans()} from a status report already read, as {@code manor status} shows both: the migrations folder
     * and the history are not read again (on 1,000 migrations that second read was a third of the command).
     *
     * @param status a report of {@link #status()} on this database
     * @return the plans, in the order of their first step
     */
    public List<dev.manor.change.PlanProgress.PlanState> plans(StatusReport status) {
        List<Migration> onDisk = status.onDisk();
        if (onDisk.stream().noneMatch(m -> dev.manor.change.PlanMarker.of(m).isPresent())) {
            return List.of();
        }
        List<dev.manor.history.HistoryRecord> records = status.entries().stream().map(StatusReport.Entry::record)
                .filter(java.util.Objects::nonNull).toList();
        return ctx.withConnection(c -> new dev.manor.change.PlanProgress(records,
                ctx.history().eventsOfAction(c, dev.manor.change.PlanProgress.CONFIRMED), clock.instant()).plans(onDisk));
    }

    /**
     * The newest events of the deployment log.
     *
     * @param limit how many of the newest events, at least 1
     * @return the events, oldest first
     */
    public List<Event> log(int limit) {
        if (limit < 1) {
            throw new ManorException("a log of " + limit + " events: ask for at least 1");
        }
        return ctx.withConnection(c -> ctx.history().events(c, limit));
    }

    /**
     * Recomputes the deployment log's hash chain and names the first event that does not fit (see docs/history.md).
     *
     * @return how many events are chained and the newest hash, or the first event that was edited, removed or inserted
     */
    public dev.manor.history.EventChain.Verification verifyLog() {
        return ctx.withConnection(c -> ctx.history().verifyChain(c));
    }

    /**
     * Adopts a project that Prisma Migrate, Flyway or Liquibase managed: writes its migrations into this project's
     * migrations folder as Manor migrations (a migration the tool had no undo for gets a {@code down.sql} declaring
     * it irreversible), writes the id mapping ({@code manor-import-<tool>.tsv}) and adds the tool's history table to
     * {@code [drift] ignore} in manor.toml; then reads the tool's history table in this database and records what it
     * says was applied (failed and rolled-back attempts as such), each with an {@code import} event naming the row.
     * Nothing runs against the application's schema, and importing again changes nothing.
     *
     * @param tool the tool the migrations come from
     * @param from the tool's folder (Prisma: the project or its prisma/migrations; Flyway: its locations folder;
     *             Liquibase: a folder of formatted SQL changelogs, or one)
     * @return each migration with where it went and its state, the checksum mismatches, what was not carried over
     * @throws ManorException when the folder is missing or not the tool's (one line)
     * @see #importFiles(dev.manor.adopt.SourceTool, Path, Path, Path)
     */
    public dev.manor.adopt.ImportReport importHistory(dev.manor.adopt.SourceTool tool, Path from) {
        return new dev.manor.adopt.HistoryImport(tool, from, ctx.config().projectDir(), ctx.config().migrationsDir())
                .withHistory(ctx);
    }

    /**
     * Like {@link #importHistory}, without a database: only the files (migrations, mapping, repeatable and callback
     * scripts, the drift ignore entry) are written.
     *
     * @param tool          the tool the migrations come from
     * @param from          the tool's folder
     * @param projectDir    the Manor project (where manor.toml and the mapping file go)
     * @param migrationsDir the Manor migrations folder to write into
     * @return each migration with where it went
     * @throws ManorException when the folder is missing or not the tool's (one line)
     */
    public static dev.manor.adopt.ImportReport importFiles(dev.manor.adopt.SourceTool tool, Path from, Path projectDir,
                                                          Path migrationsDir) {
        return new dev.manor.adopt.HistoryImport(tool, from, projectDir, migrationsDir).files();
    }

    /**
     * Records the migrations up to {@code toId} as applied in a database whose schema they already describe: they
     * are rebuilt in a shadow database first, and any difference from the live schema (outside
     * {@code [drift] ignore}) refuses with one line per object. Each one recorded gets a {@code baseline} event.
     *
     * @param toId    the last migration to record (id or folder name)
     * @param shadows where the shadow database comes from; null for a private embedded server of the target's major
     * @return the migrations recorded
     * @throws ManorException when the schemas differ (nothing recorded) or a migration up to there is not settled
     */
    public dev.manor.adopt.Baseline.Result baseline(String toId, ShadowProvider shadows) {
        ShadowProvider provider = shadows != null ? shadows : SafetyChecks.embeddedShadows(ctx.db());
        try {
            return new dev.manor.adopt.Baseline(ctx, dev.manor.config.ConfigFile.load(ctx.config().projectDir())
                    .driftIgnore()).run(toId, provider);
        } finally {
            if (shadows == null) {
                provider.close();
            }
        }
    }

    private <T> T logged(String what, java.util.function.Supplier<T> body) {
        return ManorLog.around(what, ctx.config(), body);
    }

    /**
     * Collects the settings of a {@link Manor}. Every setting has a default except the database and the migrations
     * folder; {@link #project(Path)} reads both (and the rest) from a project's {@code manor.toml}. Settings given
     * here win over those read from the project.
     */
    public static final class Builder {
        private Database database;
        private ConnectionSettings connection;
        private Path projectDir;
        private Path project;
        private ProjectConfig resolvedProject;
        private Path migrations;
        private Path seed;
        private String environment;
        private Boolean protectedEnv;
        private List<String> schemas;
        private String historySchema;
        private Duration lockTimeout;
        private Duration statementTimeout;
        private Duration lockWait;
        private RetryPolicy retry;
        private DeployListener listener = DeployListener.SILENT;
        private final List<DeployCheck> checks = new ArrayList<>();
        private GuardSettings guard = GuardSettings.DEFAULT;
        private URI alertWebhook;
        private String alertCommand;
        private Duration expectedDuration;
        private final Set<String> overriddenGates = new TreeSet<>();
        private String overrideReason;
        private String skipSafetyReason;
        private boolean takeBackup;
        private boolean runCallbacks = true;
        private boolean observe;
        private ConnectionSettings shadowServer;
        private Supplier<ShadowProvider> shadowProvider;
        private Map<String, String> variables = System.getenv();
        private Clock clock = Clock.systemUTC();
        private ReplicaSettings replicaSettings;
        private ConnectionSettings directConnection;

        private Builder() {
        }

        /**
         * Connections come from the application's pool. The backup gate needs {@link #connection} settings instead.
         *
         * @param dataSource the application's DataSource
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.database = Database.of(dataSource, "the application's DataSource");
            this.connection = null;
            return this;
        }

        /**
         * Connects with these JDBC settings (also what backups and shadow databases use).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder connection(ConnectionSettings settings) {
            this.database = Database.of(settings);
            this.connection = settings;
            return this;
        }

        /**
         * Connects to {@code jdbcUrl} ({@code jdbc:postgresql:...}); {@code user} and {@code password} may be null.
         *
         * @param jdbcUrl a {@code jdbc:postgresql:} URL
         * @param user the user, or null
         * @param password the password, or null
         * @return this builder
         */
        public Builder connection(String jdbcUrl, String user, String password) {
            return connection(new ConnectionSettings(jdbcUrl, user, password));
        }

        /**
         * Connects through any {@link Database}.
         *
         * @param database where connections come from
         * @return this builder
         */
        public Builder database(Database database) {
            this.database = database;
            this.connection = null;
            return this;
        }

        /**
         * Reads the project in {@code dir} the way the {@code manor} command does: {@code manor.toml} (migrations,
         * seed, history schema, backups) and the chosen environment's url, user, password variable, schemas,
         * timeouts, protection, staging environment, deploy window and backup age. Without {@link #environment}
         * the file's {@code default_env} (else "dev") is used.
         *
         * @param dir a folder
         * @return this builder
         */
        public Builder project(Path dir) {
            this.project = Objects.requireNonNull(dir, "dir");
            this.projectDir = dir;
            return this;
        }

        /**
         * A project resolved by the caller (the command line layers its flags over {@code manor.toml} this way).
         * Internal: applications use {@link #project(Path)}.
         *
         * @param resolved the resolved project
         * @return this builder
         */
        public Builder project(ProjectConfig resolved) {
            this.resolvedProject = Objects.requireNonNull(resolved, "resolved");
            this.projectDir = resolved.projectDir();
            return this;
        }

        /**
         * The folder relative paths are reported against, without reading {@code manor.toml} (see {@link #project(Path)}).
         *
         * @param dir a folder
         * @return this builder
         */
        public Builder projectDir(Path dir) {
            this.projectDir = dir;
            return this;
        }

        /**
         * The folder of migration folders ({@code <id>_<name>/migration.sql} and {@code down.sql}).
         *
         * @param dir a folder
         * @return this builder
         */
        public Builder migrations(Path dir) {
            this.migrations = dir;
            return this;
        }

        /**
         * The seed file {@link Manor#seed()} and {@link Manor#reset()} run.
         *
         * @param file the seed file
         * @return this builder
         */
        public Builder seed(Path file) {
            this.seed = file;
            return this;
        }

        /**
         * The environment to deploy to. With {@link #project(Path)} it names an {@code [env.<name>]} table of
         * {@code manor.toml}, whose settings (protection included) apply; without a project it only names the
         * environment in the deployment log, unprotected unless {@link #protectedEnvironment(String)} is used.
         *
         * @param name the environment's name
         * @return this builder
         */
        public Builder environment(String name) {
            this.environment = name;
            return this;
        }

        /**
         * A protected environment of this name: analysis errors refuse the deploy, the staging and backup gates
         * apply, and {@link Manor#reset()} is refused.
         *
         * @param name the environment's name
         * @return this builder
         */
        public Builder protectedEnvironment(String name) {
            this.environment = name;
            this.protectedEnv = true;
            return this;
        }

        /**
         * @deprecated use {@link #environment(String)} or {@link #protectedEnvironment(String)}
         * @param name        the environment's name
         * @param isProtected whether it is protected
         * @return this builder
         */
        @Deprecated
        public Builder environment(String name, boolean isProtected) {
            this.environment = name;
            this.protectedEnv = isProtected;
            return this;
        }

        /**
         * The schemas Manor manages (default {@code public}).
         *
         * @param schemas schema names
         * @return this builder
         */
        public Builder schemas(List<String> schemas) {
            this.schemas = schemas;
            return this;
        }

        /**
         * Where Manor keeps {@code manor_migrations} and {@code manor_events} (default {@code manor}).
         *
         * @param schema a schema name
         * @return this builder
         */
        public Builder historySchema(String schema) {
            this.historySchema = schema;
            return this;
        }

        /**
         * {@code lock_timeout} of every migration statement (default 500 ms; retried with backoff).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder lockTimeout(Duration d) {
            this.lockTimeout = d;
            return this;
        }

        /**
         * {@code statement_timeout} of every migration statement (default none).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder statementTimeout(Duration d) {
            this.statementTimeout = d;
            return this;
        }

        /**
         * How long a deploy waits for another deployer to finish (default 60 s).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder lockWait(Duration d) {
            this.lockWait = d;
            return this;
        }

        /**
         * How often and how long a statement is retried after its lock_timeout fired.
         *
         * @param policy the retry policy
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        /**
         * Told what happens while commands run (default: nothing; Manor also logs through SLF4J).
         *
         * @param listener told what happens
         * @return this builder
         */
        public Builder listener(DeployListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Cancels a migration when other sessions stay blocked behind it longer than {@code threshold}
         * (default 1 s); {@code Duration.ZERO} turns the traffic guard off.
         *
         * @param threshold how long sessions may wait; zero turns the guard off
         * @return this builder
         */
        public Builder trafficGuard(Duration threshold) {
            this.guard = new GuardSettings(threshold, GuardSettings.DEFAULT_INTERVAL);
            return this;
        }

        /**
         * The traffic guard's threshold and sampling interval.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder trafficGuard(GuardSettings settings) {
            this.guard = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * POSTs a JSON alert here when a migration fails, is cancelled by the guard or runs overdue.
         *
         * @param url an http(s) URL
         * @return this builder
         */
        public Builder alertWebhook(URI url) {
            this.alertWebhook = url;
            return this;
        }

        /**
         * Runs this shell command with the alert's JSON on stdin on the same events as the webhook.
         *
         * @param command a shell command
         * @return this builder
         */
        public Builder alertCommand(String command) {
            this.alertCommand = command;
            return this;
        }

        /**
         * How long a migration may run before an overdue alert, unless it says {@code -- manor:expected-duration}.
         *
         * @param d the duration
         * @return this builder
         */
        public Builder expectedDuration(Duration d) {
            this.expectedDuration = d;
            return this;
        }

        /**
         * Adds a check that runs before the first statement of every deploy, after Manor's own gates.
         *
         * @param check the check
         * @return this builder
         */
        public Builder check(DeployCheck check) {
            this.checks.add(check);
            return this;
        }

        /**
         * Lets a deploy pass a gate that refuses it; the override and {@code reason} are recorded in the deployment
         * log as a {@code gate-override} event. Gates: {@code backup}, {@code staging}, {@code deprecation},
         * {@code deploy-window}. The analysis gate cannot be overridden as a whole: suppress a finding in the
         * migration with {@code -- manor:allow <rule> because <reason>}.
         *
         * @param gate the gate's name
         * @param reason why; recorded in the deployment log
         * @return this builder
         */
        public Builder overrideGate(String gate, String reason) {
            if (!GATE_NAMES.contains(gate)) {
                throw new ManorException("no gate '" + gate + "' (gates: " + String.join(", ", GATE_NAMES) + ")");
            }
            requireReason(reason, "overriding the " + gate + " gate");
            if (overrideReason != null && !overrideReason.equals(reason)) {
                reason = overrideReason + "; " + reason;
            }
            this.overriddenGates.add(gate);
            this.overrideReason = reason;
            return this;
        }

        /**
         * Takes a backup and verifies it by a restore before deploying, which satisfies the backup gate.
         *
         * @return this builder
         */
        public Builder takeBackup() {
            this.takeBackup = true;
            return this;
        }

        /**
         * Analysis also observes the migrations on a shadow database (locks, rewrites, scans), as it always does
         * for a protected environment.
         *
         * @return this builder
         */
        public Builder observe() {
            this.observe = true;
            return this;
        }

        /**
         * The server on which analysis creates its throwaway shadow databases. Default: a private embedded
         * PostgreSQL, which needs {@code dev.manor:manor-embedded} on the classpath.
         *
         * @param server the shadow server
         * @return this builder
         */
        public Builder shadowServer(ConnectionSettings server) {
            this.shadowServer = server;
            return this;
        }

        /**
         * Where shadows come from, for callers that manage their own (internal).
         *
         * @param provider the shadow provider
         * @return this builder
         */
        public Builder shadowProvider(Supplier<ShadowProvider> provider) {
            this.shadowProvider = provider;
            return this;
        }

        /**
         * Deploys without the analysis gate and the production gates. Recorded in the deployment log as a
         * {@code safety-checks-skipped} event with {@code reason} on every deploy that applies something.
         *
         * @param reason why; recorded in the deployment log
         * @return this builder
         */
        public Builder skipSafetyChecks(String reason) {
            requireReason(reason, "skipping the safety checks");
            this.skipSafetyReason = reason;
            return this;
        }

        /**
         * Whether a deploy runs the SQL callbacks of the {@code callbacks/} folder beside the migrations (default true).
         * Manor turns them off in its throwaway shadow databases, where the roles a GRANT names may not exist.
         *
         * @param run false to leave {@code before-deploy.sql}, {@code after-migration.sql} and {@code after-deploy.sql}
         *            unrun
         * @return this builder
         */
        public Builder runCallbacks(boolean run) {
            this.runCallbacks = run;
            return this;
        }

        /**
         * Environment variables for password lookups (default: the process's own).
         *
         * @param variables variable names and values
         * @return this builder
         */
        public Builder variables(Map<String, String> variables) {
            this.variables = Map.copyOf(variables);
            return this;
        }

        /**
         * The clock deploy windows and backup ages are judged by (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * How deploys treat the primary's streaming replicas. By default Manor reads {@code pg_stat_replication}:
         * backfill batches and no-transaction steps pause while a replica's replay lag exceeds 1 s, and a deploy
         * waits up to 2 minutes for the replicas to catch up before it returns (docs/replicas.md). With a project,
         * its {@code replicas}, {@code max_replica_lag} and {@code replica_catchup_timeout} apply unless set here.
         *
         * @param settings the ceiling, the catch-up timeout and the replicas to connect to; {@code ReplicaSettings.OFF}
         *                 to ignore replicas
         * @return this builder
         */
        public Builder replicas(ReplicaSettings settings) {
            this.replicaSettings = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * A connection straight to PostgreSQL (or through a session-mode pool) for when the main one goes through
         * PgBouncer in transaction or statement mode: every command that takes the deploy lock then runs over it,
         * since the lock, the no-transaction journal and session settings need one server session
         * (docs/poolers.md). Without it such a pooled connection is refused with one line saying so.
         *
         * @param settings the direct connection
         * @return this builder
         */
        public Builder directConnection(ConnectionSettings settings) {
            this.directConnection = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * Checks the settings and returns a ready {@link Manor}; nothing connects yet.
         *
         * @return the configured Manor
         * @throws ManorException when the database or migrations are missing or a setting is invalid
         */
        public Manor load() {
            ProjectConfig base = resolvedProject != null ? resolvedProject : project == null ? null
                    : ProjectConfig.resolve(project, new Overrides(environment, null, null, null, null, null, null,
                    null, null, null), variables);
            if (database == null && base != null && base.connection().isPresent()) {
                connection(base.connection().get());
            }
            ConnectionSettings direct = directConnection != null ? directConnection
                    : base == null ? null : base.directConnection(variables).orElse(null);
            if (direct != null) {
                // the lock, the journal, backfills, session SETs and pg_dump all need one server session throughout
                connection(direct);
            }
            ReplicaSettings replicasInEffect = replicaSettings != null ? replicaSettings
                    : base != null ? base.replicaSettings() : ReplicaSettings.DEFAULT;
            if (database == null) {
                throw new ManorException(base == null ? "no database configured: give a DataSource or a JDBC URL"
                        : "no database configured for environment '" + base.manor().environment()
                        + "': give a DataSource, a JDBC URL, or a url in manor.toml");
            }
            ManorConfig from = base == null ? null : base.manor();
            Path migrationsDir = migrations != null ? migrations : from != null ? from.migrationsDir() : null;
            if (migrationsDir == null) {
                throw new ManorException("no migrations folder configured");
            }
            Path dir = projectDir == null ? migrationsDir.toAbsolutePath().getParent() : projectDir;
            ManorConfig config = new ManorConfig(dir, migrationsDir,
                    pick(seed, from == null ? null : from.seedFile()),
                    pick(environment, from == null ? null : from.environment()),
                    protectedEnv != null ? protectedEnv : from != null && from.protectedEnv(),
                    pick(schemas, from == null ? null : from.schemas()),
                    pick(historySchema, from == null ? null : from.historySchema()),
                    pick(lockTimeout, from == null ? null : from.lockTimeout()),
                    pick(statementTimeout, from == null ? null : from.statementTimeout()),
                    pick(lockWait, from == null ? null : from.lockWait()),
                    pick(retry, from == null ? null : from.retry()));
            AlertSettings alerts = new AlertSettings(alertWebhook, alertCommand, expectedDuration);
            DeployListener all = alerts.enabled() ? CompositeListener.of(listener, ManorLog.listener(),
                    new AlertingListener(new AlertSender(alerts, database.secret()), config.environment(), listener))
                    : CompositeListener.of(listener, ManorLog.listener());
            HistoryStore history = new HistoryStore(config.historySchema(), config.environment());
            List<DeployCheck> allChecks = new ArrayList<>();
            if (skipSafetyReason != null) {
                allChecks.add(SafetyChecks.skipped(history, skipSafetyReason, all));
            } else {
                ProjectConfig gateProject = base != null ? withManor(base, config) : SafetyChecks.bare(config);
                allChecks.addAll(SafetyChecks.of(gateProject, connection, new GateOverrides(overriddenGates,
                        overrideReason), takeBackup, observe || shadowServer != null,
                        shadows(), variables, clock, all));
            }
            allChecks.addAll(checks);
            Path schema = base != null ? base.schemaDir() : config.projectDir().resolve("schema");
            return new Manor(new DeployContext(config, database, history,
                    new MigrationRepository(migrationsDir), all, List.copyOf(allChecks), guard, runCallbacks,
                    replicasInEffect), clock, shadows(), schema);
        }

        private Supplier<ShadowProvider> shadows() {
            if (shadowProvider != null) {
                return shadowProvider;
            }
            if (shadowServer != null) {
                return () -> ShadowProvider.on(shadowServer);
            }
            return () -> SafetyChecks.embeddedShadows(database);
        }

        /** The project as resolved, with this builder's settings over its own. */
        private static ProjectConfig withManor(ProjectConfig p, ManorConfig config) {
            return new ProjectConfig(p.projectDir(), p.file(), p.environment(), p.connection(), config,
                    p.embedded(), p.backupsDir());
        }

        private static void requireReason(String reason, String what) {
            if (reason == null || reason.isBlank()) {
                throw new ManorException(what + " needs a reason (it is recorded in the deployment log)");
            }
        }

        private static <T> T pick(T given, T fromProject) {
            return given != null ? given : fromProject;
        }
    }

    /** The gates {@link Builder#overrideGate} knows. */
    private static final List<String> GATE_NAMES = List.of("backup", "deploy-window", "deprecation", "staging");
}
