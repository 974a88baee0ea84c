package dev.manor.analyze;

import dev.manor.migration.SqlStatement;

import java.util.List;

/**
 * What a rule sees for one statement: the statement, its normalized text, the whole migration (for
 * cross-statement rules), the facts (observed or known), the server major and the settings.
 *
 * @param serverMajor the observed server's major, or 0 when analysing statically
 * @param schema      what the statements before this one (earlier migrations included) say about the schema
 */
public record RuleContext(MigrationInput migration, int index, SqlStatement statement, NormalizedSql sql,
                          List<NormalizedSql> all, StatementFacts facts, int serverMajor,
                          AnalysisSettings settings, ReplayedSchema schema) {
    public RuleContext(MigrationInput migration, int index, SqlStatement statement, NormalizedSql sql,
                       List<NormalizedSql> all, StatementFacts facts, int serverMajor, AnalysisSettings settings) {
        this(migration, index, statement, sql, all, facts, serverMajor, settings, new ReplayedSchema());
    }

    /**
     * True when the statement ran in the probe and succeeded: only then do its facts describe what
     * PostgreSQL does. A statement that failed there (e.g. on the shadow data) is judged from its text.
     */
    public boolean observed() {
        return facts.ranCleanly();
    }

    /** The major to reason about: observed, else the assumed one, else "a current server". */
    public int major() {
        if (serverMajor > 0) {
            return serverMajor;
        }
        return settings.assumedMajor() > 0 ? settings.assumedMajor() : Integer.MAX_VALUE;
    }

    public List<NormalizedSql> earlier() {
        return all.subList(0, index);
    }

    /**
     * True when an earlier statement of this migration, or an earlier migration of the same deploy, created the
     * table: no traffic can see it yet, so locking or rewriting it blocks nobody.
     */
    public boolean createdInMigration(String table) {
        return table != null && (schema.createdInDeploy(table) || earlier().stream()
                .anyMatch(s -> s.isCreateTable() && sameName(s.targetTable(), table)));
    }

    /** True when the migration changes structure (as opposed to a pure data migration). */
    public boolean migrationHasDdl() {
        return all.stream().anyMatch(s -> !s.isEmpty() && !s.startsWith("UPDATE") && !s.startsWith("DELETE")
                && !s.startsWith("INSERT") && !s.startsWith("WITH") && ChangeClassifier.classify(s) != ChangeClass.NONE);
    }

    /** Names as written: equal when the unqualified parts match and the schemas (if both given) too. */
    public static boolean sameName(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.contains(".") && b.contains(".")) {
            return a.equals(b);
        }
        return base(a).equals(base(b));
    }

    public static String base(String name) {
        if (name == null) {
            return "<name>";
        }
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** SQL-quoted form of a name for the safe alternatives we print. */
    public static String quote(String name) {
        if (name == null) {
            return "<name>";
        }
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(part.matches("[a-z_][a-z0-9_]*") ? part : "\"" + part.replace("\"", "\"\"") + "\"");
        }
        return sb.toString();
    }
}
