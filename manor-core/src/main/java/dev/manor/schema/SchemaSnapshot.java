package dev.manor.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The structure of the managed schemas, by name (never OIDs), in one canonical order, so that equal schemas
 * built separately give equal snapshots, texts and fingerprints. Immutable; stored as JSON.
 */
public record SchemaSnapshot(List<SchemaDef> schemas, List<TableDef> tables, List<ColumnDef> columns,
                             List<ConstraintDef> constraints, List<IndexDef> indexes, List<StatisticsDef> statistics,
                             List<SequenceDef> sequences,
                             List<ViewDef> views, List<RoutineDef> routines, List<TriggerDef> triggers,
                             List<RuleDef> rules, List<PolicyDef> policies, List<EnumDef> enums,
                             List<DomainDef> domains, List<CompositeTypeDef> compositeTypes,
                             List<RangeTypeDef> rangeTypes, List<ExtensionDef> extensions,
                             List<CommentDef> comments) {
    private static final String TEXT_HEADER = "manor schema snapshot v1";

    /** Its own class, so that reading and comparing snapshots (a warm drift check) never builds an ObjectMapper. */
    private static final class Json {
        private static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public SchemaSnapshot {
        schemas = canonical(schemas);
        tables = canonical(tables);
        columns = canonical(columns);
        constraints = canonical(constraints);
        indexes = canonical(indexes);
        statistics = canonical(statistics);
        sequences = canonical(sequences);
        views = canonical(views);
        routines = canonical(routines);
        triggers = canonical(triggers);
        rules = canonical(rules);
        policies = canonical(policies);
        enums = canonical(enums);
        domains = canonical(domains);
        compositeTypes = canonical(compositeTypes);
        rangeTypes = canonical(rangeTypes);
        extensions = canonical(extensions);
        comments = canonical(comments);
    }

    /**
     * Reads the given schemas. Read-only: works inside the caller's open transaction and neither commits nor
     * rolls it back. {@code ignoredTables} are unqualified relation names left out together with their
     * columns, indexes, constraints, triggers, comments and owned sequences (Manor's own bookkeeping tables).
     */
    public static SchemaSnapshot read(Connection c, Collection<String> schemas, Collection<String> ignoredTables)
            throws SQLException {
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("no schemas to read: give at least one managed schema");
        }
        return new SchemaReader(c, schemas, ignoredTables).read();
    }

    /** A snapshot holding the given objects, each in the list for its kind. */
    public static SchemaSnapshot of(Collection<? extends SchemaObject> objects) {
        return new SchemaSnapshot(pick(objects, SchemaDef.class), pick(objects, TableDef.class),
                pick(objects, ColumnDef.class), pick(objects, ConstraintDef.class), pick(objects, IndexDef.class),
                pick(objects, StatisticsDef.class), pick(objects, SequenceDef.class), pick(objects, ViewDef.class),
                pick(objects, RoutineDef.class), pick(objects, TriggerDef.class), pick(objects, RuleDef.class),
                pick(objects, PolicyDef.class), pick(objects, EnumDef.class), pick(objects, DomainDef.class),
                pick(objects, CompositeTypeDef.class), pick(objects, RangeTypeDef.class),
                pick(objects, ExtensionDef.class), pick(objects, CommentDef.class));
    }

    private static <T> List<T> pick(Collection<? extends SchemaObject> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends SchemaObject> List<T> canonical(List<T> objects) {
        if (objects == null) {
            return List.of();
        }
        List<T> sorted = objects.stream().sorted(Comparator.comparing(SchemaObject::key)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).key().equals(sorted.get(i - 1).key())) {
                throw new IllegalStateException("two schema objects share the name " + sorted.get(i).key());
            }
        }
        return sorted;
    }

    /** Every object, sorted by key. */
    public List<SchemaObject> objects() {
        return Stream.of(schemas, tables, columns, constraints, indexes, statistics, sequences, views, routines, triggers,
                        rules, policies, enums, domains, compositeTypes, rangeTypes, extensions, comments)
                .flatMap(List::stream)
                .map(SchemaObject.class::cast)
                .sorted(Comparator.comparing(SchemaObject::key))
                .toList();
    }

    /** Objects by key, in key order. */
    Map<String, SchemaObject> byKey() {
        Map<String, SchemaObject> map = new LinkedHashMap<>();
        objects().forEach(o -> map.put(o.key(), o));
        return map;
    }

    /**
     * One header line per object ({@code type identity}), then one indented line per attribute:
     * {@code name: value}, or {@code name (none)} when absent. Values are escaped to stay on one line.
     */
    public String toCanonicalText() {
        StringBuilder b = new StringBuilder(TEXT_HEADER).append('\n');
        for (SchemaObject o : objects()) {
            b.append(o.key()).append('\n');
            for (Attribute a : o.attributes()) {
                b.append("  ").append(a.name());
                if (a.value() == null) {
                    b.append(" (none)\n");
                } else {
                    b.append(": ").append(escape(a.value())).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    /** SHA-256 (hex) of the canonical text. */
    public String fingerprint() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(toCanonicalText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write schema snapshot as JSON: " + e.getMessage(), e);
        }
    }

    public static SchemaSnapshot fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, SchemaSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid schema snapshot: " + e.getOriginalMessage(), e);
        }
    }

    /** Number of objects, for summaries. */
    public int size() {
        return objects().size();
    }
}
