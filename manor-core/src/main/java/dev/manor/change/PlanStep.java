package dev.manor.change;

import java.util.List;

/**
 * One migration of a plan. {@code upSql} and {@code downSql} are whole scripts (directives such as
 * {@code -- manor:no-transaction} included); {@code backfillSql} and {@code verifySql} are null when the step has
 * none. {@code appNote} says what the application must do before this step is deployed.
 *
 * @param name        lower_snake_case suffix of the migration's name, e.g. {@code expand}
 * @param description one line: what the step does
 * @param locks       the locks it takes and for how long, one line each
 */
public record PlanStep(String name, String description, String upSql, String downSql, String backfillSql,
                       String verifySql, StepGate gate, String appNote, List<String> locks) {
    public PlanStep {
        gate = gate == null ? StepGate.NONE : gate;
        locks = locks == null ? List.of() : List.copyOf(locks);
    }
}
