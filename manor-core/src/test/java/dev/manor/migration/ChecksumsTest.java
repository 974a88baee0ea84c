package dev.manor.migration;

import dev.manor.history.HistoryRecord;
import dev.manor.history.HistoryStatus;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A suppression is a note to the analysis, not a change: adding one must not make an applied migration "edited". */
class ChecksumsTest {
    static final String UP = "ALTER TABLE \"User\" ADD COLUMN phone text;\nUPDATE \"User\" SET phone = '';\n";
    static final String WITH_ALLOW = "-- manor:allow unbatched-update because the table holds 40 rows\n" + UP;

    static Migration migration(String up) {
        return new Migration("20240102000000", "add_phone", Path.of("migrations/20240102000000_add_phone"), up,
                "SELECT 1;", null, null);
    }

    @Test
    void allowLinesDoNotChangeTheChecksumAndEverythingElseDoes() {
        assertThat(migration(WITH_ALLOW).checksum()).isEqualTo(migration(UP).checksum());
        assertThat(migration("  --manor:allow x because y\r\n" + UP.replace("\n", "\r\n")).checksum())
                .isEqualTo(migration(UP).checksum());
        assertThat(migration(UP + "-- manor:allow unbatched-update because small").checksum())
                .isEqualTo(migration(UP).checksum());
        assertThat(migration(UP + "-- a comment\n").checksum()).isNotEqualTo(migration(UP).checksum());
        assertThat(migration(UP.replace("text", "varchar(20)")).checksum()).isNotEqualTo(migration(UP).checksum());
        // A directive inside a statement's line is part of that line, so it still counts.
        assertThat(migration("SELECT 1; -- manor:allow x because y\n").checksum())
                .isNotEqualTo(migration("SELECT 1;\n").checksum());
    }

    @Test
    void historiesWrittenBeforeKeepTheirMigrationsApplied() {
        // Before, the checksum was of the whole text, suppressions included.
        String old = Checksums.sha256(WITH_ALLOW);
        assertThat(old).isNotEqualTo(migration(WITH_ALLOW).checksum());
        assertThat(migration(WITH_ALLOW).matchesChecksum(old)).isTrue();
        assertThat(state(migration(WITH_ALLOW), old)).isEqualTo(MigrationState.APPLIED);

        // Applied (by an older Manor) without the directive, which production then asked for: still applied.
        assertThat(state(migration(WITH_ALLOW), Checksums.sha256(UP))).isEqualTo(MigrationState.APPLIED);
        assertThat(state(migration(UP.replace("text", "varchar(20)")), Checksums.sha256(UP)))
                .isEqualTo(MigrationState.EDITED);
    }

    private static MigrationState state(Migration m, String recorded) {
        HistoryRecord r = new HistoryRecord(m.id(), m.name(), recorded, null, HistoryStatus.APPLIED, true, 0, null,
                null, null, "u", "u", "h", "0", null, null, null);
        return StatusReport.of(List.of(m), List.of(r)).entries().get(0).state();
    }
}
