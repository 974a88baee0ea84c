package dev.manor.fleet;

import dev.manor.Fleet;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.config.Secrets;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A fleet read from a catalog database: each row of the query is (name, JDBC URL). Read-only: no writes. */
public final class FleetQuery {
    private FleetQuery() {
    }

    public static List<Fleet.Member> run(Database catalog, String sql) {
        List<Fleet.Member> members = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (Connection c = catalog.connect()) {
            c.setReadOnly(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (rs.getMetaData().getColumnCount() < 2) {
                    throw new ManorException("the fleet query must return two columns, name and url; it returns "
                            + rs.getMetaData().getColumnCount());
                }
                int row = 0;
                while (rs.next()) {
                    row++;
                    String name = rs.getString(1);
                    String url = rs.getString(2);
                    if (name == null || name.isBlank() || url == null || url.isBlank()) {
                        throw new ManorException("fleet query row " + row + ": name and url must not be empty");
                    }
                    if (!names.add(name)) {
                        throw new ManorException("fleet query row " + row + ": the name '" + name + "' is used twice");
                    }
                    try {
                        members.add(new Fleet.Member(name, new ConnectionSettings(url, null, null)));
                    } catch (ManorException e) {
                        throw new ManorException("fleet query row " + row + " ('" + name + "'): " + e.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new ManorException("the fleet query failed on " + catalog.describe() + ": "
                    + Secrets.mask(first, catalog.secret()), e);
        }
        if (members.isEmpty()) {
            throw new ManorException("the fleet query returned no databases");
        }
        return members;
    }
}
