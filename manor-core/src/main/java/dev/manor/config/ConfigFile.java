package dev.manor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.manor.ManorException;

import java.io.IOException;
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
        Map<String, EnvironmentSettings> environments) {

    public static final String FILE_NAME = "manor.toml";
    private static final Set<String> TOP_KEYS = Set.of("migrations", "seed", "history_schema", "default_env",
            "embedded", "backups", "backup_pg_bin_dir", "env");
    private static final Set<String> ENV_KEYS = Set.of("url", "user", "password_env", "schemas", "lock_timeout",
            "statement_timeout", "protected", "staging", "deploy_window", "backup_max_age", "connect_timeout");

    /** An empty configuration, for projects without manor.toml. */
    public static ConfigFile none() {
        return new ConfigFile(null, null, null, null, null, null, null, null, Map.of());
    }

    /** Reads {@code projectDir/manor.toml}, or returns {@link #none()} when there is none. */
    public static ConfigFile load(Path projectDir) {
        Path file = projectDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(file.toFile());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ManorException(FILE_NAME + " is not valid TOML: " + msg, e);
        }
        checkKeys(root, TOP_KEYS, FILE_NAME);
        Map<String, EnvironmentSettings> envs = new LinkedHashMap<>();
        JsonNode envNode = root.path("env");
        for (Iterator<Map.Entry<String, JsonNode>> it = envNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            checkKeys(n, ENV_KEYS, FILE_NAME + " [env." + e.getKey() + "]");
            envs.put(e.getKey(), new EnvironmentSettings(e.getKey(), text(n, "url"), text(n, "user"),
                    text(n, "password_env"), list(n, "schemas"), text(n, "lock_timeout"),
                    text(n, "statement_timeout"), n.has("protected") ? n.get("protected").asBoolean() : null,
                    text(n, "staging"), text(n, "deploy_window"), text(n, "backup_max_age"),
                    text(n, "connect_timeout")));
        }
        JsonNode embedded = root.path("embedded");
        Integer version = embedded.has("version") ? embedded.get("version").asInt() : null;
        return new ConfigFile(file, text(root, "migrations"), text(root, "seed"), text(root, "history_schema"),
                text(root, "default_env"), version, text(root, "backups"), text(root, "backup_pg_bin_dir"), Map.copyOf(envs));
    }

    public Optional<EnvironmentSettings> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ManorException(where + ": unknown setting '" + key + "' (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> list(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else {
            for (String s : v.asText().split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
