package dev.manor.schema;

import java.util.List;

/** A function or procedure; {@code arguments} its argument types, {@code definition} pg_get_functiondef. */
public record RoutineDef(String schema, String name, String arguments, boolean procedure, String definition)
        implements SchemaObject {
    @Override public String objectType() { return procedure ? "procedure" : "function"; }
    @Override public String identity() { return Names.qualified(schema, local()); }
    @Override public String displayName() { return Names.display(schema, local()); }

    private String local() {
        return Names.part(name) + "(" + arguments + ")";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(Attribute.code("definition", definition));
    }
}
