package dev.manor.config;

import dev.manor.ManorException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one Manor run needs, resolved and immutable. Built by {@link dev.manor.Manor#configure()}
 * or from {@code manor.toml} by {@link ConfigFile}.
 *
 * @param environment     name of the environment (dev, staging, prod...), recorded in events
 * @param protectedEnv    a protected environment refuses reset and unsafe deploys
 * @param schemas         the schemas Manor manages (reset drops their contents; snapshots read them)
 * @param historySchema   where manor_migrations and manor_events live; never one of {@code schemas}
 * @param lockTimeout     lock_timeout for every migration statement
 * @param statementTimeout statement_timeout for every migration statement; zero means none
 * @param lockWait        how long a deployer waits for another deployer's lock
 */
public record ManorConfig(
        Path projectDir,
        Path migrationsDir,
        Path seedFile,
        String environment,
        boolean protectedEnv,
        List<String> schemas,
        String historySchema,
        Duration lockTimeout,
        Duration statementTimeout,
        Duration lockWait,
        RetryPolicy retry) {

    /**
     * 500 ms: short enough that queries queued behind a waiting ALTER stall for at most half a second
     * (well inside a web request's budget), long enough to win the lock on a busy table when no long
     * transaction is in the way. pgroll uses the same figure; the retries cover the rest.
     */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(60);
    public static final String DEFAULT_HISTORY_SCHEMA = "manor";

    public ManorConfig {
        Objects.requireNonNull(migrationsDir, "migrationsDir");
        schemas = List.copyOf(schemas == null || schemas.isEmpty() ? List.of("public") : schemas);
        historySchema = historySchema == null ? DEFAULT_HISTORY_SCHEMA : historySchema;
        environment = environment == null ? "dev" : environment;
        lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
        statementTimeout = statementTimeout == null ? Duration.ZERO : statementTimeout;
        lockWait = lockWait == null ? DEFAULT_LOCK_WAIT : lockWait;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        requireServerTimeout(lockTimeout, "lock_timeout");
        requireServerTimeout(statementTimeout, "statement_timeout");
        for (String s : schemas) {
            requireIdentifier(s, "schema");
        }
        requireIdentifier(historySchema, "history schema");
        if (schemas.contains(historySchema)) {
            throw new ManorException("history_schema '" + historySchema + "' is also a managed schema; keep Manor's "
                    + "history in a schema of its own so that reset cannot erase the deployment log");
        }
    }

    /** PostgreSQL keeps these in int milliseconds (about 24.8 days); more fails only when the deploy sets it. */
    private static void requireServerTimeout(Duration d, String what) {
        if (d.isNegative() || d.toMillis() > Integer.MAX_VALUE) {
            throw new ManorException(what + " " + Durations.format(d) + " is out of range: PostgreSQL takes at most "
                    + Integer.MAX_VALUE + "ms (about 24 days); 0 means none");
        }
    }

    private static void requireIdentifier(String name, String what) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            throw new ManorException(what + " name '" + name + "' is not a plain identifier");
        }
    }
}
