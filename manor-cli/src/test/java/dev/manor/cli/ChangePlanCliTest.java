package dev.manor.cli;

import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** manor new --change, manor confirm and the plans in status, through the real command line. */
class ChangePlanCliTest {
    @TempDir
    Path project;

    @Test
    void badRequestsAreOneLineErrors() {
        new MigrationsDir(project.resolve("migrations")).add("20240101000000_init",
                "CREATE TABLE account (id bigint PRIMARY KEY, nickname text);", "DROP TABLE account;");
        Cli unknown = Cli.run("-C", project.toString(), "new", "--change", "rename-colum", "--table", "account");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err().strip()).isEqualTo("manor: unknown change kind 'rename-colum' (did you mean "
                + "'rename-column'?); kinds: make-required, add-foreign-key, add-unique, add-index, change-type, "
                + "rename-column, rename-table, remove-column, remove-table");
        Cli missing = Cli.run("-C", project.toString(), "new", "--change", "rename-column", "--table", "account",
                "--column", "nickname");
        assertThat(missing.err().strip()).isEqualTo("manor: rename-column needs --to");
        Cli foreign = Cli.run("-C", project.toString(), "new", "--change", "add-index", "--table", "account",
                "--columns", "nickname", "--to", "x");
        assertThat(foreign.err().strip()).startsWith("manor: add-index does not take --to; it takes --table, --columns");
        assertThat(foreign.out()).isEmpty();
    }

    @Test
    void aPlanIsWrittenDeployedStepByStepConfirmedAndShownInStatus() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            new MigrationsDir(project.resolve("migrations")).add("20240101000000_init",
                    "CREATE TABLE account (id bigint PRIMARY KEY, nickname text);\nINSERT INTO account VALUES (1, 'a');",
                    "DROP TABLE account;");
            Files.writeString(project.resolve("manor.toml"), "migrations = \"migrations\"\n[env.dev]\nurl = \""
                    + db.url() + "\"\n");
            String p = project.toString();
            assertThat(Cli.run("-C", p, "deploy").code()).isZero();

            Cli created = Cli.run("-C", p, "new", "--change", "remove-column", "--table", "account", "--column", "nickname");
            assertThat(created.code()).as(created.err()).isZero();
            assertThat(created.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("Created migrations/"));
            assertThat(created.out()).contains("_remove_account_nickname_deprecate/{migration.sql,down.sql,verify.sql}");
            assertThat(created.err()).contains("Plan remove_account_nickname: removing \"account\".\"nickname\", in 2 steps")
                    .contains("deploys only after manor confirm remove_account_nickname");

            Cli refused = Cli.run("-C", p, "deploy");
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err()).contains("plan gate").contains("a person to confirm: no running application version "
                    + "reads or writes \"account\".\"nickname\"");

            Cli status = Cli.run("-C", p, "status", "--no-drift");
            assertThat(status.out()).contains("Plans:\n  remove_account_nickname (0/2 applied): step 1/2 ")
                    .contains("waits for a person to confirm");
            Cli json = Cli.run("-C", p, "status", "--no-drift", "--json");
            assertThat(json.out()).contains("\"plan\" : \"remove_account_nickname\"").contains("\"ready\" : false");

            Cli noReason = Cli.run("-C", p, "confirm", "remove_account_nickname");
            assertThat(noReason.code()).isNotZero();
            Cli confirmed = Cli.run("-C", p, "confirm", "remove_account_nickname", "--reason", "v2 retired");
            assertThat(confirmed.code()).as(confirmed.err()).isZero();
            assertThat(confirmed.out()).startsWith("Confirmed ").contains("_remove_account_nickname_deprecate: confirmed");

            String deprecate;
            try (Stream<Path> s = Files.list(project.resolve("migrations"))) {
                deprecate = s.map(x -> x.getFileName().toString()).filter(n -> n.endsWith("_deprecate")).findFirst().orElseThrow();
            }
            Cli step1 = Cli.run("-C", p, "deploy", "--to", deprecate.substring(0, 14));
            assertThat(step1.code()).as(step1.err()).isZero();
            assertThat(Cli.run("-C", p, "status", "--no-drift").out())
                    .contains("remove_account_nickname (1/2 applied): step 2/2 ").contains("to be applied for 7d");
            assertThat(Cli.run("-C", p, "log").out()).contains("plan-confirmed");
        }
    }
}
