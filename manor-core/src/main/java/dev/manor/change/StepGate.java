package dev.manor.change;

import java.time.Duration;

/**
 * What a plan step waits for before a deploy may apply it: the plan's earlier steps applied in the same environment
 * for at least {@code appliedFor}, and, when {@code confirm} is set, a person's {@code manor confirm} that it is so
 * (e.g. "no application version reads "User"."email"").
 */
public record StepGate(Duration appliedFor, String confirm) {
    public static final StepGate NONE = new StepGate(Duration.ZERO, null);

    public StepGate {
        appliedFor = appliedFor == null ? Duration.ZERO : appliedFor;
        confirm = confirm == null || confirm.isBlank() ? null : confirm.strip();
    }

    public static StepGate appliedFor(Duration d) {
        return new StepGate(d, null);
    }

    public static StepGate confirm(String what) {
        return new StepGate(Duration.ZERO, what);
    }

    public StepGate andConfirm(String what) {
        return new StepGate(appliedFor, what);
    }

    /** The wait as manor.toml and directives write it, e.g. {@code 7d}. */
    public String appliedForText() {
        return Sql.duration(appliedFor);
    }

    public boolean none() {
        return appliedFor.isZero() && confirm == null;
    }
}
