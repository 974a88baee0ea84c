package dev.manor.schema;

import java.util.List;

/** A managed schema that exists. */
public record SchemaDef(String name) implements SchemaObject {
    @Override public String objectType() { return "schema"; }
    @Override public String identity() { return Names.part(name); }
    @Override public String displayName() { return identity(); }
    @Override public List<Attribute> attributes() { return List.of(); }
}
