package dev.manor.diff;

import dev.manor.schema.ColumnDef;
import dev.manor.schema.CommentDef;
import dev.manor.schema.ConstraintDef;
import dev.manor.schema.IndexDef;
import dev.manor.schema.SchemaChange;
import dev.manor.schema.SchemaDiff;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.schema.SequenceDef;
import dev.manor.schema.TableDef;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the difference between the migrations' end state ({@code current}) and the desired schema into migrations
 * in safe forms, or into hazards (one line each) where no safe form exists or a person must decide.
 */
final class Planner {
    /** Defaults that PostgreSQL evaluates per row: adding a column with one rewrites the table. */
    private static final Pattern VOLATILE = Pattern.compile(
            "(?i)\\b(gen_random_uuid|uuid_generate_v\\w*|random|clock_timestamp|timeofday|nextval|txid_current)\\s*\\(");
    private static final String DEPRECATED = "_deprecated_";

    /** The plan: migrations in order, hazards (refusals and questions nobody answered), notes. */
    record Plan(List<GeneratedMigration> migrations, List<String> hazards, List<String> notes) {
    }

    /** Generates the multi-step forms (make required, change type, rename); plan13's planner when merged. */
    interface StepForms {
        /** The migrations that rename a column while both names work, or null when not available. */
        List<GeneratedMigration> renameColumn(TableDef table, ColumnDef from, String to);

        /** The migrations that make an existing nullable column required (backfill may be null), or null when not available. */
        List<GeneratedMigration> makeRequired(TableDef table, ColumnDef column, String backfill);

        /** The migrations that change a column's type while both types work, or null when not available. */
        List<GeneratedMigration> changeType(TableDef table, ColumnDef from, ColumnDef to);
    }

    private final SchemaSnapshot current;
    private final SchemaSnapshot desired;
    private final DiffOptions options;
    private final StepForms forms;
    private final Function<TableDef, Long> rowCount;
    private final List<GeneratedMigration> creates = new ArrayList<>();
    private final List<GeneratedMigration> additions = new ArrayList<>();
    private final List<GeneratedMigration> indexes = new ArrayList<>();
    private final List<GeneratedMigration> constraints = new ArrayList<>();
    private final List<GeneratedMigration> validations = new ArrayList<>();
    private final List<GeneratedMigration> later = new ArrayList<>();
    private final List<GeneratedMigration> removals = new ArrayList<>();
    private final List<String> hazards = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Columns that disappear without a drop (deprecated): their indexes and constraints stay with them. */
    private final Set<String> keptGone = new LinkedHashSet<>();
    /** Columns of existing tables this plan adds (their comments follow them). */
    private final Set<String> addedColumns = new LinkedHashSet<>();

    Planner(SchemaSnapshot current, SchemaSnapshot desired, DiffOptions options, StepForms forms,
            Function<TableDef, Long> rowCount) {
        this.current = current;
        this.desired = desired;
        this.options = options;
        this.forms = forms;
        this.rowCount = rowCount;
    }

    Plan plan() {
        Map<String, TableDef> curTables = byKey(current.tables(), t -> tableKey(t.schema(), t.name()));
        Map<String, TableDef> desTables = byKey(desired.tables(), t -> tableKey(t.schema(), t.name()));
        Set<String> handledTypes = Set.of("table", "column", "constraint", "index", "comment", "sequence");
        SchemaDiff generic = SchemaDiff.between(current, desired);
        for (SchemaChange ch : generic.changes()) {
            boolean otherComment = ch.objectType().equals("comment") && !ch.name().startsWith("table ")
                    && !ch.name().startsWith("column ");
            if (!handledTypes.contains(ch.objectType()) || otherComment) {
                hazards.add("not generated: " + ch.objectType() + " " + ch.name() + " (" + ch.description()
                        + "); manor diff handles tables, columns, indexes, constraints and comments: write this one with"
                        + " manor new");
            }
        }
        List<TableDef> newTables = desTables.values().stream().filter(t -> !curTables.containsKey(key(t))).toList();
        if (!newTables.isEmpty()) {
            createTables(newTables);
        }
        for (TableDef t : curTables.values()) {
            TableDef d = desTables.get(key(t));
            if (d == null) {
                removeTable(t);
            } else {
                tableSettings(t, d);
                columns(t, d);
            }
        }
        sequences(desTables, curTables);
        indexesAndConstraints(curTables, desTables);
        comments(curTables, desTables);
        List<GeneratedMigration> all = new ArrayList<>();
        for (List<GeneratedMigration> group : List.of(creates, additions, indexes, constraints, validations, later, removals)) {
            all.addAll(group);
        }
        return new Plan(all, hazards, notes);
    }

    // ---- tables

