package dev.manor.deploy;

import java.time.Instant;

/** The session that holds the deploy lock, as pg_stat_activity shows it. */
public record LockHolder(int pid, String applicationName, String user, Instant since) {
    public String describe() {
        return "pid " + pid + " (" + (applicationName == null || applicationName.isBlank() ? "no application_name"
                : applicationName) + ", user " + user + ") since " + since;
    }
}
