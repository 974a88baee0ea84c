package dev.manor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Plumbing every database command shares: the project options, a session and the output stream. */
abstract class ProjectCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The top-level command, whatever the nesting (manor test rollback, manor deploy). */
    ManorCommand root() {
        return (ManorCommand) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Progress, notices and warnings: stdout is data. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        try (Session session = Session.open(root(), project, out()).progressTo(err())) {
            return run(session);
        }
    }

    abstract int run(Session session) throws Exception;
}
