package dev.manor.maven;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ProjectConfig;
import dev.manor.deploy.DeployListener;
import dev.manor.embedded.ProjectServer;
import dev.manor.shadow.ShadowProvider;
import org.apache.maven.plugin.logging.Log;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One goal's database: the configured one, or the project's embedded PostgreSQL (started for the goal and stopped
 * again afterwards when the goal started it), as the CLI does.
 */
final class Target implements AutoCloseable {
    private final ProjectConfig config;
    private final ConnectionSettings connection;
    private final ProjectServer.Lease lease;
    private final Log log;

    private Target(ProjectConfig config, ConnectionSettings connection, ProjectServer.Lease lease, Log log) {
        this.config = config;
        this.connection = connection;
        this.lease = lease;
        this.log = log;
    }

    static Target open(ProjectConfig config, Log log) {
        if (config.connection().isPresent()) {
            return new Target(config, config.connection().get(), null, log);
        }
        ProjectServer server = new ProjectServer(config.projectDir(), config.embeddedVersion());
        ProjectServer.Lease lease = server.lease();
        ProjectServer.Started started = lease.started();
        log.info("Using the embedded PostgreSQL " + config.embeddedVersion() + " in " + server.dataDir()
                + " (127.0.0.1:" + started.server().port() + ")" + (started.startedNow() ? "" : ", already running"));
        return new Target(config, new ConnectionSettings(started.server().jdbcUrl(), null, null), lease, log);
    }

    ProjectConfig config() {
        return config;
    }

    ConnectionSettings connection() {
        return connection;
    }

    Log log() {
        return log;
    }

    /**
     * The configured builder, for goals that add options of their own. The project is passed resolved (as the CLI
     * does) because the goal's parameters are layered over manor.toml and decide whether the embedded server runs.
     */
    Manor.Builder builder(DeployListener listener) {
        return Manor.configure()
                .project(config)
                .connection(connection)
                .shadowProvider(() -> shadow(null))
                .listener(listener);
    }

    Manor manor() {
        return builder(new LogListener(log)).load();
    }

    /** A one-line description of the target, safe to print. */
    String describe() {
        return "'" + config.manor().environment() + "'" + (lease != null ? " (embedded)" : " (" + connection.describe() + ")");
    }

    /**
     * Throwaway databases: the shadow URL (password from MANOR_SHADOW_PASSWORD); else, when the target is the project's
     * embedded server, databases of their own on it (it is private to the project, and a second server would cost an
     * initdb per goal); else a private embedded server of the target's major.
     */
    ShadowProvider shadow(String shadowUrl) {
        if (shadowUrl != null && !shadowUrl.isBlank()) {
            return ShadowProvider.on(new ConnectionSettings(shadowUrl, null, System.getenv("MANOR_SHADOW_PASSWORD")));
        }
        if (lease != null) {
            return ShadowProvider.on(connection);
        }
        try (Connection c = manor().database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return ShadowProvider.embedded(rs.getInt(1));
        } catch (SQLException e) {
            throw new ManorException("cannot read the server version: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.close();
        }
    }
}
