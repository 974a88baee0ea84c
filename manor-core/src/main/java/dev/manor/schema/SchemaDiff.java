package dev.manor.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The structural differences between an expected and an actual snapshot, one line per difference, phrased
 * generically ("expected" vs "actual"); callers add context such as "after rollback". Differences that
 * PostgreSQL itself treats as insignificant (whitespace in a routine body outside its string literals) are
 * not changes: they are listed in {@code ignored}, so that callers can say so.
 */
public record SchemaDiff(List<SchemaChange> changes, List<String> ignored) {
    private static final int SHORT_VALUE = 80;
    private static final int SNIPPET = 30;

    public SchemaDiff {
        changes = List.copyOf(changes);
        ignored = List.copyOf(ignored);
    }

    public SchemaDiff(List<SchemaChange> changes) {
        this(changes, List.of());
    }

    public static SchemaDiff between(SchemaSnapshot expected, SchemaSnapshot actual) {
        Map<String, SchemaObject> before = expected.byKey();
        Map<String, SchemaObject> after = actual.byKey();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());

        // Objects that exist on one side only; their columns, indexes, comments ... are not listed again.
        Set<String> onlyExpected = identitiesOnlyIn(before, after);
        Set<String> onlyActual = identitiesOnlyIn(after, before);

        List<SchemaChange> changes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String key : keys) {
            SchemaObject e = before.get(key);
            SchemaObject a = after.get(key);
            if (e == null) {
                if (!onlyActual.contains(a.parentIdentity())) {
                    changes.add(added(a));
                }
            } else if (a == null) {
                if (!onlyExpected.contains(e.parentIdentity())) {
                    changes.add(removed(e));
                }
            } else {
                changes.addAll(changed(e, a, ignored));
            }
        }
        return new SchemaDiff(changes, ignored);
    }

    private static Set<String> identitiesOnlyIn(Map<String, SchemaObject> side, Map<String, SchemaObject> other) {
        Set<String> otherIdentities = other.values().stream().map(SchemaObject::identity).collect(Collectors.toSet());
        Set<String> result = new HashSet<>();
        for (SchemaObject o : side.values()) {
            if (!otherIdentities.contains(o.identity())) {
                result.add(o.identity());
            }
        }
        return result;
    }

    private static SchemaChange added(SchemaObject a) {
        String description = a instanceof CommentDef c
                ? a.describedName() + ": none -> " + shortValue(Canonical.literal(c.text()))
                : a.describedName() + ": present in actual, not in expected" + summary(a);
        return new SchemaChange(SchemaChange.Kind.ADDED, a.objectType(), a.displayName(), description);
    }

    private static SchemaChange removed(SchemaObject e) {
        String description = e instanceof CommentDef c
                ? e.describedName() + ": " + shortValue(Canonical.literal(c.text())) + " -> none"
                : e.describedName() + ": missing in actual (present in expected)" + summary(e);
        return new SchemaChange(SchemaChange.Kind.REMOVED, e.objectType(), e.displayName(), description);
    }

    /** The object's first attribute, so a missing index or column says what it was. */
    private static String summary(SchemaObject o) {
        return o.attributes().stream()
                .filter(a -> a.value() != null)
                .findFirst()
                .map(a -> ": " + (a.selfDescribing() ? "" : a.name() + " ") + shortValue(a.value()))
                .orElse("");
    }

    private static List<SchemaChange> changed(SchemaObject e, SchemaObject a, List<String> ignored) {
        List<SchemaChange> result = new ArrayList<>();
        List<Attribute> expectedAttributes = e.attributes();
        List<Attribute> actualAttributes = a.attributes();
        for (int i = 0; i < expectedAttributes.size(); i++) {
            Attribute x = expectedAttributes.get(i);
            Attribute y = actualAttributes.get(i);
            String difference = e instanceof TableDef et && x.name().equals(TableDef.COLUMN_ORDER)
                    ? columnOrderDifference(et, (TableDef) a)
                    : difference(x, y);
            if (difference != null && TimeLiterals.differOnlyInRecentTimes(x.value(), y.value())) {
                ignored.add(e.describedName() + ": " + x.name() + " differs only in a time literal from when it was"
                        + " created (ignored: 'now' is folded into the definition at creation time)");
            } else if (difference != null && Objects.equals(x.compared(), y.compared())) {
                ignored.add(e.describedName() + ": " + x.name() + " differs in whitespace only (ignored: PostgreSQL"
                        + " ignores whitespace outside string literals)");
            } else if (difference != null) {
                result.add(new SchemaChange(SchemaChange.Kind.CHANGED, e.objectType(), e.displayName(),
                        e.describedName() + ": " + difference));
            }
        }
        return result;
    }

    private static String difference(Attribute expected, Attribute actual) {
        if (Objects.equals(expected.value(), actual.value())) {
            return null;
        }
        String label = expected.selfDescribing() ? "" : expected.name() + " ";
        String x = expected.value();
        String y = actual.value();
        if (x != null && y != null && (isLong(x) || isLong(y))) {
            return expected.name() + " differs: " + snippets(x, y);
        }
        return label + shortValue(x) + " -> " + shortValue(y);
    }

    /** Added or dropped columns are reported on their own; here only the order of the shared ones counts. */
    private static String columnOrderDifference(TableDef expected, TableDef actual) {
        List<String> x = expected.columns().stream().filter(actual.columns()::contains).toList();
        List<String> y = actual.columns().stream().filter(expected.columns()::contains).toList();
        return x.equals(y) ? null : "column order " + String.join(", ", x) + " -> " + String.join(", ", y);
    }

    private static boolean isLong(String value) {
        return value.length() > SHORT_VALUE || value.contains("\n");
    }

    private static String shortValue(String value) {
        if (value == null) {
            return "none";
        }
        String oneLine = value.replaceAll("\\s+", " ").trim();
        return oneLine.length() > SHORT_VALUE ? oneLine.substring(0, SHORT_VALUE - 3) + "..." : oneLine;
    }

    /** Where two long values part: the text around the first difference on each side. */
    private static String snippets(String expected, String actual) {
        String x = expected.replaceAll("\\s+", " ").trim();
        String y = actual.replaceAll("\\s+", " ").trim();
        int at = 0;
        while (at < x.length() && at < y.length() && x.charAt(at) == y.charAt(at)) {
            at++;
        }
        if (at == x.length() && at == y.length()) {
            return "whitespace only";
        }
        return "expected \"" + around(x, at) + "\", actual \"" + around(y, at) + "\"";
    }

    private static String around(String s, int at) {
        int from = Math.max(0, at - SNIPPET);
        int to = Math.min(s.length(), at + SNIPPET);
        return (from > 0 ? "..." : "") + s.substring(from, to) + (to < s.length() ? "..." : "");
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** One change per line. */
    public String render() {
        return changes.stream().map(SchemaChange::description).collect(Collectors.joining("\n"));
    }
}
