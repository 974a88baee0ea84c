package dev.manor.schema;

import java.util.List;

/**
 * A comment on an object. {@code targetType} is the commented object's type ("column", "table", ...),
 * {@code targetIdentity} its qualified identity and {@code targetDisplayName} its display name.
 */
public record CommentDef(String targetType, String targetIdentity, String targetDisplayName, String text)
        implements SchemaObject {
    @Override public String objectType() { return "comment"; }
    @Override public String identity() { return targetType + " " + targetIdentity; }
    @Override public String displayName() { return targetType + " " + targetDisplayName; }
    @Override public String parentIdentity() { return targetIdentity; }
    @Override public String describedName() { return "comment on " + displayName(); }

    @Override
    public List<Attribute> attributes() {
        return List.of(Attribute.state("text", Canonical.literal(text)));
    }
}
