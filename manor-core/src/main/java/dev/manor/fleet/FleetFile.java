package dev.manor.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.manor.Fleet;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.DidYouMean;
import dev.manor.config.Secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fleet file. {@code *.toml}: optional top-level {@code user} and {@code password_env}, then one
 * {@code [[database]]} table per database ({@code name}, {@code url}, optional {@code user}, {@code password_env}).
 * Anything else: one database per line, {@code name = jdbc:postgresql://...} or a bare URL (named after its database),
 * {@code #} starts a comment. Unknown keys, duplicate names and unset password variables are errors naming the line.
 */
public final class FleetFile {
    private static final Set<String> TOP_KEYS = Set.of("user", "password_env", "database");
    private static final Set<String> DATABASE_KEYS = Set.of("name", "url", "user", "password_env");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@:/+-]+");

    private FleetFile() {
    }

    public static List<Fleet.Member> read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ManorException("fleet file not found: " + file);
        } catch (IOException e) {
            throw new ManorException("cannot read fleet file " + file + ": " + e.getMessage(), e);
        }
        List<Fleet.Member> members = file.getFileName().toString().endsWith(".toml")
                ? toml(file, text, env) : lines(file, text);
        if (members.isEmpty()) {
            throw new ManorException(file + ": lists no databases");
        }
        return members;
    }

    private static List<Fleet.Member> lines(Path file, String text) {
        List<Fleet.Member> members = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = file + ":" + (i + 1);
            String line = lines[i];
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (line.isEmpty()) {
                continue;
            }
            String name;
            String url;
            int eq = line.indexOf('=');
            if (line.startsWith("jdbc:")) {
                url = line;
                name = null;
            } else if (eq > 0) {
                name = line.substring(0, eq).trim();
                url = line.substring(eq + 1).trim();
            } else {
                throw new ManorException(where + ": expected 'name = jdbc:postgresql://host:port/db' or a JDBC URL, got '"
                        + Secrets.maskUrl(line) + "'");
            }
            ConnectionSettings c = connection(where, url, null, null);
            if (name == null) {
                name = c.database();
            }
            members.add(member(where, name, c, names));
        }
        return members;
    }

    private static List<Fleet.Member> toml(Path file, String text, Map<String, String> env) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ManorException(file + ": not valid TOML: " + e.getOriginalMessage());
        }
        checkKeys(root, TOP_KEYS, file.toString());
        String user = text(root, "user", file.toString());
        String passwordEnv = text(root, "password_env", file.toString());
        JsonNode list = root.path("database");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new ManorException(file + ": 'database' must be an array of tables: write [[database]]");
        }
        List<Fleet.Member> members = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 0;
        for (JsonNode db : list) {
            i++;
            String where = file + ": database " + i;
            if (!db.isObject()) {
                throw new ManorException(where + ": expected a table with name and url");
            }
            checkKeys(db, DATABASE_KEYS, where);
            String name = text(db, "name", where);
            String url = text(db, "url", where);
            if (url == null) {
                throw new ManorException(where + (name == null ? "" : " ('" + name + "')") + ": no url");
            }
            String dbUser = text(db, "user", where);
            String dbPasswordEnv = text(db, "password_env", where);
            String variable = dbPasswordEnv != null ? dbPasswordEnv : passwordEnv;
            String password = null;
            if (variable != null) {
                password = env.get(variable);
                if (password == null) {
                    throw new ManorException(where + ": takes its password from $" + variable + ", which is not set");
                }
            }
            ConnectionSettings c = connection(where, url, dbUser != null ? dbUser : user, password);
            members.add(member(where, name != null ? name : c.database(), c, names));
        }
        return members;
    }

    private static Fleet.Member member(String where, String name, ConnectionSettings c, List<String> names) {
        if (name == null || name.isBlank()) {
            throw new ManorException(where + ": no name, and the URL names no database");
        }
        if (!NAME.matcher(name).matches()) {
            throw new ManorException(where + ": the name '" + name + "' may hold only letters, digits and _ . @ : / + -");
        }
        if (names.contains(name)) {
            throw new ManorException(where + ": the name '" + name + "' is used twice");
        }
        names.add(name);
        return new Fleet.Member(name, c);
    }

    private static ConnectionSettings connection(String where, String url, String user, String password) {
        try {
            return new ConnectionSettings(url, user, password);
        } catch (ManorException e) {
            throw new ManorException(where + ": " + e.getMessage());
        }
    }

    private static void checkKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ManorException(where + ": unknown key '" + key + "'" + DidYouMean.hint(key, known)
                        + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ManorException(where + ": '" + key + "' must be a string");
        }
        return v.asText();
    }
}
