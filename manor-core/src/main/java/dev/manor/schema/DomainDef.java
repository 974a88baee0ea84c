package dev.manor.schema;

import java.util.List;

/** A domain; {@code constraints} are "name definition" strings (NOT VALID included), sorted. */
public record DomainDef(String schema, String name, String baseType, String defaultExpression, boolean notNull,
                        String collation, List<String> constraints) implements SchemaObject {
    public DomainDef {
        constraints = Canonical.sorted(constraints);
    }

    @Override public String objectType() { return "domain"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("base type", baseType),
                Attribute.of("default", defaultExpression),
                Attribute.state("nullability", notNull ? "not null" : "nullable"),
                Attribute.of("collation", collation),
                Attribute.of("constraints", Canonical.join(constraints)));
    }
}
