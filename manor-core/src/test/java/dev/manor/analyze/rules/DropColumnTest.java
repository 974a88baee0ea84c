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

class DropColumnTest {
    @Test
    void firesOnPlainDrop() {
        MigrationReport r = analyzeStatic("ALTER TABLE \"User\" DROP COLUMN \"oldField\"");
        assertThat(severities(r, "drop-column")).containsExactly(ERROR);
        assertThat(findings(r, "drop-column").get(0).safe()).contains("RENAME COLUMN \"oldField\" TO \"_deprecated_oldField\"", "COMMENT ON COLUMN");
        assertThat(r.statements().get(0).cls()).isEqualTo(dev.manor.analyze.ChangeClass.BREAKING);
    }

    @Test
    void deprecatedColumnIsInfoAndConstraintDropsAreNotColumns() {
        assertThat(severities(analyzeStatic("ALTER TABLE \"User\" DROP COLUMN IF EXISTS \"_deprecated_oldField\""), "drop-column")).containsExactly(INFO);
        assertThat(findings(analyzeStatic("ALTER TABLE \"User\" DROP CONSTRAINT phone_nn"), "drop-column")).isEmpty();
    }
}