    private void createTables(List<TableDef> tables) {
        StringBuilder up = new StringBuilder();
        StringBuilder down = new StringBuilder();
        StringBuilder foreignKeys = new StringBuilder();
        for (TableDef t : tables) {
            if (!"regular".equals(t.kind()) && !"r".equals(t.kind()) && t.kind() != null && !t.kind().startsWith("ordinary")) {
                hazards.add("not generated: table " + display(t) + " is " + t.kind() + "; write it with manor new");
                continue;
            }
            up.append("CREATE TABLE ").append(qualified(t)).append(" (\n");
            List<String> parts = new ArrayList<>();
            for (String name : t.columns()) {
                parts.add("    " + columnSql(column(desired, t, name)));
            }
            for (ConstraintDef c : constraintsOf(desired, t)) {
                if (c.type().equals("foreign key")) {
                    foreignKeys.append("ALTER TABLE ").append(qualified(t)).append(" ADD CONSTRAINT ").append(Sql.ident(c.name()))
                            .append(' ').append(c.definition()).append(c.validated() ? "" : " NOT VALID").append(";\n");
                } else {
                    parts.add("    CONSTRAINT " + Sql.ident(c.name()) + " " + c.definition() + deferrable(c)
                            + (c.validated() ? "" : " NOT VALID"));
                }
            }
            up.append(String.join(",\n", parts)).append("\n);\n");
            for (IndexDef i : desired.indexes()) {
                if (i.constraint() == null && i.schema().equals(t.schema()) && i.table().equals(t.name())) {
                    up.append(i.definition()).append(";\n");
                }
            }
            for (CommentDef c : desired.comments()) {
                String target = commentTarget(c, t);
                if (target != null) {
                    up.append("COMMENT ON ").append(target).append(" IS ").append(Sql.literal(c.text())).append(";\n");
                }
            }
            down.insert(0, "DROP TABLE " + qualified(t) + ";\n");
        }
        if (up.isEmpty()) {
            return;
        }
        up.append(foreignKeys);
        String names = tables.stream().map(TableDef::name).collect(Collectors.joining(", "));
        creates.add(new GeneratedMigration(Sql.migrationName("create", tables.get(0).name(), tables.size() > 1 ? "and_more" : ""),
                "new " + (tables.size() > 1 ? "tables " : "table ") + names + ": created empty, so no lock waits on rows",
                header("creates " + names, "new tables are empty: their indexes and constraints need no CONCURRENTLY")
                        + up, "-- Rollback: drops the new tables (and whatever rows they got since).\n" + down, null, null));
    }

    private void removeTable(TableDef t) {
        if (isDeprecated(t.name())) {
            hazards.add("not generated: dropping deprecated table " + display(t) + " loses its rows, which no down script"
                    + " can restore; after its safety period write the DROP TABLE with manor new");
            return;
        }
        if (!options.allowDrop()) {
            hazards.add("data loss: table " + display(t) + " is not in the schema files; dropping it loses its rows"
                    + rows(t) + " (give --allow-drop to deprecate it now and drop it after the safety period)");
            return;
        }
        String dep = DEPRECATED + t.name();
        LocalDate today = LocalDate.now(options.clock());
        String comment = deprecationComment(today);
        removals.add(new GeneratedMigration(Sql.migrationName("deprecate", t.name()),
                "table " + display(t) + " removed: renamed to " + dep + " with a dated comment; the drop comes after the safety period",
                header("deprecates table " + display(t) + " (step 1 of removing it)",
                        "the application stops using it first; a rename makes a forgotten reader fail loudly while the rows"
                                + " are still there; DROP TABLE after " + today.plusDays(DiffOptions.SAFETY_DAYS))
                        + "ALTER TABLE " + qualified(t) + " RENAME TO " + Sql.ident(dep) + ";\n"
                        + "COMMENT ON TABLE " + Sql.table(t.schema(), dep) + " IS " + Sql.literal(comment) + ";\n",
                "-- Rollback: the table's old name and comment.\n"
                        + "COMMENT ON TABLE " + Sql.table(t.schema(), dep) + " IS " + commentOr(current, "table", t.schema(), t.name(), null) + ";\n"
                        + "ALTER TABLE " + Sql.table(t.schema(), dep) + " RENAME TO " + Sql.ident(t.name()) + ";\n",
                null, null));
        notes.add("table " + display(t) + " is deprecated now; its DROP TABLE is yours to write after "
                + today.plusDays(DiffOptions.SAFETY_DAYS));
    }

    private void tableSettings(TableDef cur, TableDef des) {
        if (!Objects.equals(cur.kind(), des.kind()) || !Objects.equals(cur.persistence(), des.persistence())
                || !Objects.equals(cur.partitionKey(), des.partitionKey()) || !Objects.equals(cur.parents(), des.parents())
                || cur.rowSecurity() != des.rowSecurity() || cur.forceRowSecurity() != des.forceRowSecurity()
                || !Objects.equals(cur.options(), des.options()) || !Objects.equals(cur.replicaIdentity(), des.replicaIdentity())) {
            hazards.add("not generated: table " + display(cur) + " settings differ (kind, persistence, partitioning,"
                    + " inheritance, row security, options or replica identity); write it with manor new");
        }
        List<String> shared = des.columns().stream().filter(cur.columns()::contains).toList();
        List<String> curShared = cur.columns().stream().filter(des.columns()::contains).toList();
        if (!shared.equals(curShared)) {
            notes.add("table " + display(cur) + ": column order differs from the schema files (" + String.join(", ", shared)
                    + "); PostgreSQL cannot reorder columns in place, so the order stays");
        }
    }

    // ---- columns

