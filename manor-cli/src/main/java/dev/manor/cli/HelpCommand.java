package dev.manor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code manor help [<command> [<subcommand>...]]}: picocli's own help command stops at the first level. */
@Command(name = "help", helpCommand = true,
        description = "Show the help of a command or subcommand, e.g. 'manor help test rollback'.")
final class HelpCommand implements Callable<Integer>, CommandLine.IHelpCommandInitializable2 {
    @Parameters(paramLabel = "<command>", arity = "0..*", description = "The command path, e.g. 'db status'.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;
    private PrintWriter err;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
                     PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                err.println("manor: no command '" + (target.getCommandSpec().qualifiedName() + " " + name).substring(6)
                        + "' (see '" + target.getCommandSpec().qualifiedName() + " --help')");
                err.flush();
                return ExitCodes.USAGE;
            }
            target = sub;
        }
        target.usage(out, colors);
        out.flush();
        return ExitCodes.OK;
    }
}
