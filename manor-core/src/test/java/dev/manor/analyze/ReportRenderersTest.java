package dev.manor.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRenderersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SQL = "ALTER TABLE \"User\" ADD COLUMN a text;\n\nCREATE INDEX i ON \"User\" (a);";

    private static AnalysisReport report() {
        return Analyzer.staticOnly(AnalysisSettings.defaults()).analyze(List.of(AnalyzeFixtures.migration(SQL)));
    }

    @Test
    void jsonHasTheNamedFields() throws Exception {
        JsonNode root = JSON.readTree(JsonReport.render(report()));
        assertThat(root.get("errors").asBoolean()).isTrue();
        JsonNode index = root.at("/migrations/0/statements/1");
        assertThat(index.get("class").asText()).isEqualTo("additive");
        assertThat(index.at("/locks/0/relation").asText()).isEqualTo("User");
        assertThat(index.at("/locks/0/mode").asText()).isEqualTo("ShareLock");
        assertThat(index.get("rewrite").isNull()).isTrue(); // not observed: unknown
        assertThat(index.get("scan").isNull()).isTrue();
        JsonNode finding = index.at("/findings/0");
        assertThat(finding.get("rule").asText()).isEqualTo("create-index-non-concurrent");
        assertThat(finding.get("severity").asText()).isEqualTo("ERROR");
        assertThat(finding.get("message").asText()).isNotBlank();
        assertThat(finding.get("safe").asText()).contains("CONCURRENTLY");
    }

    @Test
    void sarifIsVersion210WithRulesAndLocations() throws Exception {
        JsonNode root = JSON.readTree(SarifReport.render(report()));
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = root.at("/runs/0");
        assertThat(run.at("/tool/driver/rules").findValuesAsText("id")).contains("create-index-non-concurrent", "set-not-null");
        assertThat(run.at("/tool/driver/rules/0/help/text").asText()).isNotBlank();
        JsonNode result = run.at("/results/0");
        assertThat(result.get("ruleId").asText()).isEqualTo("create-index-non-concurrent");
        assertThat(result.get("level").asText()).isEqualTo("error");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("migrations/V1__test.sql");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(3);
    }

    @Test
    void textShowsClassesLocksAndFindings() {
        String text = TextReport.render(report());
        assertThat(text).contains("Migration V1 (additive, judged statically)", "User:Share", "ERROR [create-index-non-concurrent]",
                "| CREATE INDEX CONCURRENTLY i ON \"User\" (a);", "1 migration: 0 observed, 1 judged statically, 0 not judged", "1 error, 0 warnings");
    }

    @Test
    void textSummarySkipsLeadingCommentsAndListsFileFindingsSeparately() {
        String text = TextReport.render(Analyzer.staticOnly(AnalysisSettings.defaults()).analyze(List.of(
                AnalyzeFixtures.migration("-- manor:allow truncate because x\n-- why\nALTER TABLE t ADD COLUMN a text"))));
        assertThat(text).contains("ALTER TABLE t ADD COLUMN a text", "migration file:", "[unused-suppression]");
        assertThat(text).doesNotContain("-- why");
    }
}
