package dev.manor.adopt;

import dev.manor.ManorException;
import dev.manor.migration.Checksums;
import dev.manor.migration.MigrationNames;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prisma Migrate: {@code prisma/migrations/<14-digit timestamp>_<name>/migration.sql} and
 * {@code migration_lock.toml} (provider must be postgresql); history in {@code _prisma_migrations}, whose
 * {@code checksum} is the SHA-256 (hex) of migration.sql.
 */
final class PrismaImporter implements Importer {
    static final String LOCK_FILE = "migration_lock.toml";
    private static final Pattern PROVIDER = Pattern.compile("(?m)^\\s*provider\\s*=\\s*\"([^\"]*)\"");

    /** The folder that holds migration_lock.toml: given directly, or as prisma/migrations or migrations below it. */
    static Path migrationsDir(Path from) {
        ImportFiles.requireFolder(from, "Prisma");
        for (Path candidate : List.of(from, from.resolve("migrations"), from.resolve("prisma").resolve("migrations"))) {
            if (Files.isRegularFile(candidate.resolve(LOCK_FILE))) {
                return candidate;
            }
        }
        throw new ManorException(from + " is not a Prisma project: no " + LOCK_FILE + " in it, in migrations/ or in"
                + " prisma/migrations/");
    }

    @Override
    public SourceProject read(Path from) {
        Path dir = migrationsDir(from);
        Matcher provider = PROVIDER.matcher(ImportFiles.read(dir.resolve(LOCK_FILE)));
        String name = provider.find() ? provider.group(1) : null;
        if (!"postgresql".equals(name)) {
            throw new ManorException(dir.resolve(LOCK_FILE) + " says provider = " + (name == null ? "(none)"
                    : "\"" + name + "\"") + ": Manor imports only Prisma projects on PostgreSQL (provider = \"postgresql\")");
        }
        List<SourceMigration> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (var children = Files.list(dir)) {
            for (Path folder : children.filter(Files::isDirectory).sorted().toList()) {
                String[] parts = MigrationNames.parseFolder(folder.getFileName().toString());
                Path up = folder.resolve("migration.sql");
                if (parts == null || !Files.isRegularFile(up)) {
                    warnings.add(folder.getFileName() + ": not a Prisma migration folder (no <timestamp>_<name>/"
                            + "migration.sql); skipped");
                    continue;
                }
                out.add(new SourceMigration(folder.getFileName().toString(), ImportFiles.snake(parts[1]), parts[0],
                        ImportFiles.read(up), null, dir.getFileName() + "/" + folder.getFileName() + "/migration.sql"));
            }
        } catch (java.io.IOException e) {
            throw new ManorException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new SourceProject(out, Map.of(), Map.of(), warnings);
    }

    /**
     * Prisma computes the checksum over the file's bytes; a checkout with other line endings gives another one, so
     * both the bytes as they are and with LF endings count as the file.
     */
    static boolean checksumMatches(String recorded, String script) {
        if (recorded == null) {
            return false;
        }
        String lf = Checksums.normalize(script);
        for (String variant : List.of(script, lf, lf.replace("\n", "\r\n"))) {
            if (recorded.equalsIgnoreCase(Checksums.sha256(variant.getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<List<SourceRow>> readHistory(Connection c, List<SourceMigration> migrations) throws SQLException {
        if (!ImportFiles.tableExists(c, "_prisma_migrations")) {
            return Optional.empty();
        }
        Map<String, SourceMigration> byName = new HashMap<>();
        migrations.forEach(m -> byName.put(m.sourceId(), m));
        // The newest row per migration decides: a rolled-back attempt is followed by the one that was re-applied.
        Map<String, SourceRow> newest = new java.util.LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, checksum, finished_at,"
                + " migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM _prisma_migrations"
                + " ORDER BY started_at, id")) {
            while (rs.next()) {
                String name = rs.getString("migration_name");
                SourceMigration m = byName.get(name);
                String checksum = rs.getString("checksum");
                java.sql.Timestamp finished = rs.getTimestamp("finished_at");
                java.sql.Timestamp rolledBack = rs.getTimestamp("rolled_back_at");
                SourceRow.State state = rolledBack != null ? SourceRow.State.ROLLED_BACK
                        : finished != null ? SourceRow.State.APPLIED : SourceRow.State.FAILED;
                String row = "_prisma_migrations id " + rs.getString("id") + " (" + name + ", checksum " + checksum
                        + ", applied_steps_count " + rs.getInt("applied_steps_count")
                        + (rolledBack != null ? ", rolled_back_at " + rolledBack.toInstant() : "") + ")";
                newest.put(name, new SourceRow(name, state, m == null ? null : checksumMatches(checksum, m.upSql()),
                        checksum, ImportFiles.instant(rs.getTimestamp("started_at")), ImportFiles.instant(finished),
                        row, state == SourceRow.State.FAILED ? firstLines(rs.getString("logs")) : null));
            }
        }
        return Optional.of(List.copyOf(newest.values()));
    }

    private static String firstLines(String logs) {
        if (logs == null || logs.isBlank()) {
            return "failed under Prisma (no logs)";
        }
        String one = logs.strip().lines().limit(3).reduce((a, b) -> a + " / " + b).orElse("");
        return one.length() > 500 ? one.substring(0, 500) + "..." : one;
    }
}
