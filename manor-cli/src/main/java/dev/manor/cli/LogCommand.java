package dev.manor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.manor.history.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "log", description = "Print the deployment log: every deploy, rollback, resolve, reset, seed, backup and gate decision.")
final class LogCommand extends ProjectCommand {
    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "How many of the newest events (default 50).")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run(Session session) throws Exception {
        if (limit < 1) {
            throw new dev.manor.ManorException("-n must be at least 1 (how many of the newest events to show)");
        }
        List<Event> events = session.manor().log(limit);
        if (json) {
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(events));
            return ExitCodes.OK;
        }
        if (events.isEmpty()) {
            out().println("The deployment log is empty.");
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "AT", "ENV", "ACTION", "MIGRATION", "OUTCOME", "WHO", "DETAIL"});
        for (Event e : events) {
            rows.add(new String[] {Long.toString(e.seq()), String.valueOf(e.at()), e.environment(), e.action(),
                    e.migrationId() == null ? "" : e.migrationId(), e.outcome(),
                    e.dbUser() + " (" + e.osUser() + "@" + e.host() + ")",
                    e.detail() == null ? "" : e.detail().lines().findFirst().orElse("")});
        }
        TextTable.print(out(), rows);
        return ExitCodes.OK;
    }
}
