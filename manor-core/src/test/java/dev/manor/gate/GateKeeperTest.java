package dev.manor.gate;

import dev.manor.ManorException;
import dev.manor.deploy.PlannedMigration;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Refusals and overrides land in the real deployment log and stay there. */
class GateKeeperTest {
    static final List<PlannedMigration> PLAN = Plans.up("20240101000000", "SELECT 1;");

    static Gate fixed(String name, Verdict verdict) {
        return new Gate() {
            public String name() {
                return name;
            }

            public String overrideFlag() {
                return "--skip-" + name;
            }

            public Verdict evaluate(List<PlannedMigration> plan, Connection c) {
                return verdict;
            }
        };
    }

    @Test
    void aRefusalStopsTheDeployAndIsRecordedAnOverrideIsRecordedWithItsReason() throws SQLException {
        HistoryStore history = new HistoryStore("manor", "prod");
        List<String> notices = new ArrayList<>();
        try (TestDb db = PgServers.freshDb(); Connection c = db.connect()) {
            history.ensureTables(c);
            Gate ok = fixed("window", Verdict.pass("inside"));
            Gate no = fixed("backup", Verdict.refuse("no verified backup; run 'manor backup --verify'"));

            assertThatThrownBy(() -> new GateKeeper(List.of(ok, no), GateOverrides.NONE, history, notices::add).check(PLAN, c))
                    .isInstanceOf(ManorException.class)
                    .hasMessage("deploy refused by the backup gate: no verified backup; run 'manor backup --verify'");
            new GateKeeper(List.of(ok, no), new GateOverrides(Set.of("backup"), "restore drill"), history, notices::add)
                    .check(PLAN, c);
            // An empty plan changes nothing, so even a refusing gate is not consulted.
            new GateKeeper(List.of(no), GateOverrides.NONE, history, notices::add).check(List.of(), c);

            List<Event> log = history.events(c, 10);
            assertThat(log).extracting(Event::action, Event::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("gate-refused", "backup"),
                            org.assertj.core.groups.Tuple.tuple("gate-override", "backup"));
            assertThat(log.get(1).detail()).isEqualTo("overridden because: restore drill (it said: "
                    + "no verified backup; run 'manor backup --verify')");
            assertThat(log.get(1).osUser()).isNotBlank();
            assertThat(notices).contains("window gate: inside");
        }
    }

    @Test
    void anOverrideNeedsAReason() {
        assertThatThrownBy(() -> new GateOverrides(Set.of("staging"), " ")).isInstanceOf(ManorException.class)
                .hasMessageContaining("add --reason");
    }
}
