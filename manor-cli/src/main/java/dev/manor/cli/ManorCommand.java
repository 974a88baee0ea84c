package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.config.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

// scope INHERIT gives every subcommand, at every depth, its own -h/--help (and -V/--version).
// The subcommands are added by commandLine(String...), not listed here: see there why.
@Command(name = "manor", mixinStandardHelpOptions = true, versionProvider = ManorCommand.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Deploys PostgreSQL schema changes safely: zero downtime, rollback proven, data kept.")
public final class ManorCommand implements Runnable {
    /** Every subcommand, in the order 'manor --help' lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            InitCommand.class, NewCommand.class, DeployCommand.class, StatusCommand.class, RollbackCommand.class,
            ResolveCommand.class, ResetCommand.class, SeedCommand.class, LogCommand.class, DbCommand.class,
            TestCommand.class, AnalyzeCommand.class, DiffCommand.class, BackfillCommand.class, ImportCommand.class,
            BaselineCommand.class, DownCommand.class,
            BackupCommand.class, BackupsCommand.class, RestoreCommand.class, ChecklistCommand.class, HistoryCommand.class,
            ConfirmCommand.class, HelpCommand.class);

    @Option(names = "-C", paramLabel = "<dir>", description = "Run as if started in <dir> (like git -C); before or after the command.",
            scope = CommandLine.ScopeType.INHERIT)
    Path directory;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** The project folder: -C if given, else the working directory. */
    public Path projectDir() {
        return (directory == null ? Path.of("") : directory).toAbsolutePath().normalize();
    }

    /** The whole command tree, every subcommand included (help, tests). */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for one command line: the subcommands that {@code args} names, or every one when it names
     * none (bare 'manor', 'manor --help', a typo that picocli then answers with suggestions) or names 'help', and
     * none for 'manor --version'.
     * picocli builds a subcommand's model, by reflection, when it is added, and building all of them took about
     * 0.25 s of every run on a 2-core machine, most of it for commands the run never uses. A subcommand is added
     * when any argument equals its name, so an option value that happens to be a command name only adds one more.
     */
    static CommandLine commandLine(String... args) {
        Set<String> named = new HashSet<>(Arrays.asList(args));
        List<Class<?>> chosen = SUBCOMMANDS.stream()
                .filter(c -> named.contains(c.getAnnotation(Command.class).name())).toList();
        boolean versionOnly = chosen.isEmpty() && (named.contains("-V") || named.contains("--version"));
        if (!versionOnly && (chosen.isEmpty() || chosen.contains(HelpCommand.class))) {
            chosen = SUBCOMMANDS;
        }
        ManorCommand root = new ManorCommand();
        CommandLine cl = new CommandLine(root);
        for (Class<?> sub : chosen) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof ManorException || ex instanceof dev.manor.embedded.EmbeddedPostgresException) {
                err.println("manor: " + Secrets.maskUrl(ex.getMessage())
                        + (ex instanceof dev.manor.GateRefusedException g ? DeployCommand.hint(g) : ""));
            } else {
                err.println("manor: unexpected error: " + Secrets.maskUrl(String.valueOf(ex))
                        + (root.verbose ? "" : " (run with --verbose for details)"));
            }
            if (root.verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.FAILED;
        });
        cl.setParameterExceptionHandler((ex, unparsed) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String hint = ex.getCommandLine().getCommandSpec().qualifiedName();
            String misplaced = misplacedDatabaseOption(ex);
            err.println("manor: " + (misplaced != null ? misplaced : ex.getMessage().lines().findFirst().orElse(""))
                    + " (see '" + hint + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /** "manor --env prod deploy": say where database options go instead of "unknown option". */
    private static String misplacedDatabaseOption(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || ex.getCommandLine().getParent() != null
                || u.getUnmatched().isEmpty()) {
            return null;
        }
        String option = u.getUnmatched().get(0).split("=", 2)[0];
        boolean database = CommandLine.Model.CommandSpec.forAnnotatedObject(new ProjectOptions()).optionsMap()
                .containsKey(option);
        return database ? option + " goes after the command name, e.g. 'manor deploy " + option + " ...'"
                + " (only -C and --verbose go before it)" : null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"manor " + dev.manor.history.Actor.current().manorVersion()};
        }
    }
}
