package dev.manor.adopt;

import dev.manor.ManorException;
import dev.manor.migration.Directive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Liquibase formatted SQL changelogs ({@code --liquibase formatted sql}): one migration per
 * {@code --changeset author:id}, its {@code --rollback} lines as down.sql. A folder is read as Liquibase's
 * includeAll reads one: every formatted SQL file, in path order. History in {@code databasechangelog}.
 */
final class LiquibaseImporter implements Importer {
    private static final Pattern HEADER = Pattern.compile("(?i)--\\s*liquibase\\s+formatted\\s+sql\\b.*");
    private static final Pattern CHANGESET = Pattern.compile("(?i)--\\s*changeset\\s+(\"[^\"]+\"|[^:\\s]+):(\\S+)(.*)");
    private static final Pattern ROLLBACK = Pattern.compile("(?i)--\\s*rollback\\b\\s?(.*)");
    private static final Pattern OTHER_DIRECTIVE = Pattern.compile(
            "(?i)--\\s*(comment|preconditions?(-\\S+)?|validCheckSum|ignoreLines)\\b.*");
    private static final Pattern NO_ROLLBACK = Pattern.compile("(?i)\\s*(not required|empty)\\s*;?\\s*");

    @Override
    public SourceProject read(Path from) {
        if (!Files.exists(from)) {
            throw new ManorException("no Liquibase changelog folder or file " + from + " (give it with --from <dir>)");
        }
        List<Path> files = Files.isDirectory(from) ? ImportFiles.files(from, true) : List.of(from);
        Path base = Files.isDirectory(from) ? from : from.getParent();
        List<SourceMigration> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        int changelogs = 0;
        for (Path file : files) {
            String where = base.relativize(file).toString();
            if (!file.toString().endsWith(".sql")) {
                if (file.toString().matches(".*\\.(xml|ya?ml|json)$")) {
                    warnings.add(where + ": only formatted SQL changelogs are imported; skipped");
                }
                continue;
            }
            String text = ImportFiles.read(file);
            if (!HEADER.matcher(text.strip().lines().findFirst().orElse("")).matches()) {
                warnings.add(where + ": not a formatted SQL changelog (no '--liquibase formatted sql' first line); skipped");
                continue;
            }
            changelogs++;
            for (SourceMigration m : changesets(text, where, warnings)) {
                String other = seen.put(m.sourceId(), where);
                if (other != null) {
                    throw new ManorException("changeset " + m.sourceId() + " is in both " + other + " and " + where);
                }
                out.add(m);
            }
        }
        if (changelogs == 0) {
            throw new ManorException("no Liquibase formatted SQL changelog in " + from + " (a .sql file that starts with"
                    + " '--liquibase formatted sql')");
        }
        return new SourceProject(out, Map.of(), Map.of(), warnings);
    }

    private static List<SourceMigration> changesets(String text, String where, List<String> warnings) {
        List<SourceMigration> out = new ArrayList<>();
        String id = null;
        String attributes = "";
        StringBuilder up = new StringBuilder();
        StringBuilder down = new StringBuilder();
        int line = 0;
        int start = 0;
        for (String l : (text + "\n--changeset end-of:file").lines().toList()) {
            line++;
            Matcher cs = CHANGESET.matcher(l.strip());
            if (cs.matches()) {
                if (id != null) {
                    out.add(changeset(id, attributes, up.toString(), down.toString(), where + ":" + start, warnings));
                }
                id = cs.group(1).replace("\"", "") + ":" + cs.group(2);
                attributes = cs.group(3);
                up.setLength(0);
                down.setLength(0);
                start = line;
                continue;
            }
            if (id == null) {
                continue; // the header and comments before the first changeset
            }
            Matcher rb = ROLLBACK.matcher(l.strip());
            if (rb.matches()) {
                if (!NO_ROLLBACK.matcher(rb.group(1)).matches()) {
                    down.append(rb.group(1)).append('\n');
                }
            } else if (!OTHER_DIRECTIVE.matcher(l.strip()).matches()) {
                up.append(l).append('\n');
            }
        }
        return out;
    }

    private static SourceMigration changeset(String id, String attributes, String up, String down, String origin,
                                             List<String> warnings) {
        String sql = up.strip() + "\n";
        if (attributes.matches("(?i).*\\brunInTransaction:false\\b.*")) {
            sql = "-- manor:" + Directive.NO_TRANSACTION + "\n" + sql;
        }
        if (attributes.matches("(?i).*\\b(runAlways|runOnChange):true\\b.*")) {
            warnings.add(origin + ": changeset " + id + " is runAlways/runOnChange; imported as a one-time migration"
                    + " (a repeatable/ script is Manor's form for it)");
        }
        String[] parts = id.split(":", 2);
        return new SourceMigration(id, ImportFiles.snake(parts[1].matches("\\d+") ? parts[0] + "_" + parts[1] : parts[1]),
                null, sql, down.isBlank() ? null : down.strip() + "\n", origin);
    }

    @Override
    public Optional<List<SourceRow>> readHistory(Connection c, List<SourceMigration> migrations) throws SQLException {
        if (!ImportFiles.tableExists(c, "databasechangelog")) {
            return Optional.empty();
        }
        Map<String, SourceRow> newest = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, author, filename,"
                + " dateexecuted, orderexecuted, exectype, md5sum FROM databasechangelog ORDER BY orderexecuted")) {
            while (rs.next()) {
                String key = rs.getString("author") + ":" + rs.getString("id");
                String type = rs.getString("exectype");
                SourceRow.State state = switch (type) {
                    case "EXECUTED", "RERAN", "MARK_RAN" -> SourceRow.State.APPLIED;
                    case "FAILED" -> SourceRow.State.FAILED;
                    default -> null; // SKIPPED: never ran
                };
                if (state == null) {
                    continue;
                }
                java.time.Instant at = ImportFiles.instant(rs.getTimestamp("dateexecuted"));
                newest.put(key, new SourceRow(key, state, null, rs.getString("md5sum"), at, at,
                        "databasechangelog orderexecuted " + rs.getInt("orderexecuted") + " (" + key + " in "
                                + rs.getString("filename") + ", " + type + ", md5sum " + rs.getString("md5sum") + ")",
                        state == SourceRow.State.FAILED ? "failed under Liquibase" : null));
            }
        }
        return Optional.of(List.copyOf(newest.values()));
    }
}
