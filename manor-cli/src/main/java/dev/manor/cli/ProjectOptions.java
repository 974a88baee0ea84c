package dev.manor.cli;

import dev.manor.config.Overrides;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * Where the database and migrations are; every option also reads a MANOR_* variable. Durations need a unit
 * and are checked while parsing (exit 2 before any database starts).
 */
public final class ProjectOptions {
    @Option(names = {"-e", "--env"}, defaultValue = "${env:MANOR_ENV}",
            description = "Environment from manor.toml (default: its default_env, else dev). Env: MANOR_ENV.")
    String environment;

    @Option(names = "--url", defaultValue = "${env:MANOR_URL}",
            description = "JDBC URL of the database; without one Manor uses its embedded PostgreSQL. Env: MANOR_URL.")
    String url;

    @Option(names = "--user", defaultValue = "${env:MANOR_USER}", description = "Database user. Env: MANOR_USER.")
    String user;

    @Option(names = "--password-env", paramLabel = "<var>", defaultValue = "${env:MANOR_PASSWORD_ENV}",
            description = "Name of the environment variable that holds the password (default: MANOR_PASSWORD)."
                    + " Passwords are never taken as flags, so they never show in ps.")
    String passwordEnv;

    @Option(names = "--schemas", split = ",", defaultValue = "${env:MANOR_SCHEMAS}",
            description = "Managed schemas, comma-separated (default public). Env: MANOR_SCHEMAS.")
    List<String> schemas;

    @Option(names = "--history-schema", defaultValue = "${env:MANOR_HISTORY_SCHEMA}",
            description = "Schema of manor_migrations and manor_events (default manor). Env: MANOR_HISTORY_SCHEMA.")
    String historySchema;

    @Option(names = "--migrations", paramLabel = "<dir>", defaultValue = "${env:MANOR_MIGRATIONS}",
            description = "Migrations folder, relative to the project (default migrations). Env: MANOR_MIGRATIONS.")
    String migrations;

    @Option(names = "--lock-timeout", paramLabel = "<duration>", defaultValue = "${env:MANOR_LOCK_TIMEOUT}",
            converter = OptionConverters.LockTimeout.class,
            description = "lock_timeout of every migration statement, e.g. 500ms or 2s (default 500ms; \"off\" for"
                    + " none, 0 is refused). Env: MANOR_LOCK_TIMEOUT.")
    String lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "<duration>", defaultValue = "${env:MANOR_STATEMENT_TIMEOUT}",
            converter = OptionConverters.OrOff.class,
            description = "statement_timeout of every migration statement, e.g. 30s or 5m (default off)."
                    + " Env: MANOR_STATEMENT_TIMEOUT.")
    String statementTimeout;

    @Option(names = "--lock-wait", paramLabel = "<duration>", defaultValue = "${env:MANOR_LOCK_WAIT}",
            converter = OptionConverters.Plain.class,
            description = "How long to wait for another deployer's lock, e.g. 60s or 2m (default 60s). Env: MANOR_LOCK_WAIT.")
    String lockWait;

    @Option(names = "--connect-timeout", paramLabel = "<duration>", defaultValue = "${env:MANOR_CONNECT_TIMEOUT}",
            converter = OptionConverters.Plain.class,
            description = "How long connecting may take before Manor gives up, e.g. 10s (default 10s); also how long a"
                    + " running migration waits for the server to answer its watcher. Env: MANOR_CONNECT_TIMEOUT.")
    String connectTimeout;

    Overrides overrides() {
        return new Overrides(environment, url, user, passwordEnv, schemas, historySchema, migrations, lockTimeout,
                statementTimeout, lockWait, connectTimeout);
    }
}
