package dev.manor.change;

import java.time.Clock;
import java.util.List;

import static dev.manor.change.ChangeRequest.COLUMNS;
import static dev.manor.change.ChangeRequest.NAME;
import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.Sql.ident;
import static dev.manor.change.Sql.idents;

/**
 * An index built CONCURRENTLY in a no-transaction migration. When a build fails or is interrupted it leaves an
 * INVALID index; the deploy drops that leftover before it runs the CREATE again, so a retry rebuilds it.
 */
final class AddIndex implements ChangeKind {
    @Override
    public String name() {
        return "add-index";
    }

    @Override
    public String summary() {
        return "add an index with CREATE INDEX CONCURRENTLY (no-transaction; an invalid leftover is rebuilt)";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"), Param.required(COLUMNS, "the column(s), comma-separated"),
                Param.optional(NAME, "the index's name (default <table>_<columns>_idx)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        List<String> columns = r.list(COLUMNS);
        String name = r.optional(NAME).orElse(Sql.pgName(Sql.base(table) + "_" + String.join("_", columns) + "_idx"));
        PlanStep step = indexStep("create", table, columns, name, false);
        String plan = Steps.planName(r, "add_" + Sql.snake(table) + "_" + Sql.snake(String.join("_", columns)) + "_index");
        return new ChangePlan(plan, name(), "adding index " + name + " on " + ident(table), List.of(step));
    }

    static PlanStep indexStep(String stepName, String table, List<String> columns, String name, boolean unique) {
        String kind = unique ? "UNIQUE INDEX" : "INDEX";
        return new PlanStep(stepName,
                "builds " + (unique ? "a unique index" : "the index") + " " + name + " without blocking writes; "
                        + "a failed or interrupted build's INVALID leftover is dropped and rebuilt by the next deploy",
                "-- manor:no-transaction\nCREATE " + kind + " CONCURRENTLY " + ident(name) + " ON " + ident(table)
                        + " (" + idents(columns) + ");",
                "-- manor:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS " + ident(name) + ";",
                null, indexValid(name), StepGate.NONE, null,
                List.of("SHARE UPDATE EXCLUSIVE on " + ident(table) + " for the build (reads and writes continue); "
                        + "it waits for transactions older than itself"));
    }

    static String indexValid(String name) {
        return "DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(" + Sql.literal(ident(name))
                + ") AND indisvalid) THEN\n        RAISE EXCEPTION " + Sql.literal("index " + name + " is missing or INVALID")
                + ";\n    END IF;\nEND $$;";
    }
}
