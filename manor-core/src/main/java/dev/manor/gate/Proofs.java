package dev.manor.gate;

import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Round-trip proofs (up, down, up) of a migration in an environment, as the staging gate reads them: a
 * {@code proof}/{@code passed} event naming the exact checksum, or a rollback followed by a re-deploy.
 */
public final class Proofs {
    public static final String ACTION = "proof";
    public static final String PASSED = "passed";

    private Proofs() {
    }

    /** Records that the migration with this checksum survived up, down, up here (written by 'manor test rollback'). */
    public static void record(Connection c, HistoryStore history, String migrationId, String checksum) throws SQLException {
        history.ensureTables(c);
        history.record(c, Event.of(ACTION, migrationId, PASSED, "round trip up/down/up passed for checksum " + checksum));
    }

    /**
     * How the round trip of this exact checksum was proven, or null if it was not. {@code events} are the
     * migration's events, oldest first; the caller has checked that the checksum is the one applied now.
     */
    public static String evidence(List<Event> events, Migration migration) {
        String found = evidence(events, migration.checksum());
        return found != null ? found : evidence(events, migration.legacyChecksum());
    }

    /** As {@link #evidence(List, Migration)}, for one form of the checksum. */
    public static String evidence(List<Event> events, String checksum) {
        for (Event e : events) {
            if (ACTION.equals(e.action()) && PASSED.equals(e.outcome()) && e.detail() != null
                    && e.detail().contains(checksum)) {
                return "proof passed " + e.at();
            }
        }
        // A rollback that was followed by a successful deploy: down.sql ran and up ran again after it.
        boolean rolledBack = false;
        for (Event e : events) {
            if ("rollback".equals(e.action()) && "rolled_back".equals(e.outcome())) {
                rolledBack = true;
            } else if (rolledBack && "deploy".equals(e.action()) && "applied".equals(e.outcome())) {
                return "rolled back and re-applied " + e.at();
            }
        }
        return null;
    }
}
