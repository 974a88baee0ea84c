package dev.manor.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * JSON for tools: per migration its statements with {@code class}, {@code locks} [{relation, mode}],
 * {@code rewrite}, {@code scan} (null when not observed), {@code findings} [{rule, severity, message, safe}].
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(AnalysisReport report) {
        try {
            return MAPPER.writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the analysis as JSON: " + e.getMessage(), e);
        }
    }

    public static ObjectNode tree(AnalysisReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("errors", report.hasErrors());
        ObjectNode coverage = root.putObject("coverage");
        counts(coverage.putObject("migrations"), report.migrationCounts());
        counts(coverage.putObject("statements"), report.statementCounts());
        ArrayNode migrations = root.putArray("migrations");
        for (MigrationReport m : report.migrations()) {
            ObjectNode mn = migrations.addObject();
            mn.put("id", m.migrationId());
            mn.put("path", m.path());
            mn.put("class", m.cls().label());
            mn.put("basis", m.basis().key());
            names(mn.putArray("notes"), m.notes());
            ArrayNode statements = mn.putArray("statements");
            for (StatementReport s : m.statements()) {
                ObjectNode sn = statements.addObject();
                sn.put("index", s.index());
                sn.put("line", s.line());
                sn.put("sql", s.sql());
                sn.put("class", s.cls().label());
                sn.put("observed", s.facts().observed());
                sn.put("basis", s.facts().basis().key());
                if (s.facts().note() != null) {
                    sn.put("note", s.facts().note());
                }
                ArrayNode locks = sn.putArray("locks");
                s.facts().locks().forEach(l -> locks.addObject().put("relation", l.relation()).put("mode", l.mode()));
                sn.put("rewrite", s.facts().rewrite());
                sn.put("scan", s.facts().scan());
                names(sn.putArray("rewritten"), s.facts().rewritten());
                names(sn.putArray("scanned"), s.facts().scanned());
                if (s.facts().rows() >= 0) {
                    sn.put("rows", s.facts().rows());
                }
                if (s.facts().error() != null) {
                    sn.put("error", s.facts().error());
                }
                findings(sn.putArray("findings"), s.findings());
            }
            findings(mn.putArray("findings"), m.migrationFindings());
        }
        return root;
    }

    private static void counts(ObjectNode node, java.util.Map<Basis, Long> counts) {
        counts.forEach((basis, n) -> node.put(basis.key(), n));
        node.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private static void names(ArrayNode array, List<String> names) {
        names.forEach(array::add);
    }

    private static void findings(ArrayNode array, List<Finding> findings) {
        for (Finding f : findings) {
            array.addObject().put("rule", f.rule()).put("severity", f.severity().name())
                    .put("message", f.message()).put("safe", f.safe());
        }
    }
}
