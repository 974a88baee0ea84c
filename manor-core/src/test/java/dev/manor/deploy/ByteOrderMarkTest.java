package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Editors on Windows save scripts with a BOM and CRLF: Manor must run them as written. */
class ByteOrderMarkTest {
    @TempDir
    Path tmp;

    @Test
    void scriptsWithBomAndCrlfDeployAndRollBack() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_create_bom", "\uFEFFCREATE TABLE bom (id bigint);\r\nINSERT INTO bom VALUES (1);\r\n",
                            "\uFEFFDROP TABLE bom;\r\n")
                    .add("20240102000000_index_bom", "\uFEFF-- manor:no-transaction\r\nCREATE INDEX CONCURRENTLY bom_id ON bom (id);\r\n",
                            "\uFEFF-- manor:no-transaction\r\nDROP INDEX CONCURRENTLY bom_id;\r\n");
            Manor manor = Manors.load(db, dir.root());

            assertThat(manor.deploy().applied()).hasSize(2);
            assertThat(db.queryOne("SELECT count(*) FROM bom")).isEqualTo(1L);
            assertThat(db.queryOne("SELECT to_regclass('public.bom_id')")).isNotNull();

            manor.rollback(Rollbacker.Target.steps(2), false);
            assertThat(db.queryOne("SELECT to_regclass('public.bom')")).isNull();
        }
    }

    @Test
    void seedWithBomRuns() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                    .add("20240101000000_create_bom", "CREATE TABLE bom (id bigint);", "DROP TABLE bom;");
            Path seed = java.nio.file.Files.writeString(tmp.resolve("seed.sql"), "\uFEFFINSERT INTO bom VALUES (7);\r\n");
            Manor manor = Manors.on(db, dir.root()).seed(seed).load();
            manor.deploy();

            assertThat(manor.seed()).isEqualTo(1);
            assertThat(db.queryOne("SELECT id FROM bom")).isEqualTo(7L);
        }
    }
}
