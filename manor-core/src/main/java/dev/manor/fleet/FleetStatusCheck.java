package dev.manor.fleet;

import dev.manor.Fleet;
import dev.manor.Fleet.DatabaseStatus;
import dev.manor.Fleet.Member;
import dev.manor.Fleet.State;
import dev.manor.Manor;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.proof.DriftCheck;
import dev.manor.shadow.ShadowProvider;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Each database's status, one after another (reads only). With shadows, the drift check rebuilds a database's applied
 * migrations on a shadow of its server's major; one shadow provider per major serves the whole fleet.
 */
public final class FleetStatusCheck {
    private final Function<Integer, ShadowProvider> shadows;
    private final Map<Integer, ShadowProvider> byMajor = new HashMap<>();

    public FleetStatusCheck(Function<Integer, ShadowProvider> shadows) {
        this.shadows = shadows;
    }

    public List<DatabaseStatus> run(List<Member> members, Function<Member, Manor> manors) {
        List<DatabaseStatus> out = new ArrayList<>();
        try {
            for (Member m : members) {
                out.add(one(m, manors));
            }
        } finally {
            byMajor.values().forEach(ShadowProvider::close);
        }
        return out;
    }

    private DatabaseStatus one(Member m, Function<Member, Manor> manors) {
        StatusReport report;
        Manor manor;
        try {
            manor = manors.apply(m);
            report = manor.status();
        } catch (RuntimeException e) {
            return new DatabaseStatus(m.name(), m.describe(), State.UNREACHABLE, 0, null, WaveRunner.oneLine(e, m));
        }
        String last = report.entries().stream()
                .filter(e -> e.state() == MigrationState.APPLIED || e.state() == MigrationState.EDITED)
                .map(StatusReport.Entry::folderName).reduce((a, b) -> b).orElse(null);
        int pending = report.toDeploy().size() + report.openBackfills().size() + report.pendingRepeatables().size();
        StatusReport.Entry failed = report.entries().stream().filter(e -> switch (e.state()) {
            case FAILED, INTERRUPTED, ROLLBACK_INTERRUPTED -> true;
            default -> false;
        }).findFirst().orElse(null);
        if (failed != null) {
            String error = failed.record() != null && failed.record().error() != null
                    ? failed.record().error().lines().findFirst().orElse("") : failed.state().label();
            return new DatabaseStatus(m.name(), m.describe(), State.FAILED, pending, last,
                    failed.folderName() + ": " + error);
        }
        StatusReport.Entry odd = report.entries().stream().filter(e -> e.state() == MigrationState.EDITED
                || e.state() == MigrationState.MISSING_ON_DISK).findFirst().orElse(null);
        if (odd != null) {
            return new DatabaseStatus(m.name(), m.describe(), State.ATTENTION, pending, last,
                    odd.folderName() + " " + odd.state().label());
        }
        if (pending > 0) {
            return new DatabaseStatus(m.name(), m.describe(), State.PENDING, pending, last, null);
        }
        if (shadows != null) {
            try {
                String drift = drift(manor, report);
                if (drift != null) {
                    return new DatabaseStatus(m.name(), m.describe(), State.DRIFT, 0, last, drift);
                }
            } catch (RuntimeException | java.sql.SQLException e) {
                return new DatabaseStatus(m.name(), m.describe(), State.UNREACHABLE, 0, last,
                        "drift check failed: " + WaveRunner.oneLine(new RuntimeException(e.getMessage()), m));
            }
        }
        return new DatabaseStatus(m.name(), m.describe(), State.UP_TO_DATE, 0, last, null);
    }

    /** The drift in one line, or null when the live schema is what the applied migrations produce. */
    private String drift(Manor manor, StatusReport report) throws java.sql.SQLException {
        try (Connection live = manor.database().connect()) {
            int major;
            try (Statement s = live.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
                rs.next();
                major = rs.getInt(1);
            }
            ShadowProvider provider = byMajor.computeIfAbsent(major, shadows);
            DriftCheck.Result result = DriftCheck.run(live, manor.config().schemas(), report, provider);
            if (!result.drifted()) {
                return null;
            }
            var changes = result.diff().changes();
            return changes.get(0).description() + (changes.size() > 1 ? " (and " + (changes.size() - 1) + " more)" : "");
        }
    }
}
