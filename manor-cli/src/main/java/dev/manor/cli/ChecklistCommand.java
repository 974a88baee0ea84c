package dev.manor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.manor.gate.Checklist;
import dev.manor.gate.ChecklistEvidence;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.gate.Gates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;

@Command(name = "checklist", description = "Print the migration checklist with every item Manor can judge evaluated "
        + "(Markdown, to attach to a deployment record; --json for tools).")
final class ChecklistCommand extends ProjectCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run(Session session) throws Exception {
        Clock clock = Clock.systemUTC();
        var manor = session.manor();
        List<Migration> pending = manor.status().toDeploy().stream().map(StatusReport.Entry::migration).toList();
        Checklist.Result result = new Checklist(session.config(), System.getenv(), clock)
                .analysis(() -> ChecklistEvidence.analysis(pending))
                .performance(() -> dev.manor.deploy.ManorInternals.context(manor).withConnection(c ->
                        ChecklistEvidence.performance(c, dev.manor.deploy.ManorInternals.context(manor).history(), pending)))
                .evaluate(session.connection(), Gates.backups(session.config(), session.connection(), clock));
        if (json) {
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return ExitCodes.OK;
        }
        out().println("# Migration checklist: " + result.environment());
        out().println();
        out().println("Evaluated by Manor at " + result.evaluatedAt() + ". To deploy: "
                + (result.pending().isEmpty() ? "nothing" : String.join(", ", result.pending())) + ".");
        for (Checklist.Section s : result.sections()) {
            out().println();
            out().println("## " + s.title());
            for (Checklist.Item i : s.items()) {
                out().println(line(i));
            }
        }
        return ExitCodes.OK;
    }

    private static String line(Checklist.Item i) {
        return switch (i.mark()) {
            case DONE -> "- [x] " + i.text() + ": " + i.evidence();
            case OPEN -> "- [ ] " + i.text() + ": **" + i.evidence() + "**";
            case NOT_EVALUATED -> "- [ ] " + i.text() + " (not evaluated: " + i.evidence() + ")";
            case PERSON -> "- [ ] " + i.text();
        };
    }
}
