package dev.manor.config;

import dev.manor.ManorException;
import org.postgresql.Driver;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a database is and how to log in. The password never appears in {@link #toString()} or in
 * {@link #describe()}; pass it to child processes through the environment (PGPASSWORD), never argv.
 *
 * @param connectTimeout how long opening a connection may take, TCP connect and login together
 *                       ({@code connect_timeout} in an [env] table of manor.toml, {@code --connect-timeout},
 *                       MANOR_CONNECT_TIMEOUT; default 10s). Without it a port that accepts TCP but never answers
 *                       (a wrong port, a hung proxy) would hang Manor forever. A {@code connectTimeout} or
 *                       {@code loginTimeout} parameter in the URL wins.
 */
public record ConnectionSettings(String jdbcUrl, String user, String password, Duration connectTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ConnectionSettings(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, null);
    }

    public ConnectionSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new ManorException("connect_timeout must be positive (it is how long to wait for the server to "
                    + "answer); got " + Durations.format(connectTimeout));
        }
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
        // Sends application_name in the startup packet instead of a SET round trip after every login.
        p.setProperty("assumeMinServerVersion", "9.4");
        // pgjdbc takes whole seconds; properties are defaults that the URL's own parameters override.
        String seconds = Long.toString(Math.max(1, (connectTimeout.toMillis() + 999) / 1000));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        // Lets the OS notice a dead peer on an idle connection (after its keepalive time, often 2 h); a partition
        // during a statement is caught sooner by dev.manor.deploy.ServerWatch.
        p.setProperty("tcpKeepAlive", "true");
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
        return new ConnectionSettings(prefix + database + query, user, password, connectTimeout);
    }

    /** The same settings with another connect timeout (null: the default). */
    public ConnectionSettings withConnectTimeout(Duration timeout) {
        return new ConnectionSettings(jdbcUrl, user, password, timeout);
    }

    /** The connect timeout in effect: the URL's connectTimeout/loginTimeout (seconds) if set there, else ours. */
    public Duration effectiveConnectTimeout() {
        Properties url = parsed();
        String fromUrl = url.getProperty("loginTimeout", url.getProperty("connectTimeout"));
        try {
            return fromUrl == null ? connectTimeout : Duration.ofSeconds(Long.parseLong(fromUrl.trim()));
        } catch (NumberFormatException e) {
            return connectTimeout;
        }
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
