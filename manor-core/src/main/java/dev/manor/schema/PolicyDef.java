package dev.manor.schema;

import java.util.List;

/** A row-level security policy. */
public record PolicyDef(String schema, String table, String name, String command, boolean permissive,
                        List<String> roles, String using, String withCheck) implements SchemaObject {
    public PolicyDef {
        roles = Canonical.sorted(roles);
    }

    @Override public String objectType() { return "policy"; }
    @Override public String identity() { return Names.qualified(schema, Names.path(table, name)); }
    @Override public String displayName() { return Names.display(schema, Names.path(table, name)); }
    @Override public String parentIdentity() { return Names.qualified(schema, Names.part(table)); }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("command", command),
                Attribute.state("mode", permissive ? "PERMISSIVE" : "RESTRICTIVE"),
                Attribute.of("roles", Canonical.join(roles)),
                Attribute.of("using", using),
                Attribute.of("with check", withCheck));
    }
}
