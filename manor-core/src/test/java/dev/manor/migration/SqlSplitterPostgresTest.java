package dev.manor.migration;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The statements the splitter cuts are ones PostgreSQL itself accepts one by one, with the values intact. */
class SqlSplitterPostgresTest {
    private static final String SCRIPT = """
            -- header; with a semicolon
            CREATE TABLE "a;b" (id int, note text);
            INSERT INTO "a;b" VALUES (1, 'it''s; fine'), (2, E'back\\\\slash\\'s;'), (3, U&'d\\0061t;a'),
              (4, $$dollar; 'quoted'$$), (5, $fn$ has $$ ; $$ inside $fn$), (6, B'101'::text || X'1F'::text || ';');
            CREATE FUNCTION plus_one(x int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN x IS NULL THEN NULL ELSE x + 1 END;
            END;
            CREATE TABLE log (v int);
            CREATE RULE r AS ON INSERT TO log DO ALSO
              (INSERT INTO "a;b" VALUES (NEW.v, 'rule;1'); INSERT INTO "a;b" VALUES (NEW.v, 'rule;2'));
            /* nested /* comment; */ still; */
            INSERT INTO log VALUES (plus_one(9));
            DO $$ BEGIN RAISE NOTICE 'a;b'; END $$;;
            PREPARE q AS SELECT $1::int + 1
            """;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void postgresAcceptsEverySplitStatement(int major) throws SQLException {
        List<SqlStatement> statements = SqlSplitter.split(SCRIPT, "tricky.sql");
        assertThat(statements).extracting(SqlStatement::line).containsExactly(2, 3, 5, 9, 10, 13, 14, 15);

        try (TestDb db = PgServers.freshDb(major); Connection c = db.connect(); Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            for (SqlStatement statement : statements) {
                s.execute(statement.sql());
            }
            assertThat(db.queryOne("SELECT string_agg(id || '=' || note, ' | ' ORDER BY id, note) FROM \"a;b\""))
                    .isEqualTo("1=it's; fine | 2=back\\slash's; | 3=dat;a | 4=dollar; 'quoted' | 5= has $$ ; $$ inside  "
                            + "| 6=10100011111; | 10=rule;1 | 10=rule;2");
        }
    }
}
