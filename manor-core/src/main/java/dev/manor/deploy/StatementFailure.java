package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.MigrationFailedException;
import dev.manor.migration.SqlStatement;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** Turns a failed statement into one line: file, line (at the error's position), and PostgreSQL's words. */
public final class StatementFailure {
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String DEADLOCK = "40P01";
    static final String ACTIVE_SQL_TRANSACTION = "25001";

    private StatementFailure() {
    }

    public static boolean isLockTimeout(SQLException e) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
    }

    /** A failure of the seed file (no migration). */
    static ManorException describe(String file, SqlStatement st, SQLException e) {
        return describe(null, file, st, e);
    }

    public static ManorException describe(String migrationId, String file, SqlStatement st, SQLException e) {
        int line = st.line();
        String message = e.getMessage();
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage sem = pe.getServerErrorMessage();
            message = sem.getMessage();
            if (sem.getPosition() > 0 && sem.getPosition() <= st.sql().length()) {
                line += (int) st.sql().substring(0, sem.getPosition() - 1).chars().filter(ch -> ch == '\n').count();
            }
            if (sem.getDetail() != null) {
                message += " (" + sem.getDetail() + ")";
            }
        }
        if (ACTIVE_SQL_TRANSACTION.equals(e.getSQLState())) {
            message += ". This statement cannot run inside a transaction: put \"-- manor:no-transaction\" at the top of "
                    + file + " and Manor runs it statement by statement, journaling each one";
        }
        return new MigrationFailedException(file + ":" + line + ": " + message + " [in: " + st.summary() + "]",
                migrationId, file, line, e.getSQLState(), e);
    }
}
