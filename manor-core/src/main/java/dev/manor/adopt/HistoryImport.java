package dev.manor.adopt;

import dev.manor.ManorException;
import dev.manor.config.ConfigFile;
import dev.manor.deploy.DeployContext;
import dev.manor.deploy.DeployLock;
import dev.manor.history.Event;
import dev.manor.history.HistoryRecord;
import dev.manor.history.HistoryStatus;
import dev.manor.migration.Directive;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationFormatException;
import dev.manor.migration.MigrationRepository;
import dev.manor.migration.SqlSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns another tool's migrations into Manor's: writes the migration folders (and repeatable and callback scripts),
 * the id mapping, and, with a database, records what the tool's history says was applied. Only Manor's history
 * schema is written; nothing runs against the application's schema. Running it again changes nothing.
 */
public final class HistoryImport {
    /** The down.sql of a migration the tool had no undo script for ('manor down generate --missing' replaces it). */
    public static String irreversibleDown(SourceTool tool) {
        return "-- manor:" + Directive.IRREVERSIBLE + " because imported from " + tool.displayName()
                + " without a down script\n";
    }

    /** Synthetic ids start here, one second apart, so that they sort before any migration written today. */
    static final LocalDateTime SYNTHETIC_BASE = LocalDateTime.of(2000, 1, 1, 0, 0, 0);
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final SourceTool tool;
    private final Path from;
    private final Path projectDir;
    private final Path migrationsDir;

    public HistoryImport(SourceTool tool, Path from, Path projectDir, Path migrationsDir) {
        this.tool = tool;
        this.from = from.toAbsolutePath().normalize();
        this.projectDir = projectDir;
        this.migrationsDir = migrationsDir;
    }

    /** The file that maps the tool's ids to Manor migration folders. */
    public Path mappingFile() {
        return projectDir.resolve("manor-import-" + tool.cliName() + ".tsv");
    }

    /** Writes the files only (no database given). */
    public ImportReport files() {
        Importer importer = tool.importer();
        SourceProject source = importer.read(from);
        List<String> warnings = new ArrayList<>(source.warnings());
        Map<String, String> folders = assign(source.migrations());
        List<ImportReport.Entry> entries = writeMigrations(source.migrations(), folders, warnings);
        List<String> extra = writeExtras(source);
        writeMapping(source.migrations(), folders);
        return new ImportReport(tool, entries, extra, mappingFile(), null, List.of(), warnings, tool.ownTables(),
                writeDriftIgnore());
    }

    /** Writes the files, then records in Manor's history what the tool's history table says. */
    public ImportReport withHistory(DeployContext ctx) {
        ImportReport files = files();
        Importer importer = tool.importer();
        SourceProject source = importer.read(from);
        Map<String, String> folders = assign(source.migrations());
        try (DeployLock ignored = ctx.lock("import")) {
            return ctx.withConnection(c -> {
                Optional<List<SourceRow>> rows = importer.readHistory(c, source.migrations());
                if (rows.isEmpty()) {
                    return new ImportReport(tool, files.entries(), files.extraFiles(), files.mappingFile(),
                            "no " + tool.historyTable() + " table in the database: nothing recorded as applied",
                            List.of(), files.warnings(), files.driftIgnore(), files.driftIgnoreNote());
                }
                c.setAutoCommit(true);
                ctx.history().ensureTables(c);
                Map<String, HistoryRecord> recorded = new HashMap<>();
                ctx.history().records(c).forEach(r -> recorded.put(r.id(), r));
                Map<String, Migration> onDisk = new HashMap<>();
                new MigrationRepository(migrationsDir).load().forEach(m -> onDisk.put(m.folderName(), m));
                Map<String, SourceRow> bySource = new LinkedHashMap<>();
                List<String> orphans = new ArrayList<>();
                for (SourceRow r : rows.get()) {
                    if (folders.containsKey(r.sourceId())) {
                        bySource.put(r.sourceId(), r);
                    } else {
                        orphans.add(r.row() + ": no such migration in " + from.getFileName() + "; not recorded");
                    }
                }
                List<ImportReport.Entry> entries = new ArrayList<>();
                c.setAutoCommit(false);
                try {
                    for (ImportReport.Entry e : files.entries()) {
                        SourceRow r = bySource.get(e.sourceId());
                        Migration m = onDisk.get(e.folder());
                        if (r == null || m == null) {
                            entries.add(withHistory(e, "not applied", null));
                        } else if (recorded.containsKey(m.id())) {
                            entries.add(withHistory(e, "already recorded", mismatch(r)));
                        } else {
                            record(ctx, c, m, r);
                            entries.add(withHistory(e, label(r.state()), mismatch(r)));
                        }
                    }
                    c.commit();
                } catch (java.sql.SQLException | RuntimeException ex) {
                    c.rollback();
                    throw ex;
                }
                return new ImportReport(tool, entries, files.extraFiles(), files.mappingFile(),
                        "read " + rows.get().size() + " migration(s) from " + tool.historyTable(), orphans,
                        files.warnings(), files.driftIgnore(), files.driftIgnoreNote());
            });
        }
    }

