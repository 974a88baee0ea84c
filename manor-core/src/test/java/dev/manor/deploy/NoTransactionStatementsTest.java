package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.migration.SqlStatement;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoTransactionStatementsTest {
    @TempDir
    Path tmp;

    @Test
    void onlyWhatCannotRunInATransactionBlockRunsInAutocommit() {
        for (String sql : new String[] {"CREATE INDEX CONCURRENTLY t_a ON t (a)", "create unique index concurrently on t (a)",
                "DROP INDEX CONCURRENTLY IF EXISTS t_a", "REINDEX INDEX CONCURRENTLY t_a", "VACUUM (ANALYZE) t",
                "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", "CREATE DATABASE x", "CALL do_batches()"}) {
            assertThat(NoTransactionStatements.outsideTransaction(new SqlStatement(sql, 1))).as(sql).isTrue();
        }
        for (String sql : new String[] {"UPDATE c SET n = n + 10", "CREATE INDEX t_a ON t (a)", "ANALYZE t",
                "ALTER TYPE mood ADD VALUE 'meh'", "DO $$ BEGIN PERFORM 1; END $$"}) {
            assertThat(NoTransactionStatements.outsideTransaction(new SqlStatement(sql, 1))).as(sql).isFalse();
        }
    }

    @Test
    void anUnnamedConcurrentIndexThatFailedLeavesNoInvalidIndexBehind() {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, a int); INSERT INTO t VALUES (1, 1), (2, 1)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_unique",
                    "-- manor:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY ON t (a);\n", "SELECT 1;");
            Manor manor = Manors.load(db, dir.root());
            assertThatThrownBy(manor::deploy).hasMessageContaining("could not create unique index");
            assertThat(db.queryOne("SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass AND NOT indisvalid"))
                    .isEqualTo(1L);

            db.exec("UPDATE t SET a = 2 WHERE id = 2");
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass AND NOT indisvalid"))
                    .isEqualTo(0L);
            assertThat(db.queryOne("SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass AND indisunique"
                    + " AND NOT indisprimary")).isEqualTo(1L);
        }
    }

    @Test
    void aDoBlockThatCommitsFallsBackToAutocommit() {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE c (n int); INSERT INTO c VALUES (0)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_batches", """
                    -- manor:no-transaction
                    DO $$ BEGIN UPDATE c SET n = n + 1; COMMIT; UPDATE c SET n = n + 1; COMMIT; END $$;
                    """, "SELECT 1;");
            Manors.load(db, dir.root()).deploy();
            assertThat(db.queryOne("SELECT n FROM c")).isEqualTo(2);
        }
    }
}
