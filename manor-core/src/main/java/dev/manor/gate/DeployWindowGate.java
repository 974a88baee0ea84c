package dev.manor.gate;

import dev.manor.deploy.PlannedMigration;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** "Don't deploy migrations during peak traffic": refuses outside the environment's deploy_window. */
public final class DeployWindowGate implements Gate {
    private final DeployWindow window;
    private final Clock clock;

    public DeployWindowGate(DeployWindow window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "deploy-window";
    }

    @Override
    public String overrideFlag() {
        return "--outside-window";
    }

    @Override
    public Verdict evaluate(List<PlannedMigration> plan, Connection connection) {
        return current();
    }

    public Verdict current() {
        Instant now = clock.instant();
        String at = now.atZone(window.zone()).toLocalTime().withNano(0) + " " + (window.zone().getId().equals("Z")
                ? "UTC" : window.zone().getId());
        if (window.contains(now)) {
            return Verdict.pass("inside the deploy window " + window.describe() + " (now " + at + ")");
        }
        return Verdict.refuse("it is " + at + ", outside the deploy window " + window.describe()
                + "; deploy inside the window (or pass --outside-window with --reason)");
    }
}
