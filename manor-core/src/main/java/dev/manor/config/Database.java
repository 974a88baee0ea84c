package dev.manor.config;

import dev.manor.ManorException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Where Manor gets its connections: JDBC settings or an application's DataSource. */
public interface Database {
    Connection open() throws SQLException;

    /** Safe to print: never contains a password. */
    String describe();

    /** The secret to scrub from messages, if known. */
    default String secret() {
        return null;
    }

    /** How long opening a connection may take; also how long {@link dev.manor.deploy.ServerWatch} waits for an answer. */
    default Duration connectTimeout() {
        return ConnectionSettings.DEFAULT_CONNECT_TIMEOUT;
    }

    /** Where the server is, for "cannot reach" messages. */
    default String address() {
        return describe();
    }

    static Database of(ConnectionSettings settings) {
        return new Database() {
            @Override
            public Connection open() throws SQLException {
                return DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties());
            }

            @Override
            public String describe() {
                return settings.describe();
            }

            @Override
            public String secret() {
                return settings.effectivePassword();
            }

            @Override
            public Duration connectTimeout() {
                return settings.effectiveConnectTimeout();
            }

            @Override
            public String address() {
                return settings.host() + ":" + settings.port();
            }
        };
    }

    static Database of(DataSource dataSource, String description) {
        return new Database() {
            @Override
            public Connection open() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** Opens a connection or fails with one line that says why (refused, bad password, no database). */
    default Connection connect() {
        try {
            return open();
        } catch (SQLException e) {
            if (timedOut(e)) {
                throw new ManorException("cannot reach the database at " + address() + " within "
                        + Durations.format(connectTimeout()) + " (it accepted no connection, or did not answer as"
                        + " PostgreSQL; raise connect_timeout if it is only slow)", e);
            }
            String first = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("").replaceFirst("^(FATAL|ERROR): ", "");
            throw new ManorException("cannot connect to " + describe() + ": " + Secrets.mask(first, secret()), e);
        }
    }

    /** pgjdbc's login timeout ("Connection attempt timed out.") or a socket timeout underneath. */
    static boolean timedOut(SQLException e) {
        if (e.getMessage() != null && e.getMessage().contains("timed out")) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
