package dev.manor.migration;

/** A migration file Manor cannot run as written; the message names the file and line. */
public class MigrationFormatException extends dev.manor.ManorException {
    private final String file;
    private final int line;

    public MigrationFormatException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
