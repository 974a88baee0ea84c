package dev.manor.config;

import dev.manor.ManorException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where Manor gets its connections: JDBC settings or an application's DataSource. */
public interface Database {
    Connection open() throws SQLException;

    /** Safe to print: never contains a password. */
    String describe();

    /** The secret to scrub from messages, if known. */
    default String secret() {
        return null;
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
            String first = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("").replaceFirst("^(FATAL|ERROR): ", "");
            throw new ManorException("cannot connect to " + describe() + ": " + Secrets.mask(first, secret()), e);
        }
    }
}
