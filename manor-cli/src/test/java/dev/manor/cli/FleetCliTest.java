package dev.manor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manor.embedded.ThrowawayServer;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code manor deploy --fleet} and {@code manor status --fleet} on six databases over two real servers: the table on
 * stdout, progress prefixed with the database's name on stderr, the halt, the rerun, one-line errors, no password.
 */
class FleetCliTest {
    @TempDir
    Path project;

    private final List<Runnable> cleanup = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    @AfterEach
    void drop() {
        cleanup.forEach(Runnable::run);
    }

    private void fleetOf(int size) throws Exception {
        List<Integer> majors = PgServers.majors();
        StringBuilder file = new StringBuilder("# six tenants on two servers\n");
        for (int i = 0; i < size; i++) {
            ThrowawayServer server = PgServers.server(majors.get(i % 2 == 0 ? 0 : majors.size() - 1));
            String db = server.createDatabase("cli");
            cleanup.add(() -> server.dropDatabase(db));
            // The server trusts local logins; the password only proves it is never printed.
            String url = server.jdbcUrl(db) + "&password=hunter2";
            urls.add(url);
            file.append("tenant_").append(i).append(" = ").append(url).append('\n');
        }
        Files.writeString(project.resolve("fleet.txt"), file);
    }

    private void exec(int tenant, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(urls.get(tenant)); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void haltStatusAndRerun() throws Exception {
        new MigrationsDir(project.resolve("migrations"))
                .add("20240101000000_accounts", "CREATE TABLE accounts (id bigint PRIMARY KEY);\n", "DROP TABLE accounts;\n")
                .add("20240102000000_invoices", "CREATE TABLE invoices (id bigint PRIMARY KEY);\n", "DROP TABLE invoices;\n");
        fleetOf(6);
        exec(3, "CREATE TABLE invoices (id bigint)");
        String dir = project.toString();

        // canary tenant_0; wave 1: tenant_1, tenant_2; wave 2: tenant_3 (fails), tenant_4; tenant_5 not started
        Cli deploy = Cli.run("-C", dir, "deploy", "--fleet", "fleet.txt", "--wave-size", "2");
        assertThat(deploy.code()).as(deploy.err()).isEqualTo(1);
        List<String> rows = deploy.out().lines().toList();
        assertThat(rows.get(0)).startsWith("DATABASE").contains("RESULT").contains("WAVE");
        assertThat(rows.get(1)).startsWith("tenant_0").contains("applied").contains("canary");
        assertThat(rows.get(4)).startsWith("tenant_3").contains("failed").contains("already exists");
        assertThat(rows.get(5)).startsWith("tenant_4").contains("applied");
        assertThat(rows.get(6)).startsWith("tenant_5").contains("not started");
        assertThat(rows).hasSize(7);
        assertThat(deploy.err()).contains("tenant_0: canary, deploying to ")
                .contains("tenant_1: wave 1, deploying to ")
                .containsPattern("(?m)^tenant_3: .*20240102000000_invoices")
                .contains("manor: the fleet halted: tenant_3 failed; 1 database not started (tenant_5).");
        assertThat(deploy.err()).doesNotContain("tenant_5: wave");
        assertThat(deploy.out() + deploy.err()).doesNotContain("hunter2");
        assertThat(project.resolve(".manor")).doesNotExist(); // no embedded server for a fleet file

        Cli status = Cli.run("-C", dir, "status", "--fleet", "fleet.txt", "--no-drift");
        assertThat(status.code()).as(status.err()).isEqualTo(1);
        assertThat(status.out().lines().toList()).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("DATABASE").contains("STATE").contains("LAST APPLIED");
            assertThat(lines.get(1)).startsWith("tenant_0").contains("up to date").contains("20240102000000_invoices");
            assertThat(lines.get(4)).startsWith("tenant_3").contains("failed")
                    .contains("20240101000000_accounts").contains("already exists");
            assertThat(lines.get(6)).startsWith("tenant_5").contains("pending 2");
        });
        JsonNode json = new ObjectMapper().readTree(Cli.run("-C", dir, "status", "--fleet", "fleet.txt", "--no-drift",
                "--json").out());
        assertThat(json.path("upToDate").asBoolean()).isFalse();
        assertThat(json.path("databases").get(3).path("state").asText()).isEqualTo("failed");
        assertThat(json.path("databases").get(5).path("pending").asInt()).isEqualTo(2);
        assertThat(json.toString()).doesNotContain("hunter2");

