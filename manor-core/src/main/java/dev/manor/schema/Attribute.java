package dev.manor.schema;

/**
 * One compared property of a schema object. {@code value} is null when the property is absent ("none").
 * A self-describing attribute's value reads on its own ("not null", "NOT VALID"), so diffs print it
 * without the attribute name. {@code compared} is what equality is decided on: the value itself, or a
 * form without what PostgreSQL ignores (whitespace in a routine body outside its string literals).
 */
public record Attribute(String name, String value, boolean selfDescribing, String compared) {
    public Attribute(String name, String value, boolean selfDescribing) {
        this(name, value, selfDescribing, value);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, value, false);
    }

    public static Attribute of(String name, long value) {
        return new Attribute(name, Long.toString(value), false);
    }

    public static Attribute state(String name, String value) {
        return new Attribute(name, value, true);
    }

    /** SQL text compared without insignificant whitespace (see {@link SqlWhitespace}). */
    public static Attribute code(String name, String value) {
        return new Attribute(name, value, false, value == null ? null : SqlWhitespace.normalize(value));
    }
}
