package dev.manor.change;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.manor.change.ChangeRequest.BACKFILL;
import static dev.manor.change.ChangeRequest.COLUMN;
import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.ChangeRequest.TYPE;
import static dev.manor.change.Sql.ident;

/**
 * Make a column required: add it nullable when the migrations do not have it yet, then a NOT VALID check with a
 * batched backfill (once the application writes the column), then VALIDATE, SET NOT NULL and drop the check.
 */
final class MakeRequired implements ChangeKind {
    @Override
    public String name() {
        return "make-required";
    }

    @Override
    public String summary() {
        return "make a column NOT NULL (adds it first when missing), backfilling existing rows";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"), Param.required(COLUMN, "the column"),
                Param.required(BACKFILL, "SQL expression for the existing NULLs, e.g. '''<unknown>'''"),
                Param.optional(TYPE, "the column's type, when the plan adds it (the migrations do not have it)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        String column = r.required(COLUMN);
        Optional<SchemaFacts.Column> known = schema.column(table, column);
        String t = ident(table);
        String c = ident(column);
        List<PlanStep> steps = new ArrayList<>();
        boolean add = known.isEmpty();
        if (add) {
            String type = r.optional(TYPE).orElseThrow(() -> new dev.manor.ManorException(name() + ": the migrations do not "
                    + "have " + t + "." + c + "; pass --type to add it"));
            steps.add(new PlanStep("add",
                    "adds " + t + "." + c + " as a nullable column (catalog-only)",
                    "ALTER TABLE " + t + " ADD COLUMN " + c + " " + type + ";",
                    "ALTER TABLE " + t + " DROP COLUMN " + c + ";",
                    null, Steps.columnExists(table, column), StepGate.NONE, null,
                    List.of(Steps.locks(Steps.BRIEF_EXCLUSIVE, table))));
        }
        steps.addAll(Steps.notNull(table, column, "check", "set_not_null", r.required(BACKFILL),
                StepGate.confirm("every running application version writes " + t + "." + c + " on insert and update"),
                "deploy the application version that always writes " + c + ", then run manor confirm"));
        String plan = Steps.planName(r, "make_" + Sql.snake(table) + "_" + Sql.snake(column) + "_required");
        return new ChangePlan(plan, name(), "making " + t + "." + c + " required", steps);
    }
}
