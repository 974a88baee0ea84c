package dev.manor.schema;

import java.util.List;

/** An extended statistics object (CREATE STATISTICS), with its definition. */
public record StatisticsDef(String schema, String name, String table, String definition) implements SchemaObject {
    @Override public String objectType() { return "statistics"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }
    @Override public String parentIdentity() { return table; }

    @Override
    public List<Attribute> attributes() {
        return List.of(Attribute.of("definition", definition));
    }
}
