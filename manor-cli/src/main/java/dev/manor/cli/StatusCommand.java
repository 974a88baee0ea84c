package dev.manor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.history.StatusReport;
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

    @Option(names = "--no-drift", description = "Skip the drift check (it rebuilds the applied migrations in a throwaway database).")
    boolean noDrift;

    @picocli.CommandLine.Mixin
    ShadowOptions shadow;

    @Override
    int run(Session session) throws Exception {
        StatusReport report = session.manor().status();
        DriftCheck.Result drift = noDrift ? null : drift(session, report);
        boolean clean = report.upToDate() && (drift == null || !drift.drifted());
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
                if (e.state().needsAttention()) {
                    n.put("hint", hint(e));
                }
                if (e.record() != null) {
                    n.put("startedAt", String.valueOf(e.record().startedAt()));
                    n.put("appliedBy", e.record().dbUser());
                    if (e.record().error() != null) {
                        n.put("error", e.record().error());
                    }
                }
            }
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

    private DriftCheck.Result drift(Session session, StatusReport report) throws java.sql.SQLException {
        try (ShadowProvider provider = shadow.provider(session);
             java.sql.Connection live = session.manor().database().connect()) {
            return DriftCheck.run(live, session.config().manor().schemas(), report, provider);
        }
    }

    private static String summary(StatusReport r) {
        long attention = r.entries().stream().filter(e -> e.state().needsAttention()).count();
        StringBuilder out = new StringBuilder(Plural.count(attention, "migration") + " "
                + Plural.verb(attention, "needs", "need") + " attention:");
        r.entries().stream().filter(e -> e.state().needsAttention())
                .forEach(e -> out.append("\n  ").append(e.folderName()).append(" (").append(e.state().label())
                        .append("): ").append(hint(e)));
        return out.toString();
    }

    /** What settles a migration in this state: each names a command that works for it. */
    static String hint(StatusReport.Entry e) {
        String id = e.id();
        return switch (e.state()) {
            case APPLIED -> "nothing to do";
            case PENDING -> "'manor deploy' applies it";
            case ROLLED_BACK -> "'manor deploy' applies it again";
            case OUT_OF_ORDER -> "it is older than the newest applied migration; 'manor deploy --allow-out-of-order'"
                    + " applies it";
            case FAILED, INTERRUPTED -> e.migration() == null
                    ? "its folder is gone; undo what it left behind (if anything), then 'manor resolve --rolled-back "
                            + id + "'"
                    : "fix migration.sql and run 'manor deploy' again (a no-transaction migration resumes after its"
                            + " last finished statement), or settle it: 'manor resolve --applied " + id
                            + "' if you finished it by hand, 'manor resolve --rolled-back " + id + "' if you undid it";
            case EDITED -> "migration.sql differs from the applied version; restore that version from version"
                    + " control (and put the change in a new migration), or, if the edit changes nothing that ran,"
                    + " 'manor resolve --accept-edit " + id + " --reason \"<why>\"'";
            case MISSING_ON_DISK -> "its folder is gone but its changes are in the database; restore the folder from"
                    + " version control (rollback needs its down.sql)";
        };
    }
}
