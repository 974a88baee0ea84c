package dev.manor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.manor.Manor;
import dev.manor.adopt.ImportReport;
import dev.manor.adopt.SourceTool;
import dev.manor.config.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "import", description = "Adopt a Prisma, Flyway or Liquibase project: write its migrations into this"
        + " project's migrations folder (with the id mapping in manor-import-<tool>.tsv) and, with a database"
        + " (--url or the environment's), record what the tool's history table says was applied. Nothing runs"
        + " against the application's schema; importing again changes nothing. See docs/from-prisma.md and"
        + " docs/from-flyway.md.")
final class ImportCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "<tool>", description = "prisma, flyway or liquibase.")
    String tool;

    @Option(names = "--from", paramLabel = "<dir>", required = true,
            description = "The tool's folder, relative to the project: Prisma's project or prisma/migrations, Flyway's"
                    + " migrations location, Liquibase's formatted SQL changelog folder (or one changelog file).")
    Path from;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    boolean needsDatabase() {
        return false;
    }

    @Override
    int runWithoutDatabase(ProjectConfig config) throws Exception {
        SourceTool source = SourceTool.parse(tool);
        return print(Manor.importFiles(source, config.projectDir().resolve(from), config.projectDir(),
                config.manor().migrationsDir()));
    }

    @Override
    int run(Session session) throws Exception {
        SourceTool source = SourceTool.parse(tool);
        return print(session.manor().importHistory(source, session.config().projectDir().resolve(from)));
    }

    private int print(ImportReport r) throws Exception {
        int code = r.mismatches().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        if (json) {
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(r));
            out().flush();
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {r.tool().cliName().toUpperCase() + " ID", "MANOR MIGRATION", "FILES", "DOWN",
                    "HISTORY"});
            for (ImportReport.Entry e : r.entries()) {
                rows.add(new String[] {e.sourceId(), e.folder(), e.files(), e.down(),
                        e.history() == null ? "-" : e.history()});
            }
            TextTable.print(out(), rows);
        }
        r.extraFiles().forEach(f -> err().println(f));
        r.warnings().forEach(w -> err().println("warning: " + w));
        r.orphans().forEach(o -> err().println("warning: " + o));
        r.mismatches().forEach(m -> err().println("checksum mismatch: " + m));
        err().println("Mapping written to " + r.mappingFile().getFileName() + "; drift: " + r.driftIgnoreNote() + ".");
        err().println(r.historyNote() == null ? "No database given: files only (give --url to record what "
                + r.tool().displayName() + " applied)." : r.historyNote() + "; recorded " + r.count("applied")
                + " applied, " + r.count("failed") + " failed, " + r.count("rolled back") + " rolled back ("
                + r.count("already recorded") + " already recorded).");
        long irreversible = r.entries().stream().filter(e -> e.down().equals("irreversible")).count();
        if (irreversible > 0) {
            err().println(irreversible + " migration(s) have no down script; 'manor down generate --missing' writes"
                    + " them.");
        }
        err().flush();
        return code;
    }
}
