package dev.manor.schema;

import java.util.List;

/** A composite type; {@code attributes} are "name type" strings in declaration order. */
public record CompositeTypeDef(String schema, String name, List<String> fields) implements SchemaObject {
    public CompositeTypeDef {
        fields = Canonical.list(fields);
    }

    @Override public String objectType() { return "type"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(Attribute.of("fields", Canonical.join(fields)));
    }
}
