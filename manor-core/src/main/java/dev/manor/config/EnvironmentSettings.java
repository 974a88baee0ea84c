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
        String connectTimeout) {

    /** Without a connect timeout (the default applies). */
    public EnvironmentSettings(String name, String url, String user, String passwordEnv, List<String> schemas,
                               String lockTimeout, String statementTimeout, Boolean protectedEnv, String staging,
                               String deployWindow, String backupMaxAge) {
        this(name, url, user, passwordEnv, schemas, lockTimeout, statementTimeout, protectedEnv, staging, deployWindow,
                backupMaxAge, null);
    }

    public static EnvironmentSettings empty(String name) {
        return new EnvironmentSettings(name, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean isProtected() {
        return Boolean.TRUE.equals(protectedEnv);
    }
}
