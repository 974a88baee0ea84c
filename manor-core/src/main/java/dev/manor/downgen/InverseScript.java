package dev.manor.downgen;

import dev.manor.migration.SqlStatement;
import dev.manor.schema.Attribute;
import dev.manor.schema.ColumnDef;
import dev.manor.schema.CommentDef;
import dev.manor.schema.ConstraintDef;
import dev.manor.schema.EnumDef;
import dev.manor.schema.ExtensionDef;
import dev.manor.schema.IndexDef;
import dev.manor.schema.PolicyDef;
import dev.manor.schema.RoutineDef;
import dev.manor.schema.RuleDef;
import dev.manor.schema.SchemaDef;
import dev.manor.schema.SchemaObject;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.schema.SequenceDef;
import dev.manor.schema.StatisticsDef;
import dev.manor.schema.TableDef;
import dev.manor.schema.TriggerDef;
import dev.manor.schema.ViewDef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inverse of one migration, from the schema before and after it: drops what it created (dependents first),
 * puts back what it changed or dropped. What needs data to undo (dropped columns or tables, rows changed in
 * tables that existed before, enum values added) is not guessed: it becomes an irreversible reason, and the
 * structural part is kept as comments for whoever writes the undo by hand. Changes it cannot invert at all are
 * listed in {@link Result#unsupported()}.
 */
final class InverseScript {
    record Result(List<String> statements, List<String> irreversible, List<String> unsupported) {
    }

    private static final Pattern DATA_STATEMENT = Pattern.compile(
            "(?is)^\\s*(?:WITH\\b.*?\\b)?(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?|MERGE\\s+INTO|COPY)"
                    + "\\s+(?:ONLY\\s+)?((?:\"(?:[^\"]|\"\")+\"|[\\w$]+)(?:\\s*\\.\\s*(?:\"(?:[^\"]|\"\")+\"|[\\w$]+))?)");

    private final Map<String, SchemaObject> before = new LinkedHashMap<>();
    private final Map<String, SchemaObject> after = new LinkedHashMap<>();
    private final List<String> upStatements;
    private final String upFile;
    private final List<String> irreversible = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();

    private InverseScript(SchemaSnapshot before, SchemaSnapshot after, List<SqlStatement> up, String upFile) {
        before.objects().forEach(o -> this.before.put(o.key(), o));
        after.objects().forEach(o -> this.after.put(o.key(), o));
        this.upStatements = up.stream().map(s -> s.line() + "\u0000" + s.sql()).toList();
        this.upFile = upFile;
    }

    static Result of(SchemaSnapshot before, SchemaSnapshot after, List<SqlStatement> up, String upFile) {
        return new InverseScript(before, after, up, upFile).build();
    }

    private Result build() {
        List<SchemaObject> added = after.values().stream().filter(o -> !before.containsKey(o.key())).toList();
        List<SchemaObject> removed = before.values().stream().filter(o -> !after.containsKey(o.key())).toList();
        Map<String, String> renamedColumns = renamedColumns(added, removed); // new key -> old key
        Map<String, String> renamedTables = renamedTables(added, removed);
        Set<String> renamedKeys = new HashSet<>(renamedTables.keySet());
        renamedKeys.addAll(renamedColumns.keySet());
        Set<String> originalKeys = new HashSet<>(renamedTables.values());
        originalKeys.addAll(renamedColumns.values());
        Set<String> addedIdentities = identities(added, renamedKeys);
        Set<String> removedIdentities = identities(removed, originalKeys);

        List<String> out = new ArrayList<>();
        Set<String> renamedTableIdentities = new HashSet<>();
        renamedTables.forEach((n, o) -> {
            renamedTableIdentities.add(after.get(n).identity());
            renamedTableIdentities.add(before.get(o).identity());
        });

        // 2. Drop what the migration created, dependents first.
        List<SchemaObject> drops = added.stream()
                .filter(o -> !renamedColumns.containsKey(o.key()) && !renamedTables.containsKey(o.key()))
                .filter(o -> o.parentIdentity() == null || !addedIdentities.contains(o.parentIdentity()))
                .filter(o -> !renamedTableIdentities.contains(o.parentIdentity()))
                .filter(o -> !(o instanceof IndexDef i && i.constraint() != null))
                .filter(o -> !(o instanceof SequenceDef s && s.ownedBy() != null))
                .sorted(java.util.Comparator.comparingInt(InverseScript::dropPhase)
                        .thenComparing(o -> -position(o)))
                .toList();
        for (SchemaObject o : drops) {
            String sql = drop(o);
            if (sql != null) {
                out.add(sql);
            }
        }

        // 3. Renames back, after the drops (which name objects as the up left them), before the restores.
        renamedTables.forEach((n, o) -> out.add("ALTER TABLE " + tableName((TableDef) after.get(n)) + " RENAME TO "
                + q(((TableDef) before.get(o)).name()) + ";"));
        renamedColumns.forEach((n, o) -> {
            ColumnDef a = (ColumnDef) after.get(n);
            out.add("ALTER TABLE " + rel(a.schema(), a.table()) + " RENAME COLUMN " + q(a.name()) + " TO "
                    + q(((ColumnDef) before.get(o)).name()) + ";");
        });
        // 4. Put back what it changed.
        for (SchemaObject a : after.values()) {
            SchemaObject b = before.get(a.key());
            if (b == null || renamedTableIdentities.contains(a.parentIdentity()) || same(b, a)) {
                continue;
            }
            restoreChanged(b, a, out);
        }

        // 5. Recreate what it dropped, in the order it was created (the reverse of the order the up dropped it).
        List<SchemaObject> recreate = removed.stream()
                .filter(o -> !renamedColumns.containsValue(o.key()) && !renamedTables.containsValue(o.key()))
                .filter(o -> o.parentIdentity() == null || !removedIdentities.contains(o.parentIdentity())
                        || o instanceof CommentDef)
                .filter(o -> !renamedTableIdentities.contains(o.parentIdentity()))
                .filter(o -> !(o instanceof IndexDef i && i.constraint() != null))
                .sorted(java.util.Comparator.comparingInt(InverseScript::createPhase)
                        .thenComparing(o -> -position(o)))
                .toList();
        for (SchemaObject o : recreate) {
            String sql = create(o);
            if (sql != null) {
                out.add(sql);
            }
        }
        dataChanges(added);
        return new Result(out, List.copyOf(irreversible), List.copyOf(unsupported));
    }

    /** Identities of the objects, plus the given keys' identities (so that children of those count too). */
    private Set<String> identities(List<SchemaObject> objects, Set<String> excludeKeys) {
        Set<String> out = new HashSet<>();
        for (SchemaObject o : objects) {
            if (!excludeKeys.contains(o.key())) {
                out.add(o.identity());
            }
        }
        return out;
    }

    /** A column that disappeared and one that appeared on the same table, alike in all but name, when the up renames. */
    private Map<String, String> renamedColumns(List<SchemaObject> added, List<SchemaObject> removed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!mentions("RENAME")) {
            return out;
        }
        for (SchemaObject a : added) {
            if (!(a instanceof ColumnDef ac) || !before.containsKey("table " + ac.parentIdentity())) {
                continue;
            }
            for (SchemaObject r : removed) {
                if (r instanceof ColumnDef rc && rc.schema().equals(ac.schema()) && rc.table().equals(ac.table())
                        && rc.attributes().equals(ac.attributes()) && !out.containsValue(r.key())) {
                    out.put(a.key(), r.key());
                    break;
                }
            }
        }
        return out;
    }

    /** A table that disappeared and one that appeared with the same columns, when the up renames. */
    private Map<String, String> renamedTables(List<SchemaObject> added, List<SchemaObject> removed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!mentions("RENAME")) {
            return out;
        }
        for (SchemaObject a : added) {
            if (!(a instanceof TableDef at)) {
                continue;
            }
            for (SchemaObject r : removed) {
                if (r instanceof TableDef rt && rt.schema().equals(at.schema()) && rt.columns().equals(at.columns())
                        && rt.kind().equals(at.kind()) && !out.containsValue(r.key())) {
                    out.put(a.key(), r.key());
                    break;
                }
            }
        }
        return out;
    }

    private boolean mentions(String word) {
        return upStatements.stream().anyMatch(s -> s.toUpperCase(Locale.ROOT).contains(word));
    }

    /** Where the object's name first appears in the up script: later ones were created later. */
    private int position(SchemaObject o) {
        String name = localName(o).toLowerCase(Locale.ROOT);
        int at = 0;
        for (String s : upStatements) {
            int i = s.toLowerCase(Locale.ROOT).indexOf(name);
            if (i >= 0) {
                return at + i;
            }
            at += s.length();
        }
        return Integer.MAX_VALUE / 2;
    }

    private static String localName(SchemaObject o) {
        if (o instanceof TableDef t) {
            return t.name();
        }
        if (o instanceof ColumnDef c) {
            return c.name();
        }
        if (o instanceof ConstraintDef c) {
            return c.name();
        }
        if (o instanceof IndexDef i) {
            return i.name();
        }
        if (o instanceof ViewDef v) {
            return v.name();
        }
        if (o instanceof RoutineDef r) {
            return r.name();
        }
        if (o instanceof TriggerDef t) {
            return t.name();
        }
        if (o instanceof SequenceDef s) {
            return s.name();
        }
        if (o instanceof EnumDef e) {
            return e.name();
        }
        {
            return o.displayName();
        }
    }

    private static int dropPhase(SchemaObject o) {
        return switch (o.objectType()) {
            case "comment" -> 0;
            case "trigger", "policy", "rule", "statistics" -> 1;
            case "view", "materialized view" -> 2;
            case "constraint" -> ((ConstraintDef) o).type().equals("foreign key") ? 3 : 4;
            case "index" -> 5;
            case "column" -> 6;
            case "table" -> 7;
            case "sequence" -> 8;
            case "function", "procedure" -> 9;
            case "domain" -> 10;
            case "composite type", "range type" -> 11;
            case "enum" -> 12;
            case "extension" -> 13;
            case "schema" -> 14;
            default -> 15;
        };
    }

    private static int createPhase(SchemaObject o) {
        return 20 - dropPhase(o) + (o instanceof CommentDef ? 40 : 0);
    }

    private static boolean same(SchemaObject b, SchemaObject a) {
        List<Attribute> x = b.attributes();
        List<Attribute> y = a.attributes();
        for (int i = 0; i < x.size(); i++) {
            if (!Objects.equals(x.get(i).compared(), y.get(i).compared())) {
                return false;
            }
        }
        return true;
    }

    private String drop(SchemaObject o) {
        if (o instanceof CommentDef c) {
            return comment(c, null);
        }
        if (o instanceof TriggerDef t) {
            return "DROP TRIGGER " + q(t.name()) + " ON " + rel(t.schema(), t.table()) + ";";
        }
        if (o instanceof PolicyDef p) {
            return "DROP POLICY " + q(p.name()) + " ON " + rel(p.schema(), p.table()) + ";";
        }
        if (o instanceof RuleDef r) {
            return "DROP RULE " + q(r.name()) + " ON " + rel(r.schema(), r.table()) + ";";
        }
        if (o instanceof StatisticsDef s) {
            return "DROP STATISTICS " + rel(s.schema(), s.name()) + ";";
        }
        if (o instanceof ViewDef v) {
            return "DROP " + (v.materialized() ? "MATERIALIZED VIEW " : "VIEW ") + rel(v.schema(), v.name()) + ";";
        }
        if (o instanceof ConstraintDef c) {
            return "ALTER TABLE " + rel(c.schema(), c.table()) + " DROP CONSTRAINT " + q(c.name()) + ";";
        }
        if (o instanceof IndexDef i) {
            return "DROP INDEX " + rel(i.schema(), i.name()) + ";";
        }
        if (o instanceof ColumnDef c) {
            return "ALTER TABLE " + rel(c.schema(), c.table()) + " DROP COLUMN " + q(c.name()) + ";";
        }
        if (o instanceof TableDef t) {
            return "DROP " + (t.kind().equals("foreign") ? "FOREIGN TABLE " : "TABLE ") + tableName(t) + ";";
        }
        if (o instanceof SequenceDef s) {
            return "DROP SEQUENCE " + rel(s.schema(), s.name()) + ";";
        }
        if (o instanceof RoutineDef r) {
            return "DROP " + (r.procedure() ? "PROCEDURE " : "FUNCTION ") + rel(r.schema(), r.name())
                    + "(" + r.arguments() + ");";
        }
        if (o instanceof EnumDef e) {
            return "DROP TYPE " + rel(e.schema(), e.name()) + ";";
        }
        if (o instanceof ExtensionDef e) {
            return "DROP EXTENSION " + q(e.name()) + ";";
        }
        if (o instanceof SchemaDef s) {
            return "DROP SCHEMA " + q(s.name()) + ";";
        }
        {
            return dropType(o);
        }
    }

    /** Domains, composite and range types: dropped by name, which their identity holds. */
    private String dropType(SchemaObject o) {
        String keyword = switch (o.objectType()) {
            case "domain" -> "DOMAIN";
            case "composite type", "range type" -> "TYPE";
            default -> null;
        };
        if (keyword == null) {
            unsupported.add("cannot drop the " + o.describedName() + " the migration created");
            return null;
        }
        return "DROP " + keyword + " " + identityToSql(o.identity()) + ";";
    }

    private void restoreChanged(SchemaObject b, SchemaObject a, List<String> out) {
        if (b instanceof ColumnDef c) {
            restoreColumn(c, (ColumnDef) a, out);
            return;
        }
        if (b instanceof TableDef t) {
            restoreTable(t, (TableDef) a, out);
            return;
        }
        if (b instanceof ConstraintDef c) {
            out.add("ALTER TABLE " + rel(c.schema(), c.table()) + " DROP CONSTRAINT " + q(c.name()) + ";");
                out.add(create(c));
            return;
        }
        if (b instanceof IndexDef i) {
            if (i.constraint() == null) {
                    out.add("DROP INDEX " + rel(i.schema(), i.name()) + ";");
                    out.add(i.definition() + ";");
                }
            return;
        }
        if (b instanceof ViewDef v) {
            if (v.materialized()) {
                    out.add("DROP MATERIALIZED VIEW " + rel(v.schema(), v.name()) + ";");
                    out.add(create(v));
                } else {
                    out.add("CREATE OR REPLACE VIEW " + rel(v.schema(), v.name()) + withOptions(v.options()) + " AS "
                            + body(v.definition()) + ";");
                }
            return;
        }
        if (b instanceof RoutineDef r) {
            out.add(create(r));
            return;
        }
        if (b instanceof TriggerDef t) {
            out.add("DROP TRIGGER " + q(t.name()) + " ON " + rel(t.schema(), t.table()) + ";");
                out.add(create(t));
            return;
        }
        if (b instanceof CommentDef c) {
            out.add(comment(c, c.text()));
            return;
        }
        if (b instanceof SequenceDef s) {
            out.add(alterSequence(s));
            return;
        }
        if (b instanceof EnumDef e) {
            restoreEnum(e, (EnumDef) a, out);
            return;
        }
        unsupported.add("cannot undo the change to " + b.describedName());
    }

    private void restoreColumn(ColumnDef b, ColumnDef a, List<String> out) {
        String alter = "ALTER TABLE " + rel(b.schema(), b.table()) + " ALTER COLUMN " + q(b.name());
        if (!Objects.equals(b.generatedExpression(), a.generatedExpression())
                || !Objects.equals(b.identityGeneration(), a.identityGeneration()) && b.identityGeneration() != null
                && a.identityGeneration() != null) {
            unsupported.add("cannot undo the change to the generation of column " + b.displayName());
            return;
        }
        if (a.identityGeneration() != null && b.identityGeneration() == null) {
            out.add(alter + " DROP IDENTITY;");
        }
        boolean typeChanged = !Objects.equals(b.type(), a.type()) || !Objects.equals(b.collation(), a.collation());
        if (typeChanged && a.defaultExpression() != null) {
            out.add(alter + " DROP DEFAULT;");
        }
        if (typeChanged) {
            out.add(alter + " TYPE " + b.type() + (b.collation() == null ? "" : " COLLATE " + b.collation())
                    + " USING " + q(b.name()) + "::" + b.type() + ";");
        }
        if (!Objects.equals(b.defaultExpression(), a.defaultExpression()) || typeChanged) {
            if (b.defaultExpression() != null) {
                out.add(alter + " SET DEFAULT " + b.defaultExpression() + ";");
            } else if (!typeChanged && a.defaultExpression() != null) {
                out.add(alter + " DROP DEFAULT;");
            }
        }
        if (b.notNull() != a.notNull()) {
            out.add(alter + (b.notNull() ? " SET NOT NULL;" : " DROP NOT NULL;"));
        }
        if (b.identityGeneration() != null && a.identityGeneration() == null) {
            out.add(alter + " ADD GENERATED " + b.identityGeneration().toUpperCase(Locale.ROOT) + " AS IDENTITY;");
        }
    }

    private void restoreTable(TableDef b, TableDef a, List<String> out) {
        String alter = "ALTER TABLE " + tableName(b);
        if (!b.persistence().equals(a.persistence())) {
            out.add(alter + (b.persistence().equals("unlogged") ? " SET UNLOGGED;" : " SET LOGGED;"));
        }
        if (b.rowSecurity() != a.rowSecurity()) {
            out.add(alter + (b.rowSecurity() ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY;");
        }
        if (b.forceRowSecurity() != a.forceRowSecurity()) {
            out.add(alter + (b.forceRowSecurity() ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;");
        }
        if (!b.options().equals(a.options())) {
            List<String> reset = a.options().stream().map(o -> o.split("=", 2)[0])
                    .filter(k -> b.options().stream().noneMatch(o -> o.startsWith(k + "="))).toList();
            if (!reset.isEmpty()) {
                out.add(alter + " RESET (" + String.join(", ", reset) + ");");
            }
            if (!b.options().isEmpty()) {
                out.add(alter + " SET (" + String.join(", ", b.options()) + ");");
            }
        }
        if (!Objects.equals(b.replicaIdentity(), a.replicaIdentity())) {
            String r = b.replicaIdentity();
            out.add(alter + " REPLICA IDENTITY " + (r.startsWith("index ")
                    ? "USING INDEX " + q(unquote(r.substring("index ".length()))) : r.toUpperCase(Locale.ROOT)) + ";");
        }
        if (!Objects.equals(b.partitionKey(), a.partitionKey()) || !Objects.equals(b.partitionBound(), a.partitionBound())
                || !b.parents().equals(a.parents()) || !b.kind().equals(a.kind())) {
            unsupported.add("cannot undo the change to the partitioning or inheritance of table " + b.displayName());
        }
        List<String> shared = b.columns().stream().filter(a.columns()::contains).toList();
        if (!shared.equals(a.columns().stream().filter(b.columns()::contains).toList())) {
            unsupported.add("cannot undo the change to the column order of table " + b.displayName());
        }
    }

    private void restoreEnum(EnumDef b, EnumDef a, List<String> out) {
        if (a.labels().containsAll(b.labels())) {
            List<String> added = a.labels().stream().filter(l -> !b.labels().contains(l)).toList();
            irreversible.add("it adds " + (added.size() == 1 ? "value '" + added.get(0) + "'" : "values "
                    + String.join(", ", added.stream().map(l -> "'" + l + "'").toList())) + " to enum "
                    + b.displayName() + ", and PostgreSQL cannot drop a value from an enum");
            return;
        }
        if (a.labels().size() == b.labels().size()) {
            for (int i = 0; i < b.labels().size(); i++) {
                if (!b.labels().get(i).equals(a.labels().get(i))) {
                    out.add("ALTER TYPE " + rel(b.schema(), b.name()) + " RENAME VALUE " + literal(a.labels().get(i))
                            + " TO " + literal(b.labels().get(i)) + ";");
                }
            }
            return;
        }
        unsupported.add("cannot undo the change to the values of enum " + b.displayName());
    }

    private String create(SchemaObject o) {
        if (o instanceof SchemaDef s) {
            return "CREATE SCHEMA " + q(s.name()) + ";";
        }
        if (o instanceof ExtensionDef e) {
            return "CREATE EXTENSION " + q(e.name()) + " WITH SCHEMA " + q(e.schema()) + " VERSION "
                    + literal(e.version()) + ";";
        }
        if (o instanceof EnumDef e) {
            return "CREATE TYPE " + rel(e.schema(), e.name()) + " AS ENUM ("
                    + String.join(", ", e.labels().stream().map(InverseScript::literal).toList()) + ");";
        }
        if (o instanceof SequenceDef s) {
            return "CREATE SEQUENCE " + rel(s.schema(), s.name()) + sequenceOptions(s) + ";";
        }
        if (o instanceof RoutineDef r) {
            return r.definition().strip() + (r.definition().strip().endsWith(";") ? "" : ";");
        }
        if (o instanceof TableDef t) {
            irreversible.add("it drops table " + t.displayName() + ", and its rows cannot be restored");
            List<String> columns = new ArrayList<>();
            for (String name : t.columns()) {
                SchemaObject col = before.get("column " + t.identity() + "." + name);
                if (col instanceof ColumnDef c) {
                    columns.add(columnDefinition(c));
                }
            }
            return "CREATE TABLE " + tableName(t) + " (" + String.join(", ", columns) + ");";
        }
        if (o instanceof ColumnDef c) {
            irreversible.add("it drops column " + c.displayName() + ", and its values cannot be restored");
            return "ALTER TABLE " + rel(c.schema(), c.table()) + " ADD COLUMN " + columnDefinition(c) + ";";
        }
        if (o instanceof IndexDef i) {
            return i.definition() + ";";
        }
        if (o instanceof ConstraintDef c) {
            return "ALTER TABLE " + rel(c.schema(), c.table()) + " ADD CONSTRAINT " + q(c.name()) + " "
                    + c.definition() + (c.validated() ? "" : " NOT VALID") + ";";
        }
        if (o instanceof ViewDef v) {
            return "CREATE " + (v.materialized() ? "MATERIALIZED VIEW " : "VIEW ") + rel(v.schema(), v.name())
                    + withOptions(v.options()) + " AS " + body(v.definition()) + ";";
        }
        if (o instanceof TriggerDef t) {
            return t.definition() + ";" + (t.enabled().equals("enabled") ? ""
                    : "\nALTER TABLE " + rel(t.schema(), t.table()) + " " + switch (t.enabled()) {
                        case "disabled" -> "DISABLE";
                        case "enabled on replica only" -> "ENABLE REPLICA";
                        default -> "ENABLE ALWAYS";
                    } + " TRIGGER " + q(t.name()) + ";");
        }
        if (o instanceof RuleDef r) {
            return r.definition().strip() + (r.definition().strip().endsWith(";") ? "" : ";");
        }
        if (o instanceof StatisticsDef s) {
            return s.definition() + ";";
        }
        if (o instanceof CommentDef c) {
            return comment(c, c.text());
        }
        {
            unsupported.add("cannot recreate the " + o.describedName() + " the migration dropped");
                return null;
        }
    }

    private static String columnDefinition(ColumnDef c) {
        return q(c.name()) + " " + c.type() + (c.collation() == null ? "" : " COLLATE " + c.collation())
                + (c.defaultExpression() == null ? "" : " DEFAULT " + c.defaultExpression())
                + (c.generatedExpression() == null ? "" : " GENERATED ALWAYS AS (" + c.generatedExpression() + ") STORED")
                + (c.identityGeneration() == null ? "" : " GENERATED " + c.identityGeneration().toUpperCase(Locale.ROOT)
                + " AS IDENTITY") + (c.notNull() ? " NOT NULL" : "");
    }

    /** Rows changed in tables that existed before the migration: their old values are not known. */
    private void dataChanges(List<SchemaObject> added) {
        Set<String> newTables = new HashSet<>();
        for (SchemaObject o : added) {
            if (o instanceof TableDef t) {
                newTables.add(t.name().toLowerCase(Locale.ROOT));
            }
        }
        for (String s : upStatements) {
            int cut = s.indexOf('\u0000');
            String line = s.substring(0, cut);
            Matcher m = DATA_STATEMENT.matcher(s.substring(cut + 1));
            if (!m.find()) {
                continue;
            }
            String table = m.group(2).replaceAll("\\s", "");
            String local = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
            local = local.startsWith("\"") ? unquote(local) : local.toLowerCase(Locale.ROOT);
            if (newTables.contains(local.toLowerCase(Locale.ROOT)) && newTables.stream().anyMatch(local::equalsIgnoreCase)) {
                continue; // rows of a table this migration creates go with the table
            }
            String verb = m.group(1).toUpperCase(Locale.ROOT).split("\\s+")[0];
            irreversible.add(upFile + ":" + line + " changes rows of " + table + " (" + verb
                    + "), and their values before it are not known");
        }
    }

    private static String comment(CommentDef c, String text) {
        String value = text == null ? "NULL" : literal(text);
        List<String> parts = splitIdentity(c.targetIdentity());
        String target = switch (c.targetType()) {
            case "column" -> "COLUMN " + joinQuoted(parts);
            case "constraint" -> "CONSTRAINT " + q(parts.get(2)) + " ON " + q(parts.get(0)) + "." + q(parts.get(1));
            case "trigger", "rule", "policy" -> c.targetType().toUpperCase(Locale.ROOT) + " " + q(parts.get(2)) + " ON "
                    + q(parts.get(0)) + "." + q(parts.get(1));
            case "function", "procedure" -> c.targetType().toUpperCase(Locale.ROOT) + " " + identityToSql(c.targetIdentity());
            case "enum", "range type", "type" -> "TYPE " + joinQuoted(parts);
            default -> c.targetType().toUpperCase(Locale.ROOT) + " " + joinQuoted(parts);
        };
        return "COMMENT ON " + target + " IS " + value + ";";
    }

    private static String alterSequence(SequenceDef s) {
        return "ALTER SEQUENCE " + rel(s.schema(), s.name()) + sequenceOptions(s)
                + (s.ownedBy() == null ? " OWNED BY NONE" : " OWNED BY " + identityToSql(s.ownedBy())) + ";";
    }

    private static String sequenceOptions(SequenceDef s) {
        return " AS " + s.dataType() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.min() + " MAXVALUE " + s.max()
                + " START WITH " + s.start() + " CACHE " + s.cache() + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }

    private static String withOptions(List<String> options) {
        return options.isEmpty() ? "" : " WITH (" + String.join(", ", options) + ")";
    }

    private static String body(String viewDefinition) {
        String s = viewDefinition.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code public.User} (as snapshots write identities) to {@code "public"."User"}; an argument list is kept. */
    static String identityToSql(String identity) {
        int paren = identity.indexOf('(');
        String path = paren < 0 ? identity : identity.substring(0, paren);
        String args = paren < 0 ? "" : identity.substring(paren);
        return joinQuoted(splitIdentity(path)) + args;
    }

    private static String joinQuoted(List<String> parts) {
        return String.join(".", parts.stream().map(InverseScript::q).toList());
    }

    /** Splits a dotted identity; a part in double quotes may hold dots. Parts come back unquoted. */
    static List<String> splitIdentity(String identity) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < identity.length(); i++) {
            char ch = identity.charAt(i);
            if (ch == '(' && !quoted) {
                break;
            }
            if (ch == '"') {
                if (quoted && i + 1 < identity.length() && identity.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    private static String unquote(String name) {
        return name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }

    private static String tableName(TableDef t) {
        return rel(t.schema(), t.name());
    }

    static String rel(String schema, String name) {
        return q(schema) + "." + q(name);
    }

    static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
