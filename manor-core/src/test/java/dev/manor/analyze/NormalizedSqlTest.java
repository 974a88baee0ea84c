package dev.manor.analyze;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizedSqlTest {
    @Test
    void dropsCommentsAndLiteralsAndUpperCasesWords() {
        NormalizedSql n = NormalizedSql.of("alter table \"User\" -- say NOT VALID here\n /* and /* nested */ CONCURRENTLY */"
                + " add column x text default 'NOT VALID; it''s' ");
        assertThat(n.text()).isEqualTo("ALTER TABLE \"User\" ADD COLUMN X TEXT DEFAULT '?0'");
        assertThat(n.has("NOT VALID")).isFalse();
        assertThat(n.has("CONCURRENTLY")).isFalse();
        assertThat(n.literals()).containsExactly("NOT VALID; it's");
        assertThat(n.sqlText()).isEqualTo("alter table \"User\" add column x text default 'NOT VALID; it''s'");
    }

    @Test
    void dollarQuotedBodiesAreLiterals() {
        NormalizedSql n = NormalizedSql.of("CREATE FUNCTION f() RETURNS int AS $body$ select 1; -- DROP TABLE x $body$ LANGUAGE sql");
        assertThat(n.has("DROP TABLE")).isFalse();
        assertThat(n.literals()).containsExactly(" select 1; -- DROP TABLE x ");
        assertThat(NormalizedSql.of("SELECT $1, $$a$$").literals()).containsExactly("a");
    }

    @Test
    void escapeStringsAndQuotedIdentifiers() {
        NormalizedSql n = NormalizedSql.of("UPDATE \"My \"\"T\"\"\" SET a = E'x\\'y'");
        assertThat(n.targetTable()).isEqualTo("My \"T\"");
        assertThat(n.literals()).containsExactly("x'y");
    }

    @Test
    void extractsAlterTableActionsAndNames() {
        NormalizedSql n = NormalizedSql.of("ALTER TABLE IF EXISTS ONLY public.\"User\" ADD COLUMN \"phone\" varchar(20) NOT NULL, "
                + "ALTER phone SET NOT NULL, ALTER COLUMN n TYPE bigint USING n::bigint");
        NormalizedSql.AlterTable at = n.alterTable().orElseThrow();
        assertThat(at.table()).isEqualTo("public.User");
        assertThat(at.actions()).hasSize(3);
        NormalizedSql.ColumnDef c = at.actions().get(0).addedColumn().orElseThrow();
        assertThat(c.name()).isEqualTo("phone");
        assertThat(c.type().text()).isEqualTo("VARCHAR ( 20 )");
        assertThat(c.constraints().text()).isEqualTo("NOT NULL");
        assertThat(at.actions().get(1).alteredColumn()).isEqualTo("phone");
        assertThat(at.actions().get(2).newType().text()).isEqualTo("BIGINT");
        assertThat(NormalizedSql.of("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)").alterTable().orElseThrow()
                .actions().get(0).addedColumn()).isEmpty();
    }

    @Test
    void createTableColumnsSkipTableConstraints() {
        NormalizedSql n = NormalizedSql.of("CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"title\" VARCHAR(255), "
                + "\"at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"))");
        assertThat(n.isCreateTable()).isTrue();
        assertThat(n.targetTable()).isEqualTo("Post");
        assertThat(n.columnDefs()).extracting(NormalizedSql.ColumnDef::name).containsExactly("id", "title", "at");
        assertThat(n.columnDefs().get(2).type().text()).isEqualTo("TIMESTAMP ( 3 )");
    }

    @Test
    void targetTablesOfCommonStatements() {
        assertThat(NormalizedSql.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY s.t (a)").targetTable()).isEqualTo("s.t");
        assertThat(NormalizedSql.of("DELETE FROM \"User\" WHERE true").targetTable()).isEqualTo("User");
        assertThat(NormalizedSql.of("TRUNCATE TABLE t").targetTable()).isEqualTo("t");
        assertThat(NormalizedSql.of("DROP TABLE IF EXISTS a, b").targetTable()).isEqualTo("a");
    }
}
