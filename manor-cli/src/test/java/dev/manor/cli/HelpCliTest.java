package dev.manor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI explains itself: every command and subcommand answers --help, -h and 'manor help <path>'. */
class HelpCliTest {
    @TempDir
    Path tmp;

    /** Every command path of the tree, e.g. [test, rollback], with its options. */
    private static Map<List<String>, CommandLine> tree() {
        Map<List<String>, CommandLine> all = new LinkedHashMap<>();
        walk(ManorCommand.commandLine(), new ArrayList<>(), all);
        return all;
    }

    private static void walk(CommandLine cl, List<String> path, Map<List<String>, CommandLine> all) {
        all.put(List.copyOf(path), cl);
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            walk(sub, next, all);
        });
    }

    /** Help needs no fresh model per run: one command line, reused (picocli resets it per parse), keeps this fast. */
    private final CommandLine shared = ManorCommand.commandLine();

    private Cli run(List<String> path, String... more) {
        List<String> args = new ArrayList<>(path);
        args.addAll(List.of(more));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        shared.setOut(new java.io.PrintWriter(out));
        shared.setErr(new java.io.PrintWriter(err));
        int code = shared.execute(args.toArray(String[]::new));
        shared.getOut().flush();
        shared.getErr().flush();
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandAnswersHelpWithItsOptions() {
        Map<List<String>, CommandLine> tree = tree();
        assertThat(tree.keySet()).contains(List.of("deploy"), List.of("test", "rollback"), List.of("test", "perf"),
                List.of("test", "incremental"), List.of("db", "status"), List.of("init"));
        for (var e : tree.entrySet()) {
            List<String> path = e.getKey();
            for (String flag : new String[] {"--help", "-h"}) {
                Cli help = run(path, flag);
                assertThat(help.code()).as(path + " " + flag + ": " + help.err()).isZero();
                assertThat(help.out()).as(path + " " + flag).contains("Usage: manor");
                for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                    if (!o.hidden()) {
                        String shown = o.negatable() ? o.longestName().replaceFirst("^--", "--[no-]") : o.longestName();
                        assertThat(help.out()).as(path + " lists " + shown).contains(shown);
                    }
                }
            }
        }
        assertThat(tmp.resolve(".manor")).doesNotExist();
    }

    @Test
    void helpCommandShowsTheSubcommandNotItsParent() {
        for (var e : tree().entrySet()) {
            List<String> args = new ArrayList<>(List.of("help"));
            args.addAll(e.getKey());
            Cli viaHelp = run(args);
            assertThat(viaHelp.code()).as(args + viaHelp.err()).isZero();
            assertThat(viaHelp.out()).as(String.valueOf(args)).isEqualTo(run(e.getKey(), "--help").out());
        }
        assertThat(run(List.of("help", "test", "rollback")).out()).contains("Usage: manor test rollback").contains("--rows");
        Cli unknown = run(List.of("help", "test", "rolback"));
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no command 'test rolback'");
    }

    @Test
    void dashCAndVerboseGoBeforeOrAfterTheCommand() throws Exception {
        Files.createDirectories(tmp.resolve("migrations"));
        Cli after = Cli.run("new", "add_thing", "-C", tmp.toString());
        assertThat(after.code()).as(after.err()).isZero();
        try (var dirs = Files.list(tmp.resolve("migrations"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).toList()).singleElement().asString().endsWith("_add_thing");
        }
        Cli verboseAfter = Cli.run("status", "-C", tmp.toString(), "--verbose", "--url", "jdbc:postgresql://127.0.0.1:1/x");
        assertThat(verboseAfter.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(verboseAfter.err()).contains("\tat ");

        Cli before = Cli.run("--env", "prod", "deploy");
        assertThat(before.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(before.err()).contains("--env goes after the command name");
    }
}
