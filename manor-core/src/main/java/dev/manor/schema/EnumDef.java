package dev.manor.schema;

import java.util.List;

/** An enum type and its labels in sort order. */
public record EnumDef(String schema, String name, List<String> labels) implements SchemaObject {
    public EnumDef {
        labels = Canonical.list(labels);
    }

    @Override public String objectType() { return "enum"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(Attribute.of("labels", Canonical.join(labels.stream().map(Canonical::literal).toList())));
    }
}