    private void columns(TableDef cur, TableDef des) {
        List<String> gone = cur.columns().stream().filter(c -> !des.columns().contains(c)).toList();
        List<String> added = new ArrayList<>(des.columns().stream().filter(c -> !cur.columns().contains(c)).toList());
        for (String old : gone) {
            ColumnDef oldCol = column(current, cur, old);
            String key = tableName(cur) + "." + old;
            String renamedTo = options.renames().get(key);
            if (renamedTo != null && !added.contains(renamedTo)) {
                hazards.add("--rename " + key + "=" + renamedTo + ": " + display(cur) + " gets no new column " + renamedTo
                        + (added.isEmpty() ? "" : " (new: " + String.join(", ", added) + ")"));
                continue;
            }
            if (renamedTo == null && !options.noRenames().contains(key)) {
                List<String> lookAlikes = added.stream()
                        .filter(a -> column(desired, des, a).type().equals(oldCol.type())).toList();
                if (!lookAlikes.isEmpty()) {
                    if (options.question() == null) {
                        hazards.add("looks renamed: column " + display(cur) + "." + old + " disappears and "
                                + String.join(", ", lookAlikes) + " (" + oldCol.type() + ") appears; give --rename " + key
                                + "=" + lookAlikes.get(0) + " or --no-rename " + key);
                        added.removeAll(lookAlikes);
                        continue;
                    }
                    for (String candidate : lookAlikes) {
                        if (options.question().isRename(tableName(cur), old, candidate, oldCol.type())) {
                            renamedTo = candidate;
                            break;
                        }
                    }
                }
            }
            if (renamedTo != null) {
                added.remove(renamedTo);
                rename(cur, oldCol, column(desired, des, renamedTo));
            } else {
                dropColumn(cur, oldCol);
            }
        }
        for (String name : added) {
            addColumn(cur, column(desired, des, name));
        }
        for (String name : cur.columns()) {
            if (des.columns().contains(name)) {
                changeColumn(cur, column(current, cur, name), column(desired, des, name));
            }
        }
    }

    private void rename(TableDef t, ColumnDef from, ColumnDef to) {
        List<GeneratedMigration> steps = forms.renameColumn(t, from, to.name());
        if (steps == null) {
            hazards.add("not generated: renaming " + display(t) + "." + from.name() + " to " + to.name()
                    + " breaks the running application unless both names work; plan it with manor new --change rename");
            return;
        }
        later.addAll(steps);
        if (!sameExceptName(from, to)) {
            changeColumn(t, new ColumnDef(from.schema(), from.table(), to.name(), from.type(), from.defaultExpression(),
                    from.notNull(), from.identityGeneration(), from.generatedExpression(), from.collation()), to);
        }
    }

    private static boolean sameExceptName(ColumnDef a, ColumnDef b) {
        return a.type().equals(b.type()) && Objects.equals(a.defaultExpression(), b.defaultExpression())
                && a.notNull() == b.notNull() && Objects.equals(a.identityGeneration(), b.identityGeneration())
                && Objects.equals(a.generatedExpression(), b.generatedExpression()) && Objects.equals(a.collation(), b.collation());
    }

    private void dropColumn(TableDef t, ColumnDef c) {
        keptGone.add(t.schema() + "." + t.name() + "." + c.name());
        if (isDeprecated(c.name())) {
            hazards.add("not generated: dropping deprecated column " + display(t) + "." + c.name() + " loses its data,"
                    + " which no down script can restore; after its safety period write the DROP COLUMN with manor new");
            return;
        }
        if (!options.allowDrop()) {
            hazards.add("data loss: column " + display(t) + "." + c.name() + " is not in the schema files; dropping it loses"
                    + " its values" + rows(t) + " (give --allow-drop to deprecate it now and drop it after the safety period)");
            return;
        }
        String dep = DEPRECATED + c.name();
        LocalDate today = LocalDate.now(options.clock());
        StringBuilder up = new StringBuilder(header("deprecates " + display(t) + "." + c.name() + " (step 1 of removing it)",
                "the application stops reading and writing it first; the rename makes a forgotten reader fail loudly"
                        + " while the data is still there; DROP COLUMN after " + today.plusDays(DiffOptions.SAFETY_DAYS)));
        StringBuilder down = new StringBuilder("-- Rollback: the column's old name, comment"
                + (c.notNull() ? " and NOT NULL" : "") + ".\n");
        up.append("ALTER TABLE ").append(qualified(t)).append(" RENAME COLUMN ").append(Sql.ident(c.name()))
                .append(" TO ").append(Sql.ident(dep)).append(";\n");
        String depCol = qualified(t) + "." + Sql.ident(dep);
        up.append("COMMENT ON COLUMN ").append(depCol).append(" IS ").append(Sql.literal(deprecationComment(today))).append(";\n");
        if (c.notNull() && c.defaultExpression() == null) {
            // The application no longer writes it: its inserts must not fail on it.
            up.append("ALTER TABLE ").append(qualified(t)).append(" ALTER COLUMN ").append(Sql.ident(dep)).append(" DROP NOT NULL;\n");
            down.append("ALTER TABLE ").append(qualified(t)).append(" ALTER COLUMN ").append(Sql.ident(dep)).append(" SET NOT NULL;\n");
        }
        down.append("COMMENT ON COLUMN ").append(depCol).append(" IS ")
                .append(commentOr(current, "column", t.schema(), t.name(), c.name())).append(";\n");
        down.append("ALTER TABLE ").append(qualified(t)).append(" RENAME COLUMN ").append(Sql.ident(dep)).append(" TO ")
                .append(Sql.ident(c.name())).append(";\n");
        removals.add(new GeneratedMigration(Sql.migrationName("deprecate", t.name(), c.name()),
                "column " + display(t) + "." + c.name() + " removed: renamed to " + dep + " with a dated comment; the drop"
                        + " comes after the safety period", up.toString(), down.toString(), null, null));
        notes.add("column " + display(t) + "." + c.name() + " is deprecated now; its DROP COLUMN is yours to write after "
                + today.plusDays(DiffOptions.SAFETY_DAYS));
    }

