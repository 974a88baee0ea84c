package dev.manor.proof;

import dev.manor.text.Plural;
import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.analyze.ObservedProbe;
import dev.manor.analyze.StatementFacts;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.deploy.Deployer;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.migration.SqlStatement;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * {@code manor test perf}: applies the migrations before the ones in scope; then, for each migration
 * in scope, tops every table up to the requested volume with made-up rows, observes the migration's
 * locks, rewrites and scans (in a rolled-back transaction) and applies it for real to time it.
 */
public final class PerfProof {
    public static final String SUITE = "perf";
    private final ProofSettings settings;

    public PerfProof(ProofSettings settings) {
        this.settings = settings;
    }

    public ProofReport run(ShadowProvider provider, Set<String> scope, ToLongFunction<String> rowsPerTable,
                           SyntheticData.Listener fillListener) {
        List<ProofCase> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Migration> all = new MigrationRepository(settings.migrationsDir()).load();
        List<String> skipped = all.stream().filter(m -> !scope.contains(m.id())).map(Migration::folderName).toList();
        String firstInScope = all.stream().map(Migration::id).filter(scope::contains).findFirst().orElse(null);
        if (firstInScope == null) {
            return new ProofReport(SUITE, cases, List.of("nothing in scope"));
        }
        try (Shadow shadow = provider.create(settings.schemas())) {
            Manor manor = shadow.manor(settings.migrationsDir(), settings.seedFile(), DeployListener.SILENT);
            all.stream().map(Migration::id).filter(id -> id.compareTo(firstInScope) < 0)
                    .reduce((a, b) -> b).ifPresent(last -> manor.deploy(Deployer.Options.upTo(last)));
            for (Migration m : all) {
                if (!scope.contains(m.id())) {
                    manor.deploy(Deployer.Options.upTo(m.id()));
                    continue;
                }
                fill(shadow, rowsPerTable, fillListener, notes);
                cases.add(measure(shadow, manor, m));
            }
        } catch (SQLException e) {
            throw new ManorException("performance test failed: " + e.getMessage(), e);
        }
        return new ProofReport(SUITE, cases, notes, skipped, List.of());
    }

    /** Tops every table that exists now up to its volume, so tables made by earlier migrations get rows too. */
    private static void fill(Shadow shadow, ToLongFunction<String> rowsPerTable, SyntheticData.Listener listener,
                             List<String> notes) throws SQLException {
        try (Connection c = shadow.connect()) {
            SyntheticData.Result filled = SyntheticData.topUp(c, shadow.schemas(), rowsPerTable, listener);
            filled.inserted().forEach((t, n) -> notes.add("filled " + t + " with " + Plural.count(n, "row")));
            filled.skipped().forEach(s -> notes.add("could not fill " + s));
            if (!filled.inserted().isEmpty()) {
                c.createStatement().execute("ANALYZE");
            }
        }
    }

    private ProofCase measure(Shadow shadow, Manor manor, Migration m) {
        long start = System.currentTimeMillis();
        List<String> details = new ArrayList<>();
        try {
            List<SqlStatement> statements = m.upStatements();
            List<StatementFacts> facts;
            try (Connection c = shadow.connect()) {
                facts = ObservedProbe.defaults().observe(c, statements.stream().map(SqlStatement::sql).toList(),
                        sql -> m.transactional());
            }
            Set<String> locks = new TreeSet<>();
            Set<String> rewrites = new TreeSet<>();
            Set<String> scans = new TreeSet<>();
            for (StatementFacts f : facts) {
                if (f == null) {
                    continue;
                }
                f.locks().forEach(l -> locks.add(l.mode() + " on " + l.relation()));
                rewrites.addAll(f.rewritten());
                scans.addAll(f.scanned());
            }
            DeployResult result = manor.deploy(Deployer.Options.upTo(m.id()));
            long duration = result.applied().isEmpty() ? 0 : result.applied().get(0).report().durationMs();
            details.add("duration: " + duration + " ms");
            details.add("locks: " + (locks.isEmpty() ? (m.transactional() ? "none" : "not observed (no-transaction)")
                    : String.join(", ", locks)));
            details.add("longest lock hold: up to " + duration + " ms (" + (m.transactional()
                    ? "locks are held until the migration commits" : "per statement, in autocommit") + ")");
            details.add("rewrite: " + (rewrites.isEmpty() ? "no" : String.join(", ", rewrites)));
            details.add("full scan: " + (scans.isEmpty() ? "no" : String.join(", ", scans)));
            return ProofCase.passed(SUITE, m.folderName(), details, System.currentTimeMillis() - start);
        } catch (ManorException | SQLException e) {
            return ProofCase.failed(SUITE, m.folderName(), List.of(e.getMessage()), details,
                    System.currentTimeMillis() - start);
        }
    }
}
