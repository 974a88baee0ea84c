package dev.manor.backup;

import java.time.Duration;
import java.util.List;

/**
 * Outcome of a restore test.
 *
 * @param ok       true when the checksum matched, pg_restore succeeded and the restored copy matches the manifest
 * @param problems why it is not ok, one line each (empty when ok)
 * @param warnings things worth telling that do not make the backup bad, e.g. a scratch database left behind
 * @param elapsed  time taken
 */
public record VerificationResult(boolean ok, List<String> problems, List<String> warnings, Duration elapsed) {
    public VerificationResult {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** All problems on one line, for an exception or a log line. */
    public String summary() {
        return ok ? "backup verified" : "backup verification failed: " + String.join("; ", problems);
    }
}
