package dev.manor.config;

import dev.manor.ManorException;
import dev.manor.backup.PgTools;
import dev.manor.embedded.PostgresBundles;

import java.nio.file.Path;
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
        EmbeddedMajor embedded,
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
                throw new ManorException("unknown environment '" + envName + "'"
                        + DidYouMean.hint(envName, file.environments().keySet()) + " (manor.toml defines: "
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
            connection = Optional.of(new ConnectionSettings(url, first(o.user(), es.user(), null), password,
                    Durations.parse(first(o.connectTimeout(), es.connectTimeout(), null), "connect_timeout")));
        }
        Path migrations = projectDir.resolve(first(o.migrations(), file.migrations(), "migrations"));
        Path seed = projectDir.resolve(first(null, file.seed(), "seed.sql"));
        List<String> schemas = o.schemas() != null ? o.schemas() : es.schemas();
        ManorConfig manor = new ManorConfig(projectDir, migrations, seed, envName, es.isProtected(), schemas,
                first(o.historySchema(), file.historySchema(), null),
                Durations.parseLockTimeout(first(o.lockTimeout(), es.lockTimeout(), null), "lock_timeout"),
                Durations.parseOrOff(first(o.statementTimeout(), es.statementTimeout(), null), "statement_timeout"),
                Durations.parse(o.lockWait(), "lock wait"), null);
        // Probing the client tools costs a process per install folder: only when the embedded server is used.
        EmbeddedMajor embedded = connection.isPresent()
                ? EmbeddedMajor.unused(file.embeddedVersion(), embeddedDataDir(projectDir), PostgresBundles.DEFAULT_MAJOR)
                : EmbeddedMajor.choose(file.embeddedVersion(), embeddedDataDir(projectDir), bundledMajors(),
                        PgTools::newestInstalled);
        Path backups = projectDir.resolve(first(null, file.backups(), "backups"));
        return new ProjectConfig(projectDir, file, es, connection, manor, embedded, backups);
    }

    /** The variable that overrides {@code direct_url}. */
    public static final String DIRECT_URL_VARIABLE = "MANOR_DIRECT_URL";

    /**
     * The environment's replica settings ({@code replicas}, {@code max_replica_lag}, {@code replica_catchup_timeout});
     * the listed replicas log in like {@code url}.
     */
    public ReplicaSettings replicaSettings() {
        String where = "[env." + environment.name() + "] ";
        List<ConnectionSettings> listed = new java.util.ArrayList<>();
        if (environment.replicas() != null) {
            for (String url : environment.replicas()) {
                listed.add(connection.map(c -> new ConnectionSettings(url, c.user(), c.password(), c.connectTimeout()))
                        .orElseGet(() -> new ConnectionSettings(url, null, null)));
            }
        }
        return new ReplicaSettings(true, Durations.parseOrOff(environment.maxReplicaLag(), where + "max_replica_lag"),
                Durations.parse(environment.replicaCatchupTimeout(), where + "replica_catchup_timeout"), listed);
    }

    /**
     * Where session-level work goes when {@code url} is a transaction-mode pool: {@code MANOR_DIRECT_URL} or the
     * environment's {@code direct_url}, logging in like {@code url}; empty when neither is set.
     */
    public Optional<ConnectionSettings> directConnection(Map<String, String> env) {
        String direct = first(env.get(DIRECT_URL_VARIABLE), environment.directUrl(), null);
        if (direct == null) {
            return Optional.empty();
        }
        return Optional.of(connection.map(c -> new ConnectionSettings(direct, c.user(), c.password(),
                c.connectTimeout())).orElseGet(() -> new ConnectionSettings(direct, null, null)));
    }

    /** Settings of another environment of the same project (e.g. the staging one a gate reads). */
    public ProjectConfig forEnvironment(String name, Map<String, String> env) {
        return resolve(projectDir, new Overrides(name, null, null, null, null, null, null, null, null, null, null), env);
    }

    /**
     * The majors manor-embedded bundles; without that optional module only the default (a constant, so this
     * class loads without it), and starting the server then says what is missing.
     */
    private static List<Integer> bundledMajors() {
        try {
            Class.forName("dev.manor.embedded.PostgresBundles", false, ProjectConfig.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of(PostgresBundles.DEFAULT_MAJOR);
        }
        return PostgresBundles.available();
    }

    /** The embedded PostgreSQL major this project runs (see {@link EmbeddedMajor} for why). */
    public int embeddedVersion() {
        return embedded.major();
    }

    /** Where the project's embedded server keeps its data. */
    public static Path embeddedDataDir(Path projectDir) {
        return projectDir.resolve(".manor").resolve("pgdata");
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
