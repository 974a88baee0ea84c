package dev.manor.change;

import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.ReplayedSchema;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlSplitter;
import dev.manor.migration.SqlStatement;

import java.util.List;
import java.util.Optional;

/** What a planner may know about the schema the migrations leave: a column's type and nullability. */
public interface SchemaFacts {
    /** A column as the migrations define it. {@code type} is SQL text such as {@code text} or {@code numeric(12,2)}. */
    record Column(String type, boolean notNull) {
    }

    /** The column, when known; empty when the table or column is unknown. Names unquoted, as in the database. */
    Optional<Column> column(String table, String column);

    /** Knows nothing: every type must then be given in the request. */
    static SchemaFacts none() {
        return (table, column) -> Optional.empty();
    }

    /** Replays the migrations' text (no database): what {@code CREATE TABLE} and {@code ALTER TABLE} say. */
    static SchemaFacts fromMigrations(List<Migration> migrations) {
        ReplayedSchema replayed = new ReplayedSchema();
        for (Migration m : migrations) {
            for (SqlStatement st : SqlSplitter.split(m.upSql(), m.folderName())) {
                replayed.apply(NormalizedSql.of(st.sql()));
            }
        }
        return (table, column) -> replayed.column(Sql.ident(table), Sql.ident(column))
                .or(() -> replayed.column(table, column))
                .map(c -> new Column(c.type(), c.notNull()));
    }
}
