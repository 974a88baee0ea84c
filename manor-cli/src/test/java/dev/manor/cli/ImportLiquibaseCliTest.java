package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import liquibase.Contexts;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code manor import liquibase} on a database that real Liquibase (4.33, test scope) updated from formatted SQL. */
class ImportLiquibaseCliTest {
    @TempDir
    Path tmp;

    @Test
    void importsALiquibaseDatabaseWithRollbacksAsDownScripts() throws Exception {
        Path changelogs = Files.createDirectories(tmp.resolve("db/changelog"));
        Files.writeString(changelogs.resolve("001-people.sql"), """
                --liquibase formatted sql

                --changeset alice:1
                CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL);
                --rollback DROP TABLE people;

                --changeset bob:add-email
                --comment: an optional column
                ALTER TABLE people ADD COLUMN email text;
                --rollback ALTER TABLE people DROP COLUMN email;

                --changeset alice:3 runInTransaction:false
                CREATE INDEX CONCURRENTLY people_name ON people (name);
                """);
        Path project = Files.createDirectories(tmp.resolve("app"));
        try (TestDb db = PgServers.freshDb()) {
            System.setProperty("liquibase.analytics.enabled", "false"); // no network here
            try (Connection c = db.connect()) {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                new Liquibase("001-people.sql", new DirectoryResourceAccessor(changelogs), database)
                        .update(new Contexts());
            }
            String[] where = {"-C", project.toString()};
            Cli imported = ImportFlywayCliTest.run(where, "import", "liquibase", "--from", "../db/changelog",
                    "--url", db.url());
            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
                    .containsExactly("alice:1", "bob:add-email", "alice:3");
            assertThat(imported.out().lines().skip(1)).allMatch(l -> l.endsWith("applied"));
            Path migrations = project.resolve("migrations");
            assertThat(Files.readString(migrations.resolve("20000101000001_add_email/down.sql")))
                    .isEqualTo("ALTER TABLE people DROP COLUMN email;\n");
            assertThat(Files.readString(migrations.resolve("20000101000001_add_email/migration.sql")))
                    .doesNotContain("--comment").doesNotContain("rollback");
            assertThat(Files.readString(migrations.resolve("20000101000002_alice_3/migration.sql")))
                    .startsWith("-- manor:no-transaction\n");
            assertThat(Files.readString(migrations.resolve("20000101000002_alice_3/down.sql")))
                    .isEqualTo("-- manor:irreversible because imported from Liquibase without a down script\n");
            assertThat(Files.readString(project.resolve("manor.toml")))
                    .contains("ignore = [\"databasechangelog\", \"databasechangeloglock\"]");
            assertThat(db.queryOne("SELECT detail FROM manor.manor_events WHERE action = 'import' AND migration_id ="
                    + " '20000101000001'")).asString().startsWith("from Liquibase databasechangelog orderexecuted 2");

            Cli status = ImportFlywayCliTest.run(where, "status", "--url", db.url(), "--no-drift");
            assertThat(status.code()).as(status.out()).isZero();
            assertThat(status.out()).contains("Up to date.");
            String before = ImportFlywayCliTest.tree(project) + ImportFlywayCliTest.events(db);
            assertThat(ImportFlywayCliTest.run(where, "import", "liquibase", "--from", "../db/changelog", "--url",
                    db.url()).code()).isZero();
            assertThat(ImportFlywayCliTest.tree(project) + ImportFlywayCliTest.events(db)).isEqualTo(before);
        }
    }
}
