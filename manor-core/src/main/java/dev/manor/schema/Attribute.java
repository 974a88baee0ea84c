package dev.manor.schema;

/**
 * One compared property of a schema object. {@code value} is null when the property is absent ("none").
 * A self-describing attribute's value reads on its own ("not null", "NOT VALID"), so diffs print it
 * without the attribute name.
 */
public record Attribute(String name, String value, boolean selfDescribing) {
    public static Attribute of(String name, String value) {
        return new Attribute(name, value, false);
    }

    public static Attribute of(String name, boolean value) {
        return new Attribute(name, Boolean.toString(value), false);
    }

    public static Attribute of(String name, long value) {
        return new Attribute(name, Long.toString(value), false);
    }

    public static Attribute state(String name, String value) {
        return new Attribute(name, value, true);
    }
}
