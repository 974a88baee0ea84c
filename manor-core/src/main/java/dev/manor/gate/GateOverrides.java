package dev.manor.gate;

import dev.manor.ManorException;

import java.util.Set;

/**
 * Which gates a person chose to override, and why. A reason is required for any override: the
 * gate-override event is the deployment record's answer to "who skipped this, and why".
 */
public record GateOverrides(Set<String> gates, String reason) {
    public static final GateOverrides NONE = new GateOverrides(Set.of(), null);

    public GateOverrides {
        gates = Set.copyOf(gates);
        if (!gates.isEmpty() && (reason == null || reason.isBlank())) {
            throw new ManorException("overriding a gate needs a reason: add --reason \"<why>\" (it is recorded in the deployment log)");
        }
    }

    public boolean overrides(Gate gate) {
        return gates.contains(gate.name());
    }
}
