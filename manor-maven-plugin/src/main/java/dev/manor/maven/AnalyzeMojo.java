package dev.manor.maven;

import dev.manor.ManorException;
import dev.manor.analyze.AnalysisReport;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.JsonReport;
import dev.manor.analyze.ProjectAnalyzer;
import dev.manor.analyze.SarifReport;
import dev.manor.analyze.TextReport;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.shadow.ShadowProvider;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each statement's class, the locks it takes, rewrites and scans as observed on a shadow database, and findings
 * with the safe multi-step SQL (like {@code manor analyze}). Fails the build on error-level findings.
 */
@Mojo(name = "analyze", threadSafe = true)
public class AnalyzeMojo extends AbstractManorMojo {
    /** Ids or folder names to analyse (default: the pending ones). */
    @Parameter(property = "manor.analyze.migrations")
    List<String> migrationIds;

    /** Analyse every migration. */
    @Parameter(property = "manor.all", defaultValue = "false")
    boolean all;

    /** Text rules and known locks only; do not run anything on a shadow database (no database needed). */
    @Parameter(property = "manor.static", defaultValue = "false")
    boolean staticOnly;

    /** text, json or sarif. */
    @Parameter(property = "manor.format", defaultValue = "text")
    String format;

    /** Also write the report to this file (e.g. target/manor.sarif for code scanning). */
    @Parameter(property = "manor.output")
    File output;

    /** Fail the build on error-level findings. */
    @Parameter(property = "manor.failOnError", defaultValue = "true")
    boolean failOnError;

    @Override
    void run(Target target) throws MojoExecutionException, MojoFailureException {
        var manor = target.manor();
        List<Migration> every = manor.migrations();
        Set<String> scope = scope(every, all ? null : manor.status());
        List<Migration> chosen = every.stream().filter(m -> scope.contains(m.id())).toList();
        ProjectAnalyzer analyzer = new ProjectAnalyzer(AnalysisSettings.defaults());
        AnalysisReport report;
        if (staticOnly) {
            report = analyzer.analyzeStatic(chosen);
        } else {
            try (ShadowProvider provider = target.shadow(shadowUrl)) {
                report = analyzer.analyzeObserved(every, scope, provider, target.config().manor().schemas(),
                        target.config().manor().migrationsDir());
            }
        }
        String text = switch (format) {
            case "text" -> TextReport.render(report);
            case "json" -> JsonReport.render(report);
            case "sarif" -> SarifReport.render(report);
            default -> throw new MojoExecutionException("manor.format: '" + format + "' is not text, json or sarif");
        };
        text.lines().forEach(getLog()::info);
        if (output != null) {
            try {
                Files.createDirectories(output.getAbsoluteFile().getParentFile().toPath());
                Files.writeString(output.toPath(), text);
            } catch (IOException e) {
                throw new MojoExecutionException("cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        if (failOnError && report.hasErrors()) {
            throw new MojoFailureException("analysis found error-level findings (see the report above); use the safe"
                    + " multi-step change it shows, or suppress a finding with \"-- manor:allow <rule> because <reason>\"");
        }
    }

    private Set<String> scope(List<Migration> every, StatusReport status) {
        if (status == null) {
            return every.stream().map(Migration::id).collect(Collectors.toSet());
        }
        if (migrationIds != null && !migrationIds.isEmpty()) {
            Set<String> ids = new HashSet<>();
            for (String wanted : migrationIds) {
                ids.add(every.stream().filter(m -> m.id().equals(wanted) || m.folderName().equals(wanted))
                        .findFirst().orElseThrow(() -> new ManorException("no migration " + wanted)).id());
            }
            return ids;
        }
        return status.toDeploy().stream().map(StatusReport.Entry::id).collect(Collectors.toSet());
    }
}
