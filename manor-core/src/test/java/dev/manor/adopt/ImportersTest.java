package dev.manor.adopt;

import dev.manor.ManorException;
import dev.manor.config.ConfigFile;
import dev.manor.config.DriftIgnore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the tools' folders, without a database (the history tables are tested on real ones in manor-cli). */
class ImportersTest {
    @TempDir
    Path tmp;

    @Test
    void flywayVersionsSortNumericallyAndTrailingZerosDoNotCount() throws Exception {
        for (String f : List.of("V10__ten.sql", "V2__two.sql", "V1_1__one_one.sql", "V1.0.1__patch.sql", "V1__one.sql")) {
            Files.writeString(tmp.resolve(f), "SELECT 1;\n");
        }
        SourceProject p = new FlywayImporter().read(tmp);
        assertThat(p.migrations().stream().map(SourceMigration::sourceId).toList())
                .containsExactly("1", "1.0.1", "1.1", "2", "10");
        assertThat(FlywayImporter.Version.parse("1.0").compareTo(FlywayImporter.Version.parse("1"))).isZero();
        Files.writeString(tmp.resolve("V1.0__again.sql"), "SELECT 1;\n");
        assertThatThrownBy(() -> new FlywayImporter().read(tmp)).isInstanceOf(ManorException.class)
                .hasMessageContaining("two Flyway scripts have version 1");
    }

    @Test
    void flywayChecksumIgnoresLineEndingsAndTheByteOrderMark() {
        int lf = FlywayChecksum.of("CREATE TABLE a (id int);\nSELECT 1;\n");
        assertThat(FlywayChecksum.of("CREATE TABLE a (id int);\r\nSELECT 1;\r\n")).isEqualTo(lf);
        assertThat(FlywayChecksum.of("\uFEFFCREATE TABLE a (id int);\nSELECT 1;")).isEqualTo(lf);
        assertThat(FlywayChecksum.of("CREATE TABLE a (id bigint);\nSELECT 1;\n")).isNotEqualTo(lf);
    }

    @Test
    void descriptionsBecomeManorNames() {
        assertThat(ImportFiles.snake("Create_users_table")).isEqualTo("create_users_table");
        assertThat(ImportFiles.snake("AddEmailToUser")).isEqualTo("add_email_to_user");
        assertThat(ImportFiles.snake("2fa codes")).isEqualTo("m_2fa_codes");
        assertThat(ImportFiles.snake("---")).isEqualTo("imported");
    }

    @Test
    void liquibaseChangesetsWithRollbacks() throws Exception {
        Files.writeString(tmp.resolve("changelog.sql"), """
                -- liquibase formatted sql
                --changeset ann:1
                CREATE TABLE t (id int);
                --rollback DROP TABLE t;
                --changeset "Ann Lee":two-things
                INSERT INTO t VALUES (1);
                --rollback not required
                """);
        Files.writeString(tmp.resolve("master.xml"), "<databaseChangeLog/>");
        SourceProject p = new LiquibaseImporter().read(tmp);
        assertThat(p.migrations()).hasSize(2);
        assertThat(p.migrations().get(0).sourceId()).isEqualTo("ann:1");
        assertThat(p.migrations().get(0).name()).isEqualTo("ann_1");
        assertThat(p.migrations().get(0).downSql()).isEqualTo("DROP TABLE t;\n");
        assertThat(p.migrations().get(1).sourceId()).isEqualTo("Ann Lee:two-things");
        assertThat(p.migrations().get(1).downSql()).isNull();
        assertThat(p.warnings()).anyMatch(w -> w.startsWith("master.xml: only formatted SQL"));
    }

    @Test
    void prismaNeedsPostgresql() throws Exception {
        Path m = Files.createDirectories(tmp.resolve("prisma/migrations"));
        Files.writeString(m.resolve("migration_lock.toml"), "provider = \"sqlite\"\n");
        assertThatThrownBy(() -> new PrismaImporter().read(tmp)).hasMessageContaining("provider = \"sqlite\"");
        Files.writeString(m.resolve("migration_lock.toml"), "provider = \"postgresql\"\n");
        Files.createDirectories(m.resolve("20240101000000_init"));
        Files.writeString(m.resolve("20240101000000_init/migration.sql"), "CREATE TABLE a (id int);\n");
        SourceProject p = new PrismaImporter().read(tmp);
        assertThat(p.migrations()).singleElement().satisfies(s -> {
            assertThat(s.manorId()).isEqualTo("20240101000000");
            assertThat(PrismaImporter.checksumMatches(
                    "0b9a8f5c".repeat(8), s.upSql())).isFalse();
            assertThat(PrismaImporter.checksumMatches(dev.manor.migration.Checksums.sha256(
                    "CREATE TABLE a (id int);\r\n".getBytes()), s.upSql())).as("a CRLF checkout").isTrue();
        });
    }

    @Test
    void filesOnlyImportIsIdempotentAndKeepsEditedDowns() throws Exception {
        Path flyway = Files.createDirectories(tmp.resolve("flyway"));
        Files.writeString(flyway.resolve("V1__a.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(flyway.resolve("V2__b.sql"), "CREATE TABLE b (id int);\n");
        Path project = Files.createDirectories(tmp.resolve("app"));
        HistoryImport imp = new HistoryImport(SourceTool.FLYWAY, flyway, project, project.resolve("migrations"));
        ImportReport first = imp.files();
        assertThat(first.entries()).extracting(ImportReport.Entry::files).containsExactly("written", "written");
        assertThat(first.driftIgnoreNote()).startsWith("written to manor.toml");
        Path down = project.resolve("migrations/20000101000001_b/down.sql");
        Files.writeString(down, "DROP TABLE b;\n"); // what 'manor down generate' would do
        Files.writeString(flyway.resolve("V3__c.sql"), "CREATE TABLE c (id int);\n");
        ImportReport second = imp.files();
        assertThat(second.entries()).extracting(ImportReport.Entry::files).containsExactly("kept", "kept", "written");
        assertThat(second.entries().get(2).folder()).isEqualTo("20000101000002_c");
        assertThat(Files.readString(down)).isEqualTo("DROP TABLE b;\n");
        assertThat(second.driftIgnoreNote()).startsWith("already in manor.toml");
        assertThat(ConfigFile.load(project).driftIgnore().tables()).containsExactly("flyway_schema_history");
    }

    @Test
    void driftIgnoreEntriesAreValidated() throws Exception {
        assertThat(DriftIgnore.parse(List.of("flyway_schema_history", "audit.*"), "x").schemas()).containsExactly("audit");
        assertThatThrownBy(() -> DriftIgnore.parse(List.of("public.users"), "manor.toml [drift] ignore"))
                .hasMessage("manor.toml [drift] ignore: \"public.users\" is neither a table name"
                        + " (flyway_schema_history) nor a whole schema (audit.*)");
        Files.writeString(tmp.resolve("manor.toml"), "[drift]\nignore = \"flyway_schema_history\"\n");
        assertThatThrownBy(() -> ConfigFile.load(tmp)).hasMessageContaining("ignore must be an array of strings");
        Files.writeString(tmp.resolve("manor.toml"), "[drift]\nignored = []\n");
        assertThatThrownBy(() -> ConfigFile.load(tmp)).hasMessageContaining("unknown setting 'ignored'");
    }
}
