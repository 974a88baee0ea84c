package dev.manor.analyze;

import java.util.List;

/** The analysis of a set of migrations. */
public record AnalysisReport(List<MigrationReport> migrations) {
    public AnalysisReport {
        migrations = List.copyOf(migrations);
    }

    public boolean hasErrors() {
        return migrations.stream().anyMatch(MigrationReport::hasErrors);
    }

    /** How many migrations were observed, judged statically and not judged (the three add up to all). */
    public java.util.Map<Basis, Long> migrationCounts() {
        return count(migrations.stream().map(MigrationReport::basis));
    }

    /** The same for statements. */
    public java.util.Map<Basis, Long> statementCounts() {
        return count(migrations.stream().flatMap(m -> m.statements().stream()).map(s -> s.facts().basis()));
    }

    private static java.util.Map<Basis, Long> count(java.util.stream.Stream<Basis> bases) {
        java.util.Map<Basis, Long> counts = new java.util.EnumMap<>(Basis.class);
        for (Basis b : Basis.values()) {
            counts.put(b, 0L);
        }
        bases.forEach(b -> counts.merge(b, 1L, Long::sum));
        return counts;
    }

    /** "12 migrations: 10 observed, 1 judged statically, 1 not judged; 40 statements: ..." */
    public String coverage() {
        return phrase(migrations.size(), "migration", migrationCounts()) + "; "
                + phrase(statementCounts().values().stream().mapToLong(Long::longValue).sum(), "statement", statementCounts());
    }

    private static String phrase(long total, String noun, java.util.Map<Basis, Long> counts) {
        return total + " " + noun + (total == 1 ? "" : "s") + ": " + counts.get(Basis.OBSERVED) + " observed, "
                + counts.get(Basis.STATIC) + " judged statically, " + counts.get(Basis.NOT_JUDGED) + " not judged";
    }
}
