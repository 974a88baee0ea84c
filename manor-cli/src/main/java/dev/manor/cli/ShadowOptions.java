package dev.manor.cli;

import dev.manor.config.ConnectionSettings;
import dev.manor.shadow.ShadowProvider;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Where throwaway databases come from: --shadow-url, else a private embedded server. */
final class ShadowOptions {
    @Option(names = "--shadow-url", defaultValue = "${env:MANOR_SHADOW_URL}",
            description = "Server for throwaway databases (default: a private embedded PostgreSQL of the target's "
                    + "major version). Its password comes from MANOR_SHADOW_PASSWORD. Env: MANOR_SHADOW_URL.")
    String shadowUrl;

    /** A provider matching the target's major version where Manor bundles it. */
    ShadowProvider provider(Session session) {
        if (shadowUrl != null) {
            return ShadowProvider.on(new ConnectionSettings(shadowUrl, null, System.getenv("MANOR_SHADOW_PASSWORD")));
        }
        return ShadowProvider.embedded(targetMajor(session));
    }

    /** For a fleet: a provider for each server major (--shadow-url serves them all). */
    java.util.function.Function<Integer, ShadowProvider> byMajor() {
        if (shadowUrl != null) {
            return major -> ShadowProvider.on(new ConnectionSettings(shadowUrl, null, System.getenv("MANOR_SHADOW_PASSWORD")));
        }
        return ShadowProvider::embedded;
    }

    static int targetMajor(Session session) {
        try (Connection c = session.manor().database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new dev.manor.ManorException("cannot read the server version: " + e.getMessage(), e);
        }
    }
}
