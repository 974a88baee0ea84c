package dev.manor.deploy.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.manor.Manor;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startWebhook() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopWebhook() {
        server.stop(0);
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void aFailedMigrationPostsItsErrorAsJson() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp.resolve("m")).add("20240101000000_broken",
                    "ALTER TABLE missing ADD COLUMN x int;", "SELECT 1;");
            Manor manor = Manors.on(db, dir.root()).environment("staging", false).alertWebhook(hook()).load();
            assertThatThrownBy(manor::deploy).hasMessageContaining("missing");
            assertThat(received).hasSize(1);
            JsonNode alert = received.get(0);
            assertThat(alert.get("event").asText()).isEqualTo("migration-failed");
            assertThat(alert.get("migration").asText()).isEqualTo("20240101000000_broken");
            assertThat(alert.get("environment").asText()).isEqualTo("staging");
            assertThat(alert.get("message").asText()).contains("relation \"missing\" does not exist");
            assertThat(alert.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(contentTypes).containsExactly("application/json");
        }
    }

    @Test
    void aGuardCancellationSendsOneAlertThatSaysWhy() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE account (id int PRIMARY KEY)");
            MigrationsDir dir = new MigrationsDir(tmp.resolve("m")).add("20240101000000_slow",
                    "ALTER TABLE account ADD COLUMN x int;\nSELECT pg_sleep(8);", "ALTER TABLE account DROP COLUMN x;");
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Manor manor = Manors.on(db, dir.root()).trafficGuard(Duration.ofMillis(500)).alertWebhook(hook())
                    .listener(new dev.manor.deploy.DeployListener() {
                        @Override
                        public void migrationStarted(dev.manor.migration.Migration m, String direction) {
                            started.countDown(); // after the analysis and the gates
                        }
                    }).load();
            CompletableFuture<Object> deploy = CompletableFuture.supplyAsync(manor::deploy);
            org.assertj.core.api.Assertions.assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread.sleep(600);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT * FROM account");
            }
            assertThatThrownBy(deploy::join).hasMessageContaining("traffic guard");
            assertThat(received).hasSize(1);
            assertThat(received.get(0).get("event").asText()).isEqualTo("guard-cancelled");
            assertThat(received.get(0).get("message").asText()).contains("1 session waited up to");
        }
    }

    @Test
    void aMigrationPastItsExpectedDurationAlertsAndStillFinishes() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            Path out = tmp.resolve("alert.json");
            MigrationsDir dir = new MigrationsDir(tmp.resolve("m")).add("20240101000000_slow",
                    "-- manor:expected-duration 300ms\nSELECT pg_sleep(1.2);", "SELECT 1;");
            Manor manor = Manors.on(db, dir.root()).alertWebhook(hook())
                    .alertCommand("cat > '" + out + "'").load();
            manor.deploy();
            assertThat(received).hasSize(1);
            assertThat(received.get(0).get("event").asText()).isEqualTo("migration-overdue");
            assertThat(received.get(0).get("message").asText()).contains("still running after 300ms");
            JsonNode viaCommand = JSON.readTree(Files.readString(out));
            assertThat(viaCommand).isEqualTo(received.get(0));
        }
    }

    @Test
    void passwordsNeverLeaveInAnAlert() throws Exception {
        AlertSender sender = new AlertSender(new AlertSettings(hook(), null, null), "s3cret-pw");
        List<String> problems = sender.send(Alert.now("migration-failed", "m", "prod",
                "cannot connect to postgresql://app:s3cret-pw@db/x: password s3cret-pw rejected"));
        assertThat(problems).isEmpty();
        String body = received.get(0).toString();
        assertThat(body).doesNotContain("s3cret-pw").contains("*****");
    }

    @Test
    void anUnreachableWebhookIsReportedNotThrown() {
        server.stop(0);
        AlertSender sender = new AlertSender(new AlertSettings(hook(), "exit 3", null), null);
        List<String> problems = sender.send(Alert.now("migration-failed", "m", "dev", "x"));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("alert webhook unreachable");
        assertThat(problems.get(1)).isEqualTo("alert command exited with 3");
        assertThat(new String(AlertSender.json(Alert.now("e", "m", "dev", "x")), StandardCharsets.UTF_8))
                .contains("\"event\":\"e\"");
    }
}
