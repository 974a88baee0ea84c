package dev.manor.diff;

import dev.manor.ManorException;
import dev.manor.analyze.AnalysisReport;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.Finding;
import dev.manor.analyze.MigrationReport;
import dev.manor.analyze.ProjectAnalyzer;
import dev.manor.analyze.Severity;
import dev.manor.config.Database;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.Deployer;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.migration.SqlSplitter;
import dev.manor.migration.SqlStatement;
import dev.manor.proof.Paths;
import dev.manor.proof.ProofCase;
import dev.manor.proof.ProofReport;
import dev.manor.proof.ProofSettings;
import dev.manor.proof.RollbackProof;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.schema.TableDef;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code manor diff}: builds the desired schema (the SQL files of the schema folder) and the migrations' end state on
 * two shadows, plans the migrations between them ({@link Planner}), proves them (rollback proof and analysis) in a
 * copy of the migrations folder, and only then moves them into the real one.
 */
public final class DeclarativeDiff {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final long ROW_COUNT_CAP = 1_000_000;
    private static final java.util.regex.Pattern FINAL_DROP = java.util.regex.Pattern.compile(
            "(?im)^\\s*ALTER TABLE .* DROP COLUMN \"?_deprecated_|^\\s*DROP TABLE \"?(\\w+\"?\\.\"?)?_deprecated_");

    /** Where things are: the project's folders and schemas, and the database whose rows a drop would lose (may be null). */
    public record Project(Path migrationsDir, Path seedFile, List<String> schemas, Path schemaDir, Database target) {
    }

    private final Project project;

    public DeclarativeDiff(Project project) {
        this.project = project;
    }

    public DiffResult run(ShadowProvider provider, DiffOptions options) {
        Path schemaDir = options.schemaDir() != null ? options.schemaDir() : project.schemaDir();
        List<Path> files = schemaFiles(schemaDir);
        SchemaSnapshot current = migrationsEndState(provider);
        SchemaSnapshot desired = desiredState(provider, schemaDir, files);
        Planner.Plan plan = new Planner(current, desired, options, new ChangePlanForms(options.clock()), this::rowCount).plan();
        if (!plan.hazards().isEmpty() || plan.migrations().isEmpty() || options.dryRun()) {
            return new DiffResult(plan.migrations(), List.of(), plan.hazards(), plan.notes());
        }
        return proveAndWrite(provider, plan, options);
    }

    static List<Path> schemaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ManorException("no schema folder " + dir + ": put the desired schema there as .sql files"
                    + " (or set schema = \"<folder>\" in manor.toml)");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
                    .sorted((a, b) -> dir.relativize(a).toString().compareTo(dir.relativize(b).toString())).toList();
            if (files.isEmpty()) {
                throw new ManorException("schema folder " + dir + " has no .sql files");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SchemaSnapshot migrationsEndState(ShadowProvider provider) {
        try (Shadow shadow = provider.create(project.schemas())) {
            try {
                shadow.manor(project.migrationsDir(), null, DeployListener.SILENT).deploy(new Deployer.Options(false, true));
            } catch (ManorException e) {
                throw new ManorException("the migrations do not build on a throwaway database, so there is no end state to"
                        + " compare with: " + e.getMessage(), e);
            }
            try (Connection c = shadow.connect()) {
                return SchemaSnapshot.read(c, shadow.schemas(), List.of());
            }
        } catch (SQLException e) {
            throw new ManorException("cannot read the migrations' end state: " + e.getMessage(), e);
        }
    }

    /** Runs every schema file, in name order, statement by statement, on an empty shadow. */
    private SchemaSnapshot desiredState(ShadowProvider provider, Path dir, List<Path> files) {
        try (Shadow shadow = provider.create(project.schemas()); Connection c = shadow.connect()) {
            for (Path file : files) {
                String shown = dir.getFileName() + "/" + dir.relativize(file);
                String text;
                try {
                    text = Files.readString(file);
                } catch (IOException e) {
                    throw new ManorException("cannot read " + shown + ": " + e.getMessage(), e);
                }
                for (SqlStatement st : SqlSplitter.split(text, shown)) {
                    try (Statement s = c.createStatement()) {
                        s.execute(st.sql());
                    } catch (SQLException e) {
                        throw new ManorException(shown + ":" + st.line() + ": " + firstLine(e.getMessage()));
                    }
                }
            }
            // Repeatable scripts (views, functions) are part of the migrations' end state: re-run here, so that
            // what they define is theirs, not a difference the schema files must repeat.
            for (dev.manor.repeatable.SqlScript r : dev.manor.repeatable.ScriptFolders.repeatables(project.migrationsDir())) {
                for (SqlStatement st : SqlSplitter.split(r.sql(), r.file())) {
                    try (Statement s = c.createStatement()) {
                        s.execute(st.sql());
                    } catch (SQLException e) {
                        throw new ManorException(r.file() + ":" + st.line() + ": " + firstLine(e.getMessage())
                                + " (run after the schema files, as deploy runs it after the migrations)");
                    }
                }
            }
            return SchemaSnapshot.read(c, shadow.schemas(), List.of());
        } catch (SQLException e) {
            throw new ManorException("cannot build the desired schema on a throwaway database: " + firstLine(e.getMessage()), e);
        }
    }

    /** Rows a drop would lose in the target, counted up to a cap; null when unknown (no target, no such table). */
    private Long rowCount(TableDef t) {
        if (project.target() == null) {
            return null;
        }
        try (Connection c = project.target().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + Sql.table(t.schema(), t.name())
                     + " LIMIT " + ROW_COUNT_CAP + ") r")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException | ManorException e) {
            return null;
        }
    }