    private static ImportReport.Entry withHistory(ImportReport.Entry e, String history, String mismatch) {
        return new ImportReport.Entry(e.sourceId(), e.folder(), e.origin(), e.files(), e.down(), history, mismatch);
    }

    private static String label(SourceRow.State s) {
        return switch (s) {
            case APPLIED -> "applied";
            case FAILED -> "failed";
            case ROLLED_BACK -> "rolled back";
        };
    }

    private String mismatch(SourceRow r) {
        return Boolean.FALSE.equals(r.checksumOk()) ? tool.displayName() + " recorded checksum " + r.checksum()
                + ", the file's differs: it was edited after it ran (Manor records it as edited after apply)" : null;
    }

    /** Writes the Manor history row and its import event, in the caller's transaction. */
    private void record(DeployContext ctx, Connection c, Migration m, SourceRow r) throws java.sql.SQLException {
        Instant started = r.startedAt() != null ? r.startedAt() : r.finishedAt() != null ? r.finishedAt() : Instant.now();
        Instant finished = r.state() == SourceRow.State.FAILED ? null : r.finishedAt() != null ? r.finishedAt() : started;
        HistoryStatus status = r.state() == SourceRow.State.FAILED ? HistoryStatus.FAILED : HistoryStatus.APPLIED;
        int steps = m.transactional() || status == HistoryStatus.FAILED ? 0 : m.upStatements().size();
        ctx.history().write(c, m, status, steps, started, finished, r.error(), null);
        if (r.state() == SourceRow.State.ROLLED_BACK) {
            ctx.history().markRolledBack(c, m.id());
        }
        if (Boolean.FALSE.equals(r.checksumOk())) {
            // Never equal to a file's checksum: status shows the migration as edited after apply until a person
            // settles it ('manor resolve --accept-edit' or by restoring the file that ran).
            ctx.history().setChecksum(c, m.id(), tool.cliName() + "-checksum:" + r.checksum());
        }
        ctx.history().record(c, Event.of("import", m.id(), label(r.state()).replace(' ', '_')
                + (Boolean.FALSE.equals(r.checksumOk()) ? "; checksum mismatch" : ""),
                "from " + tool.displayName() + " " + r.row()));
    }

    /** Source id to Manor folder: kept from an earlier import, the tool's own timestamp, or the next synthetic id. */
    private Map<String, String> assign(List<SourceMigration> migrations) {
        Map<String, String> earlier = readMapping();
        Map<String, String> out = new LinkedHashMap<>();
        String previous = null;
        for (SourceMigration m : migrations) {
            String folder = earlier.get(m.sourceId());
            if (folder == null) {
                String id;
                if (m.manorId() != null) {
                    id = m.manorId();
                } else {
                    LocalDateTime next = previous == null ? SYNTHETIC_BASE
                            : LocalDateTime.parse(previous.substring(0, 14), ID).plusSeconds(1);
                    id = ID.format(next);
                }
                folder = id + "_" + m.name();
            }
            if (previous != null && folder.compareTo(previous) <= 0 && m.manorId() == null) {
                throw new ManorException(m.origin() + " sorts before " + previous + " in " + mappingFile().getFileName()
                        + ": a migration added between imported ones; give it a place by editing the mapping file");
            }
            out.put(m.sourceId(), folder);
            previous = folder;
        }
        return out;
    }

