package dev.manor.deploy;

import dev.manor.config.ManorConfig;
import dev.manor.migration.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a deploy or rollback would send, in order, as one script: the deploy lock, the session settings, each
 * migration's statements and the bookkeeping written with them. Values known only while it runs (timestamps,
 * durations, the execution report) are shown as {@code :name} placeholders.
 */
public final class DryRunScript {
    private DryRunScript() {
    }

    public static String render(ManorConfig config, String action, List<PlannedMigration> plan) {
        String schema = "\"" + config.historySchema() + "\"";
        List<String> out = new ArrayList<>();
        out.add("-- " + action + " of " + plan.size() + " migration" + (plan.size() == 1 ? "" : "s") + " to '"
                + config.environment() + "'; :placeholders are filled in when it runs");
        out.add("-- on a connection of its own, held until the end:");
        out.add("SELECT pg_try_advisory_lock(" + DeployLock.NAMESPACE + ", hashtext(" + literal(config.historySchema()) + "));");
        for (PlannedMigration step : plan) {
            String id = step.migration().id();
            long lockMs = (step.lockTimeout() == null ? config.lockTimeout() : step.lockTimeout()).toMillis();
            long statementMs = config.statementTimeout().toMillis();
            out.add("");
            out.add("-- " + step.direction() + ": " + step.file() + (step.transactional() ? " (one transaction)"
                    : " (no transaction, statement by statement, each journaled)")
                    + (step.resumeFrom() > 0 ? ", resuming after statement " + step.resumeFrom() : ""));
            String set = step.transactional() ? "SET LOCAL " : "SET ";
            if (step.transactional()) {
                out.add("BEGIN;");
            }
            out.add(set + "lock_timeout = " + lockMs + ";");
            out.add(set + "statement_timeout = " + statementMs + ";");
            if (!step.transactional() && PlannedMigration.UP.equals(step.direction())) {
                out.add(historyRow(schema, step, "running", step.resumeFrom()));
            }
            int n = step.resumeFrom();
            for (SqlStatement st : step.remaining()) {
                out.add(st.sql() + ";");
                n++;
                if (!step.transactional() && PlannedMigration.UP.equals(step.direction())) {
                    out.add("UPDATE " + schema + ".manor_migrations SET steps_done = " + n + " WHERE id = "
                            + literal(id) + ";");
                }
            }
            if (!step.transactional()) {
                out.add("BEGIN;");
            }
            if (PlannedMigration.UP.equals(step.direction())) {
                out.add(historyRow(schema, step, "applied", step.statements().size()));
                out.add(event(schema, config, "deploy", id, "applied"));
            } else {
                out.add("UPDATE " + schema + ".manor_migrations SET status = 'rolled_back', rolled_back_at ="
                        + " clock_timestamp(), steps_done = 0 WHERE id = " + literal(id) + ";");
                out.add(event(schema, config, "rollback", id, "rolled_back"));
            }
            out.add("COMMIT;");
            if (!step.transactional()) {
                out.add("RESET lock_timeout;");
                out.add("RESET statement_timeout;");
            }
        }
        out.add("");
        out.add("SELECT pg_advisory_unlock(" + DeployLock.NAMESPACE + ", hashtext(" + literal(config.historySchema()) + "));");
        return String.join("\n", out) + "\n";
    }

    private static String historyRow(String schema, PlannedMigration step, String status, int stepsDone) {
        var m = step.migration();
        return "INSERT INTO " + schema + ".manor_migrations (id, name, checksum, down_checksum, status, transactional,"
                + " steps_done, started_at, finished_at, duration_ms, os_user, host, manor_version, error, report)"
                + " VALUES (" + literal(m.id()) + ", " + literal(m.name()) + ", " + literal(m.checksum()) + ", "
                + literal(m.downChecksum()) + ", '" + status + "', " + m.transactional() + ", " + stepsDone
                + ", :started_at, " + ("running".equals(status) ? "NULL, NULL" : ":finished_at, :duration_ms")
                + ", :os_user, :host, :manor_version, NULL, " + ("running".equals(status) ? "NULL" : ":report")
                + ") ON CONFLICT (id) DO UPDATE SET name = excluded.name, checksum = excluded.checksum,"
                + " down_checksum = excluded.down_checksum, status = excluded.status,"
                + " transactional = excluded.transactional, steps_done = excluded.steps_done,"
                + " started_at = excluded.started_at, finished_at = excluded.finished_at,"
                + " duration_ms = excluded.duration_ms, db_user = current_user, os_user = excluded.os_user,"
                + " host = excluded.host, manor_version = excluded.manor_version, error = excluded.error,"
                + " report = excluded.report, rolled_back_at = NULL;";
    }

    private static String event(String schema, ManorConfig config, String action, String id, String outcome) {
        return "INSERT INTO " + schema + ".manor_events (action, migration_id, outcome, detail, environment, os_user,"
                + " host, manor_version) VALUES ('" + action + "', " + literal(id) + ", '" + outcome + "', :summary, "
                + literal(config.environment()) + ", :os_user, :host, :manor_version);";
    }

    private static String literal(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }
}
