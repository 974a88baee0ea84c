package dev.manor.backup;

import dev.manor.config.ConnectionSettings;
import dev.manor.config.Secrets;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** How Manor reaches a server: over JDBC for queries, and as arguments plus environment for the client tools. */
final class ClientConnection {
    private ClientConnection() {
    }

    static Connection open(ConnectionSettings settings) {
        try {
            return DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties());
        } catch (SQLException e) {
            throw new BackupException("cannot connect to " + settings.describe() + ": " + masked(e, settings), e);
        }
    }

    /** An SQL error message with the settings' password masked, for exception messages. */
    static String masked(SQLException e, ConnectionSettings settings) {
        return ChildProcess.oneLine(Secrets.mask(String.valueOf(e.getMessage()), settings.effectivePassword()));
    }

    /** Connection arguments for pg_dump/pg_restore; the password is deliberately absent (see {@link #env}). */
    static List<String> toolArgs(ConnectionSettings settings) {
        List<String> args = new ArrayList<>();
        args.add("--host=" + settings.host());
        args.add("--port=" + settings.port());
        String user = settings.effectiveUser();
        if (user != null) {
            args.add("--username=" + user);
        }
        args.add("--dbname=" + settings.database());
        // Never wait for a password prompt nobody can answer.
        args.add("--no-password");
        return args;
    }

    /** Environment for the child: the password goes here, never on the command line where ps would show it. */
    static Map<String, String> env(ConnectionSettings settings) {
        Map<String, String> env = new HashMap<>();
        String password = settings.effectivePassword();
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        Properties url = Driver.parseURL(settings.jdbcUrl(), null);
        if (url != null && url.getProperty("sslmode") != null) {
            env.put("PGSSLMODE", url.getProperty("sslmode"));
        }
        env.put("PGAPPNAME", "manor");
        env.put("PGCONNECT_TIMEOUT", "30");
        return env;
    }
}