    private Map<String, String> readMapping() {
        Map<String, String> out = new HashMap<>();
        Path file = mappingFile();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length < 2) {
                    throw new ManorException(file.getFileName() + ": '" + line + "' is not '<source id><TAB><folder>'");
                }
                out.put(cols[0], cols[1]);
            }
        } catch (IOException e) {
            throw new ManorException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private void writeMapping(List<SourceMigration> migrations, Map<String, String> folders) {
        StringBuilder b = new StringBuilder("# manor import " + tool.cliName() + ": " + tool.displayName()
                + " id<TAB>Manor migration<TAB>source file\n");
        for (SourceMigration m : migrations) {
            b.append(m.sourceId()).append('\t').append(folders.get(m.sourceId())).append('\t').append(m.origin())
                    .append('\n');
        }
        writeIfChanged(mappingFile(), b.toString());
    }

    private List<ImportReport.Entry> writeMigrations(List<SourceMigration> migrations, Map<String, String> folders,
                                                     List<String> warnings) {
        List<ImportReport.Entry> out = new ArrayList<>();
        for (SourceMigration m : migrations) {
            String folder = folders.get(m.sourceId());
            Path dir = migrationsDir.resolve(folder);
            String up = m.upSql();
            if (hasNoStatements(up, m.origin())) {
                up = up + (up.endsWith("\n") || up.isEmpty() ? "" : "\n")
                        + "SELECT 1; -- manor import: the source migration had no statements, and Manor refuses empty ones\n";
                warnings.add(m.origin() + " has no statements; its migration.sql got 'SELECT 1;' (Manor refuses empty"
                        + " migrations)");
            }
            String files;
            try {
                if (Files.isRegularFile(dir.resolve(Migration.UP_FILE))) {
                    files = MigrationRepository.read(dir.resolve(Migration.UP_FILE)).equals(up) ? "kept"
                            : "kept, differs";
                } else {
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve(Migration.UP_FILE), up, StandardCharsets.UTF_8);
                    if (!Files.exists(dir.resolve(Migration.DOWN_FILE))) {
                        Files.writeString(dir.resolve(Migration.DOWN_FILE), m.downSql() != null ? m.downSql()
                                : irreversibleDown(tool), StandardCharsets.UTF_8);
                    }
                    files = "written";
                }
            } catch (IOException e) {
                throw new ManorException("cannot write " + dir + ": " + e.getMessage(), e);
            }
            out.add(new ImportReport.Entry(m.sourceId(), folder, m.origin(), files,
                    m.downSql() != null ? "from source" : "irreversible", null, null));
        }
        return out;
    }

    private static boolean hasNoStatements(String sql, String file) {
        try {
            return SqlSplitter.split(sql, file).isEmpty();
        } catch (MigrationFormatException e) {
            return false;
        }
    }

    /** Repeatables go to repeatable/ and callbacks to callbacks/, beside the migrations folder. */
    private List<String> writeExtras(SourceProject source) {
        List<String> out = new ArrayList<>();
        Path base = migrationsDir.toAbsolutePath().getParent();
        source.repeatables().forEach((name, sql) -> out.add(writeExtra(base.resolve("repeatable").resolve(name), sql)));
        source.callbacks().forEach((name, sql) -> out.add(writeExtra(base.resolve("callbacks").resolve(name), sql)));
        return out;
    }

    private String writeExtra(Path file, String sql) {
        String shown = projectDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
        try {
            if (Files.isRegularFile(file)) {
                return shown + (MigrationRepository.read(file).equals(sql) ? " (kept)" : " (kept, differs)");
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, sql, StandardCharsets.UTF_8);
            return shown + " (written)";
        } catch (IOException e) {
            throw new ManorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeIfChanged(Path file, String text) {
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                return;
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds the tool's tables to {@code [drift] ignore} in manor.toml: appended as a new table when manor.toml has no
     * [drift] yet (created when there is no manor.toml); when it has one that lacks them, only suggested.
     */
    private String writeDriftIgnore() {
        Path toml = projectDir.resolve(ConfigFile.FILE_NAME);
        List<String> wanted = tool.ownTables();
        String quoted = String.join(", ", wanted.stream().map(t -> "\"" + t + "\"").toList());
        try {
            String text = Files.isRegularFile(toml) ? Files.readString(toml, StandardCharsets.UTF_8) : "";
            if (text.lines().anyMatch(l -> l.strip().equals("[drift]"))) {
                List<String> present = ConfigFile.load(projectDir).driftIgnore().tables();
                return present.containsAll(wanted) ? "already in " + ConfigFile.FILE_NAME + " [drift] ignore"
                        : "add " + quoted + " to [drift] ignore in " + ConfigFile.FILE_NAME;
            }
            String entry = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + (text.isEmpty() ? "" : "\n")
                    + "[drift]\n# tables " + tool.displayName() + " keeps in the application's schema (manor import)\n"
                    + "ignore = [" + quoted + "]\n";
            Files.writeString(toml, text + entry, StandardCharsets.UTF_8);
            return "written to " + ConfigFile.FILE_NAME + ": [drift] ignore = [" + quoted + "]";
        } catch (IOException e) {
            throw new ManorException("cannot write " + toml + ": " + e.getMessage(), e);
        }
    }
}
