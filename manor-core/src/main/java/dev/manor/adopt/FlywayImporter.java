package dev.manor.adopt;

import dev.manor.ManorException;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway: {@code V<version>__<description>.sql} in version order (numeric, dotted or underscored),
 * {@code U<version>__} undo scripts as down.sql, {@code R__} repeatables, the beforeMigrate, afterEachMigrate and
 * afterMigrate SQL callbacks; history in {@code flyway_schema_history} (CRC-32 checksums, success, baseline rows).
 */
final class FlywayImporter implements Importer {
    private static final Pattern VERSIONED = Pattern.compile("([VU])(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.sql");
    private static final Pattern CALLBACK = Pattern.compile("(beforeMigrate|afterEachMigrate|afterMigrate"
            + "|[a-z][A-Za-z]+)(?:__(.+))?\\.sql");
    private static final Map<String, String> CALLBACKS = Map.of("beforeMigrate", "before-deploy.sql",
            "afterEachMigrate", "after-migration.sql", "afterMigrate", "after-deploy.sql");

    /** A Flyway version: numbers compared one by one, trailing zeros ignored (1.0 is 1). */
    record Version(List<BigInteger> parts) implements Comparable<Version> {
        static Version parse(String text) {
            List<BigInteger> parts = new ArrayList<>();
            for (String p : text.split("[._]")) {
                parts.add(new BigInteger(p));
            }
            while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
                parts.remove(parts.size() - 1);
            }
            return new Version(List.copyOf(parts));
        }

        @Override
        public int compareTo(Version o) {
            for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
                BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
                BigInteger b = i < o.parts.size() ? o.parts.get(i) : BigInteger.ZERO;
                int c = a.compareTo(b);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        @Override
        public String toString() {
            return String.join(".", parts.stream().map(BigInteger::toString).toList());
        }
    }

    private record Script(Version version, String description, Path file, String sql) {
    }

    @Override
    public SourceProject read(Path from) {
        ImportFiles.requireFolder(from, "Flyway");
        TreeMap<Version, Script> versioned = new TreeMap<>();
        Map<Version, Script> undo = new HashMap<>();
        Map<String, String> repeatables = new TreeMap<>();
        Map<String, StringBuilder> callbacks = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        for (Path file : ImportFiles.files(from, true)) {
            String fileName = file.getFileName().toString();
            String where = from.relativize(file).toString();
            Matcher v = VERSIONED.matcher(fileName);
            Matcher r = REPEATABLE.matcher(fileName);
            Matcher cb = CALLBACK.matcher(fileName);
            if (v.matches()) {
                Version version = Version.parse(v.group(2));
                Script s = new Script(version, v.group(3), file, ImportFiles.read(file));
                Script other = (v.group(1).equals("V") ? versioned : undo).put(version, s);
                if (other != null) {
                    throw new ManorException("two Flyway scripts have version " + version + ": "
                            + from.relativize(other.file()) + " and " + where);
                }
            } else if (r.matches()) {
                repeatables.put(ImportFiles.snake(r.group(1)) + ".sql", ImportFiles.read(file));
            } else if (cb.matches() && CALLBACKS.containsKey(cb.group(1))) {
                callbacks.computeIfAbsent(CALLBACKS.get(cb.group(1)), k -> new StringBuilder())
                        .append("-- from Flyway's ").append(where).append('\n').append(ImportFiles.read(file))
                        .append('\n');
            } else if (cb.matches() && cb.group(1).matches("(before|after)[A-Z].*")) {
                warnings.add(where + ": Flyway callback " + cb.group(1) + " has no Manor equivalent; not imported");
            } else if (fileName.endsWith(".sql")) {
                warnings.add(where + ": not named like a Flyway migration (V<version>__<description>.sql); skipped");
            }
        }
        List<SourceMigration> out = new ArrayList<>();
        for (Script s : versioned.values()) {
            Script u = undo.remove(s.version());
            out.add(new SourceMigration(s.version().toString(), ImportFiles.snake(s.description()), null, s.sql(),
                    u == null ? null : u.sql(), from.relativize(s.file()).toString()));
        }
        undo.values().forEach(u -> warnings.add(from.relativize(u.file()) + ": undo script for version " + u.version()
                + ", which has no V script; skipped"));
        Map<String, String> cbs = new LinkedHashMap<>();
        callbacks.forEach((k, v) -> cbs.put(k, v.toString()));
        return new SourceProject(out, repeatables, cbs, warnings);
    }

    @Override
    public Optional<List<SourceRow>> readHistory(Connection c, List<SourceMigration> migrations) throws SQLException {
        if (!ImportFiles.tableExists(c, "flyway_schema_history")) {
            return Optional.empty();
        }
        Map<String, SourceMigration> byVersion = new HashMap<>();
        migrations.forEach(m -> byVersion.put(m.sourceId(), m));
        Map<String, SourceRow> newest = new LinkedHashMap<>();
        Version baseline = null;
        String baselineRow = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT installed_rank, version,"
                + " description, type, script, checksum, installed_on, execution_time, success"
                + " FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                String type = rs.getString("type");
                String versionText = rs.getString("version");
                if (versionText == null) {
                    continue; // repeatables: re-applied by Manor when their file changes
                }
                Version version = Version.parse(versionText);
                String row = "flyway_schema_history installed_rank " + rs.getInt("installed_rank") + " (version "
                        + versionText + ", " + type + ", " + rs.getString("script") + ", checksum "
                        + rs.getString("checksum") + ")";
                if (type.equals("BASELINE") || type.equals("SQL_BASELINE")) {
                    baseline = version;
                    baselineRow = row;
                    continue;
                }
                if (!type.equals("SQL") && !type.equals("UNDO_SQL")) {
                    continue; // SCHEMA markers, DELETE rows of repair, Java migrations (warned about by the caller)
                }
                boolean success = rs.getBoolean("success");
                java.time.Instant on = ImportFiles.instant(rs.getTimestamp("installed_on"));
                String key = version.toString();
                SourceMigration m = byVersion.get(key);
                if (type.equals("UNDO_SQL")) {
                    if (success) {
                        newest.put(key, new SourceRow(key, SourceRow.State.ROLLED_BACK, null, null, on, on, row, null));
                    }
                    continue;
                }
                Integer checksum = (Integer) rs.getObject("checksum");
                Boolean ok = m == null || checksum == null ? null : checksum == FlywayChecksum.of(m.upSql());
                long ms = rs.getLong("execution_time");
                newest.put(key, new SourceRow(key, success ? SourceRow.State.APPLIED : SourceRow.State.FAILED, ok,
                        String.valueOf(checksum), on == null ? null : on.minusMillis(ms), on, row,
                        success ? null : "failed under Flyway (see its log)"));
            }
        }
        if (baseline != null) {
            for (SourceMigration m : migrations) {
                if (Version.parse(m.sourceId()).compareTo(baseline) <= 0 && !newest.containsKey(m.sourceId())) {
                    newest.put(m.sourceId(), new SourceRow(m.sourceId(), SourceRow.State.APPLIED, null, null, null,
                            null, baselineRow + ": at or below Flyway's baseline", null));
                }
            }
        }
        List<SourceRow> rows = new ArrayList<>(newest.values());
        rows.sort(Comparator.comparing(r -> Version.parse(r.sourceId())));
        return Optional.of(rows);
    }
}
