package dev.manor.proof;

import dev.manor.migration.Migration;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@code manor test} run: its cases, notes, and JUnit XML for CI systems.
 *
 * @param skipped  migrations passed over on purpose (outside the scope asked for), applied on the way
 * @param notTried what was asked for and never tried: after a failure with --fail-fast, or after a failure the
 *                 rest builds on (test fresh)
 */
public record ProofReport(String suite, List<ProofCase> cases, List<String> notes, List<String> skipped,
                          List<String> notTried) {
    public ProofReport(String suite, List<ProofCase> cases, List<String> notes) {
        this(suite, cases, notes, List.of(), List.of());
    }

    public ProofReport {
        cases = List.copyOf(cases);
        notes = List.copyOf(notes);
        skipped = List.copyOf(skipped);
        notTried = List.copyOf(notTried);
    }

    /** True only when something was proven, every case passed and nothing asked for was left untried. */
    public boolean passed() {
        return !cases.isEmpty() && notTried.isEmpty() && cases.stream().allMatch(ProofCase::passed);
    }

    public long failures() {
        return cases.stream().filter(c -> !c.passed()).count();
    }

    /** The passed cases that are about one of these migrations (case name = folder name), in order. */
    public Map<Migration, ProofCase> passedMigrations(
            List<Migration> migrations) {
        Map<Migration, ProofCase> out = new LinkedHashMap<>();
        for (ProofCase c : cases) {
            migrations.stream().filter(m -> c.passed() && m.folderName().equals(c.name())).findFirst()
                    .ifPresent(m -> out.put(m, c));
        }
        return out;
    }

    /** Readable lines: one per case, its problems and details indented beneath it. */
    public List<String> lines() {
        List<String> out = new ArrayList<>(notes.stream().map(n -> "note: " + n).toList());
        for (ProofCase c : cases) {
            String kind = c.kind() == null || c.kind() == ProofCase.Kind.PROVEN ? "" : "  [" + c.kind().label() + "]";
            out.add((c.passed() ? "  ok    " : "  FAIL  ") + c.name() + "  (" + c.durationMs() + " ms)" + kind);
            c.problems().forEach(p -> out.add("        - " + p));
            c.details().forEach(d -> out.add("          " + d));
        }
        if (!notTried.isEmpty()) {
            out.add("  not tried (an earlier failure stopped the run): " + String.join(", ", notTried));
        }
        out.add(summary());
        return out;
    }

    /**
     * "9 passed, 0 failed, 0 skipped, 0 not tried"; a run that proved nothing says so. A rollback proof with cases
     * of other kinds than proven adds their counts: "(irreversible 1, assumes data 1, down error 2)".
     */
    public String summary() {
        String counts = (cases.size() - failures()) + " passed, " + failures() + " failed, " + skipped.size()
                + " skipped, " + notTried.size() + " not tried";
        Map<ProofCase.Kind, Long> kinds = kindCounts();
        kinds.remove(ProofCase.Kind.PROVEN);
        kinds.values().removeIf(n -> n == 0);
        if (!kinds.isEmpty()) {
            counts += " (" + String.join(", ", kinds.entrySet().stream()
                    .map(e -> e.getKey().label() + " " + e.getValue()).toList()) + ")";
        }
        return cases.isEmpty() ? counts + ": nothing was proven, so this run fails" : counts;
    }

    /** How many cases of each kind, every kind listed (in the enum's order); empty for suites without kinds. */
    public Map<ProofCase.Kind, Long> kindCounts() {
        Map<ProofCase.Kind, Long> out = new java.util.EnumMap<>(ProofCase.Kind.class);
        if (cases.stream().anyMatch(c -> c.kind() != null)) {
            for (ProofCase.Kind k : ProofCase.Kind.values()) {
                out.put(k, cases.stream().filter(c -> c.kind() == k).count());
            }
        }
        return out;
    }

    /** The report as JSON: every case with its kind, problems and details, and the counts per kind. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("suite", suite);
        root.put("passed", passed());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProofCase c : cases) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", c.name());
            one.put("passed", c.passed());
            if (c.kind() != null) {
                one.put("kind", c.kind().key());
            }
            one.put("problems", c.problems());
            one.put("details", c.details());
            one.put("durationMs", c.durationMs());
            list.add(one);
        }
        root.put("cases", list);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("passed", cases.size() - failures());
        summary.put("failed", failures());
        summary.put("skipped", skipped.size());
        summary.put("notTried", notTried.size());
        Map<String, Long> kinds = new LinkedHashMap<>();
        kindCounts().forEach((k, n) -> kinds.put(k.key(), n));
        summary.put("kinds", kinds);
        root.put("summary", summary);
        root.put("skipped", skipped);
        root.put("notTried", notTried);
        root.put("notes", notes);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the proof report as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes a JUnit XML report: one testsuite, one testcase per migration. */
    public void writeJunit(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (Writer w = Files.newBufferedWriter(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "manor test " + suite);
            x.writeAttribute("tests", Integer.toString(cases.size() + notTried.size()));
            x.writeAttribute("skipped", Integer.toString(notTried.size()));
            x.writeAttribute("failures", Long.toString(failures()));
            x.writeAttribute("time", seconds(cases.stream().mapToLong(ProofCase::durationMs).sum()));
            for (ProofCase c : cases) {
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "manor." + c.suite());
                x.writeAttribute("name", c.name());
                x.writeAttribute("time", seconds(c.durationMs()));
                if (!c.passed()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", c.problems().isEmpty() ? "failed" : c.problems().get(0));
                    x.writeCharacters(String.join("\n", c.problems()));
                    x.writeEndElement();
                }
                if (!c.details().isEmpty()) {
                    x.writeStartElement("system-out");
                    x.writeCharacters(String.join("\n", c.details()));
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            for (String name : notTried) {
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "manor." + suite);
                x.writeAttribute("name", name);
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", "not tried: an earlier failure stopped the run");
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
