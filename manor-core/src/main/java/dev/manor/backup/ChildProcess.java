package dev.manor.backup;

import dev.manor.config.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a PostgreSQL client tool, capturing stderr so a failure can be reported with the tool's own words. */
final class ChildProcess {
    /** Keeps exception messages readable even when a tool prints thousands of errors. */
    private static final int MAX_STDERR_IN_MESSAGE = 2000;

    record Outcome(int exitCode, String stdout, String stderr) {
    }

    private ChildProcess() {
    }

    /**
     * Runs the command with extra environment variables; stdout and stderr are captured.
     * The secret (a password passed only via the environment) is masked out of anything returned.
     */
    static Outcome run(List<String> command, Map<String, String> env, String secret) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // stderr is drained on its own thread so neither pipe can fill up and block the child.
            StreamCollector err = new StreamCollector(p.getErrorStream());
            err.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            err.join();
            return new Outcome(code, Secrets.mask(out, secret), Secrets.mask(err.text(), secret));
        } catch (IOException e) {
            throw new BackupException("could not run " + Path.of(command.get(0)).getFileName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs the command and throws a one-line exception naming what failed and the (masked) stderr. */
    static Outcome runOrThrow(String what, List<String> command, Map<String, String> env, String secret) {
        Outcome o = run(command, env, secret);
        if (o.exitCode() != 0) {
            throw new BackupException(what + " failed (" + Path.of(command.get(0)).getFileName() + " exit code "
                    + o.exitCode() + "): " + oneLine(o.stderr()));
        }
        return o;
    }

    /** Tool output folded onto one line and shortened, for an exception message. */
    static String oneLine(String text) {
        String folded = text.strip().replaceAll("\\s*\\R\\s*", " | ");
        if (folded.isEmpty()) {
            return "(no error output)";
        }
        return folded.length() > MAX_STDERR_IN_MESSAGE ? folded.substring(0, MAX_STDERR_IN_MESSAGE) + " ..." : folded;
    }

    private static final class StreamCollector extends Thread {
        private final InputStream in;
        private volatile String text = "";

        StreamCollector(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(could not read error output: " + e.getMessage() + ")";
            }
        }

        String text() {
            return text;
        }
    }
}
