package dev.manor;

/**
 * A migration statement failed on the server. A transactional migration was rolled back; a
 * {@code -- manor:no-transaction} migration stopped after its last completed statement, which the next deploy
 * resumes after. The failure is recorded in the history as {@code failed}.
 */
public class MigrationFailedException extends ManorException {
    /** The migration concerned, or null. */
    private final String migrationId;
    /** The failed script. */
    private final String file;
    /** Where in the script, 0 if unknown. */
    private final int line;
    /** PostgreSQL's error code, or null. */
    private final String sqlState;

    /**
     * A failure of {@code file} at {@code line}.
     *
     * @param message     one line: file, line, PostgreSQL's words
     * @param migrationId the failed migration's id, or null when the seed file failed
     * @param file        the script, relative to the project, e.g. {@code migrations/20240101_init/migration.sql}
     * @param line        line in {@code file} where the failing statement (or the error in it) is; 0 if unknown
     * @param sqlState    PostgreSQL's SQLSTATE code, or null
     * @param cause       the driver's exception
     */
    public MigrationFailedException(String message, String migrationId, String file, int line, String sqlState,
                                    Throwable cause) {
        super(message, cause);
        this.migrationId = migrationId;
        this.file = file;
        this.line = line;
        this.sqlState = sqlState;
    }

    /**
     * The failed migration.
     *
     * @return its id (the folder name's timestamp part), or null for the seed file
     */
    public String migrationId() {
        return migrationId;
    }

    /**
     * The failed script.
     *
     * @return its path relative to the project
     */
    public String file() {
        return file;
    }

    /**
     * Where in {@link #file()} it failed.
     *
     * @return a 1-based line number, or 0 when the failure is not tied to a statement (e.g. at COMMIT)
     */
    public int line() {
        return line;
    }

    /**
     * PostgreSQL's error code.
     *
     * @return the SQLSTATE (e.g. {@code 23505}), or null when none was reported
     */
    public String sqlState() {
        return sqlState;
    }
}
