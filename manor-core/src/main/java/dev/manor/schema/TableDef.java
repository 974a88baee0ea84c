package dev.manor.schema;

import java.util.List;

/**
 * A table. {@code kind} is regular, partitioned or foreign; {@code persistence} permanent or unlogged;
 * {@code replicaIdentity} default, nothing, full or the index used;
 * {@code parents} are the tables it inherits from (or its partition parent), qualified;
 * {@code columns} are the column names in their physical order (SELECT * and COPY depend on it).
 */
public record TableDef(String schema, String name, String kind, String persistence, String replicaIdentity, String partitionKey,
                       String partitionBound, List<String> parents, boolean rowSecurity, boolean forceRowSecurity,
                       List<String> options, List<String> columns) implements SchemaObject {
    public TableDef {
        parents = Canonical.list(parents);
        options = Canonical.sorted(options);
        columns = Canonical.list(columns);
    }

    @Override public String objectType() { return "table"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("kind", kind),
                Attribute.of("persistence", persistence),
                Attribute.of("replica identity", replicaIdentity),
                Attribute.of("partition key", partitionKey),
                Attribute.of("partition bound", partitionBound),
                Attribute.of("inherits", Canonical.join(parents)),
                Attribute.state("row level security",
                        rowSecurity ? "row level security enabled" : "row level security disabled"),
                Attribute.state("force row level security",
                        forceRowSecurity ? "row level security forced on owner" : "row level security not forced"),
                Attribute.of("options", Canonical.join(options)),
                Attribute.of(COLUMN_ORDER, Canonical.join(columns)));
    }

    /** Name of the attribute the diff compares only over the columns both sides have. */
    static final String COLUMN_ORDER = "column order";
}
