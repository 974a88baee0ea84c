package dev.manor.change;

import java.util.List;

/**
 * One logical change as ordered steps, each a migration.
 *
 * @param name    lower_snake_case plan name, e.g. {@code rename_user_email_to_email_address}; the steps' migrations are
 *                named {@code <name>_<step>}
 * @param kind    the {@link ChangeKind#name()} that made it
 * @param summary one line: what the whole change does
 */
public record ChangePlan(String name, String kind, String summary, List<PlanStep> steps) {
    public ChangePlan {
        steps = List.copyOf(steps);
    }

    /** The migration name of a step: {@code <plan>_<step>}. */
    public String migrationName(PlanStep step) {
        return name + "_" + step.name();
    }
}
