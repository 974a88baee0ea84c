package dev.manor.downgen;

import dev.manor.migration.Migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code manor down generate} did, per migration: proven, irreversible (with the reason written into
 * down.sql) or failed (why; nothing proven, and nothing written when generation itself failed).
 *
 * @param generateMs time spent building the migrations on the shadow and writing the scripts
 * @param proveMs    time spent proving the written scripts
 */
public record DownReport(List<Entry> entries, long generateMs, long proveMs) {
    public enum Outcome { WRITTEN, PROVEN, IRREVERSIBLE, FAILED }

    /** One migration's outcome; {@code reason} says why it is irreversible or failed, or notes a proof detail. */
    public record Entry(String migration, String downFile, Outcome outcome, String reason) {
        static Entry written(Migration m) {
            return new Entry(m.folderName(), m.displayPath(Migration.DOWN_FILE), Outcome.WRITTEN, null);
        }

        static Entry irreversible(Migration m, String reason) {
            return new Entry(m.folderName(), m.displayPath(Migration.DOWN_FILE), Outcome.IRREVERSIBLE, reason);
        }

        static Entry failed(Migration m, String why) {
            return new Entry(m.folderName(), m.displayPath(Migration.DOWN_FILE), Outcome.FAILED, why);
        }

        Entry as(Outcome other, String why) {
            return new Entry(migration, downFile, other, why);
        }
    }

    public DownReport {
        entries = List.copyOf(entries);
    }

    public long count(Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).count();
    }

    /** True when every migration's down was proven or declared irreversible. */
    public boolean ok() {
        return entries.stream().allMatch(e -> e.outcome() == Outcome.PROVEN || e.outcome() == Outcome.IRREVERSIBLE);
    }

    /** One line per migration, then the summary. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            String label = switch (e.outcome()) {
                case PROVEN -> "proven      ";
                case IRREVERSIBLE -> "irreversible";
                case FAILED -> "FAILED      ";
                case WRITTEN -> "written     ";
            };
            out.add("  " + label + "  " + e.migration() + (e.reason() == null ? "" : ": " + e.reason()));
        }
        out.add(summary());
        return out;
    }

    public String summary() {
        if (entries.isEmpty()) {
            return "nothing to generate: every migration has a down.sql";
        }
        return entries.size() + " generated: " + count(Outcome.PROVEN) + " proven, " + count(Outcome.IRREVERSIBLE)
                + " irreversible, " + count(Outcome.FAILED) + " failed (" + generateMs + " ms to generate, " + proveMs
                + " ms to prove)";
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("migration", e.migration());
            one.put("downFile", e.downFile());
            one.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
            one.put("reason", e.reason());
            list.add(one);
        }
        root.put("migrations", list);
        root.put("proven", count(Outcome.PROVEN));
        root.put("irreversible", count(Outcome.IRREVERSIBLE));
        root.put("failed", count(Outcome.FAILED));
        root.put("generateMs", generateMs);
        root.put("proveMs", proveMs);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON: " + e.getMessage(), e);
        }
    }
}
