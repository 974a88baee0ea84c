package dev.manor.analyze;

import java.util.List;

/** The analysis of a set of migrations. */
public record AnalysisReport(List<MigrationReport> migrations) {
    public AnalysisReport {
        migrations = List.copyOf(migrations);
    }

    public boolean hasErrors() {
        return migrations.stream().anyMatch(MigrationReport::hasErrors);
    }
}
