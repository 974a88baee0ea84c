package dev.manor.deploy.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manor.config.Secrets;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Delivers an alert to the webhook and/or the command. Delivery problems are returned, not thrown:
 * an unreachable alert endpoint must not turn a good deploy into a failed one.
 */
public final class AlertSender {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertSettings settings;
    private final String secret;
    private final HttpClient http;

    /** {@code secret}: the database password, masked out of every message (may be null). */
    public AlertSender(AlertSettings settings, String secret) {
        this.settings = settings;
        this.secret = secret;
        this.http = settings.webhook() == null ? null
                : HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public AlertSettings settings() {
        return settings;
    }

    /** Sends the alert; returns what went wrong delivering it (empty when delivered). */
    public List<String> send(Alert alert) {
        Alert safe = new Alert(alert.event(), alert.migration(), alert.environment(),
                Secrets.mask(alert.message(), secret), alert.time());
        byte[] body = json(safe);
        List<String> problems = new ArrayList<>();
        if (settings.webhook() != null) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(settings.webhook()).timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 != 2) {
                    problems.add("alert webhook answered HTTP " + r.statusCode());
                }
            } catch (IOException e) {
                problems.add("alert webhook unreachable: " + Secrets.maskUrl(String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while sending an alert");
            }
        }
        if (settings.command() != null) {
            problems.addAll(runCommand(body));
        }
        return problems;
    }

    private List<String> runCommand(byte[] body) {
        try {
            Process p = new ProcessBuilder("sh", "-c", settings.command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(body);
            } catch (IOException closedEarly) {
                // The command did not read all of stdin (or exited first): its exit code says how it went.
            }
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return List.of("alert command did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            return p.exitValue() == 0 ? List.of() : List.of("alert command exited with " + p.exitValue());
        } catch (IOException e) {
            return List.of("alert command failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while running the alert command");
        }
    }

    static byte[] json(Alert alert) {
        try {
            return JSON.writeValueAsString(alert).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
