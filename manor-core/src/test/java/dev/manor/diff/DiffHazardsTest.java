package dev.manor.diff;

import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What manor diff must not guess: look-alike renames and data loss are asked about or refused, nothing is written. */
class DiffHazardsTest {
    private static final String BASE = "CREATE TABLE account (id bigint PRIMARY KEY, fullname text, email text NOT NULL);\n"
            + "CREATE TABLE audit (id bigint PRIMARY KEY, what text);";

    @TempDir
    Path tmp;
    private TestDb db;
    private Manor manor;

    @BeforeEach
    void deployBase() {
        db = PgServers.freshDb();
        new MigrationsDir(tmp.resolve("migrations")).add("20240101000000_base", BASE, "DROP TABLE audit;\nDROP TABLE account;");
        manor = Manors.on(db, tmp.resolve("migrations")).projectDir(tmp).skipSafetyChecks("test setup")
                .shadowServer(new ConnectionSettings(db.url(), null, null)).load();
        manor.deploy();
        db.exec("INSERT INTO account VALUES (1, 'Ann Lee', 'ann@x'), (2, 'Bo Ek', 'bo@x');"
                + " INSERT INTO audit VALUES (1, 'x')");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void schema(String sql) throws IOException {
        Files.createDirectories(tmp.resolve("schema"));
        Files.writeString(tmp.resolve("schema/tables.sql"), sql);
    }

    private List<String> folders() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("migrations"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void noChangesMeansTheSchemaMatches() throws IOException {
        schema(BASE);
        DiffResult r = manor.diff(DiffOptions.defaults());
        assertThat(r.matches()).isTrue();
        assertThat(r.hazards()).isEmpty();
        assertThat(folders()).containsExactly("20240101000000_base");
    }

    @Test
    void aLookAlikeRenameWithNobodyToAskIsRefusedWithBothFlagsNamed() throws IOException {
        schema(BASE.replace("fullname text", "name text"));
        DiffResult r = manor.diff(DiffOptions.defaults());
        assertThat(r.refused()).isTrue();
        assertThat(r.hazards()).containsExactly("looks renamed: column account.fullname disappears and name (text)"
                + " appears; give --rename account.fullname=name or --no-rename account.fullname");
        assertThat(folders()).containsExactly("20240101000000_base");
    }

    @Test
    void theQuestionIsAskedAndANoMeansDropPlusAddWhichIsDataLossWithoutAllowDrop() throws IOException {
        schema(BASE.replace("fullname text", "name text"));
        List<String> asked = new ArrayList<>();
        DiffResult r = manor.diff(DiffOptions.defaults().withQuestion((table, old, now, type) -> {
            asked.add(table + "." + old + " -> " + now + " (" + type + ")");
            return false;
        }));
        assertThat(asked).containsExactly("account.fullname -> name (text)");
        assertThat(r.hazards()).containsExactly("data loss: column account.fullname is not in the schema files; dropping"
                + " it loses its values (2 rows in this environment) (give --allow-drop to deprecate it now and drop it"
                + " after the safety period)");
        assertThat(folders()).containsExactly("20240101000000_base");
    }

    @Test
    void aYesOrRenameFlagPlansTheExpandContractRename() throws IOException {
        schema(BASE.replace("fullname text", "name text"));
        DiffResult asked = manor.diff(DiffOptions.defaults().withDryRun(true).withQuestion((t, o, n, ty) -> true));
        DiffResult flagged = manor.diff(DiffOptions.defaults().withDryRun(true)
                .withRenames(Map.of("account.fullname", "name"), Set.of()));
        for (DiffResult r : List.of(asked, flagged)) {
            assertThat(r.hazards()).isEmpty();
            assertThat(r.planned()).isNotEmpty().allSatisfy(m ->
                    assertThat(m.name()).startsWith("rename_account_fullname_to_name_"));
        }
        assertThat(flagged.planned()).extracting(GeneratedMigration::name)
                .isEqualTo(asked.planned().stream().map(GeneratedMigration::name).toList());
        DiffResult wrong = manor.diff(DiffOptions.defaults().withDryRun(true)
                .withRenames(Map.of("account.fullname", "nam"), Set.of()));
        assertThat(wrong.hazards()).containsExactly("--rename account.fullname=nam: account gets no new column nam (new: name)");
        assertThat(folders()).containsExactly("20240101000000_base");
    }

    /** Proves every step of the rename plan (about as long as the rest of this class): behind its own flag. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "manor.diff.plans", matches = "true")
    void anAnsweredRenameIsWrittenAsTheChangePlannersPlanAndProven() throws IOException {
        schema(BASE.replace("fullname text", "name text"));
        DiffResult r = manor.diff(DiffOptions.defaults().withRenames(Map.of("account.fullname", "name"), Set.of()));
        assertThat(r.hazards()).isEmpty();
        assertThat(r.written()).isNotEmpty().allSatisfy(p -> assertThat(p.getFileName().toString())
                .contains("_rename_account_fullname_to_name_"));
    }

    @Test
    void aDroppedTableWithRowsIsRefusedAndNamesTheRows() throws IOException {
        schema(BASE.substring(0, BASE.indexOf('\n')));
        DiffResult r = manor.diff(DiffOptions.defaults());
        assertThat(r.hazards()).containsExactly("data loss: table audit is not in the schema files; dropping it loses"
                + " its rows (1 row in this environment) (give --allow-drop to deprecate it now and drop it after the"
                + " safety period)");
    }

    @Test
    void aNewRequiredColumnWithoutDefaultNeedsABackfillValue() throws IOException {
        schema(BASE.replace("email text NOT NULL", "email text NOT NULL, plan text NOT NULL"));
        DiffResult r = manor.diff(DiffOptions.defaults());
        assertThat(r.hazards()).containsExactly("needs a value: new required column account.plan has no default, so"
                + " existing rows (2 rows in this environment) need one; give --backfill account.plan=<SQL expression>"
                + " or a DEFAULT in the schema file");
    }

    @Test
    void noRenameWithAllowDropDeprecatesTheOldColumnAddsTheNewOneAndProvesBoth() throws IOException {
        schema(BASE.replace("fullname text", "name text"));
        DiffResult r = manor.diff(DiffOptions.defaults().withAllowDrop(true)
                .withRenames(Map.of(), Set.of("account.fullname")));
        assertThat(r.hazards()).isEmpty();
        assertThat(r.written()).extracting(p -> p.getFileName().toString().substring(15))
                .containsExactly("add_account_name", "deprecate_account_fullname");
        assertThat(Files.readString(r.written().get(1).resolve("migration.sql")))
                .contains("RENAME COLUMN \"fullname\" TO \"_deprecated_fullname\"").contains("Deprecated on ");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("its DROP COLUMN is yours to write after"));
        assertThat(folders()).hasSize(3);
    }

    @Test
    void aSchemaFileThatFailsIsNamedWithItsLine() throws IOException {
        schema("CREATE TABLE account (id bigint PRIMARY KEY);\nCREATE TABLE broken (id nosuchtype);\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> manor.diff(DiffOptions.defaults()))
                .hasMessageStartingWith("schema/tables.sql:2: ERROR: type \"nosuchtype\" does not exist");
    }
}
