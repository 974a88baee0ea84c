package dev.manor.schema;

import java.util.List;

/** A rewrite rule on a table or view (not the _RETURN rule that makes a view); {@code enabled} as for triggers. */
public record RuleDef(String schema, String table, String name, String definition, String enabled)
        implements SchemaObject {
    @Override public String objectType() { return "rule"; }
    @Override public String identity() { return Names.qualified(schema, Names.path(table, name)); }
    @Override public String displayName() { return Names.display(schema, Names.path(table, name)); }
    @Override public String parentIdentity() { return Names.qualified(schema, Names.part(table)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("definition", definition),
                Attribute.state("firing", enabled));
    }
}
