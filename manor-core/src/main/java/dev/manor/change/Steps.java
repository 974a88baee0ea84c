package dev.manor.change;

import dev.manor.ManorException;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static dev.manor.change.Sql.ident;
import static dev.manor.change.Sql.literal;

/** The step shapes several kinds share: NOT NULL in three safe moves, the deprecate-then-drop of a column. */
final class Steps {
    static final Duration DEFAULT_SAFETY_PERIOD = Duration.ofDays(7);
    static final Duration DEFAULT_WAIT = Duration.ofHours(1);
    static final String BRIEF_EXCLUSIVE = "ACCESS EXCLUSIVE on %s for a catalog change (milliseconds; waits at most lock_timeout)";

    private Steps() {
    }

    static String locks(String what, String table) {
        return String.format(what, ident(table));
    }

    static String notNullCheckName(String table, String column) {
        return Sql.pgName(Sql.base(table) + "_" + column + "_not_null");
    }

    /**
     * Two steps making {@code column} NOT NULL without a long lock: a CHECK ... NOT VALID (new rows at once), then
     * VALIDATE (scan under SHARE UPDATE EXCLUSIVE), SET NOT NULL (no scan: the check proves it), DROP the check.
     */
    static List<PlanStep> notNull(String table, String column, String checkStepName, String setStepName,
                                  String backfill, StepGate checkGate, String checkAppNote) {
        String t = ident(table);
        String c = ident(column);
        String check = ident(notNullCheckName(table, column));
        List<PlanStep> steps = new ArrayList<>();
        steps.add(new PlanStep(checkStepName,
                "adds CHECK (" + c + " IS NOT NULL) NOT VALID: new and updated rows must have " + c
                        + " at once, existing rows are not scanned" + (backfill == null ? "" : "; backfill.sql fills existing NULLs in batches"),
                "ALTER TABLE " + t + " ADD CONSTRAINT " + check + " CHECK (" + c + " IS NOT NULL) NOT VALID;",
                "ALTER TABLE " + t + " DROP CONSTRAINT " + check + ";" + (backfill == null ? "" : "\n"
                        + "-- Undoes the backfill: the rows holding the backfill's value get their NULL back (a row that held\n"
                        + "-- that value before the backfill is reset too; a volatile backfill expression is not undone).\n"
                        + "UPDATE " + t + " SET " + c + " = NULL WHERE " + c + " = " + backfill + ";"),
                backfill == null ? null : "-- Fills the existing NULLs of " + t + "." + c + ", in batches, outside the DDL transaction.\n"
                        + "UPDATE " + t + " SET " + c + " = " + backfill + " WHERE " + c + " IS NULL;",
                constraintExists(table, notNullCheckName(table, column)),
                checkGate, checkAppNote,
                List.of(locks(BRIEF_EXCLUSIVE, table), "the backfill's row locks, one batch at a time")));
        steps.add(new PlanStep(setStepName,
                "validates the check (scans under SHARE UPDATE EXCLUSIVE: reads and writes go on), sets " + c
                        + " NOT NULL (no scan: the validated check proves it), drops the check",
                "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + check + ";\n"
                        + "ALTER TABLE " + t + " ALTER COLUMN " + c + " SET NOT NULL;\n"
                        + "ALTER TABLE " + t + " DROP CONSTRAINT " + check + ";",
                "ALTER TABLE " + t + " ADD CONSTRAINT " + check + " CHECK (" + c + " IS NOT NULL) NOT VALID;\n"
                        + "ALTER TABLE " + t + " ALTER COLUMN " + c + " DROP NOT NULL;",
                null,
                "DO $$\nBEGIN\n    IF NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = " + literal(t)
                        + "::regclass AND attname = " + literal(column) + ") THEN\n        RAISE EXCEPTION "
                        + literal(t + "." + c + " is not NOT NULL") + ";\n    END IF;\nEND $$;",
                StepGate.NONE, null,
                List.of("SHARE UPDATE EXCLUSIVE on " + t + " while VALIDATE scans (reads and writes continue)",
                        locks(BRIEF_EXCLUSIVE, table) + " for SET NOT NULL and DROP CONSTRAINT")));
        return steps;
    }

    /** The comment the deprecation gate reads: deprecated today, safe to remove after today + the safety period. */
    static String deprecationComment(Duration safetyPeriod, Clock clock) {
        LocalDate today = LocalDate.now(clock);
        long days = Math.max(0, (safetyPeriod.toHours() + 23) / 24);
        return "Deprecated on " + today + ", safe to remove after " + today.plusDays(days);
    }

    static String deprecated(String name) {
        return Sql.pgName("_deprecated_" + Sql.base(name));
    }

    /** Drops a {@code _deprecated_} column after the safety period; irreversible (its values are gone). */
    static PlanStep dropDeprecatedColumn(String table, String column, Duration safetyPeriod, String stepName) {
        String t = ident(table);
        String dep = ident(deprecated(column));
        // A dropped column cannot come back as it was (its values, and its place among the columns), so the
        // down says so: the rollback proof reports the step as irreversible, and the deploy's backup covers it.
        String down = "-- manor:irreversible because the values of " + t + "." + dep + " are gone; restore them from "
                + "the backup taken before this deploy";
        return new PlanStep(stepName,
                "drops " + t + "." + dep + " after its safety period (the deprecation gate checks the comment's date too)",
                "ALTER TABLE " + t + " DROP COLUMN " + dep + ";",
                down, null,
                "DO $$\nBEGIN\n    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = " + literal(t) + "::regclass AND attname = "
                        + literal(deprecated(column)) + " AND NOT attisdropped) THEN\n        RAISE EXCEPTION "
                        + literal(t + "." + dep + " is still there") + ";\n    END IF;\nEND $$;",
                StepGate.appliedFor(safetyPeriod), null,
                List.of(locks(BRIEF_EXCLUSIVE, table) + " (DROP COLUMN only marks the column dropped)"));
    }

    static String constraintExists(String table, String name) {
        return "DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = " + literal(ident(table))
                + "::regclass AND conname = " + literal(name) + ") THEN\n        RAISE EXCEPTION "
                + literal("constraint " + name + " is missing") + ";\n    END IF;\nEND $$;";
    }

    static String columnExists(String table, String column) {
        return "DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = " + literal(ident(table))
                + "::regclass AND attname = " + literal(column) + " AND NOT attisdropped) THEN\n        RAISE EXCEPTION "
                + literal("column " + ident(table) + "." + ident(column) + " is missing") + ";\n    END IF;\nEND $$;";
    }

    /** The column's type from the request ({@code --<param>}) or the migrations, or a one-line error. */
    static SchemaFacts.Column column(ChangeRequest r, SchemaFacts facts, String table, String column, String typeParam) {
        return r.optional(typeParam).map(t -> new SchemaFacts.Column(t,
                        facts.column(table, column).map(SchemaFacts.Column::notNull).orElse(false)))
                .or(() -> facts.column(table, column))
                .orElseThrow(() -> new ManorException(r.kind() + ": the migrations do not tell the type of "
                        + ident(table) + "." + ident(column) + "; pass --" + typeParam));
    }

    static String planName(ChangeRequest r, String derived) {
        String name = r.optional(ChangeRequest.PLAN).orElse(derived);
        return name.length() <= 48 ? name : name.substring(0, 48).replaceAll("_+$", "");
    }
}
