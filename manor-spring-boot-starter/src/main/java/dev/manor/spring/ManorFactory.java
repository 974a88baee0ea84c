package dev.manor.spring;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.analyze.AnalysisGate;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.config.ConfigFile;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.config.Durations;
import dev.manor.config.EnvironmentSettings;
import dev.manor.config.ManorConfig;
import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import dev.manor.deploy.DeployListener;
import dev.manor.embedded.PostgresBundles;
import dev.manor.gate.GateKeeper;
import dev.manor.gate.GateOverrides;
import dev.manor.gate.Gates;
import dev.manor.history.HistoryStore;
import dev.manor.shadow.ShadowProvider;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns {@code manor.*} properties (and a manor.toml, when {@code manor.project} names one) into a loaded
 * {@link Manor} whose deploy runs the analysis and the environment's gates first, as {@code manor deploy} does.
 */
final class ManorFactory {
    private final ManorProperties properties;
    private final ResourcePatternResolver resolver;
    private final Map<String, String> env;

    ManorFactory(ManorProperties properties, ResourcePatternResolver resolver, Map<String, String> env) {
        this.properties = properties;
        this.resolver = resolver;
        this.env = env;
    }

    /**
     * @param database     where to deploy
     * @param backupTarget connection details pg_dump uses for the backup gate; may be null
     * @param folders      receives the folders to delete when the application stops
     * @param warnings     analysis findings that do not refuse the deploy
     * @param notices      what each gate found
     */
    Manor create(Database database, ConnectionSettings backupTarget, List<LocalFolder> folders, DeployListener listener,
                 Consumer<String> warnings, Consumer<String> notices) {
        ProjectConfig project = project(folders);
        ManorConfig config = project.manor();
        Manor.Builder builder = Manor.configure()
                .database(database)
                .projectDir(config.projectDir())
                .migrations(config.migrationsDir())
                .seed(config.seedFile())
                .environment(config.environment(), config.protectedEnv())
                .schemas(config.schemas())
                .historySchema(config.historySchema())
                .lockTimeout(config.lockTimeout())
                .statementTimeout(config.statementTimeout())
                .lockWait(config.lockWait())
                .listener(listener);
        if (properties.getTrafficGuard() != null) {
            builder.trafficGuard(properties.getTrafficGuard());
        }
        boolean observe = properties.getObserve() != null ? properties.getObserve()
                : config.protectedEnv() || properties.getShadowUrl() != null;
        // Analysis before the gates: a refusal should not cost a backup.
        builder.check(new AnalysisGate(config, AnalysisSettings.defaults(),
                observe ? () -> shadow(database) : null, warnings));
        builder.check(new GateKeeper(
                Gates.forDeploy(project, backupTarget, env, Clock.systemUTC(), false),
                new GateOverrides(new HashSet<>(properties.getOverrideGates()), properties.getOverrideReason()),
                new HistoryStore(config.historySchema(), config.environment()), notices));
        return builder.load();
    }

    /** The project's settings with the manor.* properties over them; without manor.project, the properties alone. */
    ProjectConfig project(List<LocalFolder> folders) {
        Path migrations = null;
        if (!properties.getLocations().isEmpty() || properties.getProject() == null) {
            List<String> locations = properties.getLocations().isEmpty()
                    ? List.of(ManorProperties.DEFAULT_LOCATION) : properties.getLocations();
            LocalFolder folder = LocalFolder.of(resolver, locations, "manor.locations");
            folders.add(folder);
            migrations = folder.path();
        }
        if (properties.getProject() != null) {
            String location = properties.getProject().replaceFirst("/?" + ConfigFile.FILE_NAME + "$", "");
            LocalFolder folder = LocalFolder.of(resolver, List.of(location), "manor.project");
            folders.add(folder);
            ProjectConfig resolved = ProjectConfig.resolve(folder.path(), new Overrides(properties.getEnvironment(),
                    null, null, null, properties.getSchemas(), properties.getHistorySchema(),
                    migrations == null ? null : migrations.toString(), text(properties.getLockTimeout()),
                    text(properties.getStatementTimeout()), text(properties.getLockWait())), env);
            return properties.getProtectedEnvironment() == null ? resolved
                    : withProtected(resolved, properties.getProtectedEnvironment());
        }
        // Without a project, relative paths (the backups folder a protected deploy's backup gate reads) are the
        // application's working directory, never the temporary copy of the migrations.
        Path workingDir = Path.of("").toAbsolutePath();
        String name = properties.getEnvironment() == null ? "dev" : properties.getEnvironment();
        EnvironmentSettings es = new EnvironmentSettings(name, properties.getUrl(), properties.getUser(), null,
                properties.getSchemas(), null, null, properties.getProtectedEnvironment(), null, null, null);
        ManorConfig config = new ManorConfig(workingDir, migrations, workingDir.resolve("seed.sql"), name,
                es.isProtected(), properties.getSchemas(), properties.getHistorySchema(), properties.getLockTimeout(),
                properties.getStatementTimeout(), properties.getLockWait(), null);
        return new ProjectConfig(workingDir, ConfigFile.none(), es, java.util.Optional.empty(), config,
                PostgresBundles.DEFAULT_MAJOR, workingDir.resolve("backups"));
    }

    private static ProjectConfig withProtected(ProjectConfig p, boolean isProtected) {
        EnvironmentSettings e = p.environment();
        EnvironmentSettings es = new EnvironmentSettings(e.name(), e.url(), e.user(), e.passwordEnv(), e.schemas(),
                e.lockTimeout(), e.statementTimeout(), isProtected, e.staging(), e.deployWindow(), e.backupMaxAge());
        ManorConfig m = p.manor();
        ManorConfig config = new ManorConfig(m.projectDir(), m.migrationsDir(), m.seedFile(), m.environment(),
                isProtected, m.schemas(), m.historySchema(), m.lockTimeout(), m.statementTimeout(), m.lockWait(),
                m.retry());
        return new ProjectConfig(p.projectDir(), p.file(), es, p.connection(), config, p.embeddedVersion(),
                p.backupsDir());
    }

    /** Throwaway databases for the observed analysis: manor.shadow-url, else an embedded server of the target's major. */
    private ShadowProvider shadow(Database database) {
        if (properties.getShadowUrl() != null) {
            return ShadowProvider.on(new ConnectionSettings(properties.getShadowUrl(), properties.getShadowUser(),
                    properties.getShadowPassword()));
        }
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return ShadowProvider.embedded(rs.getInt(1));
        } catch (SQLException e) {
            throw new ManorException("cannot read the server version: " + e.getMessage(), e);
        }
    }

    private static String text(Duration d) {
        return d == null ? null : Durations.format(d);
    }
}
