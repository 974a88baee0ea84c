package dev.manor.gate;

import dev.manor.GateRefusedException;
import dev.manor.ManorException;
import dev.manor.deploy.DeployCheck;
import dev.manor.deploy.PlannedMigration;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs gates as a deploy check. A refusal is recorded as a {@code gate-refused} event and stops the deploy; a
 * refusal that was overridden is recorded as {@code gate-override} with the reason and the deploy goes on.
 * Events are written on the deploy's connection, which is in auto-commit, so a refusal stays recorded.
 */
public final class GateKeeper implements DeployCheck {
    public static final String REFUSED = "gate-refused";
    public static final String OVERRIDE = "gate-override";

    private final List<Gate> gates;
    private final GateOverrides overrides;
    private final HistoryStore history;
    private final Consumer<String> notices;

    public GateKeeper(List<Gate> gates, GateOverrides overrides, HistoryStore history, Consumer<String> notices) {
        this.gates = List.copyOf(gates);
        this.overrides = overrides;
        this.history = history;
        this.notices = notices;
    }

    @Override
    public void check(List<PlannedMigration> plan, Connection connection) throws SQLException {
        if (plan.isEmpty()) {
            return; // nothing will change, so nothing needs guarding
        }
        for (Gate gate : gates) {
            boolean overridden = overrides.overrides(gate);
            Verdict verdict = evaluate(gate, plan, connection);
            if (verdict.passed()) {
                notices.accept(gate.name() + " gate: " + verdict.message());
            } else if (overridden) {
                history.record(connection, Event.of(OVERRIDE, null, gate.name(), "overridden because: " + overrides.reason() + " (it said: " + verdict.message() + ")"));
                notices.accept(gate.name() + " gate overridden (recorded): " + verdict.message());
            } else {
                history.record(connection, Event.of(REFUSED, null, gate.name(), verdict.message()));
                throw new GateRefusedException(gate.name(), verdict.message(), List.of());
            }
        }
    }

    /** The same verdicts without recording them or taking a backup: a refusal is thrown, an override is a notice. */
    @Override
    public void preview(List<PlannedMigration> plan, Connection connection) throws SQLException {
        if (plan.isEmpty()) {
            return;
        }
        for (Gate gate : gates) {
            Verdict verdict = gate instanceof BackupGate backup ? backup.preview() : evaluate(gate, plan, connection);
            if (verdict.passed()) {
                notices.accept(gate.name() + " gate: " + verdict.message());
            } else if (overrides.overrides(gate)) {
                notices.accept(gate.name() + " gate would be overridden (and recorded): " + verdict.message());
            } else {
                throw new GateRefusedException(gate.name(), verdict.message(), List.of());
            }
        }
    }

    /** A gate that cannot even be evaluated (e.g. staging unreachable) refuses, so the refusal is recorded too. */
    private static Verdict evaluate(Gate gate, List<PlannedMigration> plan, Connection c) {
        try {
            return gate.evaluate(plan, c);
        } catch (SQLException | ManorException e) {
            return Verdict.refuse("could not be evaluated: " + e.getMessage());
        }
    }
}
