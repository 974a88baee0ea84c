package dev.manor.analyze;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Half-written or odd SQL must never make the analyzer throw: it reports what it can. */
class AnalyzerRobustnessTest {
    private static final List<String> WORDS = List.of("ALTER", "TABLE", "COLUMN", "ADD", "DROP", "RENAME", "TO", "SET",
            "NOT", "NULL", "DEFAULT", "TYPE", "USING", "CONSTRAINT", "CHECK", "FOREIGN", "KEY", "REFERENCES", "PRIMARY",
            "UNIQUE", "INDEX", "CONCURRENTLY", "ON", "CREATE", "REINDEX", "VACUUM", "FULL", "CLUSTER", "DETACH", "PARTITION",
            "VALIDATE", "VALID", "UPDATE", "DELETE", "FROM", "WHERE", "TRUNCATE", "IF", "EXISTS", "ONLY", "lock_timeout",
            "=", "(", ")", ",", ".", "*", "'5s'", "0", "\"User\"", "t", "id", "int", "varchar(3)", "json", "timestamp",
            "$$x$$", "--c\n", "/*", "*/", "E'", "\"");

    @Provide
    Arbitrary<String> sqlish() {
        return Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(12).map(w -> String.join(" ", w));
    }

    @Property(tries = 3000)
    void neverThrows(@ForAll("sqlish") String sql) {
        MigrationInput m = new MigrationInput("V1", null, List.of(new dev.manor.migration.SqlStatement(sql, 1)), true, sql);
        AnalysisReport r = Analyzer.staticOnly(AnalysisSettings.defaults().withOutsideManor(true)).analyze(List.of(m));
        assertThat(r.migrations()).hasSize(1);
        assertThat(TextReport.render(r)).isNotEmpty();
    }
}
