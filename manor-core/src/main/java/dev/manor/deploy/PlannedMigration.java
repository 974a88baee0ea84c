package dev.manor.deploy;

import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.util.List;

/**
 * One step of a deploy or rollback plan: which script of which migration, its statements, and
 * (for a resumed no-transaction run) how many of them are already done.
 */
public record PlannedMigration(Migration migration, String direction, String file, List<SqlStatement> statements,
                               boolean transactional, int resumeFrom) {
    public static final String UP = "up";
    public static final String DOWN = "down";

    public List<SqlStatement> remaining() {
        return statements.subList(resumeFrom, statements.size());
    }
}
