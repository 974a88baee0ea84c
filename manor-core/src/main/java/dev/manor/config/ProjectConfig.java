package dev.manor.config;

import dev.manor.ManorException;
import dev.manor.embedded.PostgresBundles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's settings after layering: command-line flags and MANOR_* variables over the chosen
 * environment of manor.toml over defaults. {@link #connection()} is empty when no database is
 * configured, which means "use the embedded one".
 */
public record ProjectConfig(
        Path projectDir,
        ConfigFile file,
        EnvironmentSettings environment,
        Optional<ConnectionSettings> connection,
        ManorConfig manor,
        int embeddedVersion,
        Path backupsDir) {

    public static final String PASSWORD_VARIABLE = "MANOR_PASSWORD";

    public static ProjectConfig resolve(Path projectDir, Overrides o, Map<String, String> env) {
        if (!java.nio.file.Files.isDirectory(projectDir)) {
            throw new ManorException("project folder not found: " + projectDir);
        }
        ConfigFile file = ConfigFile.load(projectDir);
        String envName = first(o.environment(), file.defaultEnv(), "dev");
        EnvironmentSettings es = file.environment(envName).orElse(null);
        if (es == null) {
            if (o.environment() != null && !file.environments().isEmpty()) {
                throw new ManorException("unknown environment '" + envName + "' (manor.toml defines: "
                        + String.join(", ", file.environments().keySet().stream().sorted().toList()) + ")");
            }
            if (o.environment() != null && file.file() == null && !envName.equals("dev")) {
                throw new ManorException("unknown environment '" + envName + "': there is no manor.toml in "
                        + projectDir + " to define it");
            }
            es = EnvironmentSettings.empty(envName);
        }
        String url = first(o.url(), es.url(), null);
        Optional<ConnectionSettings> connection = Optional.empty();
        if (url != null) {
            String passwordVar = first(o.passwordEnv(), es.passwordEnv(), null);
            String password = passwordVar != null ? env.get(passwordVar) : env.get(PASSWORD_VARIABLE);
            if (passwordVar != null && password == null) {
                throw new ManorException("environment '" + envName + "' takes its password from $" + passwordVar
                        + ", which is not set");
            }
            connection = Optional.of(new ConnectionSettings(url, first(o.user(), es.user(), null), password));
        }
        Path migrations = projectDir.resolve(first(o.migrations(), file.migrations(), "migrations"));
        Path seed = projectDir.resolve(first(null, file.seed(), "seed.sql"));
        List<String> schemas = o.schemas() != null ? o.schemas() : es.schemas();
        ManorConfig manor = new ManorConfig(projectDir, migrations, seed, envName, es.isProtected(), schemas,
                first(o.historySchema(), file.historySchema(), null),
                duration(first(o.lockTimeout(), es.lockTimeout(), null), "lock_timeout"),
                duration(first(o.statementTimeout(), es.statementTimeout(), null), "statement_timeout"),
                duration(o.lockWait(), "lock wait"), null);
        int embedded = file.embeddedVersion() == null ? PostgresBundles.DEFAULT_MAJOR : file.embeddedVersion();
        Path backups = projectDir.resolve(first(null, file.backups(), "backups"));
        return new ProjectConfig(projectDir, file, es, connection, manor, embedded, backups);
    }

    /** Settings of another environment of the same project (e.g. the staging one a gate reads). */
    public ProjectConfig forEnvironment(String name, Map<String, String> env) {
        return resolve(projectDir, new Overrides(name, null, null, null, null, null, null, null, null, null), env);
    }

    /**
     * The protected environments that name this one as their {@code staging}: what they will refuse, this one
     * refuses too, and what they require proven here, this one's proofs cover.
     */
    public List<String> protectedEnvironmentsStagedHere() {
        return file.environments().values().stream()
                .filter(e -> e.isProtected() && manor.environment().equals(e.staging()))
                .map(EnvironmentSettings::name).sorted().toList();
    }

    private static Duration duration(String text, String what) {
        return text == null ? null : Durations.parse(text, what);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
