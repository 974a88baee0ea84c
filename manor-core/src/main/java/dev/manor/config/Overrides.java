package dev.manor.config;

import java.util.List;

/** Settings given on the command line or in MANOR_* variables; null means "not given". */
public record Overrides(
        String environment,
        String url,
        String user,
        String passwordEnv,
        List<String> schemas,
        String historySchema,
        String migrations,
        String lockTimeout,
        String statementTimeout,
        String lockWait,
        String connectTimeout) {

    /** Without a connect timeout (the default applies). */
    public Overrides(String environment, String url, String user, String passwordEnv, List<String> schemas,
                     String historySchema, String migrations, String lockTimeout, String statementTimeout,
                     String lockWait) {
        this(environment, url, user, passwordEnv, schemas, historySchema, migrations, lockTimeout, statementTimeout,
                lockWait, null);
    }

    public static Overrides none() {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null);
    }
}
