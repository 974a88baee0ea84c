package dev.manor.schema;

import java.util.List;

/** A sequence's settings (never its current value); {@code ownedBy} is the owning column, qualified, or null. */
public record SequenceDef(String schema, String name, String dataType, long start, long increment, long min,
                          long max, long cache, boolean cycle, String ownedBy) implements SchemaObject {
    @Override public String objectType() { return "sequence"; }
    @Override public String identity() { return Names.qualified(schema, Names.part(name)); }
    @Override public String displayName() { return Names.display(schema, Names.part(name)); }

    /** A serial or identity sequence comes and goes with its column, so the diff reports only the column. */
    @Override public String parentIdentity() { return ownedBy; }

    @Override
    public List<Attribute> attributes() {
        return List.of(
                Attribute.of("data type", dataType),
                Attribute.of("start", start),
                Attribute.of("increment", increment),
                Attribute.of("min", min),
                Attribute.of("max", max),
                Attribute.of("cache", cache),
                Attribute.state("cycling", cycle ? "CYCLE" : "NO CYCLE"),
                Attribute.of("owned by", ownedBy));
    }
}
