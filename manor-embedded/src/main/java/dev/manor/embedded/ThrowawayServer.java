package dev.manor.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A private PostgreSQL server whose data is deleted when it closes. Used for shadow databases
 * (analysis, rollback proofs) and for Manor's own tests. Started from a copy of the cached initdb'd template,
 * straight from the unpacked binaries when they are known ({@link DirectStart}), else by zonky.
 */
public final class ThrowawayServer implements AutoCloseable {
    /** Set when zonky started it; null for a direct start. */
    private final EmbeddedPostgres postgres;
    /** The postmaster of a direct start; null when zonky started it. */
    private final ProcessHandle postmaster;
    private final int port;
    private final int major;
    /** The data directory copied from a template, deleted on close (zonky deletes the ones it made). */
    private final Path copiedDataDir;

    private ThrowawayServer(EmbeddedPostgres postgres, ProcessHandle postmaster, int port, int major, Path copiedDataDir) {
        this.postgres = postgres;
        this.postmaster = postmaster;
        this.port = port;
        this.major = major;
        this.copiedDataDir = copiedDataDir;
    }

    public static ThrowawayServer start(int major) {
        return start(major, Map.of());
    }

    /** A server with extra settings ({@code postgresql.conf} names), for tests that need a server-wide one. */
    public static ThrowawayServer start(int major, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("max_connections", "200"));
        all.putAll(settings);
        // A copy of the cached initdb'd template when there is one (then the data is ours to delete).
        Path dataDir = Path.of(System.getProperty("java.io.tmpdir")).resolve("manor-pg-" + UUID.randomUUID());
        boolean copied = DataDirTemplates.copyInto(major, dataDir);
        try {
            ThrowawayServer server = copied ? direct(major, dataDir, all).orElse(null) : null;
            if (server == null) {
                server = zonky(major, copied ? dataDir : null, all);
            }
            if (copied) {
                // Stop, then delete: zonky's own hook would stop it but leave the copy behind.
                Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "manor-pg-cleanup"));
            }
            return server;
        } catch (IOException | RuntimeException e) {
            DataDirTemplates.deleteTree(copied ? dataDir : null);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("could not start embedded PostgreSQL " + major + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static Optional<ThrowawayServer> direct(int major, Path dataDir, Map<String, String> settings)
            throws IOException {
        Optional<Path> binaries = DirectStart.knownBinaries(major);
        if (binaries.isEmpty()) {
            return Optional.empty();
        }
        int port = freePort();
        return DirectStart.start(binaries.get(), dataDir, port, settings, dataDir.resolve("postmaster.log"))
                .map(p -> new ThrowawayServer(null, p, port, major, dataDir));
    }

    private static ThrowawayServer zonky(int major, Path copiedDataDir, Map<String, String> settings)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(PostgresBundles.resolver(major));
        if (copiedDataDir != null) {
            builder.setDataDirectory(copiedDataDir).setCleanDataDirectory(false).setRegisterShutdownHook(false);
        }
        builder.setServerConfig("listen_addresses", "127.0.0.1");
        settings.forEach(builder::setServerConfig);
        EmbeddedPostgres started = builder.start();
        if (copiedDataDir != null) {
            // the next throwaway (or project) server of this major starts from these binaries directly
            DirectStart.postmasterOf(copiedDataDir).ifPresent(pid -> DirectStart.remember(major, pid));
        }
        return new ThrowawayServer(started, null, started.getPort(), major, copiedDataDir);
    }

    /** Whether it runs from the unpacked binaries directly (package-visible for tests). */
    boolean startedDirectly() {
        return postmaster != null;
    }

    public int major() {
        return major;
    }

    public int port() {
        return port;
    }

    /** JDBC URL of a database on this server, as the superuser {@code postgres}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=postgres";
    }

    /** Creates a new empty database with a unique name and returns its name. */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    public void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + name + ": " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // Exiting anyway.
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (postgres != null) {
                postgres.close();
            } else if (postmaster.isAlive()) { // the handle knows the start time: a reused pid is not alive to it
                DirectStart.stop(postmaster.pid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataDirTemplates.deleteTree(copiedDataDir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
