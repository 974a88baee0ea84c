package dev.manor.schema;

/**
 * One difference between an expected and an actual schema. {@code kind} is from the actual side's point of view:
 * ADDED = present in actual only, REMOVED = missing from actual, CHANGED = present in both but different.
 */
public record SchemaChange(Kind kind, String objectType, String name, String description) {
    public enum Kind { ADDED, REMOVED, CHANGED }

    @Override
    public String toString() {
        return description;
    }
}
