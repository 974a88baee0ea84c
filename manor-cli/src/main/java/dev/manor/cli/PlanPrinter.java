package dev.manor.cli;

import dev.manor.deploy.PlannedMigration;
import dev.manor.migration.SqlStatement;

import java.io.PrintWriter;
import java.util.List;

/** Prints a dry run: every statement that would run, in order, as runnable SQL. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void print(PrintWriter out, List<PlannedMigration> plan) {
        for (PlannedMigration step : plan) {
            out.println();
            out.println("-- " + step.direction() + ": " + step.file()
                    + (step.transactional() ? " (one transaction)" : " (no transaction, statement by statement)")
                    + (step.resumeFrom() > 0 ? ", resuming after statement " + step.resumeFrom() : ""));
            for (SqlStatement st : step.remaining()) {
                out.println(st.sql() + ";");
            }
        }
        out.flush();
    }
}