    private DiffResult proveAndWrite(ShadowProvider provider, Planner.Plan plan, DiffOptions options) {
        Path work;
        try {
            work = Files.createTempDirectory("manor-diff");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path migrations = work.resolve(project.migrationsDir().getFileName() == null ? "migrations"
                    : project.migrationsDir().getFileName().toString());
            Files.createDirectories(migrations);
            if (Files.isDirectory(project.migrationsDir())) {
                Paths.copyTree(project.migrationsDir(), migrations);
            }
            for (Path beside : List.of(dev.manor.repeatable.ScriptFolders.repeatableDir(project.migrationsDir()),
                    dev.manor.repeatable.ScriptFolders.callbacksDir(project.migrationsDir()))) {
                if (Files.isDirectory(beside)) {
                    Paths.copyTree(beside, work.resolve(beside.getFileName().toString()));
                }
            }
            List<Path> created = write(migrations, plan.migrations(), options);
            Set<String> ids = new LinkedHashSet<>();
            List<String> notes = new ArrayList<>(plan.notes());
            for (Path p : created) {
                if (FINAL_DROP.matcher(Files.readString(p.resolve(Migration.UP_FILE))).find()) {
                    // The last step of a removal: no down script can bring the values back, so a round trip cannot
                    // pass; the safety period, the deprecation gate and a backup guard it instead.
                    notes.add(p.getFileName() + " is not round-trip proven: it drops a deprecated column or table,"
                            + " whose values no down script can restore (it waits for its safety period)");
                } else {
                    ids.add(p.getFileName().toString().substring(0, 14));
                }
            }
            List<String> failures = new ArrayList<>();
            if (!ids.isEmpty()) {
                ProofReport proof = new RollbackProof(new ProofSettings(migrations, project.seedFile(), project.schemas(),
                        ProofSettings.DEFAULT_SAMPLE_ROWS)).run(provider, ids, true);
                for (ProofCase pc : proof.cases()) {
                    pc.problems().forEach(p -> failures.add("rollback proof: " + pc.name() + ": " + p));
                }
                proof.notTried().forEach(n -> failures.add("rollback proof: " + n + ": not tried after the failure above"));
            }
            if (failures.isEmpty()) {
                created.forEach(p -> ids.add(p.getFileName().toString().substring(0, 14)));
                List<Migration> all = new MigrationRepository(migrations).load();
                ProjectAnalyzer analyzer = new ProjectAnalyzer(AnalysisSettings.defaults());
                AnalysisReport report = analyzer.analyzeObserved(all, ids, provider, project.schemas(), migrations);
                for (MigrationReport r : report.migrations()) {
                    for (Finding f : r.allFindings()) {
                        if (f.severity() == Severity.ERROR) {
                            failures.add("analysis: " + r.path() + ": " + f.rule() + ": " + firstLine(f.message()));
                        }
                    }
                }
            }
            if (!failures.isEmpty()) {
                List<String> refused = new ArrayList<>(failures);
                refused.add(0, "generated migrations failed their proof; nothing was written to "
                        + project.migrationsDir().getFileName());
                return new DiffResult(plan.migrations(), List.of(), refused, notes);
            }
            List<Path> written = new ArrayList<>();
            Files.createDirectories(project.migrationsDir());
            for (Path p : created) {
                Path target = project.migrationsDir().resolve(p.getFileName().toString());
                Files.move(p, target);
                written.add(target);
            }
            return new DiffResult(plan.migrations(), written, List.of(), notes);
        } catch (IOException e) {
            throw new ManorException("cannot write the generated migrations: " + e.getMessage(), e);
        } finally {
            Paths.deleteTree(work);
        }
    }

    /** Writes the plan's folders, with ids after every existing one, one second apart. */
    private static List<Path> write(Path migrations, List<GeneratedMigration> plan, DiffOptions options) throws IOException {
        LocalDateTime next = LocalDateTime.now(options.clock()).withNano(0);
        for (Migration m : new MigrationRepository(migrations).load()) {
            LocalDateTime id = LocalDateTime.parse(m.id(), ID);
            if (!id.isBefore(next)) {
                next = id.plusSeconds(1);
            }
        }
        List<Path> out = new ArrayList<>();
        dev.manor.change.ChangePlan written = null;
        for (GeneratedMigration g : plan) {
            if (g.plan() != null) {
                // A change plan's steps are written by its own writer: its markers and gates come with them.
                if (g.plan() != written) {
                    written = g.plan();
                    List<Path> steps = dev.manor.change.ChangePlanWriter.write(migrations, written,
                            java.time.Clock.fixed(next.toInstant(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC));
                    out.addAll(steps);
                    next = LocalDateTime.parse(steps.get(steps.size() - 1).getFileName().toString().substring(0, 14), ID)
                            .plusSeconds(1);
                }
                continue;
            }
            Path dir = Files.createDirectory(migrations.resolve(ID.format(next) + "_" + g.name()));
            Files.writeString(dir.resolve(Migration.UP_FILE), g.up());
            Files.writeString(dir.resolve(Migration.DOWN_FILE), g.down());
            if (g.backfill() != null) {
                Files.writeString(dir.resolve(Migration.BACKFILL_FILE), g.backfill());
            }
            if (g.verify() != null) {
                Files.writeString(dir.resolve(Migration.VERIFY_FILE), g.verify());
            }
            out.add(dir);
            next = next.plusSeconds(1);
        }
        return out;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
