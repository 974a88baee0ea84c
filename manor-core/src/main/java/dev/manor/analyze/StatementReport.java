package dev.manor.analyze;

import java.util.List;

/** The analysis of one statement: its class, facts and findings (after suppression). */
public record StatementReport(int index, int line, String sql, ChangeClass cls, StatementFacts facts,
                              List<Finding> findings) {
    public StatementReport {
        findings = List.copyOf(findings);
    }
}
