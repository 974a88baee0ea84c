package dev.manor.embedded;

import dev.manor.ManorException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The project's private PostgreSQL under {@code .manor/}, used when no database is configured.
 * Its data survives between runs. The postmaster is started detached (no JVM shutdown hook), so
 * {@code manor db start} can leave it running for other tools; a command that started it for its
 * own use stops it again when done.
 */
public final class ProjectServer {
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

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
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.builder()
                    .setPgBinaryResolver(PostgresBundles.resolver(major))
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(freePort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
        } catch (IOException e) {
            throw new ManorException("could not start the embedded PostgreSQL in " + dataDir + ": "
                    + e.getMessage(), e);
        }
        return new Started(running().orElseThrow(() ->
                new IllegalStateException("embedded PostgreSQL started but wrote no postmaster.pid in " + dataDir)), true);
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
        try {
            // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, nothing is lost.
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new ManorException("embedded PostgreSQL (pid " + pid + ") did not stop within 30 s");
                }
                Thread.sleep(50);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the embedded PostgreSQL", e);
        }
    }

    private void checkDataVersion() {
        Path versionFile = dataDir.resolve("PG_VERSION");
        if (!Files.isRegularFile(versionFile)) {
            return;
        }
        try {
            String existing = Files.readString(versionFile).trim();
            if (!existing.equals(Integer.toString(major))) {
                throw new ManorException("the embedded database in " + dataDir + " was made by PostgreSQL "
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
