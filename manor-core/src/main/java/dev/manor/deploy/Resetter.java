package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.history.Event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manor reset}: empties the managed schemas (keeping each schema's owner and grants),
 * re-applies every migration and runs the seed. Never in a protected environment.
 */
public final class Resetter {
    private final DeployContext ctx;

    public Resetter(DeployContext ctx) {
        this.ctx = ctx;
    }

    public DeployResult reset() {
        if (ctx.config().protectedEnv()) {
            throw new ManorException("reset is refused: environment '" + ctx.config().environment()
                    + "' is protected (it would destroy all data)");
        }
        try (DeployLock ignored = ctx.lock("reset")) {
            ctx.withConnection(c -> {
                c.setAutoCommit(false);
                ctx.history().ensureTables(c);
                for (String schema : ctx.config().schemas()) {
                    recreate(c, schema);
                }
                ctx.history().clearMigrations(c);
                // The views and functions went with the schemas: the deploy below applies them again.
                new dev.manor.repeatable.RepeatableStore(ctx.config().historySchema()).clear(c);
                ctx.history().record(c, Event.of("reset", null, "ok",
                        "emptied schemas " + String.join(", ", ctx.config().schemas())));
                c.commit();
                return null;
            });
            DeployResult result = new Deployer(ctx.withoutChecks()).deployLocked(Deployer.Options.DEFAULT);
            new Seeder(ctx).seed();
            return result;
        }
    }

    /** DROP SCHEMA ... CASCADE and CREATE it again with the same owner, grants and comment. */
    private static void recreate(Connection c, String schema) throws SQLException {
        String owner = null;
        String comment = null;
        List<String> grants = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace'),
                       (SELECT array_agg(format('GRANT %s ON SCHEMA %I TO %s', a.privilege_type, n.nspname,
                                 CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END))
                        FROM aclexplode(n.nspacl) a WHERE a.grantee <> n.nspowner)
                FROM pg_namespace n WHERE n.nspname = ?""")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    owner = rs.getString(1);
                    comment = rs.getString(2);
                    java.sql.Array arr = rs.getArray(3);
                    if (arr != null) {
                        for (Object g : (Object[]) arr.getArray()) {
                            grants.add((String) g);
                        }
                    }
                }
            }
        }
        String q = "\"" + schema.replace("\"", "\"\"") + "\"";
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + q + " CASCADE");
            s.execute("CREATE SCHEMA " + q);
            if (owner != null) {
                s.execute("ALTER SCHEMA " + q + " OWNER TO \"" + owner.replace("\"", "\"\"") + "\"");
            }
            for (String g : grants) {
                s.execute(g);
            }
            if (comment != null) {
                s.execute("COMMENT ON SCHEMA " + q + " IS '" + comment.replace("'", "''") + "'");
            }
        }
    }
}
