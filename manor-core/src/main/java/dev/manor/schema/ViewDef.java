package dev.manor.schema;

import java.util.List;

/** A view or materialized view and its definition (pg_get_viewdef). */
public record ViewDef(String schema, String name, boolean materialized, String definition, List<String> options)
        implements SchemaObject {
    public ViewDef {
        options = Canonical.sorted(options);
    }

    @Override public String objectType() { return materialized ? "materialized view" : "view"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("definition", definition),
                Attribute.of("options", Canonical.join(options)));
    }
}
