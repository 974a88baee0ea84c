package dev.manor.analyze;

import dev.manor.GateRefusedException;
import dev.manor.config.ManorConfig;
import dev.manor.deploy.Background;
import dev.manor.deploy.DeployCheck;
import dev.manor.deploy.PlannedMigration;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.repeatable.SqlScript;
import dev.manor.shadow.ShadowProvider;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Analysis before every deploy: the text rules always, the observed facts when a shadow is given, and the
 * down scripts of the planned migrations (statically). A finding that means the migration cannot succeed
 * as written ({@link #CANNOT_SUCCEED}, in an up or a down script) refuses the deploy in every environment,
 * before any migration runs. In a protected environment any error-level finding refuses it, including a
 * migration that could not be judged (suppress a finding with {@code -- manor:allow <rule> because <reason>});
 * the staging environment of a protected one refuses the same, so that staging never accepts what production
 * will refuse; elsewhere findings are printed as warnings.
 */
public final class AnalysisGate implements DeployCheck {
    /** Rules whose findings mean PostgreSQL will refuse the statement as the migration runs it. */
    public static final Set<String> CANNOT_SUCCEED = Set.of("concurrently-in-transaction");

    private final ManorConfig config;
    private final AnalysisSettings settings;
    private final Supplier<ShadowProvider> shadow;
    private static final int DOWN_WARNINGS_SHOWN = 10;
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
        check(plan, null, connection, true);
    }

    @Override
    public void check(List<PlannedMigration> plan, List<Migration> onDisk, Connection connection) throws SQLException {
        check(plan, onDisk, connection, true);
    }

    /** A dry run records nothing. */
    @Override
    public void preview(List<PlannedMigration> plan, Connection connection) throws SQLException {
        check(plan, null, connection, false);
    }

    @Override
    public void preview(List<PlannedMigration> plan, List<Migration> onDisk, Connection connection) throws SQLException {
        check(plan, onDisk, connection, false);
    }

    /** {@code onDisk}: every migration on disk, in id order; null reads the folder. */
    private void check(List<PlannedMigration> plan, List<Migration> onDisk, Connection connection, boolean record)
            throws SQLException {
        List<Migration> planned = plan.stream().filter(p -> p.direction().equals(PlannedMigration.UP))
                .map(PlannedMigration::migration).toList();
        if (planned.isEmpty()) {
            return;
        }
        ProjectAnalyzer analyzer = new ProjectAnalyzer(settings).scopeIsDeploy();
        Set<String> scope = planned.stream().map(Migration::id).collect(Collectors.toSet());
        List<Migration> all = onDisk != null ? onDisk : new MigrationRepository(config.migrationsDir()).load();
        AnalysisReport downs;
        AnalysisReport report;
        if (shadow == null) {
            // Both static and independent (the rules keep no state): the downs on another core while the ups are
            // judged here (the analysis is a quarter of what a 1,000-migration deploy runs before its first one).
            CompletableFuture<AnalysisReport> downsLater = Background.start(() -> analyzer.analyzeDowns(planned));
            report = analyzer.analyzeStatic(all, scope);
            downs = Background.join(downsLater);
        } else {
            // Downs first: a down that cannot run must be known before its up is observed in a shadow.
            downs = analyzer.analyzeDowns(planned);
            report = lines(downs, f -> CANNOT_SUCCEED.contains(f.rule())).isEmpty() ? analyze(analyzer, all, scope)
                    : analyzer.analyzeStatic(all, scope);
        }
        List<String> fatal = new ArrayList<>(lines(downs, f -> CANNOT_SUCCEED.contains(f.rule())));
        fatal.addAll(0, lines(report, f -> CANNOT_SUCCEED.contains(f.rule())));
        refuseCannotSucceed(connection, record, planned.get(0).id(), fatal, "a migration");
        warnOrRefuse(report, connection, record, planned.get(0).id());
        // A down's findings matter on rollback only: a deploy of hundreds of new tables would otherwise print a
        // "dropping table ... loses its data" line per migration before the first one runs.
        List<String> downWarnings = new ArrayList<>();
        downs.migrations().forEach(m -> m.allFindings().stream().filter(f -> f.severity() != Severity.INFO)
                .forEach(f -> downWarnings.add(f.severity().name() + " " + m.migrationId() + " [" + f.rule() + "] "
                        + f.message())));
        downWarnings.stream().limit(DOWN_WARNINGS_SHOWN).forEach(warn);
        if (downWarnings.size() > DOWN_WARNINGS_SHOWN) {
            warn.accept("... and " + (downWarnings.size() - DOWN_WARNINGS_SHOWN) + " more findings in down scripts"
                    + " (they run only on rollback); 'manor analyze' lists them all");
        }
    }

    /**
     * The changed repeatables and the callbacks this deploy runs are judged like its migrations (statically, against
     * the schema as it stands, each script as one transaction): what passes the gate is everything the deploy runs.
     */
    @Override
    public void checkScripts(List<SqlScript> scripts, Connection connection, boolean dryRun) throws SQLException {
        if (scripts.isEmpty()) {
            return;
        }
        AnalysisReport report = new ProjectAnalyzer(settings).analyzeScripts(scripts);
        refuseCannotSucceed(connection, !dryRun, null, lines(report, f -> CANNOT_SUCCEED.contains(f.rule())),
                "a script");
        warnOrRefuse(report, connection, !dryRun, null);
    }

    private void refuseCannotSucceed(Connection connection, boolean record, String migrationId, List<String> fatal,
                                     String what) throws SQLException {
        if (!fatal.isEmpty()) {
            refuse(connection, record, migrationId, fatal, fatal.size() + " finding" + (fatal.size() == 1 ? " says"
                    : "s say") + " " + what + " cannot succeed as written (refused in every environment; nothing was"
                    + " applied): " + String.join("; ", fatal) + ". See 'manor analyze'");
        }
    }

    /** Error-level findings refuse the deploy in a protected environment (and its staging); elsewhere they warn. */
    private void warnOrRefuse(AnalysisReport report, Connection connection, boolean record, String migrationId)
            throws SQLException {
        List<String> errors = lines(report, f -> f.severity() == Severity.ERROR);
        report.migrations().forEach(m -> m.allFindings().stream().filter(f -> f.severity() != Severity.INFO)
                .filter(f -> !refuses() || f.severity() != Severity.ERROR)
                .forEach(f -> warn.accept(f.severity().name() + " " + m.migrationId() + " [" + f.rule() + "] "
                        + f.message())));
        if (refuses() && !errors.isEmpty()) {
            refuse(connection, record, migrationId, errors, "analysis found " + errors.size() + " error"
                    + (errors.size() == 1 ? "" : "s") + " and environment '" + config.environment() + "' is "
                    + (config.protectedEnv() ? "protected" : "the staging of protected '" + stagingOf + "'") + ": "
                    + errors.get(0)
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; see 'manor analyze')" : "")
                    + ". Use the safe multi-step change 'manor analyze' prints, or suppress a finding with"
                    + " \"-- manor:allow <rule> because <reason>\"");
        }
    }

    /** One line per finding: where (file:line and the statement's start, or the migration) and what. */
    private static List<String> lines(AnalysisReport report, java.util.function.Predicate<Finding> which) {
        List<String> out = new ArrayList<>();
        for (MigrationReport m : report.migrations()) {
            for (StatementReport st : m.statements()) {
                // a script (repeatable, callback) is named by its file alone
                String where = m.migrationId().equals(m.path()) ? m.path() + ":" + st.line() + " [%s]"
                        : m.migrationId() + " [%s] " + m.path() + ":" + st.line();
                st.findings().stream().filter(which).forEach(f -> out.add(where.formatted(f.rule())
                        + " '" + summary(st.sql()) + "': " + f.message()
                        + (CANNOT_SUCCEED.contains(f.rule()) && f.safe() != null ? " (fix: " + f.safe().replace('\n', ' ') + ")" : "")));
            }
            m.migrationFindings().stream().filter(which)
                    .forEach(f -> out.add(m.migrationId() + " [" + f.rule() + "] " + f.message()));
        }
        return out;
    }

    private static String summary(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    private void refuse(Connection connection, boolean record, String migrationId, List<String> findings,
                        String message) throws SQLException {
        if (record) {
            new HistoryStore(config.historySchema(), config.environment()).record(connection,
                    Event.of("gate-refused", migrationId, "refused", "analysis: " + String.join("; ", findings)));
        }
        throw new GateRefusedException(GateRefusedException.ANALYSIS, message, findings);
    }

    private AnalysisReport analyze(ProjectAnalyzer analyzer, List<Migration> all, Set<String> scope) {
        try (ShadowProvider provider = shadow.get()) {
            return analyzer.analyzeObserved(all, scope, provider, config.schemas(), config.migrationsDir());
        }
    }
}
