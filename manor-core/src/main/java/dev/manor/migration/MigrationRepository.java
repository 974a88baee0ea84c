package dev.manor.migration;

import dev.manor.ManorException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the migrations folder: one sub-folder per migration, sorted by id. */
public final class MigrationRepository {
    private final Path root;

    public MigrationRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * All migrations on disk, sorted by id. Malformed folders are an error that names every one of them
     * at once, so a set with many problems costs one run, not one run per folder.
     */
    public List<Migration> load() {
        if (!Files.isDirectory(root)) {
            throw new ManorException("migrations folder not found: " + root
                    + " (create it with 'manor new <name>' or point to it with --migrations)");
        }
        List<Migration> migrations = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                String folder = dir.getFileName().toString();
                if (folder.startsWith(".")) {
                    continue;
                }
                String[] parts = MigrationNames.parseFolder(folder);
                if (parts == null) {
                    problems.add("folder " + root.getFileName() + "/" + folder
                            + " is not named like a migration (YYYYMMDDHHMMSS_name)");
                    continue;
                }
                try {
                    MigrationNames.requireValidName(parts[1]);
                } catch (ManorException e) {
                    problems.add(root.getFileName() + "/" + folder + ": " + e.getMessage());
                    continue;
                }
                Path other = seen.put(parts[0], dir);
                if (other != null) {
                    problems.add("two migrations share the id " + parts[0] + ": " + other.getFileName() + " and " + folder);
                    continue;
                }
                Path up = dir.resolve(Migration.UP_FILE);
                if (!Files.isRegularFile(up)) {
                    problems.add(root.getFileName() + "/" + folder + " has no " + Migration.UP_FILE);
                    continue;
                }
                migrations.add(new Migration(parts[0], parts[1], dir, read(up),
                        readIfPresent(dir.resolve(Migration.DOWN_FILE)),
                        readIfPresent(dir.resolve(Migration.VERIFY_FILE)),
                        readIfPresent(dir.resolve(Migration.BACKFILL_FILE))));
            }
        } catch (IOException e) {
            throw new ManorException("cannot read " + root + ": " + e.getMessage(), e);
        }
        throwAll(problems);
        migrations.sort(Comparator.comparing(Migration::id));
        List<String> empty = migrations.stream().flatMap(m -> emptyScripts(m).stream()).toList();
        throwAll(empty);
        return List.copyOf(migrations);
    }

    /**
     * An empty or comment-only migration.sql would be recorded as applied having done nothing, and an empty down.sql
     * would only be found out at rollback time, when it is needed: both are refused when the folder is read.
     */
    private static List<String> emptyScripts(Migration m) {
        List<String> problems = new ArrayList<>();
        if (hasNoStatements(m.upSql())) {
            problems.add(m.displayPath(Migration.UP_FILE) + " has no statements (empty or only comments)");
        }
        if (m.downSql() != null && m.irreversibleReason().isEmpty()
                && hasNoStatements(m.downSql())) {
            problems.add(m.displayPath(Migration.DOWN_FILE) + " has no statements: write the undo, or declare that "
                    + "there is none with '-- manor:" + Directive.IRREVERSIBLE + " because <reason>'");
        }
        if (m.irreversibleReason().filter(r -> !r.matches("because\\s+\\S.*")).isPresent()) {
            problems.add(m.displayPath(Migration.DOWN_FILE) + ": manor:" + Directive.IRREVERSIBLE
                    + " needs its reason: '-- manor:" + Directive.IRREVERSIBLE + " because <reason>'");
        }
        return problems;
    }

    private static boolean hasNoStatements(String sql) {
        try {
            return SqlSplitter.split(sql, "").isEmpty(); // the file name is only for the error, which is not shown
        } catch (MigrationFormatException e) {
            return false; // not empty; the plan reports what is wrong with it, with its line
        }
    }

    /**
     * Refuses migrations that cannot be deployed and rolled back as written, naming every one at once:
     * a missing down.sql, transaction control (BEGIN, COMMIT ...) in migration.sql or down.sql, a script
     * that does not split.
     */
    public static void requireDeployable(List<Migration> migrations) {
        List<String> missingDown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Migration m : migrations) {
            if (m.downSql() == null) {
                missingDown.add(m.displayPath(Migration.DOWN_FILE));
            }
            script(problems, m, Migration.UP_FILE, m::upStatements);
            script(problems, m, Migration.DOWN_FILE, m::downStatements);
        }
        if (!missingDown.isEmpty()) {
            problems.add(0, (missingDown.size() == 1 ? missingDown.get(0) + " is missing"
                    : missingDown.size() + " down scripts are missing: " + String.join(", ", missingDown))
                    + ": every migration needs a down script so that it can be rolled back (and 'manor test rollback'"
                    + " can prove it)");
        }
        throwAll(problems);
    }

    private static void script(List<String> problems, Migration m, String file,
                               java.util.function.Supplier<List<SqlStatement>> statements) {
        try {
            for (SqlStatement st : statements.get()) {
                if (TRANSACTION_CONTROL.matcher(st.sql().strip()).matches()) {
                    problems.add(m.displayPath(file) + ":" + st.line() + ": remove '" + st.summary()
                            + "': Manor runs each migration in its own transaction (or, with -- manor:no-transaction,"
                            + " statement by statement)");
                }
            }
        } catch (ManorException e) {
            problems.add(e.getMessage());
        }
    }

    /** BEGIN/COMMIT and friends; BEGIN ATOMIC opens a SQL-standard function body and is not one. */
    private static final java.util.regex.Pattern TRANSACTION_CONTROL = java.util.regex.Pattern.compile(
            "(?is)^(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\\b(?!\\s+ATOMIC).*");

    /** One problem as it is; several as a count and one per line. */
    private static void throwAll(List<String> problems) {
        if (problems.size() == 1) {
            throw new ManorException(problems.get(0));
        }
        if (problems.size() > 1) {
            throw new ManorException(problems.size() + " problems in the migrations:\n  " + String.join("\n  ", problems));
        }
    }

    /** The script as PostgreSQL must see it: a BOM would be sent as part of the first statement. */
    public static String read(Path file) throws IOException {
        String text = decodeUtf8(file, Files.readAllBytes(file));
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Strict UTF-8; a bad byte is named by offset and line (the JDK only says "Input length = 1"). */
    private static String decodeUtf8(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ManorException(file + ": not valid UTF-8 at byte " + offset + " (line " + line
                    + "); save the file as UTF-8");
        }
        return out.flip().toString();
    }

    private static String readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? read(file) : null;
    }
}