        exec(3, "DROP TABLE invoices");
        Cli rerun = Cli.run("-C", dir, "deploy", "--fleet", "fleet.txt", "--wave-size", "2", "--json");
        assertThat(rerun.code()).as(rerun.err()).isZero();
        JsonNode done = new ObjectMapper().readTree(rerun.out());
        assertThat(done.path("halted").asBoolean()).isFalse();
        assertThat(done.path("databases").findValuesAsText("result"))
                .containsExactly("up to date", "up to date", "up to date", "applied", "up to date", "applied");
        assertThat(rerun.err()).contains("Fleet deployed: 2 databases changed, 4 already up to date");

        Cli clean = Cli.run("-C", dir, "status", "--fleet", "fleet.txt", "--no-drift");
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out().lines().skip(1)).allMatch(l -> l.contains("up to date"));

        // The same fleet from a catalog database: a query returning (name, url) rows, run on --url.
        ThrowawayServer first = PgServers.server(PgServers.majors().get(0));
        String catalogDb = first.createDatabase("catalog");
        cleanup.add(() -> first.dropDatabase(catalogDb));
        String catalog = first.jdbcUrl(catalogDb);
        try (Connection c = DriverManager.getConnection(catalog); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tenants (name text, url text, active boolean DEFAULT true)");
            for (int i = 0; i < urls.size(); i++) {
                s.execute("INSERT INTO tenants (name, url) VALUES ('tenant_" + i + "', '" + urls.get(i) + "')");
            }
        }
        Cli viaQuery = Cli.run("-C", dir, "status", "--url", catalog, "--no-drift",
                "--fleet", "SELECT name, url FROM tenants WHERE active ORDER BY name DESC");
        assertThat(viaQuery.code()).as(viaQuery.err()).isZero();
        assertThat(viaQuery.out().lines().skip(1).map(l -> l.split(" ")[0]).toList())
                .containsExactly("tenant_5", "tenant_4", "tenant_3", "tenant_2", "tenant_1", "tenant_0");
        assertThat(viaQuery.out() + viaQuery.err()).doesNotContain("hunter2");
        Cli oneColumn = Cli.run("-C", dir, "status", "--url", catalog, "--fleet", "select name from tenants");
        assertThat(oneColumn.err().strip())
                .isEqualTo("manor: the fleet query must return two columns, name and url; it returns 1");
    }

    @Test
    void badInputIsOneLine() throws Exception {
        new MigrationsDir(project.resolve("migrations")).add("20240101000000_a", "CREATE TABLE a (id int);\n", null);
        String dir = project.toString();
        Cli missing = Cli.run("-C", dir, "deploy", "--fleet", "nope.txt");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("manor: fleet file not found: " + project.resolve("nope.txt"));

        Files.writeString(project.resolve("bad.txt"), "a = jdbc:postgresql://127.0.0.1:1/a?password=hunter2\noops\n");
        Cli bad = Cli.run("-C", dir, "status", "--fleet", "bad.txt");
        assertThat(bad.err().strip()).isEqualTo("manor: " + project.resolve("bad.txt")
                + ":2: expected 'name = jdbc:postgresql://host:port/db' or a JDBC URL, got 'oops'");

        Cli waves = Cli.run("-C", dir, "deploy", "--wave-size", "3", "--url", "jdbc:postgresql://127.0.0.1:1/x");
        assertThat(waves.err().strip()).isEqualTo("manor: --wave-size only works with --fleet");
        Files.writeString(project.resolve("one.txt"), "jdbc:postgresql://127.0.0.1:1/only\n");
        Cli zero = Cli.run("-C", dir, "deploy", "--fleet", "one.txt", "--wave-size", "0");
        assertThat(zero.err().strip()).isEqualTo("manor: a wave size of 0: give at least 1");
        Cli canary = Cli.run("-C", dir, "deploy", "--fleet", "one.txt", "--canary", "onyl");
        assertThat(canary.err().strip())
                .isEqualTo("manor: no database 'onyl' in the fleet to use as the canary (did you mean 'only'?)");
        assertThat(canary.out()).isEmpty();
    }
}
