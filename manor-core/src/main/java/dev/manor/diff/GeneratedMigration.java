package dev.manor.diff;

import dev.manor.change.ChangePlan;

/**
 * One migration {@code manor diff} writes: its name (lower_snake), scripts, and the one-line reason for its form.
 * {@code backfill} and {@code verify} may be null. {@code plan} is the change plan this migration is a step of
 * (written together, with the plan's markers and gates), or null for a single migration.
 */
public record GeneratedMigration(String name, String why, String up, String down, String backfill, String verify,
                                 ChangePlan plan) {
    public GeneratedMigration(String name, String why, String up, String down, String backfill, String verify) {
        this(name, why, up, down, backfill, verify, null);
    }

    /** The steps of a change plan, in order, as the migrations they become. */
    static java.util.List<GeneratedMigration> of(ChangePlan plan) {
        return plan.steps().stream().map(s -> new GeneratedMigration(plan.migrationName(s), s.description()
                + (s.gate().none() ? "" : " [waits: " + gate(s.gate()) + "]"), s.upSql(), s.downSql(), s.backfillSql(),
                s.verifySql(), plan)).toList();
    }

    private static String gate(dev.manor.change.StepGate g) {
        String wait = g.appliedFor().isZero() ? null : "earlier steps applied for " + g.appliedFor().toString()
                .substring(2).toLowerCase(java.util.Locale.ROOT);
        String confirm = g.confirm() == null ? null : "manor confirm that " + g.confirm();
        return wait == null ? confirm : confirm == null ? wait : wait + ", " + confirm;
    }
}
