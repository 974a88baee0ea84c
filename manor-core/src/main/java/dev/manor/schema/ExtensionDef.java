package dev.manor.schema;

import java.util.List;

/** An installed extension (database-wide, so not limited to the managed schemas). */
public record ExtensionDef(String name, String schema, String version) implements SchemaObject {
    @Override public String objectType() { return "extension"; }
    @Override public String identity() { return Names.part(name); }
    @Override public String displayName() { return identity(); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("schema", schema),
                Attribute.of("version", version));
    }
}
