package dev.manor.proof;

import dev.manor.ManorException;
import dev.manor.deploy.DeployListener;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.schema.SchemaDiff;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drift: the live schema set against the schema its applied migrations produce, rebuilt in a shadow
 * database. Any difference was made outside Manor (or by an edited migration).
 */
public final class DriftCheck {
    /** The differences (expected = rebuilt, actual = live) and remarks about how far to trust them. */
    public record Result(SchemaDiff diff, List<String> notes) {
        public boolean drifted() {
            return !diff.isEmpty();
        }
    }

    private DriftCheck() {
    }

    public static Result run(Connection live, List<String> schemas, StatusReport status, ShadowProvider provider)
            throws SQLException {
        return run(live, schemas, status, provider, dev.manor.config.DriftIgnore.NONE);
    }

    /** As {@link #run(Connection, List, StatusReport, ShadowProvider)}, leaving out what {@code ignore} names. */
    public static Result run(Connection live, List<String> managed, StatusReport status, ShadowProvider provider,
                             dev.manor.config.DriftIgnore ignore) throws SQLException {
        return run(live, managed, status, () -> provider, ignore, null);
    }

    /**
     * Like {@link #run(Connection, List, StatusReport, ShadowProvider, dev.manor.config.DriftIgnore)}, but the
     * rebuilt schema comes from {@code cache} (null: none) while the applied migrations are unchanged;
     * {@code shadows} is asked for a provider only when the cache misses (the caller closes what it hands out).
     */
    public static Result run(Connection live, List<String> managed, StatusReport status,
                             Supplier<ShadowProvider> shadows, dev.manor.config.DriftIgnore ignore, DriftCache cache)
            throws SQLException {
        List<String> schemas = ignore.checkedSchemas(managed);
        if (schemas.isEmpty()) {
            return new Result(new SchemaDiff(List.of()), List.of("drift not checked: [drift] ignore names every managed schema"));
        }
        List<String> notes = new ArrayList<>();
        List<StatusReport.Entry> replayed = replayed(status, notes);
        List<String> keyed = new ArrayList<>(schemas);
        keyed.add("ignored tables " + ignore.tables());
        String key = cache == null ? null : cache.key(live.getMetaData().getDatabaseMajorVersion(), keyed, replayed,
                status.repeatables());
        DriftCache.Entry cached = key == null ? null : cache.load(key);
        SchemaSnapshot actual = null;
        SchemaSnapshot expected = null;
        if (cached != null) {
            actual = SchemaSnapshot.read(live, schemas, ignore.tables());
            if (cached.fingerprint().equals(actual.fingerprint())) {
                return new Result(new SchemaDiff(List.of()), notes); // the same canonical text: nothing to diff
            }
            expected = cached.snapshot();
        }
        if (expected == null) {
            Path applied = copyApplied(replayed, status);
            try (Shadow shadow = shadows.get().create(schemas)) {
                if (shadow.note() != null) {
                    return new Result(new SchemaDiff(List.of()), List.of("drift not checked: " + shadow.note()));
                }
                try {
                    shadow.manor(applied, null, DeployListener.SILENT).deploy(new dev.manor.deploy.Deployer.Options(false, true));
                } catch (ManorException e) {
                    // Typically a role or tablespace that exists only on the live server: status must still answer.
                    return new Result(new SchemaDiff(List.of()), List.of("drift not checked: the applied migrations do not"
                            + " rebuild in a throwaway database (" + e.getMessage() + "); use --shadow-url to a server"
                            + " with the same roles, or --no-drift"));
                }
                try (Connection c = shadow.connect()) {
                    expected = SchemaSnapshot.read(c, ignore.checkedSchemas(shadow.schemas()), ignore.tables());
                }
            } finally {
                Paths.deleteTree(applied.getParent());
            }
            if (key != null) {
                cache.store(key, expected);
            }
        }
        if (actual == null) {
            actual = SchemaSnapshot.read(live, schemas, ignore.tables());
        }
        SchemaDiff diff = SchemaDiff.between(expected, actual);
        notes.addAll(diff.ignored());
        return new Result(diff, notes);
    }

    /** The migrations whose effect the live schema should show, in order; notes say what stands in or is missing. */
    private static List<StatusReport.Entry> replayed(StatusReport status, List<String> notes) {
        List<StatusReport.Entry> replayed = new ArrayList<>();
        for (StatusReport.Entry e : status.entries()) {
            if (e.state() == MigrationState.EDITED) {
                notes.add(e.folderName() + " was edited after apply; its current file stands in for the applied one");
            }
            if (e.state() == MigrationState.MISSING_ON_DISK) {
                notes.add(e.folderName() + " is missing on disk; its effect is not in the rebuilt schema");
            }
            if ((e.state() == MigrationState.APPLIED || e.state() == MigrationState.EDITED) && e.migration() != null) {
                replayed.add(e);
            }
        }
        return replayed;
    }

    private static Path copyApplied(List<StatusReport.Entry> replayed, StatusReport status) {
        try {
            // Named like the real folder so that messages read migrations/<folder>/migration.sql.
            Path dir = Files.createDirectory(Files.createTempDirectory("manor-applied").resolve("migrations"));
            for (StatusReport.Entry e : replayed) {
                Path target = Files.createDirectories(dir.resolve(e.folderName()));
                Files.writeString(target.resolve("migration.sql"), e.migration().upSql());
                Files.writeString(target.resolve("down.sql"), e.migration().downSql() == null ? "" : e.migration().downSql());
            }
            // The repeatables as last applied (not as the files now say): their views and functions are live.
            for (StatusReport.Repeatable r : status.repeatables()) {
                if (r.appliedSql() != null) {
                    Path repeatables = Files.createDirectories(dir.resolveSibling(
                            dev.manor.repeatable.ScriptFolders.REPEATABLE_DIR));
                    Files.writeString(repeatables.resolve(r.name() + ".sql"), r.appliedSql());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
