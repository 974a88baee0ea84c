package dev.manor.history;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment log's server-side stamping and hash chain, on every bundled major. */
class HistoryChainTest {
    static List<Integer> majors() {
        return PgServers.majors();
    }

    static void recordFive(TestDb db, HistoryStore history) throws SQLException {
        try (Connection c = db.connect()) {
            history.ensureTables(c);
            for (int i = 1; i <= 5; i++) {
                history.record(c, Event.of("deploy", "2024010100000" + i, "applied", "event " + i + " \u00e9\uD83D\uDE00"));
            }
        }
    }

    static EventChain.Verification verify(TestDb db, HistoryStore history) throws SQLException {
        try (Connection c = db.connect()) {
            return history.verifyChain(c);
        }
    }

    @ParameterizedTest
    @MethodSource("majors")
    void theServerStampsNumberTimeAndUserWhateverTheInsertClaims(int major) throws SQLException {
        try (TestDb db = PgServers.freshDb(major)) {
            HistoryStore history = new HistoryStore("manor", "prod");
            recordFive(db, history);
            db.exec("INSERT INTO manor.manor_events (seq, at, action, outcome, db_user, prev_hash, hash)"
                    + " OVERRIDING SYSTEM VALUE VALUES (1000, '2001-01-01', 'proof', 'passed', 'alice', 'x', 'y')");

            assertThat(db.queryOne("SELECT seq FROM manor.manor_events WHERE action = 'proof'")).isEqualTo(6L);
            assertThat(db.queryOne("SELECT db_user FROM manor.manor_events WHERE seq = 6")).isEqualTo("postgres");
            Instant at = ((java.sql.Timestamp) db.queryOne("SELECT at FROM manor.manor_events WHERE seq = 6")).toInstant();
            assertThat(Duration.between(at, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
            EventChain.Verification v = verify(db, history);
            assertThat(v.intact()).as(v.summary()).isTrue();
            assertThat(v.chained()).isEqualTo(6);
            assertThat(v.headHash()).isEqualTo(db.queryOne("SELECT hash FROM manor.manor_events WHERE seq = 6"));
        }
    }

    record Tampering(String name, String sql, long brokenAt, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Tampering> tamperings() {
        return List.of(
                new Tampering("edit", "UPDATE manor.manor_events SET detail = 'nothing happened' WHERE seq = 3", 3,
                        "its contents do not match its hash: it was altered after it was written"),
                new Tampering("back-date", "UPDATE manor.manor_events SET at = at - interval '1 day' WHERE seq = 2", 2,
                        "its contents do not match its hash: it was altered after it was written"),
                new Tampering("delete", "DELETE FROM manor.manor_events WHERE seq = 3", 4,
                        "1 event(s) between #2 and #4 are missing"),
                new Tampering("delete the first", "DELETE FROM manor.manor_events WHERE seq = 1", 2,
                        "it follows hash "),
                new Tampering("insert at the end", "INSERT INTO manor.manor_events (seq, action, outcome, db_user, hash)"
                        + " OVERRIDING SYSTEM VALUE VALUES (6, 'proof', 'passed', 'alice', 'made-up')", 6,
                        "its previous hash is not #5's"),
                new Tampering("re-hash one event", "UPDATE manor.manor_events SET detail = 'x', hash = encode(sha256('x'), 'hex') WHERE seq = 4", 4,
                        "its contents do not match its hash"),
                new Tampering("renumber", "INSERT INTO manor.manor_events OVERRIDING SYSTEM VALUE SELECT seq + 10, at,"
                        + " action, migration_id, outcome, detail, environment, db_user, os_user, host, manor_version,"
                        + " prev_hash, hash FROM manor.manor_events WHERE seq = 5;"
                        + " DELETE FROM manor.manor_events WHERE seq = 5", 15,
                        "10 event(s) between #4 and #15 are missing"));
    }

    /** The tables' owner can switch the triggers off; the chain then names the first event that no longer fits. */
    @ParameterizedTest
    @MethodSource("tamperings")
    void verificationNamesTheFirstEventThatWasEditedRemovedOrInserted(Tampering t) throws SQLException {
        try (TestDb db = PgServers.freshDb()) {
            HistoryStore history = new HistoryStore("manor", "prod");
            recordFive(db, history);
            assertThat(verify(db, history).intact()).isTrue();

            db.exec("ALTER TABLE manor.manor_events DISABLE TRIGGER USER; " + t.sql()
                    + "; ALTER TABLE manor.manor_events ENABLE TRIGGER USER");

            EventChain.Verification v = verify(db, history);
            assertThat(v.intact()).isFalse();
            assertThat(v.brokenAt()).isEqualTo(t.brokenAt());
            assertThat(v.problem()).contains(t.problem());
            assertThat(v.summary()).startsWith("broken at event #" + t.brokenAt() + ": ");
        }
    }

    /** A log created by an earlier Manor (no hash columns) gains the chain in place, starting at a recorded event. */
    @ParameterizedTest
    @MethodSource("majors")
    void anEarlierLogIsUpgradedInPlaceAndTheChainStartsAtARecordedEvent(int major) throws SQLException {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec("""
                    CREATE SCHEMA manor;
                    CREATE TABLE manor.manor_migrations (id text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                      down_checksum text, status text NOT NULL, transactional boolean NOT NULL,
                      steps_done integer NOT NULL DEFAULT 0, started_at timestamptz NOT NULL, finished_at timestamptz,
                      duration_ms bigint, db_user text NOT NULL DEFAULT current_user, os_user text, host text,
                      manor_version text NOT NULL, error text, report jsonb, rolled_back_at timestamptz);
                    CREATE TABLE manor.manor_events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      at timestamptz NOT NULL DEFAULT clock_timestamp(), action text NOT NULL, migration_id text,
                      outcome text NOT NULL, detail text, environment text, db_user text NOT NULL DEFAULT current_user,
                      os_user text, host text, manor_version text);
                    INSERT INTO manor.manor_events (action, outcome) VALUES ('deploy', 'applied'), ('seed', 'ok');
                    """);
            HistoryStore history = new HistoryStore("manor", "prod");
            assertThat(verify(db, history).summary()).contains("predates the hash chain");

            try (Connection c = db.connect()) {
                history.ensureTables(c);
                history.ensureTables(c); // once only
                history.record(c, Event.of("deploy", "20240101000000", "applied", "after the upgrade"));
                List<Event> log = history.events(c, 10);
                assertThat(log).extracting(Event::action).containsExactly("deploy", "seed", HistoryStore.UPGRADE_ACTION, "deploy");
                assertThat(log.get(2).detail()).isEqualTo("the hash chain starts here; the 2 earlier events are not chained");
            }
            EventChain.Verification v = verify(db, history);
            assertThat(v.intact()).as(v.summary()).isTrue();
            assertThat(v.summary()).matches("2 events chained from #3 to #4, head hash [0-9a-f]{64}; 2 earlier events predate the chain");

            // Erasing the chain's start (and so every hash) does not pass for a log that never had one.
            db.exec("ALTER TABLE manor.manor_events DISABLE TRIGGER USER; UPDATE manor.manor_events SET hash = NULL;"
                    + " ALTER TABLE manor.manor_events ENABLE TRIGGER USER");
            assertThat(verify(db, history).intact()).isFalse();
        }
    }

    @Test
    void anEmptyLogVerifies() throws SQLException {
        try (TestDb db = PgServers.freshDb()) {
            HistoryStore history = new HistoryStore("manor", "prod");
            try (Connection c = db.connect()) {
                history.ensureTables(c);
            }
            assertThat(verify(db, history).intact()).isTrue();
            assertThat(verify(db, history).summary()).isEqualTo("the deployment log is empty");
        }
    }
}
