package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.history.MigrationState;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoTransactionTest {
    @TempDir
    Path tmp;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void concurrentIndexWithoutDirectiveGetsAClearError(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_t", "CREATE TABLE t (id int);", "DROP TABLE t;")
                    .add("20240102000000_idx", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);", "DROP INDEX t_id_idx;");
            Manor manor = Manors.load(db, dir.root());
            assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                    .hasMessageContaining("20240102000000_idx/migration.sql:1")
                    .hasMessageContaining("-- manor:no-transaction")
                    .hasMessageContaining("CREATE INDEX CONCURRENTLY t_id_idx");
            assertThat(db.queryOne("SELECT to_regclass('public.t_id_idx')")).isNull();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void rerunResumesAfterTheLastJournaledStatement(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE switch (on_ boolean)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_steps", """
                    -- manor:no-transaction
                    CREATE TABLE first_step (id int);
                    INSERT INTO first_step SELECT 1 / (SELECT count(*)::int FROM switch);
                    CREATE TABLE third_step (id int);
                    """, "DROP TABLE third_step; DROP TABLE first_step;");
            Manor manor = Manors.load(db, dir.root());

            assertThatThrownBy(manor::deploy).hasMessageContaining("migration.sql:3").hasMessageContaining("division by zero");
            assertThat(db.queryOne("SELECT steps_done FROM manor.manor_migrations")).isEqualTo(1);
            assertThat(manor.status().find("20240101000000").orElseThrow().state()).isEqualTo(MigrationState.FAILED);

            db.exec("INSERT INTO switch VALUES (true)");
            manor.deploy(); // would fail on CREATE TABLE first_step if it started over

            assertThat(manor.status().upToDate()).isTrue();
            assertThat(db.queryOne("SELECT count(*) FROM first_step")).isEqualTo(1L);
            assertThat(db.queryOne("SELECT to_regclass('public.third_step')")).isNotNull();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void invalidIndexFromAFailedConcurrentBuildIsDroppedAndRebuilt(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("CREATE TABLE person (email text); INSERT INTO person VALUES ('a'), ('a'), ('b')");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_unique_email", """
                    -- manor:no-transaction
                    CREATE UNIQUE INDEX CONCURRENTLY person_email_key ON person (email);
                    """, "-- manor:no-transaction\nDROP INDEX CONCURRENTLY person_email_key;");
            Manor manor = Manors.load(db, dir.root());

            assertThatThrownBy(manor::deploy).hasMessageContaining("could not create unique index");
            assertThat(db.queryOne("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'person_email_key'::regclass"))
                    .isEqualTo(true);

            db.exec("DELETE FROM person WHERE ctid = (SELECT min(ctid) FROM person WHERE email = 'a')");
            manor.deploy();

            assertThat(db.queryOne("SELECT indisvalid FROM pg_index WHERE indexrelid = 'person_email_key'::regclass"))
                    .isEqualTo(true);
            assertThat(manor.status().upToDate()).isTrue();

            // Its down script is no-transaction too, and works.
            manor.rollback(Rollbacker.Target.steps(1), false);
            assertThat(db.queryOne("SELECT to_regclass('public.person_email_key')")).isNull();
        }
    }

    @Test
    void editedHalfDoneMigrationIsNotResumedBlindly() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_steps", """
                    -- manor:no-transaction
                    CREATE TABLE a (id int);
                    SELECT 1 / 0;
                    """, "DROP TABLE a;");
            Manor manor = Manors.load(db, dir.root());
            assertThatThrownBy(manor::deploy).hasMessageContaining("division by zero");
            dir.write("20240101000000_steps", "migration.sql", "-- manor:no-transaction\nCREATE TABLE a (id int);\nSELECT 1;\n");
            assertThatThrownBy(manor::deploy).hasMessageContaining("cannot tell where to resume")
                    .hasMessageContaining("manor resolve");
            manor.resolveApplied("20240101000000", "ran SELECT 1 by hand");
            assertThat(manor.status().upToDate()).isTrue();
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'resolve'")).isEqualTo(1L);
        }
    }
}
