package dev.manor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Plumbing every database command shares: the project options, a session and the output stream. */
abstract class ProjectCommand implements Callable<Integer> {
    @ParentCommand
    ManorCommand root;

    @Mixin
    ProjectOptions project;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public final Integer call() throws Exception {
        try (Session session = Session.open(root, project, out())) {
            return run(session);
        }
    }

    abstract int run(Session session) throws Exception;
}
