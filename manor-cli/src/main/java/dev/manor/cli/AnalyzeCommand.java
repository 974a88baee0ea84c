package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.analyze.AnalysisReport;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.JsonReport;
import dev.manor.analyze.ProjectAnalyzer;
import dev.manor.analyze.SarifReport;
import dev.manor.analyze.TextReport;
import dev.manor.config.ProjectConfig;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.repeatable.ScriptFolders;
import dev.manor.repeatable.SqlScript;
import dev.manor.shadow.ShadowProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@Command(name = "analyze", description = "Classify each statement (additive, transformative, breaking) with the locks, "
        + "rewrites and scans PostgreSQL really does, and flag unsafe one-step changes. Exit 1 on error-level findings.")
final class AnalyzeCommand extends ProjectCommand {
    enum Format { text, json, sarif }

    @Parameters(arity = "0..*", paramLabel = "<migration>", description = "Ids or folder names (default: the pending ones).")
    List<String> migrations = new ArrayList<>();

    @Option(names = "--all", description = "Analyse every migration.")
    boolean all;

    @Option(names = "--format", defaultValue = "text", description = "text (default), json or sarif.")
    Format format;

    @Option(names = "--static", description = "Text rules and known locks only; do not run anything on a shadow database.")
    boolean staticOnly;

    @Mixin
    ShadowOptions shadow;

    @Override
    boolean needsDatabase() {
        return !staticOnly;
    }

    /** --static without a configured database: the text rules need none, so no embedded server is started. */
    @Override
    int runWithoutDatabase(ProjectConfig config) {
        List<Migration> every = new MigrationRepository(config.manor().migrationsDir()).load();
        Set<String> scope;
        if (!all && migrations.isEmpty()) {
            err().println("No database configured, so no pending list: analysing every migration.");
            err().flush();
            scope = every.stream().map(Migration::id).collect(Collectors.toSet());
        } else {
            scope = scope(config, every, null);
        }
        List<Migration> chosen = every.stream().filter(m -> scope.contains(m.id())).toList();
        ProjectAnalyzer analyzer = new ProjectAnalyzer(AnalysisSettings.defaults());
        AnalysisReport report = ProjectAnalyzer.concat(analyzer.analyzeStatic(chosen), analyzer.analyzeDowns(chosen));
        return print(withScripts(report, analyzer, config, null));
    }

    @Override
    int run(Session session) {
        List<Migration> every = session.manor().migrations();
        Set<String> scope = scope(session.config(), every, session);
        List<Migration> chosen = every.stream().filter(m -> scope.contains(m.id())).toList();
        ProjectAnalyzer analyzer = new ProjectAnalyzer(AnalysisSettings.defaults());
        if (!all && migrations.isEmpty()) {
            analyzer = analyzer.scopeIsDeploy(); // the pending ones: judged as the next deploy will judge them
        }
        AnalysisReport report;
        if (staticOnly) {
            report = analyzer.analyzeStatic(every, scope);
        } else {
            try (ShadowProvider provider = shadow.provider(session)) {
                report = analyzer.analyzeObserved(every, scope, provider, session.config().manor().schemas(),
                        session.config().manor().migrationsDir());
            }
        }
        // Down scripts too (statically): one that cannot run would fail in the middle of a rollback.
        report = ProjectAnalyzer.concat(report, analyzer.analyzeDowns(chosen));
        return print(withScripts(report, analyzer, session.config(), session));
    }

    /**
     * The repeatables and callbacks, judged as the deploy's analysis gate judges them, unless migrations were named:
     * with --all (or no database) every one, else the repeatables the next deploy re-applies.
     */
    private AnalysisReport withScripts(AnalysisReport report, ProjectAnalyzer analyzer, ProjectConfig config,
                                       Session session) {
        if (!migrations.isEmpty()) {
            return report;
        }
        java.nio.file.Path dir = config.manor().migrationsDir();
        List<SqlScript> scripts = new ArrayList<>(ScriptFolders.repeatables(dir));
        if (!all && session != null) {
            Set<String> pending = session.manor().status().pendingRepeatables().stream()
                    .map(StatusReport.Repeatable::file).collect(Collectors.toSet());
            scripts.removeIf(s -> !pending.contains(s.file()));
        }
        scripts.addAll(ScriptFolders.callbacks(dir).present());
        return scripts.isEmpty() ? report : ProjectAnalyzer.concat(report, analyzer.analyzeScripts(scripts));
    }

    private int print(AnalysisReport report) {
        out().println(switch (format) {
            case text -> TextReport.render(report);
            case json -> JsonReport.render(report);
            case sarif -> SarifReport.render(report);
        });
        return report.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private Set<String> scope(ProjectConfig config, List<Migration> every, Session session) {
        if (all) {
            return every.stream().map(Migration::id).collect(Collectors.toSet());
        }
        if (!migrations.isEmpty()) {
            Set<String> ids = new java.util.HashSet<>();
            for (String wanted : migrations) {
                Migration m = every.stream().filter(x -> x.id().equals(wanted) || x.folderName().equals(wanted))
                        .findFirst().orElseThrow(() -> new ManorException("no migration " + wanted + " in "
                                + config.manor().migrationsDir().getFileName()));
                ids.add(m.id());
            }
            return ids;
        }
        return session.manor().status().toDeploy().stream().map(StatusReport.Entry::id).collect(Collectors.toSet());
    }
}
