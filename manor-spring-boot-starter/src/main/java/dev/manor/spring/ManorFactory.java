package dev.manor.spring;

import dev.manor.Manor;
import dev.manor.config.ConfigFile;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.deploy.DeployListener;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns {@code manor.*} properties (and a manor.toml, when {@code manor.project} names one) into a loaded
 * {@link Manor}. The library runs the analysis and the environment's gates on every deploy, as
 * {@code manor deploy} does; this only passes the settings on.
 */
final class ManorFactory {
    private final ManorProperties properties;
    private final ResourcePatternResolver resolver;

    ManorFactory(ManorProperties properties, ResourcePatternResolver resolver) {
        this.properties = properties;
        this.resolver = resolver;
    }

    /**
     * @param database where to deploy: the application's DataSource or the {@link ManorDataSource}; ignored when
     *                 manor.url is set
     * @param folders  receives the folders to delete when the application stops
     */
    Manor create(Database database, List<LocalFolder> folders, DeployListener listener) {
        Manor.Builder builder = Manor.configure();
        if (properties.getProject() != null) {
            String location = properties.getProject().replaceFirst("/?" + ConfigFile.FILE_NAME + "$", "");
            LocalFolder project = LocalFolder.of(resolver, List.of(location), "manor.project");
            folders.add(project);
            builder.project(project.path());
        } else {
            // Relative paths (the backups folder a protected deploy's backup gate reads) are the application's
            // working directory, never the temporary copy of the migrations.
            builder.projectDir(Path.of("").toAbsolutePath());
        }
        if (!properties.getLocations().isEmpty() || properties.getProject() == null) {
            List<String> locations = properties.getLocations().isEmpty()
                    ? List.of(ManorProperties.DEFAULT_LOCATION) : properties.getLocations();
            LocalFolder migrations = LocalFolder.withSiblings(resolver, locations, "manor.locations",
                    List.of(dev.manor.repeatable.ScriptFolders.REPEATABLE_DIR, dev.manor.repeatable.ScriptFolders.CALLBACKS_DIR));
            folders.add(migrations);
            builder.migrations(migrations.path());
        }
        if (properties.getUrl() != null) {
            builder.connection(properties.getUrl(), properties.getUser(), properties.getPassword());
        } else {
            builder.database(database);
        }
        if (Boolean.TRUE.equals(properties.getProtectedEnvironment())) {
            builder.protectedEnvironment(properties.getEnvironment());
        } else if (Boolean.FALSE.equals(properties.getProtectedEnvironment())) {
            builder.environment(properties.getEnvironment(), false);
        } else {
            builder.environment(properties.getEnvironment());
        }
        builder.schemas(properties.getSchemas())
                .historySchema(properties.getHistorySchema())
                .lockTimeout(properties.getLockTimeout())
                .statementTimeout(properties.getStatementTimeout())
                .lockWait(properties.getLockWait())
                .listener(listener);
        if (properties.getTrafficGuard() != null) {
            builder.trafficGuard(properties.getTrafficGuard());
        }
        if (Boolean.TRUE.equals(properties.getObserve())) {
            builder.observe();
        }
        if (properties.getShadowUrl() != null) {
            builder.shadowServer(new ConnectionSettings(properties.getShadowUrl(), properties.getShadowUser(),
                    properties.getShadowPassword()));
        }
        properties.getOverrideGates().forEach(gate -> builder.overrideGate(gate, properties.getOverrideReason()));
        return builder.load();
    }
}
