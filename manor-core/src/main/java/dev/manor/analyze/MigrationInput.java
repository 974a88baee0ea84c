package dev.manor.analyze;

import dev.manor.migration.SqlStatement;

import java.util.List;

/**
 * One migration to analyse.
 *
 * @param id            the migration's id (e.g. its version), for reports
 * @param path          the file path, for SARIF locations (may be null)
 * @param statements    the statements as the splitter cut them
 * @param transactional false when the file carries {@code -- manor:no-transaction}
 * @param rawText       the file text, where rules read {@code -- manor:} directives
 */
public record MigrationInput(String id, String path, List<SqlStatement> statements, boolean transactional,
                             String rawText) {
    public MigrationInput {
        statements = List.copyOf(statements);
        rawText = rawText == null ? "" : rawText;
    }
}
