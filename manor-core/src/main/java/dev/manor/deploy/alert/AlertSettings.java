package dev.manor.deploy.alert;

import java.net.URI;
import java.time.Duration;

/**
 * Where alerts go and when a migration counts as overdue.
 *
 * @param webhook          receives an HTTP POST with the alert's JSON, or null
 * @param command          a shell command run with the alert's JSON on stdin, or null
 * @param expectedDuration how long a migration may run without a {@code -- manor:expected-duration} directive
 */
public record AlertSettings(URI webhook, String command, Duration expectedDuration) {
    /** Ten minutes: far beyond any online change Manor runs in one piece, so it fires only on a real hang. */
    public static final Duration DEFAULT_EXPECTED_DURATION = Duration.ofMinutes(10);
    public static final AlertSettings NONE = new AlertSettings(null, null, null);

    public AlertSettings {
        expectedDuration = expectedDuration == null ? DEFAULT_EXPECTED_DURATION : expectedDuration;
        command = command == null || command.isBlank() ? null : command;
        if (webhook != null && !("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme()))) {
            throw new IllegalArgumentException("alert webhook must be an http(s) URL: " + webhook);
        }
    }

    public boolean enabled() {
        return webhook != null || command != null;
    }
}
