package dev.manor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.history.StatusReport;
import dev.manor.proof.DriftCache;
import dev.manor.proof.DriftCheck;
import dev.manor.shadow.ShadowProvider;
import dev.manor.text.Plural;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "status", description = "Show every migration's state and any drift; exit 0 only when up to date and clean.")
final class StatusCommand extends ProjectCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--no-drift", description = "Skip the drift check (it rebuilds the applied migrations in a throwaway database when they"
            + " changed since the last check; .manor/drift/ keeps the result).")
    boolean noDrift;

    @picocli.CommandLine.Mixin
    ShadowOptions shadow;

    @Option(names = "--fleet", paramLabel = "<file|query>", description = "One line per database of a fleet (a fleet"
            + " file or a SELECT name, url query, as for deploy --fleet): up to date, pending N, failed, drift, needs"
            + " attention or unreachable. Exit 0 only when every database is up to date. See docs/fleet.md.")
    String fleet;

    @Override
    boolean needsDatabase() {
        return fleet == null || FleetCli.isQuery(fleet);
    }

    @Override
    int runWithoutDatabase(dev.manor.config.ProjectConfig config) {
        return fleetStatus(config, null);
    }

    /** Every database's status, one after another; drift on a shadow of each server's major unless --no-drift. */
    private int fleetStatus(dev.manor.config.ProjectConfig config, Session session) {
        dev.manor.Fleet fleetOf = FleetCli.load(fleet, config, project, session, System.getenv());
        List<dev.manor.Fleet.DatabaseStatus> status = fleetOf.status(
                member -> dev.manor.Manor.configure().project(config), noDrift ? null : shadow.byMajor());
        FleetCli.printStatus(out(), status, json);
        return status.stream().allMatch(dev.manor.Fleet.DatabaseStatus::upToDate) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    @Override
    int run(Session session) throws Exception {
        if (fleet != null) {
            return fleetStatus(session.config(), session);
        }
        StatusReport report = session.manor().status();
        DriftCheck.Result drift = noDrift ? null : drift(session, report);
        boolean clean = report.upToDate() && (drift == null || !drift.drifted());
        var plans = session.manor().plans(report);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("environment", session.config().manor().environment());
            root.put("upToDate", report.upToDate());
            ArrayNode list = root.putArray("migrations");
            for (StatusReport.Entry e : report.entries()) {
                ObjectNode n = list.addObject();
                n.put("id", e.id());
                n.put("name", e.name());
                n.put("state", e.state().name().toLowerCase());
                if (e.record() != null) {
                    n.put("startedAt", String.valueOf(e.record().startedAt()));
                    n.put("appliedBy", e.record().dbUser());
                    if (e.record().error() != null) {
                        n.put("error", e.record().error());
                    }
                }
                String settle = StatusReport.settleCommand(e);
                if (settle != null) {
                    n.put("settle", settle);
                    n.put("hint", settle); // the name path18's first JSON used; same text
                }
            }
            ArrayNode backfills = root.putArray("unfinishedBackfills");
            for (StatusReport.OpenBackfill b : report.openBackfills()) {
                ObjectNode n = backfills.addObject();
                n.put("id", b.migrationId());
                n.put("state", b.state());
                n.put("rowsDone", b.rowsDone());
                n.put("lastKey", b.lastKey());
                n.put("error", b.error());
            }
            ArrayNode repeatables = root.putArray("repeatables");
            for (StatusReport.Repeatable r : report.repeatables()) {
                ObjectNode n = repeatables.addObject();
                n.put("name", r.name());
                n.put("file", r.file());
                n.put("state", r.state().name().toLowerCase());
            }
            PlanLines.json(root.putArray("plans"), plans);
            if (drift != null) {
                ArrayNode changes = root.putArray("drift");
                drift.diff().changes().forEach(ch -> changes.add(ch.description()));
                ArrayNode notes = root.putArray("driftNotes");
                drift.notes().forEach(notes::add);
            }
            root.put("clean", clean);
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out().println("Status of " + session.target());
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"MIGRATION", "STATE", "APPLIED AT", "BY"});
            for (StatusReport.Entry e : report.entries()) {
                rows.add(new String[] {e.folderName(), e.state().label(),
                        e.record() == null ? "" : String.valueOf(e.record().finishedAt() == null
                                ? e.record().startedAt() : e.record().finishedAt()),
                        e.record() == null ? "" : e.record().dbUser() + "@" + e.record().host()});
            }
            TextTable.print(out(), rows);
            for (StatusReport.Entry e : report.entries()) {
                if (e.record() != null && e.record().error() != null && e.state().needsAttention()) {
                    out().println(e.folderName() + " " + e.state().label() + ": " + e.record().error());
                }
                if (e.state() == dev.manor.history.MigrationState.INTERRUPTED
                        || e.state() == dev.manor.history.MigrationState.ROLLBACK_INTERRUPTED) {
                    out().println(e.folderName() + " " + e.state().label() + " after " + e.record().stepsDone()
                            + " statement(s)");
                }
            }
            for (StatusReport.OpenBackfill b : report.openBackfills()) {
                out().println(b.describe() + "; 'manor deploy' " + (StatusReport.OpenBackfill.NOT_STARTED.equals(b.state())
                        ? "runs" : "resumes") + " it");
            }
            for (StatusReport.Repeatable r : report.repeatables()) {
                if (r.state() != StatusReport.RepeatableState.APPLIED) {
                    out().println(r.file() + " " + r.state().label());
                }
            }
            PlanLines.text(plans).forEach(out()::println);
            out().println(report.upToDate() ? "Up to date." : summary(report));
            if (drift != null) {
                drift.notes().forEach(n -> out().println("note: " + n));
                if (drift.drifted()) {
                    out().println("Drift: the live schema differs from what the applied migrations produce:");
                    drift.diff().changes().forEach(ch -> out().println("  - " + ch.description()));
                } else {
                    out().println("No drift: the live schema is what the applied migrations produce.");
                }
            }
        }
        return clean ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The rebuilt side comes from the project's drift cache while the applied migrations are unchanged. */
    private DriftCheck.Result drift(Session session, StatusReport report) throws java.sql.SQLException {
        List<ShadowProvider> started = new ArrayList<>();
        DriftCache cache = DriftCache.inProject(session.config().projectDir(), session.target(),
                shadow.shadowUrl == null ? "embedded" : shadow.shadowUrl);
        try (java.sql.Connection live = session.manor().database().connect()) {
            return DriftCheck.run(live, session.config().manor().schemas(), report, () -> {
                started.add(shadow.provider(session));
                return started.get(0);
            }, session.config().file().driftIgnore(), cache);
        } finally {
            started.forEach(ShadowProvider::close);
        }
    }

    private static String summary(StatusReport r) {
        long attention = r.entries().stream().filter(e -> e.state().needsAttention()).count();
        if (attention == 0 && r.openBackfills().isEmpty()) {
            int n = r.pendingRepeatables().size();
            return Plural.count(n, "repeatable script") + " to apply; 'manor deploy' applies "
                    + Plural.verb(n, "it", "them") + ".";
        }
        if (attention == 0) {
            return Plural.count(r.openBackfills().size(), "backfill") + " "
                    + Plural.verb(r.openBackfills().size(), "has", "have") + " work left; 'manor deploy' finishes it.";
        }
        StringBuilder out = new StringBuilder(Plural.count(attention, "migration") + " "
                + Plural.verb(attention, "needs", "need") + " attention:");
        r.entries().stream().filter(e -> e.state().needsAttention())
                .forEach(e -> out.append("\n  ").append(e.folderName()).append(" (").append(e.state().label())
                        .append("): ").append(StatusReport.settleCommand(e)));
        return out.toString();
    }
}
