package dev.manor.analyze;

import dev.manor.ManorException;
import dev.manor.config.ManorConfig;
import dev.manor.deploy.DeployCheck;
import dev.manor.deploy.PlannedMigration;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.shadow.ShadowProvider;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Analysis before every deploy: the text rules always, the observed facts when a shadow is given.
 * In a protected environment an error-level finding refuses the deploy (suppress a finding with
 * {@code -- manor:allow <rule> because <reason>}), and so it does in the staging environment of a protected one,
 * so that staging never accepts what production will refuse; elsewhere findings are printed as warnings.
 */
public final class AnalysisGate implements DeployCheck {
    private final ManorConfig config;
    private final AnalysisSettings settings;
    private final Supplier<ShadowProvider> shadow;
    private final Consumer<String> warn;
    private String stagingOf;

    /** {@code shadow} may be null: static analysis only. */
    public AnalysisGate(ManorConfig config, AnalysisSettings settings, Supplier<ShadowProvider> shadow,
                        Consumer<String> warn) {
        this.config = config;
        this.settings = settings;
        this.shadow = shadow;
        this.warn = warn;
    }

    /** This environment is the staging of these protected ones: refuse what they would refuse. */
    public AnalysisGate asStagingOf(java.util.Collection<String> protectedEnvironments) {
        this.stagingOf = protectedEnvironments.isEmpty() ? null : String.join(", ", protectedEnvironments);
        return this;
    }

    private boolean refuses() {
        return config.protectedEnv() || stagingOf != null;
    }

    @Override
    public void check(List<PlannedMigration> plan, Connection connection) throws SQLException {
        List<Migration> planned = plan.stream().filter(p -> p.direction().equals(PlannedMigration.UP))
                .map(PlannedMigration::migration).toList();
        if (planned.isEmpty()) {
            return;
        }
        AnalysisReport report = analyze(planned);
        List<String> errors = report.migrations().stream().flatMap(m -> m.allFindings().stream()
                        .filter(f -> f.severity() == Severity.ERROR)
                        .map(f -> m.migrationId() + " [" + f.rule() + "] " + f.message()))
                .toList();
        report.migrations().forEach(m -> m.allFindings().stream().filter(f -> f.severity() != Severity.INFO)
                .filter(f -> !refuses() || f.severity() != Severity.ERROR)
                .forEach(f -> warn.accept(f.severity().name() + " " + m.migrationId() + " [" + f.rule() + "] "
                        + f.message())));
        if (refuses() && !errors.isEmpty()) {
            String message = "analysis found " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                    + " and environment '" + config.environment() + "' is "
                    + (config.protectedEnv() ? "protected" : "the staging of protected '" + stagingOf + "'") + ": "
                    + errors.get(0)
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; see 'manor analyze')" : "")
                    + ". Use the safe multi-step change 'manor analyze' prints, or suppress a finding with"
                    + " \"-- manor:allow <rule> because <reason>\"";
            new HistoryStore(config.historySchema(), config.environment()).record(connection,
                    Event.of("gate-refused", planned.get(0).id(), "refused", "analysis: " + String.join("; ", errors)));
            throw new ManorException(message);
        }
    }

    private AnalysisReport analyze(List<Migration> planned) {
        ProjectAnalyzer analyzer = new ProjectAnalyzer(settings);
        if (shadow == null) {
            return analyzer.analyzeStatic(planned);
        }
        Set<String> scope = planned.stream().map(Migration::id).collect(Collectors.toSet());
        List<Migration> all = new MigrationRepository(config.migrationsDir()).load();
        try (ShadowProvider provider = shadow.get()) {
            return analyzer.analyzeObserved(all, scope, provider, config.schemas(), config.migrationsDir());
        }
    }
}
