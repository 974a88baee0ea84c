package dev.manor;

import dev.manor.deploy.PlannedMigration;

import java.util.List;

/**
 * What a deploy or rollback would do, found without changing anything: the plan, what the analysis and the gates
 * would refuse, and the exact SQL that would run (session settings and bookkeeping included).
 */
public final class DryRun {
    private final List<PlannedMigration> plan;
    private final List<GateRefusedException> refusals;
    private final String script;
    private final List<String> repeatables;

    DryRun(List<PlannedMigration> plan, List<GateRefusedException> refusals, String script, List<String> repeatables) {
        this.plan = List.copyOf(plan);
        this.refusals = List.copyOf(refusals);
        this.script = script;
        this.repeatables = List.copyOf(repeatables);
    }

    /**
     * The repeatable scripts that would be applied after the migrations (new, or changed since last applied).
     *
     * @return their files, e.g. {@code repeatable/active_users.sql}; empty for a rollback
     */
    public List<String> repeatables() {
        return repeatables;
    }

    /**
     * The scripts that would run, in order.
     *
     * @return one step per migration; empty when there is nothing to do
     */
    public List<PlannedMigration> plan() {
        return plan;
    }

    /**
     * Why the real operation would be refused, one entry per refusing check (the analysis gate, the first refusing
     * production gate).
     *
     * @return the refusals; empty when it would go ahead
     */
    public List<GateRefusedException> refusals() {
        return refusals;
    }

    /**
     * Whether the real operation would be refused before its first statement.
     *
     * @return true when {@link #refusals()} is not empty
     */
    public boolean wouldBeRefused() {
        return !refusals.isEmpty();
    }

    /**
     * The SQL that would be sent, in order, as one script. Values known only while it runs (timestamps,
     * durations, reports) appear as {@code :name} placeholders.
     *
     * @return the script; empty when there is nothing to do
     */
    public String script() {
        return script;
    }

    /**
     * Whether there is nothing to do.
     *
     * @return true when the plan is empty and no repeatable script would be applied
     */
    public boolean nothingToDo() {
        return plan.isEmpty() && repeatables.isEmpty();
    }
}
