package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.config.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "manor", mixinStandardHelpOptions = true, versionProvider = ManorCommand.Version.class,
        description = "Deploys PostgreSQL schema changes safely: zero downtime, rollback proven, data kept.",
        subcommands = {
                NewCommand.class, DeployCommand.class, StatusCommand.class, RollbackCommand.class,
                ResolveCommand.class, ResetCommand.class, SeedCommand.class, LogCommand.class, DbCommand.class,
                TestCommand.class, AnalyzeCommand.class, BackfillCommand.class,
                BackupCommand.class, BackupsCommand.class, RestoreCommand.class, ChecklistCommand.class,
                CommandLine.HelpCommand.class})
public final class ManorCommand implements Runnable {
    @Option(names = "-C", paramLabel = "<dir>", description = "Run as if started in <dir> (like git -C).")
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

    static CommandLine commandLine() {
        ManorCommand root = new ManorCommand();
        CommandLine cl = new CommandLine(root);
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
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String hint = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("manor: " + ex.getMessage().lines().findFirst().orElse("") + " (see '" + hint + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"manor " + dev.manor.history.Actor.current().manorVersion()};
        }
    }
}
