package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.config.Database;
import dev.manor.history.HistorySetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;

@Command(name = "history", description = "'manor history setup --owner <role> --deployer <role>': give the history"
        + " schema to an owner role of its own, so the deploy role can add to the log but not rewrite it"
        + " (run it connected as a superuser; see docs/history.md).")
final class HistoryCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "setup", description = "The action; only 'setup' for now.")
    String action;

    @Option(names = "--owner", required = true, description = "The role that will own the history tables (NOLOGIN).")
    String owner;

    @Option(names = "--deployer", required = true, description = "The role Manor deploys as: may read, add events,"
            + " and update manor_migrations.")
    String deployer;

    @Option(names = "--print", description = "Print the ownership and grant statements instead of running them.")
    boolean print;

    @Override
    int run(Session session) throws Exception {
        if (!"setup".equals(action)) {
            throw new ManorException("unknown history action '" + action + "'; use 'manor history setup'");
        }
        String schema = session.config().manor().historySchema();
        HistorySetup setup = new HistorySetup(schema, owner, deployer);
        if (print) {
            out().println("-- after the history tables exist (any Manor command creates them); as a superuser");
            setup.statements().forEach(sql -> out().println(sql + ";"));
            return ExitCodes.OK;
        }
        try (Connection c = Database.of(session.connection()).connect()) {
            setup.apply(c);
        }
        spec.commandLine().getErr().println("history schema " + schema + " is now owned by " + owner + "; " + deployer
                + " may read it, add events and keep manor_migrations, but not change or remove events");
        return ExitCodes.OK;
    }
}
