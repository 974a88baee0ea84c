package dev.manor.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** The {@code manor} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ManorCommand.commandLine(args).execute(args));
    }

    /** Runs one command line with the given streams and returns its exit code (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = ManorCommand.commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
