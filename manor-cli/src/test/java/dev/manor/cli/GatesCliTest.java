package dev.manor.cli;

import dev.manor.DeployOptions;
import dev.manor.Manor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manor.gate.Proofs;
import dev.manor.history.HistoryStore;
import dev.manor.migration.MigrationRepository;
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
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production deploys through the real command line: a project in a temp folder whose manor.toml points "staging"
 * and a protected "prod" (and an unprotected "dev") at fresh PostgreSQL 15 databases, backed up with Debian's 15 tools.
 */
class GatesCliTest {
    static final String INIT_UP = "CREATE TABLE \"User\" (id int PRIMARY KEY, name text, \"oldField\" text);\n"
            + "INSERT INTO \"User\" VALUES (1, 'Ada', 'x'), (2, 'Grace', 'y');\n";
    static final String INIT = "20240101000000_init";
    static final String PHONE = "20240102000000_add_phone";

    @TempDir
    Path project;
    TestDb staging;
    TestDb prod;
    TestDb dev;
    MigrationsDir migrations;

    @BeforeEach
    void project() throws IOException {
        staging = PgServers.freshDb(15);
        prod = PgServers.freshDb(15);
        dev = PgServers.freshDb(15);
        migrations = new MigrationsDir(project.resolve("migrations"))
                .add(INIT, INIT_UP, "DROP TABLE \"User\";\n")
                .add(PHONE, "ALTER TABLE \"User\" ADD COLUMN phone text;\n", "ALTER TABLE \"User\" DROP COLUMN phone;\n");
        writeToml("");
    }

    @AfterEach
    void drop() {
        staging.close();
        prod.close();
        dev.close();
    }

    /** manor.toml with the three environments; {@code devExtra} adds settings to [env.dev]. */
    void writeToml(String devExtra) throws IOException {
        Files.writeString(project.resolve("manor.toml"), """
                migrations = "migrations"
                history_schema = "manor"
                default_env = "dev"

                [env.dev]
                url = "%s"
                %s

                [env.staging]
                url = "%s"

                [env.prod]
                url = "%s"
                protected = true
                staging = "staging"
                backup_max_age = "1h"
                """.formatted(dev.url(), devExtra, staging.url(), prod.url()));
    }

