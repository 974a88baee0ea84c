package dev.manor.history;

import dev.manor.ManorException;
import dev.manor.deploy.backfill.BackfillStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Gives the history schema to an owner role of its own, and the deploy role only what deploys need: it adds events
 * but cannot change them, disable their triggers, replace the trigger functions, alter or drop the tables. The
 * owner should be a NOLOGIN role that the deploy role is not a member of; run this as a superuser or a member of
 * the owner role. Statement by statement in docs/history.md.
 */
public final class HistorySetup {
    private final String schema;
    private final String owner;
    private final String deployer;

    public HistorySetup(String schema, String owner, String deployer) {
        this.schema = schema;
        this.owner = owner;
        this.deployer = deployer;
    }

    /** The ownership and privilege statements, for a person to review or run (the tables must exist). */
    public List<String> statements() {
        String s = HistoryStore.quote(schema);
        String o = HistoryStore.quote(owner);
        String d = HistoryStore.quote(deployer);
        return List.of(
                "ALTER SCHEMA " + s + " OWNER TO " + o,
                "ALTER TABLE " + s + ".manor_events OWNER TO " + o,
                "ALTER TABLE " + s + ".manor_migrations OWNER TO " + o,
                "ALTER TABLE " + s + ".manor_backfills OWNER TO " + o,
                "ALTER TABLE " + s + ".manor_repeatables OWNER TO " + o,
                "ALTER FUNCTION " + s + ".manor_events_append_only() OWNER TO " + o,
                "ALTER FUNCTION " + s + ".manor_events_stamp() OWNER TO " + o,
                "REVOKE ALL ON SCHEMA " + s + " FROM PUBLIC, " + d,
                "REVOKE ALL ON ALL TABLES IN SCHEMA " + s + " FROM PUBLIC, " + d,
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA " + s + " FROM PUBLIC, " + d,
                "GRANT USAGE ON SCHEMA " + s + " TO " + d,
                // Evidence: read and append, nothing else.
                "GRANT SELECT, INSERT ON " + s + ".manor_events TO " + d,
                // State, not evidence: statuses change, reset empties it, backfills record progress.
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + s + ".manor_migrations, " + s + ".manor_backfills, " + s
                        + ".manor_repeatables TO " + d);
    }

    /**
     * Creates (or upgrades) the history tables, then hands them over, in one transaction after the refusals: an owner
     * that does not exist, a deploy role that is a superuser or a member of the owner (it could act as the owner).
     */
    public void apply(Connection c) throws SQLException {
        requireRoles(c);
        HistoryStore history = new HistoryStore(schema, null);
        history.ensureTables(c);
        new BackfillStore(schema).ensureTable(c);
        new dev.manor.repeatable.RepeatableStore(schema).ensureTable(c);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : statements()) {
                st.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private void requireRoles(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT count(*) FROM pg_roles WHERE rolname = ?),
                       (SELECT count(*) FROM pg_roles WHERE rolname = ?),
                       (SELECT rolsuper FROM pg_roles WHERE rolname = ?),
                       CASE WHEN ? IN (SELECT rolname FROM pg_roles) AND ? IN (SELECT rolname FROM pg_roles)
                            THEN pg_has_role(?, ?, 'MEMBER') END""")) {
            ps.setString(1, owner);
            ps.setString(2, deployer);
            ps.setString(3, deployer);
            ps.setString(4, owner);
            ps.setString(5, deployer);
            ps.setString(6, deployer);
            ps.setString(7, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    throw new ManorException("role " + owner + " does not exist; create it first: CREATE ROLE "
                            + HistoryStore.quote(owner) + " NOLOGIN");
                }
                if (rs.getLong(2) == 0) {
                    throw new ManorException("role " + deployer + " does not exist (the role Manor deploys as)");
                }
                if (rs.getBoolean(3)) {
                    throw new ManorException("the deploy role " + deployer + " is a superuser, which can rewrite the "
                            + "log whatever its owner; deploy as a role that is not");
                }
                if (owner.equals(deployer) || rs.getBoolean(4)) {
                    throw new ManorException("the deploy role " + deployer + " is (a member of) " + owner + ", so it "
                            + "could rewrite the log as its owner; choose an owner role it does not belong to");
                }
            }
        }
    }
}
