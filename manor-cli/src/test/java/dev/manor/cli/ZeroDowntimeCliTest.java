package dev.manor.cli;

import com.sun.net.httpserver.HttpServer;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ZeroDowntimeCliTest {
    @TempDir
    Path project;

    @Test
    void deployWatchesLocksRunsTheBackfillAndBackfillStatusListsIt() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE item (id int PRIMARY KEY, n int); INSERT INTO item SELECT g, g FROM generate_series(1, 300) g");
            new MigrationsDir(project.resolve("migrations")).add("20240101000000_add_label",
                            "ALTER TABLE item ADD COLUMN label text;\nSELECT pg_sleep(0.5);", "ALTER TABLE item DROP COLUMN label;")
                    .write("20240101000000_add_label", "backfill.sql", "-- manor:backfill batch=100\nUPDATE item SET label = 'n' || n;");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), "-C", project.toString(),
                    "deploy", "--url", db.url(), "--watch", "--no-progress");
            assertThat(code).as(out.toString() + err).isZero();
            assertThat(err.toString())
                    .contains("\r    [")                                  // the live status line
                    .contains("locks AccessExclusiveLock on item")          // the report line
                    .contains("backfill of item done: 300 rows updated");
            assertThat(out.toString()).contains("Applied 1 migration.").doesNotContain("\r").doesNotContain("backfill");
            StringWriter status = new StringWriter();
            Main.run(new PrintWriter(status), new PrintWriter(new StringWriter()), "-C", project.toString(),
                    "backfill", "status", "--url", db.url());
            assertThat(status.toString()).contains("20240101000000").contains("done").contains("id = 300");
        }
    }

    /**
     * A captured --watch session while the migration waits for a lock: the status line names the session it waits
     * for (pid, application, state, query, age) and the retry count; each retry is a line of its own; the final line
     * keeps the migration's name; stdout holds only the result.
     */
    @Test
    void watchNamesTheSessionTheMigrationWaitsFor() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE item (id int PRIMARY KEY, n int)");
            new MigrationsDir(project.resolve("migrations")).add("20240101000000_add_label",
                    "ALTER TABLE item ADD COLUMN label text;", "ALTER TABLE item DROP COLUMN label;");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            try (Connection blocker = java.sql.DriverManager.getConnection(db.url())) {
                blocker.setAutoCommit(false);
                int pid;
                try (Statement s = blocker.createStatement()) {
                    s.execute("SET application_name = 'nightly-report'");
                    s.execute("SELECT count(*) FROM item");
                    ResultSet rs = s.executeQuery("SELECT pg_backend_pid()");
                    rs.next();
                    pid = rs.getInt(1);
                }
                CompletableFuture<Integer> deploy = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out),
                        new PrintWriter(err), "-C", project.toString(), "deploy", "--url", db.url(), "--watch",
                        "--no-progress", "--lock-timeout", "300ms"));
                long deadline = System.nanoTime() + 90_000_000_000L;
                while (!(err.toString().contains("held by pid") && err.toString().contains("(retry 2)"))
                        && System.nanoTime() < deadline && !deploy.isDone()) {
                    Thread.sleep(50);
                }
                blocker.commit();
                assertThat(deploy.get()).as(out.toString() + err).isZero();
                String captured = err.toString();
                System.out.println("[figure] captured --watch session during a lock wait:\n"
                        + captured.replace("\r", "\n<CR>"));
                assertThat(captured)
                        .contains("20240101000000_add_label line 1 | waiting for pid " + pid + " (retry ")
                        .containsPattern("\r    20240101000000_add_label waits for a lock held by pid " + pid
                                + " \\(nightly-report, idle in transaction for \\d+\\.\\d s: SELECT pg_backend_pid\\(\\)\\)\n")
                        .contains("\r    20240101000000_add_label: lock not available at line 1 (")
                        .containsPattern("\r  ▲ 20240101000000_add_label \\.\\.\\. applied in \\d+ ms \\(1 statement, \\d+ retr(y|ies), ");
                // Every permanent line starts at the left margin: the live line was erased before it was printed.
                for (String line : captured.split("\n")) {
                    String visible = line.substring(line.lastIndexOf('\r') + 1);
                    assertThat(visible).as(line).doesNotStartWith(" ".repeat(20));
                }
                assertThat(out.toString()).doesNotContain("waiting").contains("Applied 1 migration.");
            }
        }
    }

    @Test
    void aFailedDeployPostsToTheAlertWebhookGivenOnTheCommandLine() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try (TestDb db = PgServers.freshDb()) {
            new MigrationsDir(project.resolve("migrations")).add("20240101000000_bad", "SELECT nope;", "SELECT 1;");
            int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "-C",
                    project.toString(), "deploy", "--url", db.url(), "--alert-webhook",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
            assertThat(code).isNotZero();
            assertThat(bodies).hasSize(1);
            assertThat(bodies.get(0)).contains("\"event\":\"migration-failed\"").contains("20240101000000_bad")
                    .contains("column \\\"nope\\\" does not exist");
        } finally {
            server.stop(0);
        }
    }
}
