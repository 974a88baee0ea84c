package dev.manor.maven;

import dev.manor.ManorException;
import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every goal shares: the project, the database and the settings, configured like the CLI's options (each
 * also a {@code manor.*} property). A refusal or failed proof fails the build with Manor's one-line reason.
 */
abstract class AbstractManorMojo extends AbstractMojo {
    /** Variable name under which a settings.xml server's password reaches the configuration (never printed). */
    static final String SERVER_PASSWORD_VARIABLE = "MANOR_MAVEN_SERVER_PASSWORD";

    /** The Manor project folder: where manor.toml and the migrations folder are. */
    @Parameter(property = "manor.projectDirectory", defaultValue = "${project.basedir}")
    File projectDirectory;

    /** Environment from manor.toml (default: its default_env, else dev). */
    @Parameter(property = "manor.env")
    String env;

    /** JDBC URL of the database; without one (here or in manor.toml) Manor uses the project's embedded PostgreSQL. */
    @Parameter(property = "manor.url")
    String url;

    /** Database user. */
    @Parameter(property = "manor.user")
    String user;

    /** Name of the environment variable that holds the password (default MANOR_PASSWORD). */
    @Parameter(property = "manor.passwordEnv")
    String passwordEnv;

    /** Id of a {@code <server>} in settings.xml whose username and (possibly encrypted) password to use. */
    @Parameter(property = "manor.serverId")
    String serverId;

    /** Managed schemas (default public). */
    @Parameter(property = "manor.schemas")
    List<String> schemas;

    /** Schema of manor_migrations and manor_events (default manor). */
    @Parameter(property = "manor.historySchema")
    String historySchema;

    /** Migrations folder, relative to the project folder (default migrations). */
    @Parameter(property = "manor.migrations")
    String migrations;

    /** lock_timeout of every migration statement, e.g. 500ms. */
    @Parameter(property = "manor.lockTimeout")
    String lockTimeout;

    /** statement_timeout of every migration statement (default none). */
    @Parameter(property = "manor.statementTimeout")
    String statementTimeout;

    /** How long to wait for another deployer's lock (default 60s). */
    @Parameter(property = "manor.lockWait")
    String lockWait;

    /** Server for throwaway databases (default: a private embedded PostgreSQL of the target's major version). */
    @Parameter(property = "manor.shadowUrl")
    String shadowUrl;

    /** Skip this goal. */
    @Parameter(property = "manor.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Component
    SettingsDecrypter decrypter;

    static {
        // The embedded server's initdb and start-up chatter (logged at INFO by zonky) would drown the goal's own
        // lines; Maven's SLF4J logger reads this property when the logger is created.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.zonky") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
        }
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Manor (manor.skip)");
            return;
        }
        try (Target target = Target.open(config(), getLog())) {
            run(target);
        } catch (ManorException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    abstract void run(Target target) throws MojoExecutionException, MojoFailureException;

    /** The project's settings with this goal's parameters over them, as the CLI layers its flags. */
    ProjectConfig config() throws MojoExecutionException {
        Map<String, String> environment = new HashMap<>(System.getenv());
        String userName = user;
        String passwordVariable = passwordEnv;
        if (serverId != null && !serverId.isBlank()) {
            Server server = server(serverId);
            if (userName == null) {
                userName = server.getUsername();
            }
            if (server.getPassword() != null) {
                environment.put(SERVER_PASSWORD_VARIABLE, server.getPassword());
                passwordVariable = SERVER_PASSWORD_VARIABLE;
            }
        }
        return ProjectConfig.resolve(projectDirectory.toPath(), new Overrides(env, url, userName, passwordVariable,
                schemas == null || schemas.isEmpty() ? null : schemas, historySchema, migrations, lockTimeout,
                statementTimeout, lockWait), environment);
    }

    private Server server(String id) throws MojoExecutionException {
        Server server = settings == null ? null : settings.getServer(id);
        if (server == null) {
            throw new MojoExecutionException("manor.serverId: there is no <server> with id '" + id + "' in settings.xml");
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoExecutionException("manor.serverId '" + id + "': " + problem.getMessage());
            }
        }
        return result.getServer();
    }
}
