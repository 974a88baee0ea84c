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

class RenameColumnTest {
    @Test
    void firesOnRename() {
        MigrationReport r = analyzeStatic("ALTER TABLE \"User\" RENAME COLUMN \"phone\" TO \"mobile\"");
        assertThat(severities(r, "rename-column")).containsExactly(ERROR);
        assertThat(findings(r, "rename-column").get(0).safe()).contains("ADD COLUMN mobile", "_deprecated_phone");
    }

    @Test
    void deprecationStepIsOnlyInfo() {
        assertThat(severities(analyzeStatic("ALTER TABLE \"User\" RENAME COLUMN \"oldField\" TO \"_deprecated_oldField\""),
                "rename-column")).containsExactly(INFO);
        assertThat(findings(analyzeStatic("ALTER TABLE \"User\" RENAME TO people"), "rename-column")).isEmpty();
    }
}
