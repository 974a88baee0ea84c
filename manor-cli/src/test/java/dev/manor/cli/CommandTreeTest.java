package dev.manor.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** A run builds the models of the subcommands its arguments name, and still parses what it used to. */
class CommandTreeTest {

    @Test
    void aRunBuildsOnlyTheSubcommandsItsArgumentsName() {
        assertThat(ManorCommand.commandLine("deploy", "--dry-run").getSubcommands()).containsOnlyKeys("deploy");
        assertThat(ManorCommand.commandLine("-C", "some/dir", "status", "--no-drift").getSubcommands())
                .containsOnlyKeys("status");
        assertThat(ManorCommand.commandLine("db", "start").getSubcommands()).containsOnlyKeys("db");
        assertThat(ManorCommand.commandLine("db", "start").getSubcommands().get("db").getSubcommands())
                .containsKeys("start", "stop", "status", "url");
        assertThat(ManorCommand.commandLine("--version").getSubcommands()).isEmpty();
    }

    @Test
    void helpAndUnknownCommandsGetTheWholeTree() {
        int all = ManorCommand.SUBCOMMANDS.size();
        assertThat(ManorCommand.commandLine().getSubcommands()).hasSize(all);
        assertThat(ManorCommand.commandLine("--help").getSubcommands()).hasSize(all);
        assertThat(ManorCommand.commandLine("help", "deploy").getSubcommands()).hasSize(all);
        assertThat(ManorCommand.commandLine("deplyo").getSubcommands()).hasSize(all);
    }

    @Test
    void theSmallTreeParsesEveryCommandLineAsTheWholeTreeDoes() {
        String[][] lines = {
                {"-C", "status", "deploy", "--dry-run"}, // picocli takes no command name as an option value
                {"-C", "dir", "deploy", "--dry-run"},
                {"deploy", "-C", "dir", "--to", "20240101000000"},
                {"--verbose", "test", "rollback"},
                {"--env", "prod", "deploy"},
                {"status", "deploy"},
                {"db", "start", "stop"},
        };
        for (String[] line : lines) {
            assertThat(outcome(ManorCommand.commandLine(line), line)).as(String.join(" ", line))
                    .isEqualTo(outcome(ManorCommand.commandLine(), line));
        }
    }

    /** The path of commands parsed, or the parse error's message. */
    private static String outcome(CommandLine cl, String... args) {
        try {
            return cl.parseArgs(args).asCommandLineList().stream().map(c -> c.getCommandSpec().name()).toList()
                    .toString();
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    @Test
    void versionAndCommandHelpAnswerFromTheSmallTree() {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version")).isZero();
        assertThat(out.toString()).startsWith("manor ");
        out.getBuffer().setLength(0);
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "rollback", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: manor rollback");
    }
}
