package dev.manor.schema;

import java.util.List;

/**
 * A table constraint. {@code type} is "primary key", "unique", "check", "foreign key", "exclusion" or
 * "trigger"; {@code definition} is pg_get_constraintdef without the NOT VALID suffix, which {@code validated} carries.
 */
public record ConstraintDef(String schema, String table, String name, String type, String definition,
                            boolean validated, boolean deferrable, boolean initiallyDeferred) implements SchemaObject {
    @Override public String objectType() { return "constraint"; }
    @Override public String identity() { return Names.qualified(schema, Names.path(table, name)); }
    @Override public String displayName() { return Names.display(schema, Names.path(table, name)); }
    @Override public String parentIdentity() { return Names.qualified(schema, Names.part(table)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("type", type),
                Attribute.of("definition", definition),
                Attribute.state("validation", validated ? "valid" : "NOT VALID"),
                Attribute.state("deferrability", !deferrable ? "NOT DEFERRABLE"
                        : initiallyDeferred ? "DEFERRABLE INITIALLY DEFERRED" : "DEFERRABLE INITIALLY IMMEDIATE"));
    }
}
