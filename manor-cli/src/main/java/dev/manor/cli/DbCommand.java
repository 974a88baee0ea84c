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

    ProjectServer server() {
        ProjectConfig config = ProjectConfig.resolve(root.projectDir(), Overrides.none(), System.getenv());
        return new ProjectServer(config.projectDir(), config.embeddedVersion());
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
            ProjectServer.Started s = db.server().start();
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

    @Command(name = "status", description = "Say whether it runs, with pid and port; exit 1 when stopped.")
    static final class Status extends Sub {
        @Override
        public Integer call() {
            ProjectServer server = db.server();
            var running = server.running();
            if (running.isEmpty()) {
                out().println("stopped (data in " + server.dataDir() + ")");
                return ExitCodes.FAILED;
            }
            out().println("running: pid " + running.get().pid() + ", port " + running.get().port() + ", PostgreSQL "
                    + server.major() + ", data in " + server.dataDir());
            return ExitCodes.OK;
        }
    }

    @Command(name = "url", description = "Print a JDBC URL and a libpq URL (for psql and friends); starts it if needed.")
    static final class Url extends Sub {
        @Override
        public Integer call() {
            ProjectServer.Started s = db.server().start();
            out().println(s.server().jdbcUrl());
            out().println(s.server().libpqUrl());
            return ExitCodes.OK;
        }
    }
}
