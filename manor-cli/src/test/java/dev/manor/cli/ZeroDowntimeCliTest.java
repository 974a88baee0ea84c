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
import java.util.List;
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
            int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-C", project.toString(),
                    "deploy", "--url", db.url(), "--watch", "--no-progress");
            assertThat(code).as(out.toString()).isZero();
            assertThat(out.toString())
                    .contains("\r    [")                                  // the live status line
                    .contains("locks AccessExclusiveLock on item")          // the report line
                    .contains("backfill of item done: 300 rows updated");
            StringWriter status = new StringWriter();
            Main.run(new PrintWriter(status), new PrintWriter(new StringWriter()), "-C", project.toString(),
                    "backfill", "status", "--url", db.url());
            assertThat(status.toString()).contains("20240101000000").contains("done").contains("id = 300");
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
