package dev.manor.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project's private PostgreSQL under {@code .manor/}, used when no database is configured.
 * Its data survives between runs. The postmaster is started detached (no JVM shutdown hook), so
 * {@code manor db start} can leave it running for other tools; a command that started it for its
 * own use stops it again when done.
 */
public final class ProjectServer {
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    private static final Duration LOCK_WAIT = Duration.ofSeconds(20);
    /** Servers this JVM started: zonky holds a lock on their data directory until closed. */
    private static final Map<Path, EmbeddedPostgres> STARTED_HERE = new ConcurrentHashMap<>();

    private final Path dataDir;
    private final int major;

    public ProjectServer(Path projectDir, int major) {
        this.dataDir = projectDir.resolve(".manor").resolve("pgdata");
        this.major = major;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int major() {
        return major;
    }

    /** A running server: its postmaster pid and port. */
    public record Running(long pid, int port) {
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
        }

        public String libpqUrl() {
            return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + DATABASE;
        }
    }

    /** The running server, read from {@code postmaster.pid}, if its process is alive. */
    public Optional<Running> running() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !DirectStart.exited(pid);
            return alive ? Optional.of(new Running(pid, port)) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Starts the server unless it runs already. Returns what runs, and whether this call started it. */
    public Started start() {
        Optional<Running> existing = running();
        if (existing.isPresent()) {
            return new Started(existing.get(), false);
        }
        checkDataVersion();
        // Another command may be starting it right now: wait for it rather than start a second postmaster.
        synchronized (ProjectServer.class) {
            try {
                Files.createDirectories(dataDir);
                try (FileChannel channel = FileChannel.open(dataDir.getParent().resolve("start.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    existing = running();
                    if (existing.isPresent()) {
                        return new Started(existing.get(), false);
                    }
                    startPostmaster();
                }
            } catch (IOException e) {
                throw new EmbeddedPostgresException("could not start the embedded PostgreSQL in " + dataDir + ": "
                        + e.getMessage(), e);
            }
        }
        return new Started(running().orElseThrow(() ->
                new IllegalStateException("embedded PostgreSQL started but wrote no postmaster.pid in " + dataDir)), true);
    }

    /**
     * zonky's own lock on the data directory stays with the JVM that started the server until that
     * JVM exits, even after the server stopped: wait for a command that is finishing.
     */
    private void startPostmaster() throws IOException {
        if (!Files.isRegularFile(dataDir.resolve("postgresql.conf"))) {
            DataDirTemplates.copyInto(major, dataDir); // else zonky runs initdb itself
        }
        Optional<Path> binaries = DirectStart.knownBinaries(major);
        if (binaries.isPresent() && Files.isRegularFile(dataDir.resolve("postgresql.conf"))
                && DirectStart.start(binaries.get(), dataDir, freePort(), Map.of(),
                dataDir.getParent().resolve("postmaster.log")).isPresent()) {
            return;
        }
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                        .setPgBinaryResolver(PostgresBundles.resolver(major))
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setPort(freePort())
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setPGStartupWait(Duration.ofSeconds(30))
                        .start();
                STARTED_HERE.put(dataDir, started);
                running().ifPresent(r -> DirectStart.remember(major, r.pid()));
                return;
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).startsWith("could not lock") || System.nanoTime() > deadline) {
                    throw new EmbeddedPostgresException("could not start the embedded PostgreSQL in " + dataDir + ": "
                            + e.getMessage() + " (is another Manor command still using it?)", e);
                }
                pause();
            }
        }
    }

    /**
     * Starts or joins the server and keeps a connection open for as long as the command runs, so that
     * another command's {@link #stopIfUnused()} sees it. Retries when the server went away in between.
     */
    public Lease lease() {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            Started started = start();
            try {
                java.util.Properties props = new java.util.Properties();
                props.setProperty("ApplicationName", LEASE_APPLICATION);
                return new Lease(started, DriverManager.getConnection(started.server().jdbcUrl(), props));
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new EmbeddedPostgresException("cannot connect to the embedded PostgreSQL on port "
                            + started.server().port() + ": " + e.getMessage(), e);
                }
                pause(); // it was stopping: wait until it is gone, then start it again
            }
        }
    }

    /** A command's use of the server; closing it stops the server if this command started it and nobody else uses it. */
    public final class Lease implements AutoCloseable {
        private final Started started;
        private final Connection presence;

        private Lease(Started started, Connection presence) {
            this.started = started;
            this.presence = presence;
        }

        public Started started() {
            return started;
        }

        @Override
        public void close() {
            try {
                presence.close();
            } catch (SQLException ignored) {
                // The server ends the session anyway.
            }
            if (started.startedNow()) {
                stopIfUnused();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while waiting for the embedded PostgreSQL");
        }
    }

    /** The application_name of a command's lease connection: what tells another command is still at work. */
    static final String LEASE_APPLICATION = "manor-lease";

    /**
     * Stops the server unless another command holds a lease on it (a command that started it for its own
     * use must not pull it from under a command that joined meanwhile). Other clients do not keep it: a
     * backend still exiting after pg_restore, or a connection left open, once did. Returns whether it stopped.
     */
    public boolean stopIfUnused() {
        Optional<Running> running = running();
        if (running.isEmpty()) {
            return false;
        }
        try (Connection c = DriverManager.getConnection(running.get().jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                     + " AND application_name = '" + LEASE_APPLICATION + "'")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return false;
            }
        } catch (SQLException e) {
            return false; // cannot tell: leaving it running is the safe side ('manor db stop' stops it)
        }
        return stop();
    }

    public record Started(Running server, boolean startedNow) {
    }

    /** Stops the server by its pid (fast shutdown). Returns false when it was not running. */
    public boolean stop() {
        Optional<Running> running = running();
        if (running.isEmpty()) {
            return false;
        }
        long pid = running.get().pid();
        EmbeddedPostgres mine = STARTED_HERE.remove(dataDir);
        if (mine != null) {
            try {
                mine.close(); // pg_ctl stop, and zonky lets go of its lock on the data directory now, not at JVM exit
                return true;
            } catch (IOException e) {
                // Fall back to the signal below.
            }
        }
        DirectStart.stop(pid);
        return true;
    }

    private void checkDataVersion() {
        Path versionFile = dataDir.resolve("PG_VERSION");
        if (!Files.isRegularFile(versionFile)) {
            return;
        }
        try {
            String existing = Files.readString(versionFile).trim();
            if (!existing.equals(Integer.toString(major))) {
                throw new EmbeddedPostgresException("the embedded database in " + dataDir + " was made by PostgreSQL "
                        + existing + ", not " + major + "; set embedded.version = " + existing
                        + " or remove " + dataDir.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
