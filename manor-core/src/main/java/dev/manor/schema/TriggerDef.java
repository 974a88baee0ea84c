package dev.manor.schema;

import java.util.List;

/** A user trigger; {@code enabled} is "enabled", "disabled", "enabled on replica only" or "enabled always". */
public record TriggerDef(String schema, String table, String name, String definition, String enabled)
        implements SchemaObject {
    @Override public String objectType() { return "trigger"; }
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
