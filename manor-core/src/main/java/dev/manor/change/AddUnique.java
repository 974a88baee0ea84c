package dev.manor.change;

import java.time.Clock;
import java.util.List;

import static dev.manor.change.ChangeRequest.COLUMNS;
import static dev.manor.change.ChangeRequest.NAME;
import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.Sql.ident;
import static dev.manor.change.Sql.idents;

/** A unique constraint through a unique index built CONCURRENTLY, then attached with ADD CONSTRAINT ... USING INDEX. */
final class AddUnique implements ChangeKind {
    @Override
    public String name() {
        return "add-unique";
    }

    @Override
    public String summary() {
        return "add a unique constraint: a unique index CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"), Param.required(COLUMNS, "the column(s), comma-separated"),
                Param.optional(NAME, "the constraint's name (default <table>_<columns>_key)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        List<String> columns = r.list(COLUMNS);
        String name = r.optional(NAME).orElse(Sql.pgName(Sql.base(table) + "_" + String.join("_", columns) + "_key"));
        String t = ident(table);
        String n = ident(name);
        PlanStep index = AddIndex.indexStep("index", table, columns, name, true);
        PlanStep constraint = new PlanStep("constraint",
                "turns the unique index into the constraint " + name + " (no scan: the index already proves it)",
                "ALTER TABLE " + t + " ADD CONSTRAINT " + n + " UNIQUE USING INDEX " + n + ";",
                "-- manor:no-transaction\nALTER TABLE " + t + " DROP CONSTRAINT " + n + ";\nCREATE UNIQUE INDEX CONCURRENTLY "
                        + n + " ON " + t + " (" + idents(columns) + ");",
                null, Steps.constraintExists(table, name), StepGate.NONE, null,
                List.of(Steps.locks(Steps.BRIEF_EXCLUSIVE, table)));
        String plan = Steps.planName(r, "add_" + Sql.snake(table) + "_" + Sql.snake(String.join("_", columns)) + "_unique");
        return new ChangePlan(plan, name(), "adding unique constraint " + name + " on " + t, List.of(index, constraint));
    }
}
