package dev.manor.change;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.SAFETY_PERIOD;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.Sql.ident;
import static dev.manor.change.Sql.literal;

/** Remove a table: rename it to _deprecated_ with a dated comment (rows kept), drop it after the safety period. */
final class RemoveTable implements ChangeKind {
    @Override
    public String name() {
        return "remove-table";
    }

    @Override
    public String summary() {
        return "remove a table: deprecate (rename + dated comment), drop after the safety period";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"),
                Param.optional(SAFETY_PERIOD, "how long the deprecated table stays before the drop (default 7d)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        Duration safety = r.duration(SAFETY_PERIOD, Steps.DEFAULT_SAFETY_PERIOD);
        String t = ident(table);
        String dep = ident(Steps.deprecated(table));
        String comment = Steps.deprecationComment(safety, clock);
        PlanStep deprecate = new PlanStep("deprecate",
                "renames " + t + " to " + dep + " and dates it: '" + comment + "'",
                "ALTER TABLE " + t + " RENAME TO " + dep + ";\nCOMMENT ON TABLE " + dep + " IS " + literal(comment) + ";",
                "COMMENT ON TABLE " + dep + " IS NULL;\nALTER TABLE " + dep + " RENAME TO " + t + ";",
                null, "DO $$\nBEGIN\n    IF to_regclass(" + literal(dep) + ") IS NULL THEN\n        RAISE EXCEPTION "
                        + literal(dep + " is missing") + ";\n    END IF;\nEND $$;",
                StepGate.confirm("no running application version uses " + t),
                "deploy the application version that no longer uses " + t + ", then run manor confirm",
                List.of(Steps.locks(Steps.BRIEF_EXCLUSIVE, table)));
        PlanStep drop = new PlanStep("drop",
                "drops " + dep + " after its safety period (the deprecation gate checks the comment's date too)",
                "DROP TABLE " + dep + ";",
                "-- manor:irreversible because the table's rows are gone; restore them from the backup taken before this deploy",
                null, "DO $$\nBEGIN\n    IF to_regclass(" + literal(dep) + ") IS NOT NULL THEN\n        RAISE EXCEPTION "
                        + literal(dep + " is still there") + ";\n    END IF;\nEND $$;",
                StepGate.appliedFor(safety), null,
                List.of(Steps.locks(Steps.BRIEF_EXCLUSIVE, Steps.deprecated(table))));
        String plan = Steps.planName(r, "remove_" + Sql.snake(table));
        return new ChangePlan(plan, name(), "removing table " + t, List.of(deprecate, drop));
    }
}
