package dev.manor.schema;

import java.util.List;

/** A range type; functions and operator classes are named with their schema. */
public record RangeTypeDef(String schema, String name, String subtype, String subtypeOperatorClass, String collation,
                           String canonical, String subtypeDiff) implements SchemaObject {
    @Override public String objectType() { return "range type"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("subtype", subtype),
                Attribute.of("subtype operator class", subtypeOperatorClass),
                Attribute.of("collation", collation),
                Attribute.of("canonical", canonical),
                Attribute.of("subtype diff", subtypeDiff));
    }
}
