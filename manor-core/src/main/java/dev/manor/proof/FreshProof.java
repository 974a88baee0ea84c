package dev.manor.proof;

import dev.manor.text.Plural;
import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.Deployer;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.migration.SqlSplitter;
import dev.manor.migration.SqlStatement;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manor test fresh}: every migration applied in order on a new database, each followed by
 * its optional verify.sql (read-only checks, Sqitch style), then the seed.
 */
public final class FreshProof {
    public static final String SUITE = "fresh";
    private final ProofSettings settings;

    public FreshProof(ProofSettings settings) {
        this.settings = settings;
    }

    public ProofReport run(ShadowProvider provider) {
        List<ProofCase> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Shadow shadow = provider.create(settings.schemas())) {
            if (shadow.note() != null) {
                notes.add(shadow.note());
            }
            Manor manor = shadow.manor(settings.migrationsDir(), settings.seedFile(), DeployListener.SILENT);
            List<Migration> all = new MigrationRepository(settings.migrationsDir()).load();
            for (Migration m : all) {
                long start = System.currentTimeMillis();
                List<String> details = new ArrayList<>();
                try {
                    manor.deploy(Deployer.Options.upTo(m.id()));
                    if (m.verify().isPresent()) {
                        int checks = verify(shadow, m);
                        details.add("verify.sql: " + checks + " checks passed");
                    }
                    cases.add(ProofCase.passed(SUITE, m.folderName(), details, System.currentTimeMillis() - start));
                } catch (ManorException | SQLException e) {
                    cases.add(ProofCase.failed(SUITE, m.folderName(), List.of(e.getMessage()), details,
                            System.currentTimeMillis() - start));
                    // The later migrations (and the seed) build on this one: they cannot be tried.
                    List<String> notTried = new ArrayList<>(all.subList(all.indexOf(m) + 1, all.size()).stream()
                            .map(Migration::folderName).toList());
                    notTried.add("seed");
                    return new ProofReport(SUITE, cases, notes, List.of(), notTried);
                }
            }
            long start = System.currentTimeMillis();
            try {
                int n = manor.seed();
                cases.add(ProofCase.passed(SUITE, "seed", List.of(n < 0 ? "no seed file" : Plural.count(n, "statement")),
                        System.currentTimeMillis() - start));
            } catch (ManorException e) {
                cases.add(ProofCase.failed(SUITE, "seed", List.of(e.getMessage()), List.of(),
                        System.currentTimeMillis() - start));
            }
        }
        return new ProofReport(SUITE, cases, notes);
    }

    /** Runs verify.sql in a read-only transaction that is rolled back; any error fails the proof. */
    static int verify(Shadow shadow, Migration m) throws SQLException {
        String file = m.displayPath(Migration.VERIFY_FILE);
        List<SqlStatement> statements = SqlSplitter.split(m.verify().orElseThrow(), file);
        try (Connection c = shadow.connect()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                for (SqlStatement st : statements) {
                    try {
                        s.execute(st.sql());
                    } catch (SQLException e) {
                        throw new ManorException(file + ":" + st.line() + ": verification failed: "
                                + e.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", ""), e);
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return statements.size();
    }
}
