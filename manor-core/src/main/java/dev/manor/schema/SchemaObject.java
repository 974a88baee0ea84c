package dev.manor.schema;

import java.util.List;

/** What the canonical text, the fingerprint and the diff need to know about any object in a snapshot. */
public interface SchemaObject {
    /** "table", "column", "index", ... */
    String objectType();

    /** Fully qualified name; unique within the object type. */
    String identity();

    /** The identity without the {@code public.} prefix, for people to read. */
    String displayName();

    /** Identity of the object this one belongs to (a column's table), or null. */
    default String parentIdentity() {
        return null;
    }

    /** The compared properties, in a fixed order. */
    List<Attribute> attributes();

    /** Sort and lookup key: unique across the whole snapshot. */
    default String key() {
        return objectType() + " " + identity();
    }

    /** How a diff line names the object: "column User.phone". */
    default String describedName() {
        return objectType() + " " + displayName();
    }
}
