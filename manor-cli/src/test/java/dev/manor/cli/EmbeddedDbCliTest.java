package dev.manor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default: a private PostgreSQL under .manor/ that keeps its data between runs. */
class EmbeddedDbCliTest {
    @TempDir
    Path project;

    @Test
    void deployWithoutAUrlUsesTheEmbeddedDatabaseAndKeepsTheData() throws Exception {
        Path m = project.resolve("migrations/20240101000000_init");
        Files.createDirectories(m);
        Files.writeString(m.resolve("migration.sql"), "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7);");
        Files.writeString(m.resolve("down.sql"), "DROP TABLE kept;");
        String dir = project.toString();
        try {
            Cli deploy = Cli.run("-C", dir, "deploy");
            assertThat(deploy.code()).as(deploy.out() + deploy.err()).isZero();
            assertThat(deploy.err().lines().findFirst().orElse("")).startsWith("Using the embedded PostgreSQL");
            assertThat(deploy.out()).doesNotContain("Using the embedded PostgreSQL");
            assertThat(Cli.run("-C", dir, "db", "status").code()).as("a command stops what it started").isEqualTo(1);

            Cli start = Cli.run("-C", dir, "db", "start");
            assertThat(start.code()).isZero();
            assertThat(Cli.run("-C", dir, "db", "status").out()).startsWith("running");
            assertThat(Cli.run("-C", dir, "db", "status").out()).contains("existing data in .manor/pgdata");

            Cli url = Cli.run("-C", dir, "db", "url");
            String jdbc = url.out().lines().findFirst().orElseThrow();
            assertThat(url.out().lines().skip(1).findFirst().orElseThrow()).startsWith("postgresql://postgres@127.0.0.1:");
            try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            Cli status = Cli.run("-C", dir, "status");
            assertThat(status.err()).contains("already running");
            assertThat(status.out()).contains("Up to date.");
            assertThat(Cli.run("-C", dir, "db", "stop").out()).contains("Stopped");
            assertThat(Cli.run("-C", dir, "db", "status").code()).isEqualTo(1);
        } finally {
            Cli.run("-C", dir, "db", "stop");
        }
    }
}
