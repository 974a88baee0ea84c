package dev.manor.schema;

import java.util.List;

/** A table column. {@code identityGeneration} is "always", "by default" or null; {@code collation} null when the type's default. */
public record ColumnDef(String schema, String table, String name, String type, String defaultExpression,
                        boolean notNull, String identityGeneration, String generatedExpression, String collation)
        implements SchemaObject {
    @Override public String objectType() { return "column"; }
    @Override public String identity() { return Names.qualified(schema, Names.path(table, name)); }
    @Override public String displayName() { return Names.display(schema, Names.path(table, name)); }
    @Override public String parentIdentity() { return Names.qualified(schema, Names.part(table)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("type", type),
                Attribute.of("default", defaultExpression),
                Attribute.state("nullability", notNull ? "not null" : "nullable"),
                Attribute.of("identity", identityGeneration),
                Attribute.of("generated", generatedExpression),
                Attribute.of("collation", collation));
    }
}
