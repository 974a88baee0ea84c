package dev.manor.cli;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ProjectConfig;
import dev.manor.deploy.DeployListener;
import dev.manor.embedded.ProjectServer;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One command's view of the project: its resolved settings and a database to talk to. With no
 * database configured it starts the embedded one (and stops it again at the end if it started it).
 */
final class Session implements AutoCloseable {
    private final ProjectConfig config;
    private final ConnectionSettings connection;
    private final ProjectServer embedded;
    private final ProjectServer.Lease lease;
    private final PrintWriter out;
    private PrintWriter progress;

    private Session(ProjectConfig config, ConnectionSettings connection, ProjectServer embedded,
                    ProjectServer.Lease lease, PrintWriter out) {
        this.config = config;
        this.connection = connection;
        this.embedded = embedded;
        this.lease = lease;
        this.out = out;
    }

    /** Opens the project's database; the notice about the embedded one goes to {@code err}, stdout is data. */
    static Session open(ManorCommand root, ProjectOptions options, PrintWriter out, PrintWriter err) {
        ProjectConfig config = ProjectConfig.resolve(root.projectDir(), options.overrides(), System.getenv());
        if (config.connection().isPresent()) {
            return new Session(config, config.connection().get(), null, null, out);
        }
        requireProject(config);
        ProjectServer server = new ProjectServer(config.projectDir(), config.embeddedVersion());
        ProjectServer.Lease lease = server.lease();
        try {
            return embedded(root, config, server, lease, out, err);
        } catch (RuntimeException e) {
            lease.close(); // a command that started the server stops it, also when it fails right here
            throw e;
        }
    }

    private static Session embedded(ManorCommand root, ProjectConfig config, ProjectServer server,
                                    ProjectServer.Lease lease, PrintWriter out, PrintWriter err) {
        ProjectServer.Started started = lease.started();
        err.println("Using the embedded PostgreSQL " + config.embeddedVersion() + " in "
                + root.projectDir().relativize(server.dataDir()) + " (127.0.0.1:" + started.server().port() + ")"
                + (started.startedNow() ? "" : ", already running"));
        err.flush();
        return new Session(config, new ConnectionSettings(started.server().jdbcUrl(), null, null), server, lease, out);
    }

    /**
     * A folder without migrations is not a project: say so rather than initdb a 39 MB cluster in it (a typo
     * in -C, or a command run in the wrong folder).
     */
    static void requireProject(ProjectConfig config) {
        Path migrations = config.manor().migrationsDir();
        if (!Files.isDirectory(migrations)) {
            throw new ManorException("no migrations folder " + config.projectDir().relativize(migrations) + " in "
                    + config.projectDir() + ", so no embedded PostgreSQL was started; 'manor init' sets up a project"
                    + " here, -C <dir> runs in another folder, --migrations <dir> names another folder");
        }
    }

    /** Where the progress of deploys, rollbacks and resets goes (stderr); stdout until set. */
    Session progressTo(PrintWriter err) {
        this.progress = err;
        return this;
    }

    ProjectConfig config() {
        return config;
    }

    ConnectionSettings connection() {
        return connection;
    }

    boolean embedded() {
        return embedded != null;
    }

    Manor manor(DeployListener listener) {
        return builder(listener).load();
    }

    /** The configured builder, for commands that add options of their own (deploy's alerts and guard). */
    Manor.Builder builder(DeployListener listener) {
        return Manor.configure()
                .project(config)
                .connection(connection)
                .listener(listener);
    }

    Manor manor() {
        return builder().load();
    }

    /** The configured builder with the session's own console listener. */
    Manor.Builder builder() {
        return builder(new ConsoleListener(progress == null ? out : progress, false, System.console() != null));
    }

    /** A one-line description of the target, safe to print. */
    String target() {
        return "'" + config.manor().environment() + "'" + (embedded() ? " (embedded)" : " (" + connection.describe() + ")");
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.close();
        }
    }
}
