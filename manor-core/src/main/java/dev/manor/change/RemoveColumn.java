package dev.manor.change;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static dev.manor.change.ChangeRequest.COLUMN;
import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.SAFETY_PERIOD;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.Sql.ident;
import static dev.manor.change.Sql.literal;

/** Remove a column: rename it to _deprecated_ with a dated comment (data kept), drop it after the safety period. */
final class RemoveColumn implements ChangeKind {
    @Override
    public String name() {
        return "remove-column";
    }

    @Override
    public String summary() {
        return "remove a column: deprecate (rename + dated comment), drop after the safety period";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"), Param.required(COLUMN, "the column"),
                Param.optional(SAFETY_PERIOD, "how long the deprecated column stays before the drop (default 7d)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        String column = r.required(COLUMN);
        Duration safety = r.duration(SAFETY_PERIOD, Steps.DEFAULT_SAFETY_PERIOD);
        List<PlanStep> steps = List.of(
                deprecate("deprecate", table, column, safety, clock,
                        StepGate.confirm("no running application version reads or writes " + ident(table) + "." + ident(column)),
                        "deploy the application version that no longer uses " + ident(column) + ", then run manor confirm",
                        null, null),
                Steps.dropDeprecatedColumn(table, column, safety, "drop"));
        String plan = Steps.planName(r, "remove_" + Sql.snake(table) + "_" + Sql.snake(column));
        return new ChangePlan(plan, name(), "removing " + ident(table) + "." + ident(column), steps);
    }

    /**
     * Renames the column to {@code _deprecated_<name>} and dates it: a forgotten reader fails loudly while the data
     * is still there. {@code extraUp} runs before the rename, {@code extraDown} after the rename back.
     */
    static PlanStep deprecate(String stepName, String table, String column, Duration safety, Clock clock, StepGate gate,
                              String appNote, String extraUp, String extraDown) {
        String t = ident(table);
        String c = ident(column);
        String dep = ident(Steps.deprecated(column));
        return new PlanStep(stepName,
                (extraUp == null ? "" : "drops the sync between the old and the new column, ")
                        + "renames " + t + "." + c + " to " + dep + " and dates it: '" + Steps.deprecationComment(safety, clock) + "'",
                (extraUp == null ? "" : extraUp.strip() + "\n")
                        + "ALTER TABLE " + t + " RENAME COLUMN " + c + " TO " + dep + ";\n"
                        + "COMMENT ON COLUMN " + t + "." + dep + " IS " + literal(Steps.deprecationComment(safety, clock)) + ";",
                "COMMENT ON COLUMN " + t + "." + dep + " IS NULL;\nALTER TABLE " + t + " RENAME COLUMN " + dep + " TO " + c + ";"
                        + (extraDown == null ? "" : "\n" + extraDown.strip()),
                null, Steps.columnExists(table, Steps.deprecated(column)), gate, appNote,
                List.of(Steps.locks(Steps.BRIEF_EXCLUSIVE, table)));
    }
}
