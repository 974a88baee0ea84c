package dev.manor.diff;

import java.util.Locale;

/** Quoting and naming for generated SQL. */
final class Sql {
    private Sql() {
    }

    static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String table(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A piece of a migration name: camelCase and anything else become lower_snake. */
    static String snake(String name) {
        String s = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "x" : s;
    }

    /** A valid migration name from pieces, within PostgreSQL-friendly length. */
    static String migrationName(String... pieces) {
        StringBuilder b = new StringBuilder();
        for (String p : pieces) {
            String s = snake(p);
            if (b.length() > 0) {
                b.append('_');
            }
            b.append(s);
        }
        String name = b.toString().replaceAll("_+", "_");
        if (!Character.isLetter(name.charAt(0))) {
            name = "m_" + name;
        }
        return name.length() > 48 ? name.substring(0, 48).replaceAll("_+$", "") : name;
    }

    /** {@code CREATE [UNIQUE] INDEX name ON ...} as pg_get_indexdef writes it, built CONCURRENTLY. */
    static String concurrently(String indexDefinition) {
        return indexDefinition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ");
    }
}
