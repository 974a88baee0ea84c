package dev.manor.adopt;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads one tool's migrations folder and its history table. */
public interface Importer {
    /** Reads the tool's folder; a missing folder or one that is not the tool's is a one-line error. */
    SourceProject read(Path from);

    /**
     * The state of each migration the history table knows, matched to {@code migrations} and with its checksum
     * verified against the file; empty when the table does not exist.
     */
    Optional<List<SourceRow>> readHistory(Connection c, List<SourceMigration> migrations) throws SQLException;
}
