package dev.manor;

import java.util.List;

/**
 * A deploy was refused before its first statement by a gate: the analysis gate (an error-level finding in a
 * protected environment) or a production gate ({@code backup}, {@code staging}, {@code deprecation},
 * {@code deploy-window}). The refusal is recorded in the deployment log as a {@code gate-refused} event; nothing
 * was changed.
 */
public class GateRefusedException extends ManorException {
    /** The name {@link #gate()} returns for the analysis gate. */
    public static final String ANALYSIS = "analysis";

    /** Which gate refused. */
    private final String gate;
    /** What the gate (or guard) found. */
    private final String reason;
    /** The analysis findings that refused. */
    private final List<String> findings;

    /**
     * A refusal by {@code gate}.
     *
     * @param gate     the gate's name, e.g. {@code "backup"} or {@link #ANALYSIS}
     * @param reason   what the gate found, and what to do about it
     * @param findings for the analysis gate, each error-level finding ({@code "<id> [<rule>] <message>"});
     *                 otherwise empty
     */
    public GateRefusedException(String gate, String reason, List<String> findings) {
        super(ANALYSIS.equals(gate) ? reason : "deploy refused by the " + gate + " gate: " + reason);
        this.gate = gate;
        this.reason = reason;
        this.findings = List.copyOf(findings);
    }

    /**
     * Which gate refused.
     *
     * @return {@link #ANALYSIS}, {@code "backup"}, {@code "staging"}, {@code "deprecation"} or {@code "deploy-window"}
     */
    public String gate() {
        return gate;
    }

    /**
     * The gate's own words, without the "deploy refused by" prefix.
     *
     * @return what the gate found and what to do about it
     */
    public String reason() {
        return reason;
    }

    /**
     * The analysis findings that refused the deploy.
     *
     * @return one line per error-level finding; empty for the production gates
     */
    public List<String> findings() {
        return findings;
    }

    /**
     * How to get past this gate deliberately (every override is recorded with its reason).
     *
     * @return one sentence, naming library calls rather than command-line flags
     */
    public String howToOverride() {
        return ANALYSIS.equals(gate)
                ? "make the change safe, or suppress the finding in the migration with"
                + " \"-- manor:allow <rule> because <reason>\""
                : "Manor.Builder.overrideGate(\"" + gate + "\", reason)";
    }
}
