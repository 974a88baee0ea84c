package dev.manor.analyze.bench;

import dev.manor.analyze.AnalysisReport;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.Analyzer;
import dev.manor.analyze.AnalyzeFixtures;
import dev.manor.analyze.Finding;
import dev.manor.analyze.MigrationInput;
import dev.manor.analyze.MigrationReport;
import dev.manor.analyze.StatementReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Static analysis of SQL files, printed one finding a line like gcc ("file:line: severity: rule message"),
 * for bench/squawk-compare.sh, which compares loose SQL files (not migration folders) with squawk's.
 */
public final class AnalyzeFiles {
    private AnalyzeFiles() {
    }

    public static void main(String[] args) throws IOException {
        List<MigrationInput> inputs = new ArrayList<>();
        for (String arg : args) {
            String text = Files.readString(Path.of(arg));
            MigrationInput parsed = AnalyzeFixtures.migration(text);
            inputs.add(new MigrationInput(Path.of(arg).getFileName().toString(), arg, parsed.statements(),
                    parsed.transactional(), text));
        }
        AnalysisReport report = Analyzer.staticOnly(AnalysisSettings.defaults()).analyze(inputs);
        for (MigrationReport m : report.migrations()) {
            for (StatementReport s : m.statements()) {
                for (Finding f : s.findings()) {
                    System.out.println(m.path() + ":" + s.line() + ": " + f.severity().label() + ": " + f.rule() + " " + f.message());
                }
            }
            for (Finding f : m.migrationFindings()) {
                System.out.println(m.path() + ":1: " + f.severity().label() + ": " + f.rule() + " " + f.message());
            }
        }
    }
}