    private void addColumn(TableDef t, ColumnDef c) {
        addedColumns.add(t.schema() + "." + t.name() + "." + c.name());
        String tbl = qualified(t);
        String col = Sql.ident(c.name());
        String where = display(t) + "." + c.name();
        if (c.identityGeneration() != null || c.generatedExpression() != null) {
            hazards.add("not generated: new column " + where + " is " + (c.generatedExpression() != null ? "generated"
                    : "an identity") + " column, which rewrites " + display(t) + " under ACCESS EXCLUSIVE; write it with manor new");
            return;
        }
        boolean volatileDefault = c.defaultExpression() != null && VOLATILE.matcher(c.defaultExpression()).find();
        String downSql = "-- Rollback: drops the new column (and the values written since).\nALTER TABLE " + tbl
                + " DROP COLUMN " + col + ";\n";
        if (!volatileDefault && (!c.notNull() || c.defaultExpression() != null)) {
            additions.add(new GeneratedMigration(Sql.migrationName("add", t.name(), c.name()),
                    "new column " + where + (c.notNull() ? " (required, constant default: no rewrite)" : " (nullable)")
                            + ": one catalog-only statement",
                    header("adds " + where, c.defaultExpression() == null ? "a nullable column without default is catalog-only"
                            : "a constant default is stored once in the catalog (PostgreSQL 11+): no table rewrite")
                            + "ALTER TABLE " + tbl + " ADD COLUMN " + columnSql(c) + ";\n", downSql, null, null));
            return;
        }
        // Required without a constant default: add it nullable, fill the existing rows, then require it.
        String key = tableName(t) + "." + c.name();
        String fill = options.backfills().get(key);
        if (fill == null && volatileDefault) {
            fill = c.defaultExpression();
        }
        if (fill == null && c.notNull()) {
            hazards.add("needs a value: new required column " + where + " has no default, so existing rows" + rows(t)
                    + " need one; give --backfill " + key + "=<SQL expression> or a DEFAULT in the schema file");
            return;
        }
        ColumnDef nullable = new ColumnDef(c.schema(), c.table(), c.name(), c.type(), null, false, null, null, c.collation());
        StringBuilder up = new StringBuilder(header("adds " + where + " nullable" + (c.notNull() ? " (step 1 of a required column)" : ""),
                volatileDefault ? "its default " + c.defaultExpression() + " is computed per row: in ADD COLUMN it would"
                        + " rewrite the table, so the default applies to new rows and backfill.sql fills the others in batches"
                        : "existing rows get their value from backfill.sql, in batches outside this transaction"));
        up.append("ALTER TABLE ").append(tbl).append(" ADD COLUMN ").append(columnSql(nullable)).append(";\n");
        if (c.defaultExpression() != null) {
            up.append("ALTER TABLE ").append(tbl).append(" ALTER COLUMN ").append(col).append(" SET DEFAULT ")
                    .append(c.defaultExpression()).append(";\n");
        }
        up.append("\n-- backfill: see backfill.sql\n");
        String backfill = "-- Backfill for " + where + ": fills existing rows; safe to re-run.\nUPDATE " + tbl + " SET " + col
                + " = " + fill + " WHERE " + col + " IS NULL;\n";
        additions.add(new GeneratedMigration(Sql.migrationName("add", t.name(), c.name()),
                "new column " + where + " added nullable and backfilled" + (c.notNull() ? " (step 1 of 3 of making it required)" : ""),
                up.toString(), downSql, backfill, null));
        if (c.notNull()) {
            // The backfill is the add step's: the planner's steps only add the check and make it NOT NULL.
            require(t, nullable, null);
        }
    }

    private void require(TableDef t, ColumnDef nullable, String backfill) {
        List<GeneratedMigration> steps = forms.makeRequired(t, nullable, backfill);
        if (steps == null) {
            if (backfill != null) {
                notes.add("column " + display(t) + "." + nullable.name() + ": --backfill is used by the change planner only"
                        + " (schema public); fill its NULLs before the validate step");
            }
            requireSteps(t, nullable);
        } else {
            constraints.addAll(steps);
        }
    }

    /** CHECK (col IS NOT NULL) NOT VALID, then VALIDATE, SET NOT NULL (no scan thanks to the check), drop the check. */
    private void requireSteps(TableDef t, ColumnDef c) {
        String tbl = qualified(t);
        String col = Sql.ident(c.name());
        String check = Sql.ident(checkName(t.name(), c.name()));
        String where = display(t) + "." + c.name();
        String addCheck = "ALTER TABLE " + tbl + " ADD CONSTRAINT " + check + " CHECK (" + col + " IS NOT NULL) NOT VALID;\n";
        constraints.add(new GeneratedMigration(Sql.migrationName("require", t.name(), c.name()),
                "make " + where + " required, step 2: CHECK ... NOT VALID (new rows checked, existing ones not scanned)",
                header("requires " + where + " for new and updated rows",
                        "NOT VALID takes ACCESS EXCLUSIVE for milliseconds only: existing rows are not scanned")
                        + addCheck, "-- Rollback: drops the check.\nALTER TABLE " + tbl + " DROP CONSTRAINT " + check + ";\n",
                null, null));
        validations.add(new GeneratedMigration(Sql.migrationName("validate", t.name(), c.name(), "not_null"),
                "make " + where + " required, step 3: VALIDATE (reads and writes go on), SET NOT NULL (no scan), drop the check",
                header("validates the check on " + where + " and makes it NOT NULL",
                        "VALIDATE scans under SHARE UPDATE EXCLUSIVE; SET NOT NULL then skips its scan because the"
                                + " validated check proves it (PostgreSQL 12+)")
                        + "ALTER TABLE " + tbl + " VALIDATE CONSTRAINT " + check + ";\n"
                        + "ALTER TABLE " + tbl + " ALTER COLUMN " + col + " SET NOT NULL;\n"
                        + "ALTER TABLE " + tbl + " DROP CONSTRAINT " + check + ";\n",
                "-- Rollback: back to step 2 (nullable, guarded by the NOT VALID check).\n" + addCheck
                        + "ALTER TABLE " + tbl + " ALTER COLUMN " + col + " DROP NOT NULL;\n", null, null));
    }

