package dev.manor.analyze;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Analysis time grows linearly with a statement's literals: a large data migration is analysed in seconds. */
class AnalysisScalingTest {
    /** About 4 MB in one INSERT of 160,000 one-literal rows; quadratic handling took minutes for less. */
    @Test
    void aLargeDataMigrationIsAnalysedInSeconds() {
        StringBuilder sql = new StringBuilder("INSERT INTO \"Event\" (payload) VALUES\n");
        int rows = 160_000;
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",\n").append("('row ").append(i).append(" of the data set')");
        }
        sql.append(";\n");
        assertThat(sql.length()).isGreaterThan(4_000_000);
        MigrationReport report = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> AnalyzeFixtures.analyzeStatic(sql.toString()));
        assertThat(report.statements()).hasSize(1);
        assertThat(TextReport.render(new AnalysisReport(java.util.List.of(report)))).contains("INSERT INTO");
    }
}
