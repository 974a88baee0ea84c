package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ProjectConfig;
import dev.manor.history.StatusReport;
import dev.manor.gate.ChecklistEvidence;
import dev.manor.migration.Migration;
import dev.manor.proof.PerfProof;
import dev.manor.proof.ProofReport;
import dev.manor.proof.ProofSettings;
import dev.manor.proof.SyntheticData;
import dev.manor.shadow.ShadowProvider;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** {@code manor test perf}: volume from --rows or from another environment's statistics, a progress bar while filling. */
final class PerfRunner {
    private PerfRunner() {
    }

    static int run(TestCommand.Perf cmd, Session session) throws IOException {
        StatusReport status = session.manor().status();
        Set<String> scope = status.toDeploy().stream().map(StatusReport.Entry::id).collect(Collectors.toSet());
        if (scope.isEmpty()) {
            cmd.out().println("No pending migrations to time.");
            return ExitCodes.OK;
        }
        ToLongFunction<String> rows = cmd.rows != null ? t -> cmd.rows : rowCountsOf(session, cmd.like);
        try (ShadowProvider provider = cmd.shadow.provider(session)) {
            ProofReport report = new PerfProof(cmd.settings(session, 0)).run(provider, scope, rows, new BarListener());
            record(session, report);
            return cmd.finish(report);
        }
    }

    /** Each measurement goes into this environment's log, where the checklist finds it. */
    private static void record(Session session, ProofReport report) {
        var manor = session.manor();
        dev.manor.deploy.ManorInternals.context(manor).withConnection(c -> {
            for (var measured : report.passedMigrations(manor.migrations()).entrySet()) {
                ChecklistEvidence.recordPerf(c, dev.manor.deploy.ManorInternals.context(manor).history(), measured.getKey(),
                        String.join("; ", measured.getValue().details()));
            }
            return null;
        });
    }

    /** Live row estimates of another environment, read in a read-only session. */
    private static ToLongFunction<String> rowCountsOf(Session session, String env) {
        ProjectConfig other = session.config().forEnvironment(env, System.getenv());
        ConnectionSettings cs = other.connection().orElseThrow(() ->
                new ManorException("environment '" + env + "' has no url to read row counts from"));
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(cs.jdbcUrl(), cs.driverProperties())) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.schemaname || '.' || s.relname, greatest(s.n_live_tup, c.reltuples::bigint, 0)
                    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                    WHERE s.schemaname = ANY (?)""")) {
                ps.setArray(1, c.createArrayOf("text", other.manor().schemas().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new ManorException("cannot read row counts from '" + env + "' (" + cs.describe() + "): "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return t -> counts.getOrDefault(t, 0L);
    }

    /** The progress bar library draws rows/s and ETA; we only feed it. */
    private static final class BarListener implements SyntheticData.Listener {
        private ProgressBar bar;

        @Override
        public void started(long totalRows) {
            if (totalRows <= 0) {
                return; // nothing to fill: no bar
            }
            bar = new ProgressBarBuilder().setTaskName("Filling").setInitialMax(totalRows).setUnit(" rows", 1)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
        }

        @Override
        public void advanced(long rows) {
            if (bar != null) {
                bar.stepBy(rows);
            }
        }

        @Override
        public void finished() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