    private static String checkName(String table, String column) {
        String name = table + "_" + column + "_not_null";
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private void changeColumn(TableDef t, ColumnDef cur, ColumnDef des) {
        String where = display(t) + "." + cur.name();
        String tbl = qualified(t);
        String col = Sql.ident(cur.name());
        if (!Objects.equals(cur.identityGeneration(), des.identityGeneration())
                || !Objects.equals(cur.generatedExpression(), des.generatedExpression())
                || !Objects.equals(cur.collation(), des.collation())) {
            hazards.add("not generated: column " + where + " changes its identity, generation or collation; write it with manor new");
            return;
        }
        if (!cur.type().equals(des.type())) {
            List<GeneratedMigration> steps = forms.changeType(t, cur, des);
            if (steps == null) {
                hazards.add("not generated: changing the type of " + where + " from " + cur.type() + " to " + des.type()
                        + " rewrites the table under ACCESS EXCLUSIVE; plan it with manor new --change type");
                return;
            }
            later.addAll(steps);
            return;
        }
        if (!Objects.equals(cur.defaultExpression(), des.defaultExpression())) {
            additions.add(new GeneratedMigration(Sql.migrationName("default", t.name(), cur.name()),
                    "default of " + where + ": " + Objects.requireNonNullElse(cur.defaultExpression(), "none") + " -> "
                            + Objects.requireNonNullElse(des.defaultExpression(), "none") + " (catalog only)",
                    header("changes the default of " + where, "a default applies to new rows only: catalog-only")
                            + setDefault(tbl, col, des.defaultExpression()),
                    "-- Rollback: the previous default.\n" + setDefault(tbl, col, cur.defaultExpression()), null, null));
        }
        if (!cur.notNull() && des.notNull()) {
            String fill = options.backfills().get(tableName(t) + "." + cur.name());
            if (fill == null) {
                notes.add("column " + where + " becomes required: rows with NULL make its validate step fail at deploy;"
                        + " give --backfill " + tableName(t) + "." + cur.name() + "=<SQL expression> to fill them first");
            }
            require(t, cur, fill);
        } else if (cur.notNull() && !des.notNull()) {
            additions.add(new GeneratedMigration(Sql.migrationName("optional", t.name(), cur.name()),
                    "column " + where + " becomes optional: DROP NOT NULL (catalog only)",
                    header("makes " + where + " optional", "DROP NOT NULL is catalog-only")
                            + "ALTER TABLE " + tbl + " ALTER COLUMN " + col + " DROP NOT NULL;\n",
                    "-- Rollback: required again (scans the table; fails if NULLs were written since).\n"
                            + "ALTER TABLE " + tbl + " ALTER COLUMN " + col + " SET NOT NULL;\n", null, null));
        }
    }

    private static String setDefault(String tbl, String col, String expression) {
        return "ALTER TABLE " + tbl + " ALTER COLUMN " + col + (expression == null ? " DROP DEFAULT" : " SET DEFAULT " + expression) + ";\n";
    }

    private void sequences(Map<String, TableDef> desTables, Map<String, TableDef> curTables) {
        Map<String, SequenceDef> cur = byKey(current.sequences(), s -> s.schema() + "." + s.name());
        Map<String, SequenceDef> des = byKey(desired.sequences(), s -> s.schema() + "." + s.name());
        Set<String> identitySequences = desired.columns().stream().filter(c -> c.identityGeneration() != null)
                .map(ColumnDef::identity).collect(Collectors.toSet());
        for (SequenceDef s : des.values()) {
            if (s.ownedBy() != null && identitySequences.contains(s.ownedBy())) {
                continue; // an identity column's sequence comes with its column
            }
            if (!cur.containsKey(s.schema() + "." + s.name())) {
                hazards.add("not generated: sequence " + s.name() + (s.ownedBy() == null ? "" : " (of " + s.ownedBy() + ")")
                        + "; use an identity column in a new table, or write it with manor new");
            } else if (!cur.get(s.schema() + "." + s.name()).equals(s)) {
                hazards.add("not generated: sequence " + s.name() + " settings differ; write it with manor new");
            }
        }
        for (SequenceDef s : cur.values()) {
            if (!des.containsKey(s.schema() + "." + s.name()) && s.ownedBy() == null) {
                hazards.add("not generated: sequence " + s.name() + " is not in the schema files; write its drop with manor new");
            }
        }
    }

    // ---- indexes and constraints on tables that exist on both sides

    private void indexesAndConstraints(Map<String, TableDef> curTables, Map<String, TableDef> desTables) {
        Map<String, ConstraintDef> curCons = byKey(current.constraints(), c -> tableKey(c.schema(), c.table()) + "." + c.name());
        Map<String, ConstraintDef> desCons = byKey(desired.constraints(), c -> tableKey(c.schema(), c.table()) + "." + c.name());
        Map<String, IndexDef> curIdx = byKey(current.indexes(), i -> i.schema() + "." + i.name());
        Map<String, IndexDef> desIdx = byKey(desired.indexes(), i -> i.schema() + "." + i.name());
        for (IndexDef i : desIdx.values()) {
            TableDef t = curTables.get(tableKey(i.schema(), i.table()));
            if (t == null || !desTables.containsKey(tableKey(i.schema(), i.table())) || i.constraint() != null) {
                continue;
            }
            IndexDef old = curIdx.get(i.schema() + "." + i.name());
            if (old == null) {
                indexes.add(new GeneratedMigration(Sql.migrationName("index", i.name()),
                        "new index " + i.name() + ": CREATE INDEX CONCURRENTLY, no transaction (writes go on)",
                        "-- manor:no-transaction\n" + header("builds index " + i.name() + " on " + display(t),
                                "CONCURRENTLY does not block writes; it cannot run in a transaction block. An interrupted"
                                        + " build leaves an INVALID index, which Manor drops and rebuilds on resume")
                                + Sql.concurrently(i.definition()) + ";\n",
                        "-- manor:no-transaction\n-- Rollback: drops the index without blocking writes.\nDROP INDEX CONCURRENTLY "
                                + Sql.table(i.schema(), i.name()) + ";\n", null, null));
            } else if (!old.definition().equals(i.definition()) && old.constraint() == null) {
                indexes.add(new GeneratedMigration(Sql.migrationName("rebuild", i.name()),
                        "index " + i.name() + " changes its definition: dropped and rebuilt CONCURRENTLY",
                        "-- manor:no-transaction\n" + header("rebuilds index " + i.name(), "both statements avoid blocking writes")
                                + "DROP INDEX CONCURRENTLY " + Sql.table(i.schema(), i.name()) + ";\n"
                                + Sql.concurrently(i.definition()) + ";\n",
                        "-- manor:no-transaction\n-- Rollback: the previous definition.\nDROP INDEX CONCURRENTLY "
                                + Sql.table(i.schema(), i.name()) + ";\n" + Sql.concurrently(old.definition()) + ";\n", null, null));
            }
        }
        for (IndexDef i : curIdx.values()) {
            TableDef t = curTables.get(tableKey(i.schema(), i.table()));
            if (t == null || !desTables.containsKey(key(t)) || i.constraint() != null || desIdx.containsKey(i.schema() + "." + i.name())
                    || mentionsGone(t, i.definition())) {
                continue;
            }
            removals.add(new GeneratedMigration(Sql.migrationName("drop_index", i.name()),
                    "index " + i.name() + " is not in the schema files: DROP INDEX CONCURRENTLY (no data is lost)",
                    "-- manor:no-transaction\n" + header("drops index " + i.name(), "CONCURRENTLY does not block reads or writes")
                            + "DROP INDEX CONCURRENTLY " + Sql.table(i.schema(), i.name()) + ";\n",
                    "-- manor:no-transaction\n-- Rollback: rebuilds the index without blocking writes.\n"
                            + Sql.concurrently(i.definition()) + ";\n", null, null));
        }
        for (ConstraintDef c : desCons.values()) {
            TableDef t = curTables.get(tableKey(c.schema(), c.table()));
            if (t == null) {
                continue;
            }
            ConstraintDef old = curCons.get(tableKey(c.schema(), c.table()) + "." + c.name());
            if (old == null) {
                addConstraint(t, c, desIdx);
            } else if (!old.equals(c)) {
                if (old.type().equals(c.type()) && old.definition().equals(c.definition()) && !old.validated() && c.validated()) {
                    validations.add(validate(t, c));
                } else {
                    hazards.add("not generated: constraint " + c.name() + " on " + display(t) + " changes (" + old.definition()
                            + " -> " + c.definition() + "); add the new one under another name and drop the old one");
                }
            }
        }
        for (ConstraintDef c : curCons.values()) {
            TableDef t = curTables.get(tableKey(c.schema(), c.table()));
            if (!desTables.containsKey(key(t)) || desCons.containsKey(tableKey(c.schema(), c.table()) + "." + c.name())
                    || mentionsGone(t, c.definition())) {
                continue;
            }
            dropConstraint(t, c, curIdx);
        }
    }

    private boolean mentionsGone(TableDef t, String definition) {
        for (String gone : keptGone) {
            String prefix = t.schema() + "." + t.name() + ".";
            if (gone.startsWith(prefix)) {
                String col = gone.substring(prefix.length());
                if (definition.contains(Sql.ident(col)) || Pattern.compile("\\b" + Pattern.quote(col) + "\\b").matcher(definition).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private void addConstraint(TableDef t, ConstraintDef c, Map<String, IndexDef> desIdx) {
        String tbl = qualified(t);
        String name = Sql.ident(c.name());
        switch (c.type()) {
            case "foreign key", "check" -> {
                boolean fk = c.type().equals("foreign key");
                constraints.add(new GeneratedMigration(Sql.migrationName("add", c.name()),
                        (fk ? "foreign key " : "check ") + c.name() + ": added NOT VALID (no scan under the lock), validated in the next migration",
                        header("adds " + c.type() + " " + c.name() + " on " + display(t) + " as NOT VALID",
                                "new and updated rows are checked at once; existing rows are not scanned, so the lock"
                                        + (fk ? " (on both tables)" : "") + " lasts milliseconds")
                                + "ALTER TABLE " + tbl + " ADD CONSTRAINT " + name + " " + c.definition() + deferrable(c) + " NOT VALID;\n",
                        "-- Rollback: drops the constraint.\nALTER TABLE " + tbl + " DROP CONSTRAINT " + name + ";\n", null, null));
                if (c.validated()) {
                    validations.add(validate(t, c));
                }
            }
            case "unique" -> {
                IndexDef backing = desIdx.values().stream().filter(i -> c.name().equals(i.constraint())
                        && i.schema().equals(c.schema())).findFirst().orElse(null);
                if (backing == null || c.deferrable()) {
                    hazards.add("not generated: unique constraint " + c.name() + " on " + display(t)
                            + " has no plain backing index (deferrable?); write it with manor new");
                    return;
                }
                indexes.add(new GeneratedMigration(Sql.migrationName("unique", c.name()),
                        "unique " + c.name() + ": unique index built CONCURRENTLY, then attached as the constraint (no scan)",
                        "-- manor:no-transaction\n" + header("adds unique constraint " + c.name() + " on " + display(t),
                                "the index is built without blocking writes; ADD CONSTRAINT ... USING INDEX only attaches it")
                                + Sql.concurrently(backing.definition()) + ";\n"
                                + "ALTER TABLE " + tbl + " ADD CONSTRAINT " + name + " UNIQUE USING INDEX " + name + ";\n",
                        "-- Rollback: drops the constraint and its index.\nALTER TABLE " + tbl + " DROP CONSTRAINT " + name + ";\n",
                        null, null));
            }
            default -> hazards.add("not generated: " + c.type() + " " + c.name() + " on existing table " + display(t)
                    + "; write it with manor new");
        }
    }

    private GeneratedMigration validate(TableDef t, ConstraintDef c) {
        String tbl = qualified(t);
        String name = Sql.ident(c.name());
        return new GeneratedMigration(Sql.migrationName("validate", c.name()),
                "validates " + c.name() + " in its own migration (SHARE UPDATE EXCLUSIVE: reads and writes go on)",
                header("validates " + c.type() + " " + c.name() + " on " + display(t),
                        "in a transaction of its own: VALIDATE scans under SHARE UPDATE EXCLUSIVE, reads and writes go on;"
                                + " fails, changing nothing, if an existing row breaks it")
                        + "ALTER TABLE " + tbl + " VALIDATE CONSTRAINT " + name + ";\n",
                "-- Rollback: back to NOT VALID (a validated constraint cannot be un-validated: re-added without a scan).\n"
                        + "ALTER TABLE " + tbl + " DROP CONSTRAINT " + name + ";\n"
                        + "ALTER TABLE " + tbl + " ADD CONSTRAINT " + name + " " + c.definition() + deferrable(c) + " NOT VALID;\n",
                null, null);
    }

    private void dropConstraint(TableDef t, ConstraintDef c, Map<String, IndexDef> curIdx) {
        String tbl = qualified(t);
        String name = Sql.ident(c.name());
        String down;
        switch (c.type()) {
            case "foreign key", "check" -> down = "-- manor:no-transaction\n-- Rollback: re-adds the constraint NOT VALID, then validates it"
                    + " (each in its own transaction).\nALTER TABLE " + tbl + " ADD CONSTRAINT " + name + " " + c.definition()
                    + deferrable(c) + " NOT VALID;\n" + (c.validated() ? "ALTER TABLE " + tbl + " VALIDATE CONSTRAINT " + name + ";\n" : "");
            case "unique" -> {
                IndexDef backing = curIdx.values().stream().filter(i -> c.name().equals(i.constraint())
                        && i.schema().equals(c.schema())).findFirst().orElse(null);
                if (backing == null) {
                    hazards.add("not generated: dropping unique " + c.name() + " on " + display(t) + " (no backing index to rebuild)");
                    return;
                }
                down = "-- manor:no-transaction\n-- Rollback: rebuilds the unique index CONCURRENTLY and attaches it.\n"
                        + Sql.concurrently(backing.definition()) + ";\nALTER TABLE " + tbl + " ADD CONSTRAINT " + name
                        + " UNIQUE USING INDEX " + name + ";\n";
            }
            default -> {
                hazards.add("not generated: dropping " + c.type() + " " + c.name() + " on " + display(t) + "; write it with manor new");
                return;
            }
        }
        removals.add(new GeneratedMigration(Sql.migrationName("drop", c.name()),
                c.type() + " " + c.name() + " is not in the schema files: dropped (no data is lost)",
                header("drops " + c.type() + " " + c.name() + " on " + display(t), "catalog-only, brief lock")
                        + "ALTER TABLE " + tbl + " DROP CONSTRAINT " + name + ";\n", down, null, null));
    }

    // ---- comments on tables and columns that exist on both sides

    private void comments(Map<String, TableDef> curTables, Map<String, TableDef> desTables) {
        for (TableDef t : curTables.values()) {
            TableDef d = desTables.get(key(t));
            if (d == null) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            targets.add(null);
            // Shared columns, and the new ones (their comment comes after the column is added).
            d.columns().stream().filter(c -> t.columns().contains(c) || !renamedOrGone(t, c)).forEach(targets::add);
            for (String column : targets) {
                String was = column != null && !t.columns().contains(column) ? null
                        : commentText(current, column == null ? "table" : "column", t.schema(), t.name(), column);
                String want = commentText(desired, column == null ? "table" : "column", t.schema(), t.name(), column);
                if (Objects.equals(was, want)) {
                    continue;
                }
                String target = column == null ? "TABLE " + qualified(t) : "COLUMN " + qualified(t) + "." + Sql.ident(column);
                String what = column == null ? "table " + display(t) : display(t) + "." + column;
                later.add(new GeneratedMigration(Sql.migrationName("comment", t.name(), column == null ? "" : column),
                        "comment on " + what + " (catalog only)", header("comments on " + what, "catalog-only")
                                + "COMMENT ON " + target + " IS " + (want == null ? "NULL" : Sql.literal(want)) + ";\n",
                        "-- Rollback: the previous comment.\nCOMMENT ON " + target + " IS " + (was == null ? "NULL" : Sql.literal(was)) + ";\n",
                        null, null));
            }
        }
    }

    /** New columns that the plan does not add itself (renamed ones come from the rename plan, refused ones not at all). */
    private boolean renamedOrGone(TableDef t, String column) {
        return !addedColumns.contains(t.schema() + "." + t.name() + "." + column);
    }

    private static String commentText(SchemaSnapshot s, String type, String schema, String table, String column) {
        for (CommentDef c : s.comments()) {
            if (!c.targetType().equals(type)) {
                continue;
            }
            for (TableDef t : s.tables()) {
                if (t.schema().equals(schema) && t.name().equals(table)) {
                    String identity = column == null ? t.identity() : column(s, t, column).identity();
                    if (c.targetIdentity().equals(identity)) {
                        return c.text();
                    }
                }
            }
        }
        return null;
    }

    private static String commentOr(SchemaSnapshot s, String type, String schema, String table, String column) {
        String text = commentText(s, type, schema, table, column);
        return text == null ? "NULL" : Sql.literal(text);
    }

    private String commentTarget(CommentDef c, TableDef t) {
        if (c.targetType().equals("table") && c.targetIdentity().equals(t.identity())) {
            return "TABLE " + Sql.table(t.schema(), t.name());
        }
        if (c.targetType().equals("column")) {
            for (String name : t.columns()) {
                if (column(desired, t, name).identity().equals(c.targetIdentity())) {
                    return "COLUMN " + Sql.table(t.schema(), t.name()) + "." + Sql.ident(name);
                }
            }
        }
        return null;
    }

    // ---- helpers

    private String rows(TableDef t) {
        Long n = rowCount.apply(t);
        if (n == null) {
            return "";
        }
        return n == 0 ? " (it is empty in this environment; others may have rows)" : " (" + n + (n == 1 ? " row" : " rows") + " in this environment)";
    }

    private static String deprecationComment(LocalDate today) {
        return "Deprecated on " + today + ", safe to remove after " + today.plusDays(DiffOptions.SAFETY_DAYS);
    }

    private static boolean isDeprecated(String name) {
        return name.startsWith(DEPRECATED);
    }

    private static String header(String what, String why) {
        return "-- Generated by manor diff: " + what + ".\n-- Why this form: " + why + ".\n\n";
    }

    static String columnSql(ColumnDef c) {
        StringBuilder b = new StringBuilder(Sql.ident(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            b.append(" COLLATE ").append(c.collation());
        }
        if (c.generatedExpression() != null) {
            b.append(" GENERATED ALWAYS AS (").append(c.generatedExpression()).append(") STORED");
        }
        if (c.identityGeneration() != null) {
            b.append(" GENERATED ").append(c.identityGeneration().toUpperCase(java.util.Locale.ROOT)).append(" AS IDENTITY");
        }
        if (c.defaultExpression() != null) {
            b.append(" DEFAULT ").append(c.defaultExpression());
        }
        if (c.notNull()) {
            b.append(" NOT NULL");
        }
        return b.toString();
    }

    private static String deferrable(ConstraintDef c) {
        return !c.deferrable() ? "" : c.initiallyDeferred() ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    }

    private static ColumnDef column(SchemaSnapshot s, TableDef t, String name) {
        return s.columns().stream().filter(c -> c.schema().equals(t.schema()) && c.table().equals(t.name()) && c.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("column " + name + " of " + t.name() + " not in snapshot"));
    }

    private static List<ConstraintDef> constraintsOf(SchemaSnapshot s, TableDef t) {
        List<ConstraintDef> out = new ArrayList<>(s.constraints().stream()
                .filter(c -> c.schema().equals(t.schema()) && c.table().equals(t.name())).toList());
        // Primary key first, then the rest by name: stable, readable CREATE TABLE.
        out.sort((a, b) -> a.type().equals(b.type()) ? a.name().compareTo(b.name())
                : a.type().equals("primary key") ? -1 : b.type().equals("primary key") ? 1 : a.name().compareTo(b.name()));
        return out;
    }

    private static String qualified(TableDef t) {
        return Sql.table(t.schema(), t.name());
    }

    /** How --rename, --no-rename and --backfill name a table: its name, schema-qualified unless public. */
    static String tableName(TableDef t) {
        return "public".equals(t.schema()) ? t.name() : t.schema() + "." + t.name();
    }

    private static String display(TableDef t) {
        return tableName(t);
    }

    private static String key(TableDef t) {
        return tableKey(t.schema(), t.name());
    }

    private static String tableKey(String schema, String name) {
        return schema + "\u0000" + name;
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(key.apply(i), i));
        return map;
    }
}
