package dev.manor.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs catalog queries that filter on the managed schemas and ignored relation names. Queries write
 * {@code :schemas} and {@code :ignored}, bound as text arrays wherever they occur.
 */
final class CatalogQuery {
    private static final Pattern PARAMETER = Pattern.compile("(?<!:):(schemas|ignored)\\b");

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final Collection<String> schemas;
    private final Collection<String> ignored;

    CatalogQuery(Connection connection, Collection<String> schemas, Collection<String> ignored) {
        this.connection = connection;
        this.schemas = List.copyOf(schemas);
        this.ignored = List.copyOf(ignored);
    }

    <T> List<T> list(String sql, Row<T> row) throws SQLException {
        List<String> bindings = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder jdbcSql = new StringBuilder();
        while (m.find()) {
            bindings.add(m.group(1));
            m.appendReplacement(jdbcSql, "?::pg_catalog.text[]");
        }
        m.appendTail(jdbcSql);
        try (PreparedStatement ps = connection.prepareStatement(jdbcSql.toString())) {
            for (int i = 0; i < bindings.size(); i++) {
                Collection<String> values = bindings.get(i).equals("schemas") ? schemas : ignored;
                ps.setArray(i + 1, connection.createArrayOf("text", values.toArray()));
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(row.map(rs));
                }
            }
            return result;
        }
    }

    /** A text[] column as a list (empty when SQL NULL). */
    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> result = new ArrayList<>(values.length);
        for (Object v : values) {
            result.add((String) v);
        }
        return result;
    }
}
