package dev.manor.downgen;

import dev.manor.config.ConnectionSettings;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figure in docs/benchmarks.md: down generation for a few hundred small migrations without downs. Opt-in:
 * {@code mvn -o -q -B -pl manor-core -am test -Dtest=DownGenerationBenchTest -Dmanor.bench.downgen=300
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DownGenerationBenchTest {
    @TempDir
    Path tmp;

    @Test
    void generatesAndProvesAFewHundredDowns() {
        int n = Integer.getInteger("manor.bench.downgen", 0);
        Assumptions.assumeTrue(n > 0, "set -Dmanor.bench.downgen=<migrations> to run the benchmark");
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"));
        LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0);
        DateTimeFormatter id = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
        int table = 0;
        for (int i = 0; i < n; i++) {
            String up = switch (i % 4) {
                case 0 -> "CREATE TABLE t" + (++table) + " (id bigint PRIMARY KEY, name text NOT NULL);";
                case 1 -> "ALTER TABLE t" + table + " ADD COLUMN c" + i + " text DEFAULT 'x';";
                case 2 -> "CREATE INDEX t" + table + "_name_idx ON t" + table + " (name);";
                default -> "ALTER TABLE t" + table + " ADD CONSTRAINT t" + table + "_name_short CHECK (length(name) < 100);";
            };
            dir.add(t.plusMinutes(i).format(id) + "_step" + i, up, null);
        }
        try (TestDb db = PgServers.freshDb()) {
            DownReport report = new DownGenerator(dir.root(), List.of("public"), 5)
                    .generate(ShadowProvider.on(new ConnectionSettings(db.url(), null, null)), List.of(), false);
            System.out.println("down generation bench: " + n + " migrations, PostgreSQL " + PgServers.majors().get(0)
                    + ": " + report.summary());
            assertThat(report.count(DownReport.Outcome.PROVEN)).isEqualTo(n);
        }
    }
}
