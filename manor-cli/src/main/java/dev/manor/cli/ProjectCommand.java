package dev.manor.cli;

import dev.manor.config.ProjectConfig;
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
        if (!needsDatabase()) {
            ProjectConfig config = ProjectConfig.resolve(root().projectDir(), project.overrides(), System.getenv());
            if (config.connection().isEmpty()) {
                return runWithoutDatabase(config);
            }
        }
        try (Session session = Session.open(root(), project, out(), err()).progressTo(err())) {
            return run(session);
        }
    }

    abstract int run(Session session) throws Exception;

    /** False when this invocation can do its work without a database (then the embedded one is not started). */
    boolean needsDatabase() {
        return true;
    }

    /** The work when {@link #needsDatabase()} is false and no database is configured. */
    int runWithoutDatabase(ProjectConfig config) throws Exception {
        throw new IllegalStateException(spec.qualifiedName() + " needs a database");
    }
}
