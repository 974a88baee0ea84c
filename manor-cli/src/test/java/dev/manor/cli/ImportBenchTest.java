package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Import time for a long Flyway history: {@code bench/import-bench.sh [N]} (default 300 migrations). N generated
 * migrations are applied by real Flyway, then imported (files only, then with the history, then again).
 * Figures on stderr and in manor-cli/target/import-bench.txt. Not part of the default suite.
 */
@EnabledIfSystemProperty(named = "manor.bench.import", matches = "\\d+")
class ImportBenchTest {
    @TempDir
    Path tmp;

    @Test
    void importsALongFlywayHistory() throws Exception {
        int n = Integer.parseInt(System.getProperty("manor.bench.import"));
        Path sql = Files.createDirectories(tmp.resolve("flyway"));
        for (int i = 1; i <= n; i++) {
            String body = switch (i % 3) {
                case 1 -> "CREATE TABLE t" + i + " (id bigint PRIMARY KEY, name text NOT NULL);\n";
                case 2 -> "ALTER TABLE t" + (i - 1) + " ADD COLUMN note text;\nCOMMENT ON COLUMN t" + (i - 1)
                        + ".note IS 'note " + i + "';\n";
                default -> "CREATE INDEX t" + (i - 2) + "_name ON t" + (i - 2) + " (name);\n";
            };
            Files.writeString(sql.resolve("V" + (i / 10) + "." + (i % 10) + "__step_" + i + ".sql"), body);
        }
        Path project = Files.createDirectories(tmp.resolve("app"));
        try (TestDb db = PgServers.freshDb()) {
            long t0 = System.nanoTime();
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + sql).load().migrate();
            long flyway = ms(t0);
            String[] where = {"-C", project.toString()};
            long t1 = System.nanoTime();
            Cli files = ImportFlywayCliTest.run(where, "import", "flyway", "--from", sql.toString());
            long filesMs = ms(t1);
            assertThat(files.code()).as(files.err()).isZero();
            long t2 = System.nanoTime();
            Cli history = ImportFlywayCliTest.run(where, "import", "flyway", "--from", sql.toString(), "--url", db.url());
            long historyMs = ms(t2);
            assertThat(history.code()).as(history.err()).isZero();
            assertThat(history.err()).contains("recorded " + n + " applied");
            long t3 = System.nanoTime();
            Cli again = ImportFlywayCliTest.run(where, "import", "flyway", "--from", sql.toString(), "--url", db.url());
            long againMs = ms(t3);
            assertThat(again.err()).contains("recorded 0 applied").contains("(" + n + " already recorded)");
            long t4 = System.nanoTime();
            Cli status = ImportFlywayCliTest.run(where, "status", "--url", db.url(), "--no-drift");
            long statusMs = ms(t4);
            assertThat(status.out()).contains("Up to date.");
            String report = String.format("import bench, %d Flyway migrations (PostgreSQL %d):%n"
                    + "  flyway migrate (reference)      %6d ms%n"
                    + "  manor import, files only        %6d ms%n"
                    + "  manor import, with the history  %6d ms (first: files kept, %d rows recorded)%n"
                    + "  manor import, again             %6d ms (nothing changes)%n"
                    + "  manor status --no-drift         %6d ms%n", n, db.major(), flyway, filesMs, historyMs, n,
                    againMs, statusMs);
            System.err.print(report);
            Files.writeString(Path.of("target", "import-bench.txt"), report);
        }
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
