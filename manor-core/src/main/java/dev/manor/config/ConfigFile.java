package dev.manor.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import dev.manor.ManorException;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BiFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code manor.toml}: project settings plus named environments. Unknown keys are errors, so a typo
 * such as {@code protect = true} cannot silently leave production unprotected.
 */
public record ConfigFile(
        Path file,
        String migrations,
        String seed,
        String historySchema,
        String defaultEnv,
        Integer embeddedVersion,
        String backups,
        String backupPgBinDir,
        Map<String, EnvironmentSettings> environments,
        DriftIgnore driftIgnore,
        String schema) {

    public static final String FILE_NAME = "manor.toml";
    private static final Set<String> TOP_KEYS = Set.of("migrations", "seed", "history_schema", "default_env",
            "embedded", "backups", "backup_pg_bin_dir", "env", "drift", "schema");
    private static final Set<String> DRIFT_KEYS = Set.of("ignore");
    private static final Set<String> EMBEDDED_KEYS = Set.of("version");
    private static final Set<String> ENV_KEYS = Set.of("url", "user", "password_env", "schemas", "lock_timeout",
            "statement_timeout", "protected", "staging", "deploy_window", "backup_max_age", "connect_timeout",
            "replicas", "max_replica_lag", "replica_catchup_timeout", "direct_url");

    /** An empty configuration, for projects without manor.toml. */
    public static ConfigFile none() {
        return new ConfigFile(null, null, null, null, null, null, null, null, Map.of(), DriftIgnore.NONE, null);
    }

    /**
     * Reads {@code projectDir/manor.toml}, or returns {@link #none()} when there is none. Every value is
     * type-checked (a quoted "yes" is not a boolean, a bare 12 is not a duration) and every unknown key is
     * refused, so a typo can neither switch protection off nor fall back to a default unnoticed.
     */
    public static ConfigFile load(Path projectDir) {
        Path file = projectDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = readTree(file);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ManorException(FILE_NAME + " is not valid TOML: " + msg, e);
        }
        checkKeys(root, TOP_KEYS, FILE_NAME);
        Map<String, EnvironmentSettings> envs = new LinkedHashMap<>();
        JsonNode envNode = table(root, "env", FILE_NAME);
        for (Iterator<Map.Entry<String, JsonNode>> it = envNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = FILE_NAME + " [env." + e.getKey() + "]";
            JsonNode n = table(envNode, e.getKey(), FILE_NAME + " [env]");
            checkKeys(n, ENV_KEYS, where);
            envs.put(e.getKey(), new EnvironmentSettings(e.getKey(), text(n, "url", where), text(n, "user", where),
                    text(n, "password_env", where), list(n, "schemas", where),
                    duration(n, "lock_timeout", where, Durations::parseLockTimeout),
                    duration(n, "statement_timeout", where, Durations::parseOrOff), bool(n, "protected", where),
                    text(n, "staging", where), text(n, "deploy_window", where),
                    duration(n, "backup_max_age", where, Durations::parse),
                    duration(n, "connect_timeout", where, Durations::parse),
                    jdbcUrls(n, "replicas", where), duration(n, "max_replica_lag", where, Durations::parseOrOff),
                    duration(n, "replica_catchup_timeout", where, ConfigFile::positive),
                    jdbcUrl(n, "direct_url", where)));
        }
        JsonNode embedded = table(root, "embedded", FILE_NAME);
        checkKeys(embedded, EMBEDDED_KEYS, FILE_NAME + " [embedded]");
        Integer version = majorVersion(embedded, FILE_NAME + " [embedded]");
        String defaultEnv = text(root, "default_env", FILE_NAME);
        if (defaultEnv != null && !envs.containsKey(defaultEnv)) {
            throw new ManorException(FILE_NAME + ": default_env = \"" + defaultEnv + "\" names no [env." + defaultEnv
                    + "] table" + (envs.isEmpty() ? "; define it or remove default_env"
                    : " (defined: " + String.join(", ", envs.keySet().stream().sorted().toList()) + ")"
                    + DidYouMean.hint(defaultEnv, envs.keySet())));
        }
        JsonNode drift = table(root, "drift", FILE_NAME);
        checkKeys(drift, DRIFT_KEYS, FILE_NAME + " [drift]");
        JsonNode ignore = drift.get("ignore");
        if (ignore != null && !ignore.isArray()) {
            throw new ManorException(FILE_NAME + " [drift]: ignore must be an array of strings, e.g. ignore ="
                    + " [\"flyway_schema_history\"], not " + describe(ignore));
        }
        DriftIgnore driftIgnore = DriftIgnore.parse(ignore == null ? List.of()
                : list(drift, "ignore", FILE_NAME + " [drift]"), FILE_NAME + " [drift] ignore");
        return new ConfigFile(file, text(root, "migrations", FILE_NAME), text(root, "seed", FILE_NAME),
                text(root, "history_schema", FILE_NAME), defaultEnv, version, text(root, "backups", FILE_NAME),
                text(root, "backup_pg_bin_dir", FILE_NAME), Map.copyOf(envs), driftIgnore, relativeFolder(root, "schema"));
    }

    private static final TomlFactory TOML = new TomlFactory();

    /**
     * The file as a tree, built from jackson's TOML parser here rather than by a TomlMapper: every command that
     * reads manor.toml would otherwise pay for a cold ObjectMapper, about 170 ms of class loading on a 2-core
     * machine (a TomlMapper's readTree took 230-250 ms, the parser alone 65 ms).
     */
    static JsonNode readTree(Path file) throws IOException {
        try (JsonParser p = TOML.createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            return first == null ? JsonNodeFactory.instance.objectNode() : node(p, first);
        }
    }

    private static JsonNode node(JsonParser p, JsonToken token) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode table = f.objectNode();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String key = p.currentName();
                    table.set(key, node(p, p.nextToken()));
                }
                yield table;
            }
            case START_ARRAY -> {
                ArrayNode array = f.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(node(p, t));
                }
                yield array;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? f.numberNode(p.getBigIntegerValue()) : f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> f.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_EMBEDDED_OBJECT -> f.textNode(String.valueOf(p.getEmbeddedObject())); // a date or time
            default -> f.nullNode();
        };
    }

    /** A folder inside the project ({@code schema = "db/schema"}): relative, and not climbing out of it. */
    private static String relativeFolder(JsonNode root, String key) {
        String value = text(root, key, FILE_NAME);
        if (value == null) {
            return null;
        }
        Path p = Path.of(value).normalize();
        if (value.isBlank() || p.isAbsolute() || p.startsWith("..")) {
            throw new ManorException(FILE_NAME + ": " + key + " = \"" + value + "\" must be a folder inside the project,"
                    + " relative to manor.toml (e.g. " + key + " = \"schema\")");
        }
        return value;
    }

    public Optional<EnvironmentSettings> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ManorException(where + ": unknown setting '" + key + "'" + DidYouMean.hint(key, allowed)
                        + " (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The table under key (an empty node when absent); a value that is not a table is refused. */
    private static JsonNode table(JsonNode n, String key, String where) {
        JsonNode v = n.path(key);
        if (!v.isMissingNode() && !v.isObject()) {
            throw new ManorException(where + ": " + key + " must be a table ([" + key + "]), not " + describe(v));
        }
        return v;
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ManorException(where + ": " + key + " must be a string in quotes, not " + describe(v));
        }
        return v.asText();
    }

    /** A TOML boolean only: "yes", "True", "on", 1 or 0 are refused rather than read as false. */
    private static Boolean bool(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ManorException(where + ": " + key + " must be true or false (a TOML boolean, without quotes), not "
                    + describe(v));
        }
        return v.booleanValue();
    }

    /** A duration string with a unit, checked here so that a bad one is refused whichever environment runs. */
    private static String duration(JsonNode n, String key, String where, BiFunction<String, String, Duration> parser) {
        JsonNode v = n.get(key);
        if (v != null && v.isNumber()) {
            throw new ManorException(where + ": " + key + " = " + v.asText() + " has no unit; write it as a string with"
                    + " one, e.g. " + key + " = \"" + v.asText() + "ms\" or \"" + v.asText() + "s\"");
        }
        String text = text(n, key, where);
        if (text != null) {
            parser.apply(text, where + " " + key);
        }
        return text;
    }

    private static Duration positive(String text, String what) {
        Duration d = Durations.parse(text, what);
        if (d.isZero() || d.isNegative()) {
            throw new ManorException(what + " must be positive, not " + text);
        }
        return d;
    }

    /** A PostgreSQL JDBC URL, checked here so a typo is refused before any deploy. */
    private static String jdbcUrl(JsonNode n, String key, String where) {
        String url = text(n, key, where);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new ManorException(where + ": " + key + " must be a JDBC URL starting with jdbc:postgresql:, not "
                    + Secrets.maskUrl(url));
        }
        return url;
    }

    private static List<String> jdbcUrls(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v != null && !v.isArray()) {
            throw new ManorException(where + ": " + key + " must be an array of JDBC URLs, e.g. " + key
                    + " = [\"jdbc:postgresql://replica1:5432/app\"], not " + describe(v));
        }
        List<String> urls = list(n, key, where);
        if (urls != null) {
            for (String url : urls) {
                if (!url.startsWith("jdbc:postgresql:")) {
                    throw new ManorException(where + ": " + key + " must list JDBC URLs starting with"
                            + " jdbc:postgresql:, not " + Secrets.maskUrl(url));
                }
            }
        }
        return urls;
    }

    private static Integer majorVersion(JsonNode embedded, String where) {
        JsonNode v = embedded.get("version");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < 10 || v.asLong() > 99) {
            throw new ManorException(where + ": version must be a PostgreSQL major version number such as 15 or 17"
                    + " (without quotes), not " + describe(v));
        }
        return v.intValue();
    }

    private static List<String> list(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode x : v) {
                if (!x.isTextual()) {
                    throw new ManorException(where + ": " + key + " must list strings, not " + describe(x));
                }
                out.add(x.asText());
            }
        } else {
            for (String s : text(n, key, where).split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the string \"" + v.asText() + "\"";
        }
        if (v.isObject()) {
            return "a table";
        }
        if (v.isArray()) {
            return "an array";
        }
        return (v.isBoolean() ? "the boolean " : v.isNumber() ? "the number " : "") + v.asText();
    }
}
