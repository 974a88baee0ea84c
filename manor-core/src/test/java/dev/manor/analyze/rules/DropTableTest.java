package dev.manor.analyze.rules;

import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.MigrationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.manor.analyze.AnalyzeFixtures.*;
import static dev.manor.analyze.Severity.*;
import static org.assertj.core.api.Assertions.assertThat;

class DropTableTest {
    @Test
    void firesPerDroppedTable() {
        assertThat(severities(analyzeStatic("DROP TABLE IF EXISTS a, b CASCADE"), "drop-table")).containsExactly(ERROR, ERROR);
    }

    @Test
    void deprecatedIsInfoAndTablesCreatedInTheMigrationAreExempt() {
        assertThat(severities(analyzeStatic("DROP TABLE \"_deprecated_Session\""), "drop-table")).containsExactly(INFO);
        assertThat(findings(analyzeStatic("CREATE TABLE tmp (a int); DROP TABLE tmp"), "drop-table")).isEmpty();
    }
}
