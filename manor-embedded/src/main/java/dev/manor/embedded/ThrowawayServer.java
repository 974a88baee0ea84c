package dev.manor.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A private PostgreSQL server whose data is deleted when it closes. Used for shadow databases
 * (analysis, rollback proofs) and for Manor's own tests.
 */
public final class ThrowawayServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final int major;
    /** The data directory copied from a template, deleted on close (zonky deletes the ones it made). */
    private final Path copiedDataDir;

    private ThrowawayServer(EmbeddedPostgres postgres, int major, Path copiedDataDir) {
        this.postgres = postgres;
        this.major = major;
        this.copiedDataDir = copiedDataDir;
    }

    public static ThrowawayServer start(int major) {
        return start(major, Map.of());
    }

    /** A server with extra settings ({@code postgresql.conf} names), for tests that need a server-wide one. */
    public static ThrowawayServer start(int major, Map<String, String> settings) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(PostgresBundles.resolver(major));
            // A copy of the cached initdb'd template when there is one (then the data is ours to delete).
            Path dataDir = Path.of(System.getProperty("java.io.tmpdir")).resolve("manor-pg-" + UUID.randomUUID());
            boolean copied = DataDirTemplates.copyInto(major, dataDir);
            if (copied) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false).setRegisterShutdownHook(false);
            }
            builder
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200");
            settings.forEach(builder::setServerConfig);
            try {
                ThrowawayServer server = new ThrowawayServer(builder.start(), major, copied ? dataDir : null);
                if (copied) {
                    // Stop, then delete: zonky's own hook would stop it but leave the copy behind.
                    Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "manor-pg-cleanup"));
                }
                return server;
            } catch (IOException | RuntimeException e) {
                DataDirTemplates.deleteTree(dataDir);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL " + major + ": " + e.getMessage(), e);
        }
    }

    public int major() {
        return major;
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of a database on this server, as the superuser {@code postgres}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=postgres";
    }

    /** Creates a new empty database with a unique name and returns its name. */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    public void dropDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
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
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataDirTemplates.deleteTree(copiedDataDir);
        }
    }
}
