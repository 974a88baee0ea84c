package dev.manor.analyze;

import dev.manor.text.Plural;
import java.util.List;
import java.util.stream.Collectors;

/** A readable table per migration: one row per statement, findings indented below it. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(AnalysisReport report) {
        StringBuilder sb = new StringBuilder();
        for (MigrationReport m : report.migrations()) {
            sb.append("Migration ").append(m.migrationId()).append(" (").append(m.cls().label()).append(", ")
                    .append(m.basis().label()).append(")\n");
            m.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
            sb.append(String.format("  %-4s %-5s %-14s %-8s %-8s %-40s %s%n", "#", "line", "class", "rewrite", "scan", "locks", "statement"));
            for (StatementReport s : m.statements()) {
                StatementFacts f = s.facts();
                String locks = f.locks().stream().map(l -> l.relation() + ":" + short_(l.mode())).collect(Collectors.joining(","));
                sb.append(String.format("  %-4d %-5d %-14s %-8s %-8s %-40s %s%n", s.index() + 1, s.line(), s.cls().label(),
                        yesNo(f.rewrite()), yesNo(f.scan()), locks.isEmpty() ? "-" : locks,
                        summary(s.sql())));
                if (f.note() != null) {
                    sb.append("       ").append(f.basis().label()).append(": ").append(f.note()).append('\n');
                } else if (f.error() != null) {
                    sb.append("       failed when observed: ").append(f.error().lines().findFirst().orElse("")).append('\n');
                }
                appendFindings(sb, s.findings());
            }
            if (!m.migrationFindings().isEmpty()) {
                sb.append("  migration file:\n");
                appendFindings(sb, m.migrationFindings());
            }
            sb.append('\n');
        }
        long errors = count(report, Severity.ERROR);
        long warnings = count(report, Severity.WARNING);
        sb.append(report.coverage()).append('\n');
        sb.append(Plural.count(errors, "error")).append(", ").append(Plural.count(warnings, "warning")).append('\n');
        return sb.toString();
    }

    private static long count(AnalysisReport r, Severity s) {
        return r.migrations().stream().flatMap(m -> m.allFindings().stream()).filter(f -> f.severity() == s).count();
    }

    private static void appendFindings(StringBuilder sb, List<Finding> findings) {
        for (Finding f : findings) {
            sb.append("       ").append(f.severity()).append(" [").append(f.rule()).append("] ").append(f.message()).append('\n');
            if (f.safe() != null) {
                f.safe().lines().forEach(l -> sb.append("         | ").append(l).append('\n'));
            }
        }
    }

    /** The first line of SQL, skipping leading comment lines, shortened. */
    static String summary(String sql) {
        String first = sql.strip().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse("");
        return first.length() > 80 ? first.substring(0, 77) + "..." : first;
    }

    private static String yesNo(Boolean b) {
        return b == null ? "?" : b ? "yes" : "no";
    }

    /** AccessExclusiveLock -> AccessExclusive, to keep the column narrow. */
    private static String short_(String mode) {
        return mode.endsWith("Lock") ? mode.substring(0, mode.length() - 4) : mode;
    }
}
