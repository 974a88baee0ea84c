package dev.manor.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * HOOK for comparing schema structure between the backed-up database and its restored copy.
 * Until dev.manor.schema is wired in, {@link #NOT_AVAILABLE} is used and only table lists and row counts are compared.
 * The intended implementation is
 * {@code (c, schemas) -> Optional.of(SchemaSnapshot.read(c, schemas, ignoredTables).fingerprint())}.
 */
@FunctionalInterface
public interface SchemaFingerprinter {
    /** A fingerprint of the given schemas' structure, or empty when fingerprints are not available. */
    Optional<String> fingerprint(Connection connection, List<String> schemas) throws SQLException;

    SchemaFingerprinter NOT_AVAILABLE = (connection, schemas) -> Optional.empty();
}
