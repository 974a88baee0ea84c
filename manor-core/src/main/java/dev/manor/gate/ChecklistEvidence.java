package dev.manor.gate;

import dev.manor.text.Plural;
import dev.manor.analyze.AnalysisReport;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.ProjectAnalyzer;
import dev.manor.analyze.Severity;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checklist items Manor answers from its own records: the analysis of the pending migrations,
 * and the performance measurements {@code manor test perf} wrote into the environment's log.
 */
public final class ChecklistEvidence {
    /** The event {@code manor test perf} records per measured migration; its detail holds the checksum. */
    public static final String PERF_ACTION = "perf";

    private ChecklistEvidence() {
    }

    /** Clean when no error-level finding remains (suppressed findings carry their reason in the file). */
    public static Verdict analysis(List<Migration> pending) {
        if (pending.isEmpty()) {
            return Verdict.pass("nothing pending");
        }
        AnalysisReport report = new ProjectAnalyzer(AnalysisSettings.defaults()).analyzeStatic(pending);
        List<String> errors = new ArrayList<>();
        long warnings = 0;
        for (var m : report.migrations()) {
            for (var f : m.allFindings()) {
                if (f.severity() == Severity.ERROR) {
                    errors.add(m.migrationId() + " [" + f.rule() + "]");
                } else if (f.severity() == Severity.WARNING) {
                    warnings++;
                }
            }
        }
        if (!errors.isEmpty()) {
            return Verdict.refuse(Plural.count(errors.size(), "error-level finding") + ": " + String.join(", ", errors)
                    + "; see 'manor analyze', fix or suppress with a reason");
        }
        return Verdict.pass("no error-level findings in " + Plural.count(pending.size(), "pending migration") + ", "
                + Plural.count(warnings, "warning"));
    }

    /** Measured when every pending migration, at its current checksum, has a perf event in this log. */
    public static Verdict performance(Connection c, HistoryStore history, List<Migration> pending) throws SQLException {
        if (pending.isEmpty()) {
            return Verdict.pass("nothing pending");
        }
        List<String> measured = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Migration m : pending) {
            Event found = null;
            for (Event e : history.eventsFor(c, m.id())) {
                if (PERF_ACTION.equals(e.action()) && e.detail() != null
                        && (e.detail().contains(m.checksum()) || e.detail().contains(m.legacyChecksum()))) {
                    found = e;
                }
            }
            if (found == null) {
                missing.add(m.id());
            } else {
                measured.add(m.id() + ": " + found.detail().replace("checksum " + m.checksum() + "; ", ""));
            }
        }
        if (!missing.isEmpty()) {
            return Verdict.refuse("not measured for " + String.join(", ", missing)
                    + ": run 'manor test perf --like <production env>'");
        }
        return Verdict.pass(String.join("; ", measured));
    }

    /** Records a measurement (called by {@code manor test perf}). */
    public static void recordPerf(Connection c, HistoryStore history, Migration m, String summary) throws SQLException {
        history.ensureTables(c);
        history.record(c, Event.of(PERF_ACTION, m.id(), "measured", "checksum " + m.checksum() + "; " + summary));
    }
}
