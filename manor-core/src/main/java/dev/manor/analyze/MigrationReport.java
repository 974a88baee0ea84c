package dev.manor.analyze;

import java.util.List;
import java.util.stream.Stream;

/**
 * The analysis of one migration file. migrationFindings are about the file itself (e.g. suppressions, or
 * that it failed on the shadow database); basis is how well it was judged (its least-judged statement);
 * notes say why it was not simply observed.
 */
public record MigrationReport(String migrationId, String path, List<StatementReport> statements,
                              List<Finding> migrationFindings, Basis basis, List<String> notes) {
    public MigrationReport {
        statements = List.copyOf(statements);
        migrationFindings = List.copyOf(migrationFindings);
        notes = List.copyOf(notes);
    }

    public MigrationReport(String migrationId, String path, List<StatementReport> statements,
                           List<Finding> migrationFindings) {
        this(migrationId, path, statements, migrationFindings,
                statements.stream().map(s -> s.facts().basis()).reduce(Basis.OBSERVED, Basis::weaker), List.of());
    }

    /** Every finding, statement ones first. */
    public List<Finding> allFindings() {
        return Stream.concat(statements.stream().flatMap(s -> s.findings().stream()), migrationFindings.stream()).toList();
    }

    /** The riskiest class among the statements. */
    public ChangeClass cls() {
        return statements.stream().map(StatementReport::cls).reduce(ChangeClass.NONE, ChangeClass::max);
    }

    public boolean hasErrors() {
        return allFindings().stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
