package dev.manor.gate;

import dev.manor.backup.BackupManifest;
import dev.manor.backup.BackupService;
import dev.manor.backup.PgTools;
import dev.manor.config.ConnectionSettings;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real PostgreSQL 15 and Debian's pg_dump/pg_restore 15. */
class TrackedBackupsTest {
    @TempDir
    Path dir;

    @Test
    void aRestoreBringsBackDeletedRowsAndKeepsTheLogWrittenSinceTheBackup() throws SQLException {
        try (TestDb db = PgServers.freshDb(15)) {
            db.exec("CREATE TABLE customers (id int PRIMARY KEY); INSERT INTO customers SELECT generate_series(1, 100);");
            HistoryStore history = new HistoryStore("manor", "prod");
            TrackedBackups backups = new TrackedBackups(
                    new BackupService(PgTools.at(Path.of("/usr/lib/postgresql/15/bin")), dir.resolve("backups"), Clock.systemUTC()),
                    new ConnectionSettings(db.url(), null, null), List.of("public"), history);

            try (Connection c = db.connect()) {
                history.ensureTables(c); // so the dump holds manor_events and the restore rewinds it
            }
            BackupManifest m = backups.backupAndVerify();
            assertThat(m.verified()).isNotNull();
            db.exec("DELETE FROM customers WHERE id > 10");
            try (Connection c = db.connect()) {
                history.record(c, Event.of("deploy", "20240101000000", "applied", "after the backup"));
            }

            backups.restore(backups.find(m.baseName() + ".dump"));

            assertThat(db.queryOne("SELECT count(*) FROM customers")).isEqualTo(100L);
            try (Connection c = db.connect()) {
                List<Event> log = history.events(c, 100);
                assertThat(log).extracting(Event::action)
                        .containsExactly("backup", "backup-verify", "deploy", "restore");
                assertThat(log.get(3).detail()).contains(m.dumpFile()).contains("3 later log events carried over");
                assertThat(log).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
                // Carried-over events are stamped anew, so the restored log still forms one chain.
                assertThat(log.get(0).detail()).contains("carried over from #1 of ");
                assertThat(history.verifyChain(c).intact()).as(history.verifyChain(c).summary()).isTrue();
            }
        }
    }
}
