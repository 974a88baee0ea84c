package dev.manor.config;

import dev.manor.ManorException;
import org.postgresql.Driver;

import java.util.Objects;
import java.util.Properties;

/**
 * Where a database is and how to log in. The password never appears in {@link #toString()} or in
 * {@link #describe()}; pass it to child processes through the environment (PGPASSWORD), never argv.
 */
public record ConnectionSettings(String jdbcUrl, String user, String password) {
    public ConnectionSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ManorException("not a PostgreSQL JDBC URL (it must start with jdbc:postgresql:): "
                    + Secrets.maskUrl(jdbcUrl));
        }
    }

    /** Properties for {@link java.sql.DriverManager}: user and password when set. */
    public Properties driverProperties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "manor");
        return p;
    }

    private Properties parsed() {
        Properties p = Driver.parseURL(jdbcUrl, null);
        if (p == null) {
            throw new ManorException("cannot read JDBC URL " + Secrets.maskUrl(jdbcUrl));
        }
        return p;
    }

    public String host() {
        return parsed().getProperty("PGHOST", "localhost").split(",")[0];
    }

    public int port() {
        return Integer.parseInt(parsed().getProperty("PGPORT", "5432").split(",")[0]);
    }

    public String database() {
        return parsed().getProperty("PGDBNAME");
    }

    /** The user to log in as: the explicit one, else the one inside the URL. */
    public String effectiveUser() {
        return user != null ? user : parsed().getProperty("user");
    }

    /** The password to use: the explicit one, else the one inside the URL (may be null). */
    public String effectivePassword() {
        return password != null ? password : parsed().getProperty("password");
    }

    /** The same server and credentials, another database on it. */
    public ConnectionSettings withDatabase(String database) {
        String prefix = "jdbc:postgresql://" + host() + ":" + port() + "/";
        int q = jdbcUrl.indexOf('?');
        String query = q >= 0 ? jdbcUrl.substring(q) : "";
        return new ConnectionSettings(prefix + database + query, user, password);
    }

    /** A description safe to print: URL with any password masked, and the user. */
    public String describe() {
        String u = effectiveUser();
        return Secrets.maskUrl(jdbcUrl) + (u != null && user != null ? " as " + u : "");
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + "]";
    }
}
