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

class RenameTableTest {
    @Test
    void firesOnRename() {
        MigrationReport r = analyzeStatic("ALTER TABLE \"User\" RENAME TO \"Person\"");
        assertThat(severities(r, "rename-table")).containsExactly(ERROR);
        assertThat(findings(r, "rename-table").get(0).safe()).contains("CREATE VIEW \"User\" AS SELECT * FROM \"Person\"");
    }

    @Test
    void deprecationStepIsOnlyInfoAndColumnRenamesAreNotTableRenames() {
        assertThat(severities(analyzeStatic("ALTER TABLE legacy RENAME TO _deprecated_legacy"), "rename-table")).containsExactly(INFO);
        assertThat(findings(analyzeStatic("ALTER TABLE t RENAME COLUMN a TO b"), "rename-table")).isEmpty();
    }
}
