package dev.manor.change;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.SAFETY_PERIOD;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.ChangeRequest.TO;
import static dev.manor.change.Sql.ident;

/**
 * Rename a table while both application versions run: the table takes the new name and an updatable view keeps the
 * old name (a simple view is writable in PostgreSQL, with the table's defaults); the contract drops the view.
 */
final class RenameTable implements ChangeKind {
    static final String WAIT = "wait";

    @Override
    public String name() {
        return "rename-table";
    }

    @Override
    public String summary() {
        return "rename a table: the new name plus a view under the old one, then drop the view";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"), Param.required(TO, "its new name"),
                Param.optional(WAIT, "how long the expand stays applied before the contract (default 1h)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        String to = r.required(TO);
        String old = ident(table);
        String renamed = ident(to);
        Duration wait = r.duration(WAIT, Steps.DEFAULT_WAIT);
        String view = "CREATE VIEW " + old + " AS SELECT * FROM " + renamed + ";";
        PlanStep expand = new PlanStep("expand",
                "renames " + old + " to " + renamed + " and creates the view " + old + " over it: the old application "
                        + "version reads and writes through the view, the new one uses " + renamed,
                "-- manor:allow rename-table because the view " + old + " created next serves the old name until the contract\n"
                        + "ALTER TABLE " + old + " RENAME TO " + renamed + ";\n" + view,
                "DROP VIEW " + old + ";\nALTER TABLE " + renamed + " RENAME TO " + old + ";",
                null, "DO $$\nBEGIN\n    IF to_regclass(" + Sql.literal(renamed) + ") IS NULL OR to_regclass("
                        + Sql.literal(old) + ") IS NULL THEN\n        RAISE EXCEPTION "
                        + Sql.literal(renamed + " or the view " + old + " is missing") + ";\n    END IF;\nEND $$;",
                StepGate.NONE, null,
                List.of(Steps.locks(Steps.BRIEF_EXCLUSIVE, table) + " for the rename"));
        PlanStep contract = new PlanStep("contract",
                "drops the view " + old + ": only the new name is left",
                "DROP VIEW " + old + ";", view, null,
                "DO $$\nBEGIN\n    IF to_regclass(" + Sql.literal(old) + ") IS NOT NULL THEN\n        RAISE EXCEPTION "
                        + Sql.literal("the view " + old + " is still there") + ";\n    END IF;\nEND $$;",
                new StepGate(wait, "no running application version uses " + old),
                "deploy the application version that uses " + renamed + " everywhere, retire the old one, then run manor confirm",
                List.of("ACCESS EXCLUSIVE on the view " + old + " (milliseconds)"));
        String plan = Steps.planName(r, "rename_" + Sql.snake(table) + "_to_" + Sql.snake(to));
        return new ChangePlan(plan, name(), "renaming table " + old + " to " + renamed, List.of(expand, contract));
    }
}
