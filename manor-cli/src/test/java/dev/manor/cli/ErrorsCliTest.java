package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets one line on stderr, a non-zero exit, no stack trace, and no password. */
class ErrorsCliTest {
    @TempDir
    Path tmp;

    private static void assertOneLine(Cli cli, int code, String... fragments) {
        assertThat(cli.code()).as(cli.out() + cli.err()).isEqualTo(code);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).startsWith("manor: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(cli.err()).contains(f);
        }
    }

    @Test
    void unknownCommand() {
        assertOneLine(Cli.run("deplyo"), ExitCodes.USAGE, "deplyo", "manor --help");
    }

    @Test
    void badReplicaFlagsAreRefusedBeforeAnythingConnects() {
        assertOneLine(Cli.run("-C", tmp.toString(), "deploy", "--max-replica-lag", "soon"), ExitCodes.USAGE,
                "--max-replica-lag", "soon");
        assertOneLine(Cli.run("-C", tmp.toString(), "rollback", "--replica-catchup-timeout", "0"), ExitCodes.USAGE,
                "--replica-catchup-timeout", "must be longer than 0");
    }

    @Test
    void missingFolder() {
        assertOneLine(Cli.run("-C", tmp.resolve("nope").toString(), "status"), ExitCodes.FAILED, "project folder not found");
    }

    @Test
    void missingMigrationsFolder() {
        try (TestDb db = PgServers.freshDb()) {
            assertOneLine(Cli.run("-C", tmp.toString(), "deploy", "--url", db.url()), ExitCodes.FAILED,
                    "migrations folder not found");
        }
    }

    @Test
    void malformedSqlNamesFileAndLine() throws IOException {
        Path m = tmp.resolve("migrations/20240101000000_bad");
        Files.createDirectories(m);
        Files.writeString(m.resolve("migration.sql"), "CREATE TABLE a (id int);\n\\i other.sql\n");
        Files.writeString(m.resolve("down.sql"), "DROP TABLE a;");
        try (TestDb db = PgServers.freshDb()) {
            assertOneLine(Cli.run("-C", tmp.toString(), "deploy", "--url", db.url()), ExitCodes.FAILED,
                    "20240101000000_bad/migration.sql:2", "\\i");
        }
    }

    @Test
    void unreachableDatabase() {
        assertOneLine(Cli.run("-C", tmp.toString(), "status", "--url", "jdbc:postgresql://127.0.0.1:1/nope"),
                ExitCodes.FAILED, "cannot connect to jdbc:postgresql://127.0.0.1:1/nope");
    }

    /** A port that accepts TCP and never answers (not PostgreSQL, or a hung proxy): one line within the timeout. */
    @Test
    void aSilentPortIsGivenUpAfterTheConnectTimeout() throws IOException {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            Path migrations = tmp.resolve("migrations/20240101000000_a");
            Files.createDirectories(migrations);
            Files.writeString(migrations.resolve("migration.sql"), "CREATE TABLE a (id int);");
            Files.writeString(migrations.resolve("down.sql"), "DROP TABLE a;");
            assertOneLine(Cli.run("-C", tmp.toString(), "status", "--connect-timeout", "1s", "--url",
                    "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/app;password=hunter2"), ExitCodes.FAILED,
                    "cannot reach the database at 127.0.0.1:" + silent.getLocalPort() + " within 1s");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void wrongPasswordIsReportedWithoutPrintingIt() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            String hba;
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
                s.execute("CREATE ROLE guarded LOGIN PASSWORD 'right-secret'");
            }
            Path file = Path.of(hba);
            String original = Files.readString(file);
            Files.writeString(file, "host all guarded 127.0.0.1/32 scram-sha-256\n" + original);
            try {
                db.exec("SELECT pg_reload_conf()");
                Thread.sleep(300);
                String url = "jdbc:postgresql://127.0.0.1:" + db.server().port() + "/" + db.name()
                        + "?user=guarded&password=wrong-secret-123";
                Cli cli = Cli.run("-C", tmp.toString(), "status", "--url", url);
                assertOneLine(cli, ExitCodes.FAILED, "password authentication failed for user \"guarded\"");
                assertThat(cli.out() + cli.err()).doesNotContain("wrong-secret-123");
            } finally {
                Files.writeString(file, original);
                db.exec("SELECT pg_reload_conf()");
            }
        }
    }

    @Test
    void unknownEnvironment() throws IOException {
        Files.writeString(tmp.resolve("manor.toml"), "[env.dev]\n[env.prod]\nurl = \"jdbc:postgresql://x/y\"\n");
        assertOneLine(Cli.run("-C", tmp.toString(), "status", "--env", "prdo"), ExitCodes.FAILED,
                "unknown environment 'prdo'", "dev, prod");
    }

    @Test
    void typoInConfigIsRefused() throws IOException {
        Files.writeString(tmp.resolve("manor.toml"), "[env.prod]\nprotect = true\n");
        assertOneLine(Cli.run("-C", tmp.toString(), "status"), ExitCodes.FAILED, "unknown setting 'protect'");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli cli = Cli.run("--verbose", "-C", tmp.toString(), "status", "--url", "jdbc:postgresql://127.0.0.1:1/nope");
        assertThat(cli.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.err()).contains("\tat ");
    }

    @Test
    void urlThatIsNotJdbcPostgresql() {
        assertOneLine(Cli.run("-C", tmp.toString(), "status", "--url", "postgres://db.internal/ivm"), ExitCodes.FAILED,
                "not a PostgreSQL JDBC URL", "jdbc:postgresql:");
    }

    @Test
    void embeddedDataOfAnotherMajor() throws IOException {
        Files.createDirectories(tmp.resolve("migrations"));
        Files.createDirectories(tmp.resolve(".manor/pgdata"));
        Files.writeString(tmp.resolve(".manor/pgdata/PG_VERSION"), "15\n");
        Files.writeString(tmp.resolve("manor.toml"), "[embedded]\nversion = 17\n");
        assertOneLine(Cli.run("-C", tmp.toString(), "status"), ExitCodes.FAILED,
                "was made by PostgreSQL 15, not 17", "embedded.version = 15");
    }

    @Test
    void logLimitBelowOneIsABadCommandLine() {
        for (String n : new String[] {"0", "-5"}) {
            assertOneLine(Cli.run("-C", tmp.toString(), "log", "-n", n, "--url", "jdbc:postgresql://127.0.0.1:1/x"),
                    ExitCodes.USAGE, "--limit", "at least 1");
        }
    }
}
