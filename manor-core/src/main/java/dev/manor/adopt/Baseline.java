package dev.manor.adopt;

import dev.manor.ManorException;
import dev.manor.config.DriftIgnore;
import dev.manor.deploy.DeployContext;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployLock;
import dev.manor.history.Event;
import dev.manor.history.HistoryStatus;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.proof.Paths;
import dev.manor.schema.SchemaChange;
import dev.manor.schema.SchemaDiff;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manor baseline --to <id>}: for a database whose schema already is what the migrations up to {@code <id>}
 * build (made by hand, or by a tool whose history is gone), records them as applied. The migrations are rebuilt in a
 * shadow database and the two schemas compared first; any difference refuses, one line per object.
 */
public final class Baseline {
    /**
     * What was recorded.
     *
     * @param to       the last migration recorded
     * @param recorded the migrations recorded as applied, oldest first (those already in the history are skipped)
     * @param compared how many schema objects were compared
     */
    public record Result(String to, List<String> recorded, int compared) {
    }

    private final DeployContext ctx;
    private final DriftIgnore ignore;

    public Baseline(DeployContext ctx, DriftIgnore ignore) {
        this.ctx = ctx;
        this.ignore = ignore;
    }

    public Result run(String toId, ShadowProvider shadows) {
        StatusReport status = ctx.withConnection(ctx::status);
        StatusReport.Entry target = status.find(toId).orElseThrow(() ->
                new ManorException("no migration " + toId + " on disk (see 'manor status')"));
        if (target.migration() == null) {
            throw new ManorException(target.folderName() + " is missing on disk; baseline needs its files");
        }
        List<StatusReport.Entry> upTo = status.entries().stream()
                .filter(e -> e.id().compareTo(target.id()) <= 0).toList();
        List<String> unsettled = upTo.stream().filter(e -> e.record() != null
                && e.record().status() != HistoryStatus.APPLIED).map(e -> e.folderName() + " is " + e.state().label())
                .toList();
        if (!unsettled.isEmpty()) {
            throw new ManorException("baseline records migrations that have no history yet; settle these first: "
                    + String.join("; ", unsettled));
        }
        List<Migration> migrations = upTo.stream().map(StatusReport.Entry::migration).toList();
        SchemaDiff diff = compare(migrations, shadows);
        if (!diff.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (SchemaChange ch : diff.changes()) {
                lines.add(ch.description());
            }
            throw new ManorException("the live schema is not what the migrations up to " + target.folderName()
                    + " build (" + diff.changes().size() + " difference" + (diff.changes().size() == 1 ? "" : "s")
                    + "; nothing recorded):\n  - " + String.join("\n  - ", lines));
        }
        int compared = comparedObjects;
        try (DeployLock ignored = ctx.lock("baseline")) {
            return ctx.withConnection(c -> {
                c.setAutoCommit(true);
                ctx.history().ensureTables(c);
                StatusReport now = ctx.status(c);
                List<String> recorded = new ArrayList<>();
                c.setAutoCommit(false);
                Instant at = Instant.now();
                for (Migration m : migrations) {
                    if (now.find(m.id()).map(StatusReport.Entry::record).isPresent()) {
                        continue;
                    }
                    ctx.history().write(c, m, HistoryStatus.APPLIED, m.transactional() ? 0 : m.upStatements().size(),
                            at, at, null, null);
                    ctx.history().record(c, Event.of("baseline", m.id(), "applied", "the live schema matched the"
                            + " migrations up to " + target.folderName() + " rebuilt in a shadow database ("
                            + compared + " objects compared); not run"));
                    recorded.add(m.folderName());
                }
                c.commit();
                return new Result(target.folderName(), recorded, compared);
            });
        }
    }

    private int comparedObjects;

    private SchemaDiff compare(List<Migration> migrations, ShadowProvider shadows) {
        List<String> managed = ctx.config().schemas();
        List<String> schemas = ignore.checkedSchemas(managed);
        Path dir = copy(migrations);
        try (Shadow shadow = shadows.create(managed)) {
            if (shadow.note() != null) {
                throw new ManorException("baseline needs a shadow database: " + shadow.note());
            }
            shadow.manor(dir, null, DeployListener.SILENT).deploy(new dev.manor.deploy.Deployer.Options(false, true));
            SchemaSnapshot expected;
            try (Connection c = shadow.connect()) {
                expected = SchemaSnapshot.read(c, ignore.checkedSchemas(shadow.schemas()), ignore.tables());
            }
            SchemaSnapshot actual = ctx.withConnection(c -> SchemaSnapshot.read(c, schemas, ignore.tables()));
            comparedObjects = expected.objects().size();
            return SchemaDiff.between(expected, actual);
        } catch (java.sql.SQLException e) {
            throw new ManorException("baseline: " + e.getMessage(), e);
        } finally {
            Paths.deleteTree(dir.getParent());
        }
    }

    private static Path copy(List<Migration> migrations) {
        try {
            Path dir = Files.createDirectory(Files.createTempDirectory("manor-baseline").resolve("migrations"));
            for (Migration m : migrations) {
                Path target = Files.createDirectories(dir.resolve(m.folderName()));
                Files.writeString(target.resolve(Migration.UP_FILE), m.upSql());
                Files.writeString(target.resolve(Migration.DOWN_FILE), m.downSql() == null
                        ? "-- manor:irreversible because only replayed for a baseline\n" : m.downSql());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
