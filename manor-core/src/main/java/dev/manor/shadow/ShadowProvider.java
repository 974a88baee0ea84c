package dev.manor.shadow;

import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Hands out throwaway databases: on a private embedded server by default, or on a server the user
 * names with --shadow-url. Each {@link Shadow} is created fresh and dropped on close.
 */
public final class ShadowProvider implements AutoCloseable {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String EMBEDDED_CLASS = "dev.manor.embedded.ThrowawayServer";
    static final String NO_EMBEDDED = "no embedded PostgreSQL on the classpath: add dev.manor:manor-embedded or"
            + " configure a url";

    private final ConnectionSettings server;
    /** Never a type of manor-embedded here: this class must load without that optional module. */
    private final EmbeddedShadowServer embedded;

    private ShadowProvider(ConnectionSettings server, EmbeddedShadowServer embedded) {
        this.server = server;
        this.embedded = embedded;
    }

    /** Shadows on a private embedded PostgreSQL of the given major (or the nearest bundled one). */
    public static ShadowProvider embedded(int major) {
        requireEmbedded();
        EmbeddedShadowServer s = EmbeddedShadowServer.start(major);
        return new ShadowProvider(new ConnectionSettings(s.jdbcUrl(), null, null), s);
    }

    /** The embedded server is an optional module: without it, one line instead of a NoClassDefFoundError. */
    public static void requireEmbedded() {
        try {
            Class.forName(EMBEDDED_CLASS, false, ShadowProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ManorException(NO_EMBEDDED);
        }
    }

    /** Shadows on the server behind {@code settings} (its database is where Manor connects to create them). */
    public static ShadowProvider on(ConnectionSettings settings) {
        return new ShadowProvider(settings, null);
    }

    public static int nearestBundled(int major) {
        requireEmbedded();
        return EmbeddedShadowServer.nearestBundled(major);
    }

    /** The server major the shadows run on. */
    public int major() {
        if (embedded != null) {
            return embedded.major();
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.driverProperties());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new ManorException("cannot reach the shadow server " + server.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fresh empty database for {@code managedSchemas}. Without the right to create databases it
     * falls back to a fresh schema in the shadow URL's database, which works when the project
     * manages the single schema public and its migrations do not name it.
     */
    public Shadow create(List<String> managedSchemas) {
        String name = "manor_shadow_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.driverProperties());
             Statement s = c.createStatement()) {
            try {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw e;
                }
                return schemaShadow(c, name, managedSchemas);
            }
            ConnectionSettings db = server.withDatabase(name);
            try (Connection shadow = DriverManager.getConnection(db.jdbcUrl(), db.driverProperties());
                 Statement st = shadow.createStatement()) {
                for (String schema : managedSchemas) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema.replace("\"", "\"\"") + "\"");
                }
            }
            return new Shadow(db, managedSchemas, "manor", null, () -> dropDatabase(name));
        } catch (SQLException e) {
            throw new ManorException("cannot create a shadow database on " + server.describe() + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private Shadow schemaShadow(Connection c, String name, List<String> managedSchemas) throws SQLException {
        if (!managedSchemas.equals(List.of("public"))) {
            throw new ManorException("no right to CREATE DATABASE on " + server.describe() + ", and the schema-per-run "
                    + "fallback only works for projects that manage the single schema public; grant CREATEDB or use the "
                    + "embedded shadow");
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
            s.execute("CREATE SCHEMA " + name + "_history");
        }
        String url = server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + name;
        ConnectionSettings settings = new ConnectionSettings(url, server.user(), server.password());
        return new Shadow(settings, List.of(name), name + "_history",
                "no right to CREATE DATABASE: using schema " + name + " in " + server.database() + " instead",
                () -> dropSchemas(name));
    }

    private void dropDatabase(String name) {
        exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void dropSchemas(String name) {
        exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        exec("DROP SCHEMA IF EXISTS " + name + "_history CASCADE");
    }

    private void exec(String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.driverProperties());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new ManorException("could not clean up the shadow (" + sql + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
