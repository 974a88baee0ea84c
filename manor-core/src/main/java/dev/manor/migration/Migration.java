package dev.manor.migration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One migration folder: {@code <id>_<name>/migration.sql} with its {@code down.sql} (and, where
 * present, {@code verify.sql} and {@code backfill.sql}).
 */
public record Migration(String id, String name, Path directory, String upSql, String downSql,
                        String verifySql, String backfillSql) {
    public static final String UP_FILE = "migration.sql";
    public static final String DOWN_FILE = "down.sql";
    public static final String VERIFY_FILE = "verify.sql";
    public static final String BACKFILL_FILE = "backfill.sql";

    /** A misspelt directive is refused when the folder is read, before anything runs. */
    public Migration {
        validate(upSql, directory, id, name, UP_FILE);
        validate(downSql, directory, id, name, DOWN_FILE);
        validate(verifySql, directory, id, name, VERIFY_FILE);
        validate(backfillSql, directory, id, name, BACKFILL_FILE);
    }

    /** The path for messages is built only for a script with directives: loading 1,000 folders built 4,000. */
    private static void validate(String sql, Path directory, String id, String name, String file) {
        if (sql != null && Directive.mayHold(sql)) {
            Directive.validate(sql, displayPath(directory, id, name, file));
        }
    }

    /** The folder name, {@code <id>_<name>}. */
    public String folderName() {
        return id + "_" + name;
    }

    /** SHA-256 of migration.sql, ignoring BOM, line endings and {@code -- manor:allow} lines. */
    public String checksum() {
        return Checksums.migrationSha256(upSql);
    }

    /** The checksum Manor recorded before suppressions were left out of it: of the whole text. */
    public String legacyChecksum() {
        return Checksums.sha256(upSql);
    }

    /** Whether a recorded checksum is this migration's, in the current form or the one older histories hold. */
    public boolean matchesChecksum(String recorded) {
        return recorded != null && (recorded.equals(checksum()) || recorded.equals(legacyChecksum()));
    }

    public String downChecksum() {
        return downSql == null ? null : Checksums.sha256(downSql);
    }

    public List<Directive> directives() {
        return Directive.parse(upSql);
    }

    /** False when migration.sql carries {@code -- manor:no-transaction}. */
    public boolean transactional() {
        return directives().stream().noneMatch(d -> d.name().equals(Directive.NO_TRANSACTION));
    }

    public boolean downTransactional() {
        return downSql == null || Directive.parse(downSql).stream().noneMatch(d -> d.name().equals(Directive.NO_TRANSACTION));
    }

    /** Why down.sql deliberately undoes nothing ({@code -- manor:irreversible because <reason>}), if it says so. */
    public Optional<String> irreversibleReason() {
        return downSql == null ? Optional.empty() : Directive.parse(downSql).stream()
                .filter(d -> d.name().equals(Directive.IRREVERSIBLE)).map(Directive::argument).findFirst();
    }

    /** The lock_timeout migration.sql asks for with {@code -- manor:lock-timeout}, if any. */
    public Optional<Duration> lockTimeout() {
        return Directive.lockTimeout(upSql, displayPath(UP_FILE));
    }

    /** The lock_timeout down.sql asks for with {@code -- manor:lock-timeout}, if any. */
    public Optional<Duration> downLockTimeout() {
        return downSql == null ? Optional.empty() : Directive.lockTimeout(downSql, displayPath(DOWN_FILE));
    }

    public Path upPath() {
        return directory.resolve(UP_FILE);
    }

    public Path downPath() {
        return directory.resolve(DOWN_FILE);
    }

    public List<SqlStatement> upStatements() {
        return SqlSplitter.split(upSql, displayPath(UP_FILE));
    }

    /** The down script's statements; empty when there is none. */
    public List<SqlStatement> downStatements() {
        return downSql == null ? List.of() : SqlSplitter.split(downSql, displayPath(DOWN_FILE));
    }

    public Optional<String> verify() {
        return Optional.ofNullable(verifySql);
    }

    /** True when down.sql exists and holds at least one statement. */
    public boolean hasUsableDown() {
        return downSql != null && !downStatements().isEmpty();
    }

    /** A path for messages: {@code migrations/<folder>/<file>} relative to the migrations root's parent. */
    public String displayPath(String file) {
        return displayPath(directory, id, name, file);
    }

    private static String displayPath(Path directory, String id, String name, String file) {
        Path root = directory == null ? null : directory.getParent();
        String prefix = root == null || root.getFileName() == null ? "" : root.getFileName() + "/";
        return prefix + id + "_" + name + "/" + file;
    }

    @Override
    public String toString() {
        return folderName();
    }
}
