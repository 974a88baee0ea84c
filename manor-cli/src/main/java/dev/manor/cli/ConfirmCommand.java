package dev.manor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "confirm", description = "Confirm what a change plan's next step waits for (e.g. that no running"
        + " application version uses the old column); recorded with the database user and the reason.")
final class ConfirmCommand extends ProjectCommand {
    @Parameters(paramLabel = "<plan-or-step>", description = "A plan's name (its next step that asks), or a step's id or folder.")
    String target;

    @Option(names = "--reason", paramLabel = "<why>", required = true,
            description = "Who checked what, e.g. \"release 42 retired everywhere\"; recorded in the deployment log.")
    String reason;

    @Override
    int run(Session session) {
        out().println("Confirmed " + session.manor().confirm(target, reason));
        return ExitCodes.OK;
    }
}
