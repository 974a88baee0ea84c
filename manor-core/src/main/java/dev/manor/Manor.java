package dev.manor;

import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.config.ManorConfig;
import dev.manor.config.RetryPolicy;
import dev.manor.deploy.DeployCheck;
import dev.manor.deploy.DeployContext;
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
import java.util.Objects;

/**
 * Manor's entry point:
 * <pre>{@code
 * Manor manor = Manor.configure()
 *         .dataSource(dataSource)
 *         .migrations(Path.of("migrations"))
 *         .load();
 * manor.deploy();
 * }</pre>
 * Each command is a small class in {@code dev.manor.deploy}; this class only wires them.
 */
public final class Manor {
    private final DeployContext ctx;

    private Manor(DeployContext ctx) {
        this.ctx = ctx;
    }

    public static Builder configure() {
        return new Builder();
    }

    public ManorConfig config() {
        return ctx.config();
    }

    public Database database() {
        return ctx.db();
    }

    public DeployContext context() {
        return ctx;
    }

    public List<Migration> migrations() {
        return ctx.repository().load();
    }

    public StatusReport status() {
        return ctx.withConnection(ctx::status);
    }

    public DeployResult deploy() {
        return deploy(Deployer.Options.DEFAULT);
    }

    public DeployResult deploy(Deployer.Options options) {
        return new Deployer(ctx).deploy(options);
    }

    public DeployResult rollback(Rollbacker.Target target, boolean dryRun) {
        return new Rollbacker(ctx).rollback(target, dryRun);
    }

    public void resolveApplied(String id) {
        new Resolver(ctx).markApplied(id);
    }

    public void resolveRolledBack(String id) {
        new Resolver(ctx).markRolledBack(id);
    }

    /** Records an applied migration's edited file as the applied version (the edit changed nothing that ran). */
    public void resolveAcceptEdit(String id, String reason) {
        new Resolver(ctx).acceptEdit(id, reason);
    }

    /** Empties the managed schemas, re-applies every migration and seeds. The caller has confirmed. */
    public DeployResult reset() {
        return new Resetter(ctx).reset();
    }

    /** Runs the seed file; -1 when there is none. */
    public int seed() {
        return new Seeder(ctx).seed();
    }

    /** Every backfill Manor has run or is running, oldest first (empty before the first one). */
    public List<BackfillRecord> backfills() {
        return ctx.withConnection(c -> new BackfillStore(ctx.config().historySchema()).list(c));
    }

    /** The newest {@code limit} events of the deployment log, oldest first. */
    public List<Event> log(int limit) {
        if (limit < 1) {
            throw new ManorException("-n must be at least 1 (how many of the newest events to show)");
        }
        return ctx.withConnection(c -> ctx.history().events(c, limit));
    }

    /** Immutable once loaded; every setting has a sensible default except the database and migrations. */
    public static final class Builder {
        private Database database;
        private Path projectDir;
        private Path migrations;
        private Path seed;
        private String environment;
        private boolean protectedEnv;
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

        private Builder() {
        }

        public Builder dataSource(DataSource dataSource) {
            this.database = Database.of(dataSource, "the application's DataSource");
            return this;
        }

        public Builder connection(ConnectionSettings settings) {
            this.database = Database.of(settings);
            return this;
        }

        public Builder connection(String jdbcUrl, String user, String password) {
            return connection(new ConnectionSettings(jdbcUrl, user, password));
        }

        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        public Builder projectDir(Path dir) {
            this.projectDir = dir;
            return this;
        }

        public Builder migrations(Path dir) {
            this.migrations = dir;
            return this;
        }

        public Builder seed(Path file) {
            this.seed = file;
            return this;
        }

        public Builder environment(String name, boolean isProtected) {
            this.environment = name;
            this.protectedEnv = isProtected;
            return this;
        }

        public Builder schemas(List<String> schemas) {
            this.schemas = schemas;
            return this;
        }

        public Builder historySchema(String schema) {
            this.historySchema = schema;
            return this;
        }

        public Builder lockTimeout(Duration d) {
            this.lockTimeout = d;
            return this;
        }

        public Builder statementTimeout(Duration d) {
            this.statementTimeout = d;
            return this;
        }

        public Builder lockWait(Duration d) {
            this.lockWait = d;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        public Builder listener(DeployListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Cancels a migration when other sessions stay blocked behind it longer than {@code threshold}
         * (default 1 s); {@code Duration.ZERO} turns the traffic guard off.
         */
        public Builder trafficGuard(Duration threshold) {
            this.guard = new GuardSettings(threshold, GuardSettings.DEFAULT_INTERVAL);
            return this;
        }

        public Builder trafficGuard(GuardSettings settings) {
            this.guard = Objects.requireNonNull(settings);
            return this;
        }

        /** POSTs a JSON alert here when a migration fails, is cancelled by the guard or runs overdue. */
        public Builder alertWebhook(URI url) {
            this.alertWebhook = url;
            return this;
        }

        /** Runs this shell command with the alert's JSON on stdin on the same events as the webhook. */
        public Builder alertCommand(String command) {
            this.alertCommand = command;
            return this;
        }

        /** How long a migration may run before an overdue alert, unless it says {@code -- manor:expected-duration}. */
        public Builder expectedDuration(Duration d) {
            this.expectedDuration = d;
            return this;
        }

        /** Adds a check that runs before the first statement of every deploy (gates, analysis). */
        public Builder check(DeployCheck check) {
            this.checks.add(check);
            return this;
        }

        public Manor load() {
            if (database == null) {
                throw new ManorException("no database configured: give a DataSource or a JDBC URL");
            }
            if (migrations == null) {
                throw new ManorException("no migrations folder configured");
            }
            Path dir = projectDir == null ? migrations.toAbsolutePath().getParent() : projectDir;
            ManorConfig config = new ManorConfig(dir, migrations, seed, environment, protectedEnv, schemas,
                    historySchema, lockTimeout, statementTimeout, lockWait, retry);
            AlertSettings alerts = new AlertSettings(alertWebhook, alertCommand, expectedDuration);
            DeployListener all = alerts.enabled() ? CompositeListener.of(listener, new AlertingListener(
                    new AlertSender(alerts, database.secret()), config.environment(), listener)) : listener;
            return new Manor(new DeployContext(config, database,
                    new HistoryStore(config.historySchema(), config.environment()),
                    new MigrationRepository(migrations), all, List.copyOf(checks), guard));
        }
    }
}
