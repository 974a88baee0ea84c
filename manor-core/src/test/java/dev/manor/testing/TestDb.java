package dev.manor.testing;

import dev.manor.embedded.ThrowawayServer;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh database on a shared test server; dropped on close. */
public final class TestDb implements AutoCloseable {
    private final ThrowawayServer server;
    private final String name;

    TestDb(ThrowawayServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** A new empty database on a server of the test's own (one started with settings the shared ones lack). */
    public static TestDb on(ThrowawayServer server) {
        return new TestDb(server, server.createDatabase("t"));
    }

    public String name() {
        return name;
    }

    public int major() {
        return server.major();
    }

    public ThrowawayServer server() {
        return server;
    }

    public String url() {
        return server.jdbcUrl(name);
    }

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        return ds;
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    public void exec(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row, or null. */
    public Object queryOne(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.dropDatabase(name);
    }

    @Override
    public String toString() {
        return "PostgreSQL " + major() + " / " + name;
    }
}
