package dev.manor.cli;

import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import dev.manor.embedded.ProjectServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;

@Command(name = "db", description = "Manage the project's embedded PostgreSQL under .manor/.",
        subcommands = {DbCommand.Start.class, DbCommand.Stop.class, DbCommand.Status.class, DbCommand.Url.class})
final class DbCommand {
    @ParentCommand
    ManorCommand root;

    ProjectConfig config() {
        return ProjectConfig.resolve(root.projectDir(), Overrides.none(), System.getenv());
    }

    ProjectServer server() {
        ProjectConfig config = config();
        return new ProjectServer(config.projectDir(), config.embeddedVersion());
    }

    /** For start and url, which create the cluster on first use: only in a folder with migrations. */
    ProjectServer serverToStart() {
        Session.requireProject(config());
        return server();
    }

    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "start", description = "Start it and leave it running (data is kept in .manor/pgdata).")
    static final class Start extends Sub {
        @Override
        public Integer call() {
            ProjectServer.Started s = db.serverToStart().start();
            out().println((s.startedNow() ? "Started" : "Already running:") + " embedded PostgreSQL, pid "
                    + s.server().pid() + ", port " + s.server().port());
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", description = "Stop it (fast shutdown; data is kept).")
    static final class Stop extends Sub {
        @Override
        public Integer call() {
            out().println(db.server().stop() ? "Stopped the embedded PostgreSQL." : "The embedded PostgreSQL was not running.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Say whether it runs (pid, port), which PostgreSQL major and why;"
            + " exit 1 when stopped.")
    static final class Status extends Sub {
        @Override
        public Integer call() {
            ProjectConfig config = db.config();
            ProjectServer server = new ProjectServer(config.projectDir(), config.embeddedVersion());
            var running = server.running();
            if (running.isEmpty()) {
                out().println("stopped (data in " + server.dataDir() + ")");
            } else {
                out().println("running: pid " + running.get().pid() + ", port " + running.get().port() + ", data in "
                        + server.dataDir());
            }
            out().println("PostgreSQL " + config.embedded().major() + ": " + config.embedded().reason() + ".");
            return running.isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    @Command(name = "url", description = "Print a JDBC URL and a libpq URL (for psql and friends); starts it if needed.")
    static final class Url extends Sub {
        @Override
        public Integer call() {
            ProjectServer.Started s = db.serverToStart().start();
            out().println(s.server().jdbcUrl());
            out().println(s.server().libpqUrl());
            return ExitCodes.OK;
        }
    }
}
