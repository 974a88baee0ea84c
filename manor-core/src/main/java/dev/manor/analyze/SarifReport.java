package dev.manor.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.analyze.rules.Rules;

import java.util.LinkedHashMap;
import java.util.Map;

/** SARIF 2.1.0 for code-scanning UIs: one run, every rule described, one result per finding. */
public final class SarifReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String DOCS = "docs/rules/";

    private SarifReport() {
    }

    /** Rule ids and help texts: the rules plus the findings about suppression directives. */
    static Map<String, String> descriptors() {
        Map<String, String> rules = new LinkedHashMap<>();
        Rules.all().forEach(r -> rules.put(r.id(), r.summary()));
        rules.put(Suppressions.WITHOUT_REASON, "a manor:allow directive must say 'because <reason>'");
        rules.put(Suppressions.UNUSED, "a manor:allow directive that suppresses nothing");
        rules.put(Suppressions.UNKNOWN_RULE, "a manor:allow directive naming a rule that does not exist");
        return rules;
    }

    public static String render(AnalysisReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "manor");
        driver.put("informationUri", "https://github.com/manor-dev/manor");
        ArrayNode rules = driver.putArray("rules");
        Map<String, String> descriptors = descriptors();
        descriptors.forEach((id, help) -> {
            ObjectNode r = rules.addObject();
            r.put("id", id);
            r.putObject("shortDescription").put("text", help);
            r.putObject("help").put("text", help + " (see " + DOCS + id + ".md)");
            r.put("helpUri", DOCS + id + ".md");
        });
        // How much was judged, in the run's property bag: counts of observed, judged statically, not judged.
        ObjectNode coverage = run.putObject("properties").putObject("coverage");
        ObjectNode migrationCounts = coverage.putObject("migrations");
        report.migrationCounts().forEach((b, n) -> migrationCounts.put(b.key(), n));
        ObjectNode statementCounts = coverage.putObject("statements");
        report.statementCounts().forEach((b, n) -> statementCounts.put(b.key(), n));
        ArrayNode results = run.putArray("results");
        for (MigrationReport m : report.migrations()) {
            for (StatementReport s : m.statements()) {
                s.findings().forEach(f -> result(results, m, f, s.line()));
            }
            m.migrationFindings().forEach(f -> result(results, m, f, 1));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write SARIF: " + e.getMessage(), e);
        }
    }

    private static void result(ArrayNode results, MigrationReport m, Finding f, int line) {
        ObjectNode r = results.addObject();
        r.put("ruleId", f.rule());
        r.put("level", switch (f.severity()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        });
        r.putObject("message").put("text", f.message() + (f.safe() == null ? "" : "\nSafe alternative:\n" + f.safe()));
        ObjectNode location = r.putArray("locations").addObject().putObject("physicalLocation");
        location.putObject("artifactLocation").put("uri", m.path() != null ? m.path() : m.migrationId());
        location.putObject("region").put("startLine", Math.max(1, line));
    }
}
