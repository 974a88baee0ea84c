package dev.manor.fleet;

import dev.manor.Fleet;
import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.deploy.DeployListener;
import dev.manor.embedded.ThrowawayServer;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet deploy wall time at several wave sizes (bench/fleet.sh; not in the suite). Each run gets a fresh fleet of
 * {@code manor.fleet.bench} databases alternating between two servers and deploys five migrations to each; the
 * figures go to {@code target/fleet-bench.txt}.
 */
@EnabledIfSystemProperty(named = "manor.fleet.bench", matches = "\\d+")
class FleetBench {
    @TempDir
    Path dir;

    @Test
    void wallTimeByWaveSize() throws Exception {
        int size = Integer.getInteger("manor.fleet.bench");
        MigrationsDir m = new MigrationsDir(dir.resolve("migrations"));
        m.add("20240101000000_accounts", "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n", "DROP TABLE accounts;\n")
                .add("20240102000000_invoices", "CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint"
                        + " NOT NULL REFERENCES accounts, total numeric NOT NULL DEFAULT 0);\n", "DROP TABLE invoices;\n")
                .add("20240103000000_audit_log", "CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " at timestamptz NOT NULL DEFAULT now(), what text NOT NULL);\n", "DROP TABLE audit_log;\n")
                .add("20240104000000_accounts_email", "ALTER TABLE accounts ADD COLUMN email text;\n", "ALTER TABLE accounts DROP COLUMN email;\n")
                .add("20240105000000_seed_plan", "CREATE TABLE plans (name text PRIMARY KEY);\n"
                        + "INSERT INTO plans VALUES ('free'), ('pro');\n", "DROP TABLE plans;\n");
        List<Integer> majors = PgServers.majors();
        List<ThrowawayServer> servers = List.of(PgServers.server(majors.get(0)),
                PgServers.server(majors.get(majors.size() - 1)));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "fleet of %d databases (PostgreSQL %d and %d, alternating), 5 migrations each, %d cores%n",
                size, servers.get(0).major(), servers.get(1).major(), Runtime.getRuntime().availableProcessors()));
        out.append("wave size | wall time | per database (mean of its own deploy)\n");
        for (int wave : new int[] {1, 5, 10}) {
            List<Fleet.Member> members = new ArrayList<>();
            List<Runnable> drops = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ThrowawayServer server = servers.get(i % 2);
                String db = server.createDatabase("bench");
                drops.add(() -> server.dropDatabase(db));
                members.add(new Fleet.Member("tenant_" + i, new ConnectionSettings(server.jdbcUrl(db), null, null)));
            }
            try {
                Fleet.Report report = Fleet.of(members).deploy(x -> Manor.configure().migrations(m.root())
                        .listener(DeployListener.SILENT), Fleet.Options.defaults().waveSize(wave));
                assertThat(report.with(Fleet.Outcome.APPLIED)).as(String.valueOf(report.with(Fleet.Outcome.FAILED)))
                        .hasSize(size);
                double mean = report.databases().stream().mapToLong(d -> d.duration().toMillis()).average().orElse(0);
                out.append(String.format(Locale.ROOT, "%9d | %8.1fs | %.2fs%n", wave,
                        report.duration().toMillis() / 1000.0, mean / 1000.0));
            } finally {
                drops.forEach(Runnable::run);
            }
        }
        Path file = Path.of("target", "fleet-bench.txt");
        Files.writeString(file, out);
        System.err.print(out);
    }
}
