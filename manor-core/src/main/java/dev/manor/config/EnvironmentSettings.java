package dev.manor.config;

import java.util.List;

/**
 * One {@code [env.<name>]} table of manor.toml, as written (nulls where unset). Flags and
 * environment variables are layered over it by the caller.
 *
 * @param passwordEnv  name of the environment variable that holds the password (never the password itself)
 * @param staging      the environment whose history proves a migration before this one may run it
 * @param deployWindow low-traffic hours, e.g. "22:00-06:00" (UTC unless a zone is appended)
 * @param backupMaxAge how old the newest verified backup may be for a protected deploy, e.g. "1h"
 * @param connectTimeout how long connecting may take, e.g. "10s" (see {@link ConnectionSettings})
 * @param replicas     JDBC URLs of streaming replicas Manor connects to (docs/replicas.md)
 * @param maxReplicaLag the replay lag above which backfills and no-transaction steps pause, e.g. "1s", or "off"
 * @param replicaCatchupTimeout how long a deploy waits for its replicas to catch up, e.g. "2m"
 * @param directUrl    a JDBC URL that reaches PostgreSQL without a transaction-mode pooler (docs/poolers.md)
 */
public record EnvironmentSettings(
        String name,
        String url,
        String user,
        String passwordEnv,
        List<String> schemas,
        String lockTimeout,
        String statementTimeout,
        Boolean protectedEnv,
        String staging,
        String deployWindow,
        String backupMaxAge,
        String connectTimeout,
        List<String> replicas,
        String maxReplicaLag,
        String replicaCatchupTimeout,
        String directUrl) {

    /** Without replica or pooler settings. */
    public EnvironmentSettings(String name, String url, String user, String passwordEnv, List<String> schemas,
                               String lockTimeout, String statementTimeout, Boolean protectedEnv, String staging,
                               String deployWindow, String backupMaxAge, String connectTimeout) {
        this(name, url, user, passwordEnv, schemas, lockTimeout, statementTimeout, protectedEnv, staging, deployWindow,
                backupMaxAge, connectTimeout, null, null, null, null);
    }

    /** Without a connect timeout (the default applies). */
    public EnvironmentSettings(String name, String url, String user, String passwordEnv, List<String> schemas,
                               String lockTimeout, String statementTimeout, Boolean protectedEnv, String staging,
                               String deployWindow, String backupMaxAge) {
        this(name, url, user, passwordEnv, schemas, lockTimeout, statementTimeout, protectedEnv, staging, deployWindow,
                backupMaxAge, null);
    }

    public static EnvironmentSettings empty(String name) {
        return new EnvironmentSettings(name, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public boolean isProtected() {
        return Boolean.TRUE.equals(protectedEnv);
    }
}
