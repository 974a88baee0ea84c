package dev.manor.killtest;

import dev.manor.embedded.ThrowawayServer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/kill-test.sh [TRIALS] [SEED] [--rows N] [--migrations N] [--major 15|17] [--kinds a,b]
 * [--trial I]}: starts its
 * own embedded PostgreSQL, runs the trials (kinds in turn), prints one line per trial on stderr and the
 * table of outcomes on stdout. Exits 1 when any trial was lost, duplicated, needs repair or other.
 */
public final class KillTestMain {
    private KillTestMain() {
    }

    public static void main(String[] args) throws Exception {
        int trials = 20;
        long seed = 1;
        int rows = 20_000;
        int major = 17;
        int migrations = KillProject.DEFAULT_MIGRATIONS;
        Integer only = null;
        List<KillKind> kinds = KillKind.available();
        Path work = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--migrations" -> migrations = Integer.parseInt(args[++i]);
                case "--major" -> major = Integer.parseInt(args[++i]);
                case "--trial" -> only = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--kinds" -> kinds = java.util.Arrays.stream(args[++i].split(",")).map(KillKind::parse).toList();
                case "-h", "--help" -> {
                    System.out.println("usage: kill-test.sh [TRIALS] [SEED] [--rows N] [--migrations N] [--major 15|17]"
                            + " [--kinds k1,k2] [--trial I] [--work DIR]\nkinds: " + String.join(", ",
                            java.util.Arrays.stream(KillKind.values()).map(KillKind::label).toList()));
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("kill-test: unknown option " + args[i] + " (see --help)");
                        System.exit(2);
                    }
                    positional.add(args[i]);
                }
            }
        }
        if (!positional.isEmpty()) {
            trials = Integer.parseInt(positional.get(0));
        }
        if (positional.size() > 1) {
            seed = Long.parseLong(positional.get(1));
        }
        if (work == null) {
            work = Files.createTempDirectory("manor-kill-test-");
        }
        PrintStream err = System.err;
        err.printf("kill-test: %d trials, seed %d, %d migrations, %d rows per big table, PostgreSQL %d, failpoints %s;"
                        + " work dir %s%n", trials, seed, migrations, rows, major, KillKind.failpointsAvailable() ? "on" : "absent (aimed-by-failpoint kinds skipped)",
                work);
        List<KillHarness.TrialResult> results = new ArrayList<>();
        long started = System.nanoTime();
        try (ThrowawayServer server = ThrowawayServer.start(major);
             KillHarness harness = KillHarness.prepare(server, work, seed, rows, migrations)) {
            err.printf("kill-test: reference deploy %d ms, rollback of %d migrations %d ms%n", harness.deployMillis(),
                    KillProject.ROLLED_BACK, harness.rollbackMillis());
            for (int i = 0; i < trials; i++) {
                if (only != null && i != only) {
                    continue;
                }
                KillKind kind = kinds.get(i % kinds.size());
                KillHarness.TrialResult r = harness.trial(i, kind);
                results.add(r);
                err.println("kill-test: " + r.summary() + (r.verdict() == Verdict.OK ? "" : "  [log " + r.log() + "]"));
            }
        }
        long totalSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.print(table(results));
        System.out.printf(Locale.ROOT, "%d trials in %d s (seed %d, %d migrations, %d rows, PostgreSQL %d)%n",
                results.size(), totalSeconds, seed, migrations, rows, major);
        boolean clean = results.stream().allMatch(r -> r.verdict() == Verdict.OK);
        if (!clean) {
            System.out.println("failed trials (reproduce one with: bench/kill-test.sh " + trials + " " + seed
                    + " --rows " + rows + " --migrations " + migrations + " --trial I):");
            results.stream().filter(r -> r.verdict() != Verdict.OK).forEach(r -> System.out.println("  " + r.summary()));
        }
        System.exit(clean ? 0 : 1);
    }

    /** The outcome table: one row per kind of kill and a total, as Markdown (readable as text, pastes into docs/). */
    public static String table(List<KillHarness.TrialResult> results) {
        Map<String, List<KillHarness.TrialResult>> byKind = new LinkedHashMap<>();
        for (KillKind k : KillKind.values()) {
            List<KillHarness.TrialResult> of = results.stream().filter(r -> r.kind() == k).toList();
            if (!of.isEmpty()) {
                byKind.put(k.label(), of);
            }
        }
        byKind.put("all", results);
        StringBuilder b = new StringBuilder();
        b.append("| kill | trials | kills landed | ok | lost | duplicated | needs repair | other | mean trial |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        byKind.forEach((label, rs) -> {
            Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
            rs.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
            long kills = rs.stream().mapToLong(KillHarness.TrialResult::killsLanded).sum();
            double mean = rs.stream().mapToLong(KillHarness.TrialResult::millis).average().orElse(0) / 1000.0;
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %.1f s |%n", label,
                    rs.size(), kills, counts.getOrDefault(Verdict.OK, 0), counts.getOrDefault(Verdict.LOST, 0),
                    counts.getOrDefault(Verdict.DUPLICATED, 0), counts.getOrDefault(Verdict.NEEDS_REPAIR, 0),
                    counts.getOrDefault(Verdict.OTHER, 0), mean));
        });
        return b.toString();
    }
}
