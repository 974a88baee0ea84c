package dev.manor.config;

import dev.manor.ManorException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code [drift] ignore} in manor.toml: tables and schemas that belong to other tools (a Flyway or Prisma history
 * table left behind by an import, a schema an extension manages), left out of the drift check. An entry is a table
 * name, matched in every managed schema with its columns, indexes, constraints and triggers, or {@code schema.*},
 * a whole schema.
 *
 * @param tables  table names
 * @param schemas schema names
 */
public record DriftIgnore(List<String> tables, List<String> schemas) {
    public static final DriftIgnore NONE = new DriftIgnore(List.of(), List.of());
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    public DriftIgnore {
        tables = List.copyOf(tables);
        schemas = List.copyOf(schemas);
    }

    /** Reads the entries; a malformed one is a one-line error naming it and {@code where}. */
    public static DriftIgnore parse(Collection<String> entries, String where) {
        List<String> tables = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.strip();
            if (e.endsWith(".*") && NAME.matcher(e.substring(0, e.length() - 2)).matches()) {
                schemas.add(e.substring(0, e.length() - 2));
            } else if (NAME.matcher(e).matches()) {
                tables.add(e);
            } else {
                throw new ManorException(where + ": \"" + raw + "\" is neither a table name (flyway_schema_history)"
                        + " nor a whole schema (audit.*)");
            }
        }
        return new DriftIgnore(tables, schemas);
    }

    public boolean isEmpty() {
        return tables.isEmpty() && schemas.isEmpty();
    }

    /** Whether the table is on the list. */
    public boolean ignoresTable(String name) {
        return tables.contains(name);
    }

    /** The managed schemas the drift check reads: those not ignored as a whole. */
    public List<String> checkedSchemas(List<String> managed) {
        return managed.stream().filter(s -> !schemas.contains(s)).toList();
    }

    /** The entries as written in manor.toml. */
    public List<String> entries() {
        List<String> out = new ArrayList<>(tables);
        schemas.forEach(s -> out.add(s + ".*"));
        return out;
    }
}
