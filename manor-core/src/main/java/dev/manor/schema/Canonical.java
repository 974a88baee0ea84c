package dev.manor.schema;

import java.util.List;

/** Small helpers that keep collections and values in their one canonical form. */
final class Canonical {
    private Canonical() {
    }

    static List<String> list(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    static List<String> sorted(List<String> values) {
        return values == null ? List.of() : values.stream().sorted().toList();
    }

    /** Null for an empty list, so "no options" reads as none. */
    static String join(List<String> values) {
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** A SQL-style string literal: 'it''s'. */
    static String literal(String text) {
        return text == null ? null : "'" + text.replace("'", "''") + "'";
    }
}
