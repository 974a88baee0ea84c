package dev.manor.migration;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlSplitterTest {

    private static SqlStatement at(int line, String sql) {
        return new SqlStatement(sql, line);
    }

    private static Arguments split(String name, String script, SqlStatement... expected) {
        return Arguments.of(Named.of(name, script), List.of(expected));
    }

    static Stream<Arguments> hardCases() {
        return Stream.of(
                split("two statements on one line", "SELECT 1; SELECT 2;",
                        at(1, "SELECT 1"), at(1, "SELECT 2")),
                split("final statement without semicolon", "SELECT 1;\nSELECT 2\n\n",
                        at(1, "SELECT 1"), at(2, "SELECT 2")),
                split("empty script", ""),
                split("only whitespace and comments", "  \n-- nothing\n/* here */\n"),
                split("empty statements dropped", ";;\n ; -- c\n;SELECT 1;;",
                        at(3, "SELECT 1")),
                split("leading comments and whitespace removed, trailing comment dropped",
                        "-- header; with semicolon\n/* block; */\n  SELECT 1 -- trailing\n;",
                        at(3, "SELECT 1")),
                split("inner comments kept verbatim", "SELECT 1 /* ; */ + 2;\nSELECT 1 -- not; the end\n+ 1;",
                        at(1, "SELECT 1 /* ; */ + 2"), at(2, "SELECT 1 -- not; the end\n+ 1")),
                split("nested block comments", "SELECT /* a /* b; */ still; */ 1; SELECT 2",
                        at(1, "SELECT /* a /* b; */ still; */ 1"), at(1, "SELECT 2")),
                split("single quotes with '' escape", "SELECT 'it''s; fine'; SELECT 2",
                        at(1, "SELECT 'it''s; fine'"), at(1, "SELECT 2")),
                split("backslash is plain in standard strings", "SELECT 'a\\'; SELECT 2",
                        at(1, "SELECT 'a\\'"), at(1, "SELECT 2")),
                split("E-string with backslash-escaped quote", "SELECT E'it\\'s;'; SELECT 2",
                        at(1, "SELECT E'it\\'s;'"), at(1, "SELECT 2")),
                split("e-string lower case, escaped backslash then end", "SELECT e'a\\\\'; SELECT 'b;'",
                        at(1, "SELECT e'a\\\\'"), at(1, "SELECT 'b;'")),
                split("E-string with '' escape", "SELECT E'x'';'; SELECT 2",
                        at(1, "SELECT E'x'';'"), at(1, "SELECT 2")),
                split("E only as a standalone prefix: rE'..' is a word and a standard string",
                        "SELECT rE'x\\'; SELECT 2",
                        at(1, "SELECT rE'x\\'"), at(1, "SELECT 2")),
                split("U& strings and identifiers", "SELECT U&'d\\0061t;a', U&\"a;b\"; SELECT 2",
                        at(1, "SELECT U&'d\\0061t;a', U&\"a;b\""), at(1, "SELECT 2")),
                split("bit and hex strings", "SELECT B'10;1', X'1F;', N'n;'; SELECT 2",
                        at(1, "SELECT B'10;1', X'1F;', N'n;'"), at(1, "SELECT 2")),
                split("quoted identifiers with \"\" escape", "SELECT 1 AS \"a;b\", 2 AS \"say \"\"hi;\"\"\"; SELECT 2",
                        at(1, "SELECT 1 AS \"a;b\", 2 AS \"say \"\"hi;\"\"\""), at(1, "SELECT 2")),
                split("untagged dollar quote",
                        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 2",
                        at(1, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql"), at(2, "SELECT 2")),
                split("tagged dollar quote containing a different tag",
                        "DO $fn$\nBEGIN\n  PERFORM $$ ; $$;\nEND $fn$;\nSELECT 2",
                        at(1, "DO $fn$\nBEGIN\n  PERFORM $$ ; $$;\nEND $fn$"), at(5, "SELECT 2")),
                split("tag with underscore and digits", "SELECT $_x1$ ; $x$ ; $_x1$; SELECT 2",
                        at(1, "SELECT $_x1$ ; $x$ ; $_x1$"), at(1, "SELECT 2")),
                split("positional parameters are not dollar quotes", "PREPARE p AS SELECT $1, $2;\nSELECT $1$x",
                        at(1, "PREPARE p AS SELECT $1, $2"), at(2, "SELECT $1$x")),
                split("identifier containing $ does not open a dollar quote", "SELECT a$b, c$$ FROM t; SELECT 2",
                        at(1, "SELECT a$b, c$$ FROM t"), at(1, "SELECT 2")),
                split("BEGIN ATOMIC body with CASE ... END inside",
                        "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
                                + "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND;\nSELECT 3;",
                        at(1, "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
                                + "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND"),
                        at(6, "SELECT 3")),
                split("CREATE OR REPLACE PROCEDURE with BEGIN ATOMIC",
                        "create or replace procedure p() language sql begin atomic insert into t values (1); end; select 1",
                        at(1, "create or replace procedure p() language sql begin atomic insert into t values (1); end"),
                        at(1, "select 1")),
                split("transaction BEGIN/END are ordinary statements", "BEGIN;\nSELECT 1;\nEND;",
                        at(1, "BEGIN"), at(2, "SELECT 1"), at(3, "END")),
                split("CASE ... END outside a routine body does not nest", "SELECT CASE WHEN true THEN 1 END; SELECT 2",
                        at(1, "SELECT CASE WHEN true THEN 1 END"), at(1, "SELECT 2")),
                split("semicolons inside parentheses (multi-action rule)",
                        "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1",
                        at(1, "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"),
                        at(1, "SELECT 1")),
                split("line numbers count newlines inside strings, identifiers and comments",
                        "SELECT 'a\nb';\n\"x\ny\";/*\n*/ SELECT $$\n$$;\n\nSELECT 4",
                        at(1, "SELECT 'a\nb'"), at(3, "\"x\ny\""), at(5, "SELECT $$\n$$"), at(8, "SELECT 4")),
                split("CRLF line endings", "SELECT 1;\r\n\r\nSELECT 2;\r\n",
                        at(1, "SELECT 1"), at(3, "SELECT 2")),
                split("non-ASCII identifiers and dollar tags", "SELECT café$1 FROM \"名前\"; SELECT $é$;$é$",
                        at(1, "SELECT café$1 FROM \"名前\""), at(1, "SELECT $é$;$é$")),
                split("COPY from a server file is allowed", "COPY t (stdin) FROM '/srv/data.csv';",
                        at(1, "COPY t (stdin) FROM '/srv/data.csv'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hardCases")
    void splitsHardCases(String script, List<SqlStatement> expected) {
        assertThat(SqlSplitter.split(script, "m.sql")).containsExactlyElementsOf(expected);
    }

    private static Arguments reject(String name, String script, int line, String problem) {
        return Arguments.of(Named.of(name, script), line, problem);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                reject("COPY FROM STDIN", "SELECT 1;\nCOPY t (a) FROM STDIN;\n1\n\\.\n", 2, "load data with INSERT"),
                reject("copy from stdin, lower case, with options", "SELECT 1;\n\ncopy t\nfrom stdin with (format csv);", 3,
                        "COPY FROM a file on the database server"),
                reject("COPY TO STDOUT", "COPY (SELECT 1) TO STDOUT;", 1, "TO STDOUT"),
                reject("\\i include", "\\i other.sql\n", 1, "psql meta-command \\i is not SQL"),
                reject("\\set between statements", "SELECT 1;\n\\set x 1\nSELECT :x;", 2, "\\set"),
                reject("\\connect", "-- go\n\n  \\connect other", 3, "\\connect"),
                reject("meta-command ending a statement", "SELECT 1\n\\gexec", 2, "\\gexec"),
                reject("unterminated string", "SELECT 1;\nSELECT 'abc\n;\n", 2, "unterminated quoted string"),
                reject("unterminated E-string (escaped final quote)", "SELECT 1;\nSELECT E'abc\\';", 2, "unterminated E'...' string"),
                reject("unterminated quoted identifier", "SELECT \"abc;", 1, "unterminated quoted identifier"),
                reject("unterminated dollar quote names its tag", "SELECT 1;\n\nDO $body$ BEGIN END $$;", 3, "$body$"),
                reject("unterminated untagged dollar quote", "SELECT $$;\n", 1, "$$"),
                reject("unterminated nested block comment", "SELECT 1; /* a /* b */\n still open", 1, "unterminated /* comment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectsWithTheLineWhereTheProblemStarts(String script, int line, String problem) {
        assertThatThrownBy(() -> SqlSplitter.split(script, "V1.sql"))
                .isInstanceOf(MigrationFormatException.class)
                .hasMessageStartingWith("V1.sql:" + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((MigrationFormatException) e).line()).isEqualTo(line));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void splitsLargeAndAdversarialScriptsInLinearTime() {
        int count = 100_000;
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < count; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(", 'x''y;', $$a;b$$); -- c;\n");
        }
        // Bodies that would make a naive scanner quadratic: many near-miss delimiters and nested openers.
        script.append("SELECT $abc$").append("$ab$".repeat(200_000)).append("$abc$;\n");
        script.append("SELECT 1 /*").append("/*".repeat(100_000)).append("*/".repeat(100_001)).append(";\n");
        script.append("SELECT '").append("''".repeat(200_000)).append("'");
        List<SqlStatement> statements = SqlSplitter.split(script.toString(), "big.sql");
        assertThat(statements).hasSize(count + 3);
        assertThat(statements.get(count - 1).line()).isEqualTo(count);
        assertThat(statements.get(count + 2).line()).isEqualTo(count + 3);
    }
}
