package dev.manor.gate;

import dev.manor.deploy.PlannedMigration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One rule a deploy must pass before its first statement. {@link GateKeeper} runs gates as a
 * {@link dev.manor.deploy.DeployCheck}, records refusals and overrides, and the checklist reuses their verdicts.
 */
public interface Gate {
    /** Short name used in events and messages, e.g. "backup". */
    String name();

    /** The command-line flag that overrides this gate (recorded as a gate-override event). */
    String overrideFlag();

    /** Evaluates the plan against the target database ({@code connection}); never changes the target's schema. */
    Verdict evaluate(List<PlannedMigration> plan, Connection connection) throws SQLException;
}