    Cli manor(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = project.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    Cli ok(String... args) {
        Cli r = manor(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    /** Applies everything in staging and proves each round trip the way a person would: roll back, re-deploy. */
    void deployAndRoundTripInStaging() {
        ok("deploy", "--env", "staging");
        ok("rollback", "--env", "staging", "--steps", "2");
        ok("deploy", "--env", "staging");
    }

    @Test
    void theExampleBacksUpAndVerifiesThroughTheCliAndTheLogShowsIt() throws IOException {
        copyExample();
        Files.writeString(project.resolve("example/manor.toml"), "[env.staging]\nurl = \"" + staging.url() + "\"\n");
        String[] where = {"-C", project.resolve("example").toString()};
        assertThat(Cli.run(concat(where, "deploy", "--env", "staging")).code()).isZero();
        assertThat(Cli.run(concat(where, "seed", "--env", "staging")).code()).isZero();

        long t0 = System.nanoTime();
        Cli backup = Cli.run(concat(where, "backup", "--verify", "--env", "staging"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[figure] example backup + verify through the CLI: " + ms + " ms\n" + backup.out());
        assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
        assertThat(backup.out()).contains("latest migration 20240115090000").contains("Verified by a restore");

        Cli list = Cli.run(concat(where, "backups", "--env", "staging"));
        assertThat(list.out()).contains(staging.name() + "-").contains("20240115090000").contains("yes ");
        assertThat(project.resolve("example/backups/staging")).isDirectory();

        Cli log = Cli.run(concat(where, "log", "--env", "staging"));
        assertThat(log.out()).contains("backup-verify").containsPattern("backup +20240115090000 +ok");
    }

    @Test
    void theExampleWalksThroughEveryGateToAProtectedProd() throws IOException {
        Path example = copyExample();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        Files.writeString(example.resolve("manor.toml"), """
                [env.staging]
                url = "%s"

                [env.prod]
                url = "%s"
                protected = true
                staging = "staging"
                deploy_window = "%s-%s"
                """.formatted(staging.url(), prod.url(), now.minusHours(1).format(hhmm), now.plusHours(1).format(hhmm)));
        String[] where = {"-C", example.toString()};

        assertThat(Cli.run(concat(where, "deploy", "--env", "prod")).err()).contains("refused by the staging gate");
        assertThat(Cli.run(concat(where, "deploy", "--env", "staging")).code()).isZero();
        assertThat(Cli.run(concat(where, "rollback", "--env", "staging", "--to", "20240102090000")).code()).isZero();
        assertThat(Cli.run(concat(where, "rollback", "--env", "staging", "--steps", "1")).code()).isZero();
        assertThat(Cli.run(concat(where, "deploy", "--env", "staging")).code()).isZero();
        assertThat(Cli.run(concat(where, "deploy", "--env", "prod")).err()).contains("refused by the backup gate");

        long t0 = System.nanoTime();
        Cli deployed = Cli.run(concat(where, "deploy", "--env", "prod", "--backup"));
        System.out.println("[figure] example protected deploy with --backup (backup, verify, 9 migrations): "
                + (System.nanoTime() - t0) / 1_000_000 + " ms\n" + deployed.out());
        assertThat(deployed.code()).as(deployed.err()).isZero();
        assertThat(deployed.out() + deployed.err()).contains("deploy-window gate: inside the deploy window")
                .contains("deprecation gate: no deprecated object dropped")
                .contains("staging gate: 9 migrations applied and round-trip proven in staging")
                .contains("backup gate: took and verified backup");
        assertThat(deployed.out()).contains("Applied 9 migrations.");
    }

    /**
     * The README's production steps, run as written against real staging and prod databases, with one migration more
     * than the example that production's analysis refuses. Each refusal's advice is followed literally: a quoted
     * 'manor ...' command is run (following its own refusals the same way), a "-- manor:allow <rule> because <reason>"
     * is added to the migration named; then the refused step runs again.
     */
    @Test
    void theReadmeProductionStepsSucceedWhenEveryRefusalsAdviceIsFollowed() throws IOException {
        Path example = exampleWithAnUnsafeIndexAndAStagedProd();
        List<String> advice = new ArrayList<>();
        for (String[] step : readmeProductionSteps()) {
            follow(example, advice, step);
        }
        System.out.println("[figure] README production walk, advice followed: " + advice);
        // The unsafe index was refused in staging already, not first in production.
        assertThat(advice.get(0)).startsWith("deploy --env staging: add -- manor:allow create-index-non-concurrent");
        assertThat(prod.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'")).isEqualTo(10L);
        Cli stagingStatus = Cli.run("-C", example.toString(), "status", "--env", "staging", "--no-drift");
        assertThat(stagingStatus.code()).as(stagingStatus.out() + stagingStatus.err()).isZero();
        assertThat(Cli.run("-C", example.toString(), "status", "--env", "prod", "--no-drift").code()).isZero();

        // The next release, by someone who starts at the production deploy: the refusals lead through staging.
        new MigrationsDir(example.resolve("migrations")).add("20240121000000_add_nickname",
                "ALTER TABLE \"User\" ADD COLUMN \"nickname\" TEXT;\n", "ALTER TABLE \"User\" DROP COLUMN \"nickname\";\n");
        advice.clear();
        follow(example, advice, new String[] {"deploy", "--env", "prod"});
        System.out.println("[figure] advice followed from the production deploy: " + advice);
        // (the backup step 4 took is younger than backup_max_age, so the backup gate passes)
        assertThat(advice).containsExactly("deploy --env prod: manor deploy --env staging",
                "deploy --env prod: manor test rollback --env staging");
        assertThat(prod.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'")).isEqualTo(11L);
    }

    private Path exampleWithAnUnsafeIndexAndAStagedProd() throws IOException {
        Path example = copyExample();
        new MigrationsDir(example.resolve("migrations")).add("20240120000000_index_user_last_name",
                "CREATE INDEX \"User_lastName_idx\" ON \"User\" (\"lastName\");\n", "DROP INDEX \"User_lastName_idx\";\n");
        Files.writeString(example.resolve("manor.toml"), """
                [env.staging]
                url = "%s"

                [env.prod]
                url = "%s"
                protected = true
                staging = "staging"
                """.formatted(staging.url(), prod.url()));
        // The example was live in both before this release, so the index is on a table of an earlier deploy
        // (one created earlier in the same deploy is new, and indexing it is not a finding).
        for (String env : List.of("staging", "prod")) {
            Manor.configure().project(example).environment(env)
                    .skipSafetyChecks("the example was deployed before this release").load()
                    .deploy(DeployOptions.defaults().upTo("20240115090000"));
        }
        return example;
    }

    /** The commands of the README's "Production deploys" block, without comments and redirections. */
    static List<String[]> readmeProductionSteps() throws IOException {
        String readme = Files.readString(ExampleCliTest.EXAMPLE.resolve("../../README.md").normalize());
        String section = readme.substring(readme.indexOf("## Production deploys"));
        String block = section.substring(section.indexOf("```bash") + 7, section.indexOf("```", section.indexOf("```bash") + 7));
        List<String[]> steps = new ArrayList<>();
        for (String line : block.lines().toList()) {
            String command = line.replaceAll("#.*", "").replaceAll(">.*", "").strip();
            if (!command.isEmpty()) {
                assertThat(command).startsWith("manor ");
                steps.add(command.substring("manor ".length()).split(" +"));
            }
        }
        assertThat(steps).hasSizeGreaterThanOrEqualTo(3);
        return steps;
    }

    /** Runs a command; while it is refused, does what the refusal says and runs it again. */
    private void follow(Path example, List<String> advice, String[] args) throws IOException {
        String step = String.join(" ", args);
        for (int attempt = 0; attempt < 6; attempt++) {
            Cli r = Cli.run(concat(new String[] {"-C", example.toString()}, args));
            if (r.code() == 0) {
                return;
            }
            // Warnings (analysis notices) may come first on stderr; the refusal is its one "manor:" line.
            java.util.List<String> refusals = r.err().lines().filter(l -> l.startsWith("manor: ")).toList();
            assertThat(refusals).as(step + " must fail with one refusal line\n" + r.err()).hasSize(1);
            String err = refusals.get(0);
            Matcher run = Pattern.compile("run '(manor [^']+)'").matcher(err);
            Matcher allow = Pattern.compile("(\\d{14}) \\[([a-z-]+)]").matcher(err);
            if (err.contains("-- manor:allow <rule> because <reason>") && allow.find()) {
                String directive = "-- manor:allow " + allow.group(2) + " because the table is small and the release is"
                        + " rolled out in a quiet hour";
                advice.add(step + ": add " + directive);
                Path migration = Files.list(example.resolve("migrations"))
                        .filter(p -> p.getFileName().toString().startsWith(allow.group(1))).findFirst().orElseThrow()
                        .resolve("migration.sql");
                Files.writeString(migration, directive + "\n" + Files.readString(migration));
            } else if (run.find()) {
                advice.add(step + ": " + run.group(1));
                follow(example, advice, run.group(1).substring("manor ".length()).split(" +"));
            } else {
                throw new AssertionError(step + " was refused without advice to follow: " + err);
            }
        }
        throw new AssertionError(step + " still refused after following its advice: " + advice);
    }

    private Path copyExample() throws IOException {
        Path example = ExampleCliTest.EXAMPLE;
        Path copy = project.resolve("example");
        try (var files = Files.walk(example.resolve("migrations"))) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(example.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.copy(example.resolve("seed.sql"), copy.resolve("seed.sql"));
        return copy;
    }

    @Test
    void aProtectedDeployWithoutABackupIsRefusedAndWithBackupItGoesThrough() {
        deployAndRoundTripInStaging();

        Cli refused = manor("deploy", "--env", "prod");
        assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("deploy refused by the backup gate: no verified backup of " + prod.name())
                .contains("run 'manor backup --env prod --verify' or deploy with --backup");
        // The refusal is one line; the gates' notices before it are on stderr too (stdout is data).
        assertThat(refused.err().lines().filter(l -> l.startsWith("manor: "))).hasSize(1);
        assertThat(prod.queryOne("SELECT to_regclass('public.\"User\"')")).isNull();
        assertThat(ok("log", "--env", "prod").out()).containsPattern("gate-refused +backup .*no verified backup");

        Cli deployed = ok("deploy", "--env", "prod", "--backup");
        assertThat(deployed.out() + deployed.err()).contains("backup gate: took and verified backup " + prod.name());
        assertThat(deployed.out()).contains("Applied 2 migrations.");
        assertThat(prod.queryOne("SELECT count(*) FROM \"User\"")).isEqualTo(2L);
        assertThat(ok("log", "--env", "prod").out()).contains("backup-verify").contains("deploy");

        // Now a recent verified backup exists: the next protected deploy passes the gate without taking one.
        migrations.add("20240103000000_add_email", "ALTER TABLE \"User\" ADD COLUMN email text;\n",
                "ALTER TABLE \"User\" DROP COLUMN email;\n");
        ok("deploy", "--env", "staging");
        ok("rollback", "--env", "staging", "--steps", "1");
        ok("deploy", "--env", "staging");
        Cli again = ok("deploy", "--env", "prod");
        assertThat(again.out() + again.err()).containsPattern("backup gate: verified backup .*, \\d+ s old");
    }

    @Test
    void aMigrationNotAppliedAndProvenInStagingIsRefusedForProd() throws IOException {
        Cli notApplied = manor("deploy", "--env", "prod", "--backup");
        assertThat(notApplied.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(notApplied.err()).contains("deploy refused by the staging gate: " + INIT
                + " has not been applied in staging; run 'manor deploy --env staging' first");

        ok("deploy", "--env", "staging");
        Cli notProven = manor("deploy", "--env", "prod", "--backup");
        assertThat(notProven.err()).contains("staging gate: " + INIT + " is applied in staging but its rollback is not "
                + "proven there; run 'manor test rollback --env staging'");

        // A proof event from 'manor test rollback' (Proofs.record) counts for the exact checksum only.
        try (var c = staging.connect()) {
            var history = new HistoryStore("manor", "staging");
            var repo = new MigrationRepository(project.resolve("migrations")).load();
            Proofs.record(c, history, repo.get(0).id(), repo.get(0).checksum());
            Proofs.record(c, history, repo.get(1).id(), "not-the-checksum");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(manor("deploy", "--env", "prod", "--backup").err()).contains(PHONE + " is applied in staging but its rollback is not proven");
        ok("rollback", "--env", "staging", "--steps", "1");
        ok("deploy", "--env", "staging");

        // An edit after staging: prod would get a different migration than the one staging proved.
        Path phone = project.resolve("migrations").resolve(PHONE).resolve("migration.sql");
        String proven = Files.readString(phone);
        Files.writeString(phone, "ALTER TABLE \"User\" ADD COLUMN phone varchar(20);\n");
        assertThat(manor("deploy", "--env", "prod", "--backup").err())
                .contains(PHONE + " differs from the version applied in staging (checksum ");
        Files.writeString(phone, proven);

        ok("deploy", "--env", "prod", "--backup");
        assertThat(prod.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = 'phone'")).isEqualTo(1L);
        assertThat(staging.queryOne("SHOW default_transaction_read_only")).isEqualTo("off");
    }

    /** The staging gate trusts staging's log only while its hash chain holds; 'manor log --verify' names the break. */
    @Test
    void anEditedStagingLogIsRefusedAsEvidenceAndLogVerifyNamesTheEvent() {
        ok("deploy", "--env", "staging");
        ok("rollback", "--env", "staging", "--steps", "2");
        ok("deploy", "--env", "staging");
        assertThat(ok("log", "--env", "staging", "--verify").out()).containsPattern("\\d+ events chained from #1 to #\\d+, head hash [0-9a-f]{64}");

        // The tables' owner (here the superuser) can switch the triggers off and rewrite an event.
        staging.exec("ALTER TABLE manor.manor_events DISABLE TRIGGER USER;"
                + "UPDATE manor.manor_events SET detail = detail || ' (edited)' WHERE seq = 2;"
                + "ALTER TABLE manor.manor_events ENABLE TRIGGER USER;");

        Cli verify = manor("log", "--env", "staging", "--verify");
        assertThat(verify.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(verify.err().strip()).isEqualTo("manor: the deployment log is broken at event #2: its contents do not "
                + "match its hash: it was altered after it was written");

        Cli refused = manor("deploy", "--env", "prod", "--backup");
        assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("deploy refused by the staging gate: staging's deployment log is broken at "
                + "event #2: its contents do not match its hash");
        assertThat(prod.queryOne("SELECT to_regclass('public.\"User\"')")).isNull();

        // What 'manor history setup' would run to keep the deploy role from doing that (docs/history.md).
        assertThat(ok("history", "setup", "--env", "staging", "--owner", "manor_history", "--deployer", "manor_deploy",
                "--print").out()).contains("GRANT SELECT, INSERT ON \"manor\".manor_events TO \"manor_deploy\";")
                .contains("ALTER FUNCTION \"manor\".manor_events_stamp() OWNER TO \"manor_history\";");
    }

    @Test
    void droppingADeprecatedColumnBeforeItsDateIsRefusedAndAfterItIsAllowed() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        migrations.add("20240103000000_deprecate_old_field",
                "ALTER TABLE \"User\" RENAME COLUMN \"oldField\" TO \"_deprecated_oldField\";\n"
                        + "COMMENT ON COLUMN \"User\".\"_deprecated_oldField\" IS 'Deprecated on " + today.minusDays(20)
                        + ", safe to remove after " + today.plusDays(10) + "';\n",
                "ALTER TABLE \"User\" RENAME COLUMN \"_deprecated_oldField\" TO \"oldField\";\n");
        ok("deploy");
        migrations.add("20240104000000_drop_old_field", "ALTER TABLE \"User\" DROP COLUMN \"_deprecated_oldField\";\n",
                "ALTER TABLE \"User\" ADD COLUMN \"_deprecated_oldField\" text;\n");

        Cli early = manor("deploy");
        assertThat(early.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(early.err()).contains("deploy refused by the deprecation gate: migrations/20240104000000_drop_old_field"
                + "/migration.sql:1 drops column \"User\".\"_deprecated_oldField\" before its safety period ends: safe to "
                + "remove after " + today.plusDays(10) + " (today is " + today + ")");
        assertThat(dev.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = '_deprecated_oldField'"))
                .isEqualTo(1L);

        dev.exec("COMMENT ON COLUMN \"User\".\"_deprecated_oldField\" IS 'deprecated'");
        assertThat(manor("deploy").err()).contains("whose comment has no 'safe to remove after <yyyy-mm-dd>'; set one with "
                + "COMMENT ON COLUMN \"User\".\"_deprecated_oldField\" IS");

        dev.exec("COMMENT ON COLUMN \"User\".\"_deprecated_oldField\" IS 'Deprecated on " + today.minusDays(40)
                + ", safe to remove after " + today.minusDays(1) + "'");
        Cli dropped = ok("deploy");
        assertThat(dropped.out() + dropped.err()).contains("deprecation gate: safety period over for column \"User\".\"_deprecated_oldField\"");
        assertThat(dev.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = '_deprecated_oldField'"))
                .isEqualTo(0L);
    }

    @Test
    void theDeployWindowRefusesOutsideAndTheOverrideIsRecordedWithItsReason() throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        writeToml("deploy_window = \"" + now.plusHours(2).format(hhmm) + "-" + now.plusHours(3).format(hhmm) + "\"");

        Cli outside = manor("deploy");
        assertThat(outside.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(outside.err()).contains("deploy refused by the deploy-window gate: it is ").contains(", outside the deploy window ")
                .contains("UTC; deploy inside the window (or pass --outside-window with --reason)");

        assertThat(manor("deploy", "--outside-window").err()).contains("overriding a gate needs a reason: add --reason");

        Cli overridden = ok("deploy", "--outside-window", "--reason", "hotfix for ticket 42");
        assertThat(overridden.out() + overridden.err()).contains("deploy-window gate overridden (recorded)");
        assertThat(dev.queryOne("SELECT count(*) FROM \"User\"")).isEqualTo(2L);
        Cli log = ok("log", "--json");
        assertThat(log.out()).contains("\"action\" : \"gate-override\"").contains("because: hotfix for ticket 42")
                .contains("\"action\" : \"gate-refused\"");
    }

    @Test
    void theChecklistEvaluatesWhatItCanAndListsTheRestForAPerson() throws IOException {
        ok("deploy");                       // tested in dev
        deployAndRoundTripInStaging();      // tested and rolled back in staging
        ok("backup", "--env", "prod", "--verify");

        Cli md = ok("checklist", "--env", "prod");
        assertThat(md.out())
                .contains("# Migration checklist: prod")
                .contains("## Pre-Deployment (T-48 hours)")
                .contains("- [x] Migration tested in development: 2 pending migrations applied in dev")
                .contains("- [x] Migration tested in staging with production-like data: 2 pending migrations applied in staging")
                .contains("- [x] Rollback procedure documented (down.sql)")
                .containsPattern("- \\[x] Rollback procedure tested \\(round trip in staging\\): 20240101000000: rolled back and re-applied")
                .contains("- [x] Analysis clean, or each finding acknowledged: no error-level findings in 2 pending migrations")
                .contains("- [ ] Performance impact assessed: **not measured for 20240101000000, 20240102000000")
                .containsPattern("- \\[x] Database backup completed and verified: verified backup " + prod.name() + "-\\d{8}-\\d{6}\\.dump, \\d+ s old")
                .contains("- [x] No failed migration pending")
                .contains("- [ ] Inside the deploy window (not evaluated: no deploy_window configured)")
                .contains("- [ ] Migration applied successfully: **2 migrations to deploy**")
                .contains("- [ ] Team notified\n");

        JsonNode json = new ObjectMapper().readTree(ok("checklist", "--env", "prod", "--json").out());
        assertThat(json.get("environment").asText()).isEqualTo("prod");
        assertThat(json.get("pending")).hasSize(2);
        JsonNode first = json.get("sections").get(0).get("items").get(0);
        assertThat(first.get("text").asText()).isEqualTo("Migration tested in development");
        assertThat(first.get("mark").asText()).isEqualTo("DONE");
    }

    @Test
    void restoreSaysWhatItReplacesRefusesProtectedWithoutTheFlagAndBringsRowsBack() {
        deployAndRoundTripInStaging();
        ok("deploy", "--env", "prod", "--backup");   // that backup is of the database before the deploy
        ok("backup", "--env", "prod", "--verify");   // this one holds the two users
        String name = ok("backups", "--env", "prod").out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        prod.exec("DELETE FROM \"User\" WHERE id = 2; CREATE TABLE later (x int);");

        Cli refused = manor("restore", name, "--env", "prod", "--force");
        assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("restore is refused: environment 'prod' is protected; if you really mean to "
                + "replace its data, add --overwrite-protected");
        assertThat(manor("restore", "nope", "--env", "prod", "--force", "--overwrite-protected").err())
                .contains("no backup named 'nope' in ").contains("(see 'manor backups')");

        Cli restored = ok("restore", name + ".dump", "--env", "prod", "--force", "--overwrite-protected");
        assertThat(restored.out()).contains("over database " + prod.name())
                .containsPattern("public\\.User +2 +1")
                .containsPattern("public\\.later +\\(not in backup: kept\\) +0")
                .contains("Restored " + name + ".dump");
        assertThat(prod.queryOne("SELECT count(*) FROM \"User\"")).isEqualTo(2L);
        assertThat(ok("log", "--env", "prod").out()).containsPattern("restore +20240102000000 +ok");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
