package dev.manor.repeatable;

import dev.manor.deploy.MigrationExecutor;
import dev.manor.migration.Checksums;
import dev.manor.migration.Directive;
import dev.manor.migration.SqlSplitter;
import dev.manor.migration.SqlStatement;

import java.util.List;

/**
 * A repeatable script or a callback: one file, run whole in one transaction.
 *
 * @param name the file name without {@code .sql} (a repeatable's identity in the history)
 * @param file the path shown in messages, e.g. {@code repeatable/active_users.sql}
 * @param sql  the text as PostgreSQL receives it
 */
public record SqlScript(String name, String file, String sql) {
    /** Refuses what cannot run as a repeatable or a callback, when the folder is read and before anything runs. */
    public SqlScript {
        Directive.validate(sql, file);
        List<SqlStatement> statements = SqlSplitter.split(sql, file);
        MigrationExecutor.checkNoTransactionControl(file, statements);
        if (statements.isEmpty()) {
            throw new dev.manor.ManorException(file + " has no SQL statement: delete it, or write what it should run");
        }
    }

    /** The same checksum rules as migration.sql: a BOM, line endings and {@code -- manor:allow} lines do not count. */
    public String checksum() {
        return Checksums.migrationSha256(sql);
    }

    public List<SqlStatement> statements() {
        return SqlSplitter.split(sql, file);
    }
}
