package dev.manor.cli;

import dev.manor.DryRun;

import java.io.PrintWriter;

/** Prints a dry run: every statement that would run, in order, as SQL. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    /** The exact script the library renders: session settings, statements and bookkeeping, in order. */
    static void print(PrintWriter out, DryRun plan) {
        out.println();
        out.print(plan.script());
        out.flush();
    }
}
