package dev.manor.gate;

import dev.manor.text.Plural;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.config.ProjectConfig;
import dev.manor.deploy.PlannedMigration;
import dev.manor.history.BrokenLogException;
import dev.manor.history.EventChain;
import dev.manor.history.HistoryRecord;
import dev.manor.history.HistoryStatus;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * "Test migrations in staging first": every planned migration's exact checksum must be applied in the environment
 * configured as this one's staging, and its round trip proven there. Staging is read on a separate read-only
 * connection, so the gate can never change it.
 */
public final class StagingGate implements Gate {
    private final String environment;
    private final String stagingName;
    private final Supplier<ProjectConfig> stagingConfig;

    /**
     * {@code stagingName} is null when none is configured (then the gate refuses); {@code stagingConfig} resolves
     * that environment's settings when first needed, so a missing staging password is a refusal, not a crash.
     */
    public StagingGate(String environment, String stagingName, Supplier<ProjectConfig> stagingConfig) {
        this.environment = environment;
        this.stagingName = stagingName;
        this.stagingConfig = stagingConfig;
    }

    /** What staging says of one migration. */
    public record Evidence(Migration migration, boolean applied, String appliedDetail, String roundTrip) {
        public boolean proven() {
            return roundTrip != null;
        }
    }

    @Override
    public String name() {
        return "staging";
    }

    @Override
    public String overrideFlag() {
        return "--skip-staging-gate";
    }

    @Override
    public Verdict evaluate(List<PlannedMigration> plan, Connection connection) throws SQLException {
        if (stagingName == null) {
            return Verdict.refuse("environment '" + environment + "' has no staging environment; set staging = \"<env>\""
                    + " in its [env." + environment + "] table of manor.toml");
        }
        List<Migration> migrations = plan.stream().filter(p -> PlannedMigration.UP.equals(p.direction()))
                .map(PlannedMigration::migration).toList();
        List<Evidence> evidence;
        try {
            evidence = evidence(migrations);
        } catch (BrokenLogException e) {
            return Verdict.refuse(e.getMessage());
        }
        for (Evidence e : evidence) {
            Migration m = e.migration();
            if (!e.applied()) {
                return Verdict.refuse(m.folderName() + " " + e.appliedDetail() + "; run 'manor deploy --env "
                        + stagingName + "' first");
            }
            if (!e.proven()) {
                return Verdict.refuse(m.folderName() + " is applied in " + stagingName + " but its rollback is not "
                        + "proven there; run 'manor test rollback --env " + stagingName + "' (or roll it back and "
                        + "re-deploy it in " + stagingName + ")");
            }
        }
        return Verdict.pass(Plural.count(migrations.size(), "migration") + " applied and round-trip proven in " + stagingName);
    }

    /**
     * Per migration: applied in staging with this exact checksum, and how its round trip was proven.
     * Throws {@link BrokenLogException} when staging's log fails its hash chain.
     */
    public List<Evidence> evidence(List<Migration> migrations) throws SQLException {
        ProjectConfig config = stagingConfig.get();
        ConnectionSettings staging = config.connection().orElseThrow(() -> new ManorException("staging environment '"
                + stagingName + "' has no url in manor.toml, so Manor cannot read its history"));
        HistoryStore history = new HistoryStore(config.manor().historySchema(), stagingName);
        List<Evidence> out = new ArrayList<>();
        try (Connection c = Database.of(staging).connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET default_transaction_read_only = on");
            }
            // Its rows are the evidence: a log that was edited, thinned or padded proves nothing.
            EventChain.Verification chain = history.verifyChain(c);
            if (!chain.intact()) {
                throw new BrokenLogException(stagingName + "'s deployment log is " + chain.summary() + "; it is not "
                        + "evidence until that is explained: run 'manor log --verify --env " + stagingName + "'");
            }
            for (Migration m : migrations) {
                Optional<HistoryRecord> r = history.find(c, m.id());
                if (r.isEmpty() || r.get().status() != HistoryStatus.APPLIED) {
                    out.add(new Evidence(m, false, "has not been applied in " + stagingName
                            + r.map(x -> " (it is " + x.status().dbValue() + " there)").orElse(""), null));
                } else if (!m.matchesChecksum(r.get().checksum())) {
                    out.add(new Evidence(m, false, "differs from the version applied in " + stagingName
                            + " (checksum " + abbrev(r.get().checksum()) + " there, " + abbrev(m.checksum())
                            + " here)", null));
                } else {
                    out.add(new Evidence(m, true, "applied in " + stagingName + " " + r.get().finishedAt(),
                            Proofs.evidence(history.eventsFor(c, m.id()), m)));
                }
            }
        }
        return out;
    }

    private static String abbrev(String checksum) {
        return checksum.length() > 12 ? checksum.substring(0, 12) : checksum;
    }
}
