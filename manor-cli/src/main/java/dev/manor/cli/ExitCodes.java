package dev.manor.cli;

/** Exit codes shared by every command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation failed or was refused, or (for status/analyze/test) found problems. */
    public static final int FAILED = 1;
    /** The command line itself was wrong. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
