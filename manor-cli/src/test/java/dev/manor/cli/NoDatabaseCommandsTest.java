package dev.manor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that need no database start none: run in a JVM of their own whose temp folder, user cache and project
 * are fresh, then nothing a PostgreSQL start leaves (zonky's unpacked binaries and data folders in the temp folder,
 * an initdb template in the cache, .manor/pgdata, a postgres process naming those folders) may be there.
 */
class NoDatabaseCommandsTest {
    private static final String NEXT = "--next--";

    @TempDir
    Path tmp;

    /** Runs each NEXT-separated command line in this JVM, printing each exit code on stdout. */
    public static void main(String[] args) {
        List<String> one = new ArrayList<>();
        for (String a : Arrays.copyOf(args, args.length + 1)) {
            if (a == null || a.equals(NEXT)) {
                int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                        one.toArray(String[]::new));
                System.out.println(String.join(" ", one) + " -> " + code);
                one.clear();
            } else {
                one.add(a);
            }
        }
    }

    @Test
    void initNewStaticAnalysisHelpVersionAndBadArgumentsStartNoPostgres() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        Path cache = tmp.resolve("cache");
        String p = project.toString();
        List<String> commands = List.of("-C", p, "init", NEXT, "-C", p, "new", "add_note", NEXT,
                "-C", p, "analyze", "--static", NEXT, "--help", NEXT, "help", "status", NEXT, "-C", p, "status", "--help",
                NEXT, "--version", NEXT, "-C", p, "frobnicate", NEXT, "-C", p, "status", "--lock-timeout", "0", NEXT,
                "-C", p, "deploy", "--bogus", NEXT, "-C", p, "analyze", "--format", "yaml");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + javaTmp, "-cp", System.getProperty("java.class.path"),
                NoDatabaseCommandsTest.class.getName()));
        cmd.addAll(commands);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile());
        pb.environment().put("MANOR_CACHE_DIR", cache.toString());
        pb.environment().remove("DATABASE_URL");
        pb.environment().remove("MANOR_URL");
        Process run = pb.start();
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(tmp.resolve("out.txt"));
        assertThat(run.exitValue()).as(out).isZero();

        assertThat(out.lines()).as(out).hasSize(11)
                .contains("-C " + p + " init -> 0", "-C " + p + " new add_note -> 0",
                        "--help -> 0", "--version -> 0", "-C " + p + " frobnicate -> 2", "-C " + p + " deploy --bogus -> 2");
        // The new migration is still a placeholder, which the analysis reports (1), having read it without a database.
        assertThat(out.lines()).contains("-C " + p + " analyze --static -> 1");
        assertThat(project.resolve("manor.toml")).isRegularFile(); // the commands did run
        assertThat(project.resolve(".manor")).as("no project cluster").doesNotExist();
        try (var left = Files.list(javaTmp)) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .as("no unpacked PostgreSQL or data folder").noneMatch(n -> n.contains("embedded-pg") || n.startsWith("manor-pg"));
        }
        assertThat(cache).as("no initdb template made").doesNotExist();
        assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse("")))
                .as("no postgres of this test").noneMatch(c -> c.contains(tmp.toString()));
    }
}
