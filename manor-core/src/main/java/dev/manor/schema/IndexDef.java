package dev.manor.schema;

import java.util.List;

/** An index (on a table or materialized view); {@code constraint} names the constraint it backs, or null. */
public record IndexDef(String schema, String table, String name, String definition, boolean valid, String constraint)
        implements SchemaObject {
    @Override public String objectType() { return "index"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }
    @Override public String parentIdentity() { return Names.qualified(schema, Names.part(table)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("definition", definition),
                Attribute.state("validity", valid ? "valid" : "INVALID"),
                Attribute.of("backs constraint", constraint));
    }
}
