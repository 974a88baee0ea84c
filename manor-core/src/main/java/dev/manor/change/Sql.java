package dev.manor.change;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting and naming for generated SQL. */
final class Sql {
    private Sql() {
    }

    /** A double-quoted identifier; a schema-qualified {@code a.b} is quoted part by part. */
    static String ident(String name) {
        if (name.startsWith("\"")) {
            return name;
        }
        return List.of(name.split("\\.")).stream().map(p -> "\"" + p.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining("."));
    }

    static String idents(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /** A single-quoted SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The unqualified name, for deriving constraint and plan names. */
    static String base(String name) {
        String unquoted = name.replace("\"", "");
        return unquoted.substring(unquoted.lastIndexOf('.') + 1);
    }

    /** A lower_snake_case fragment of a name, for migration and plan names. */
    static String snake(String name) {
        String s = base(name).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase()
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "x" : s;
    }

    /** A PostgreSQL name of at most 63 bytes. */
    static String pgName(String name) {
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    /** A duration as manor.toml and directives write it: 7d, 12h, 30min, 45s. */
    static String duration(java.time.Duration d) {
        long s = d.getSeconds();
        if (s > 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s > 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s > 0 && s % 60 == 0) {
            return s / 60 + "min";
        }
        return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }
}
