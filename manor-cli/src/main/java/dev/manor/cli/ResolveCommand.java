package dev.manor.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "resolve", description = "Settle a failed migration: fixed forward (--applied) or given up (--rolled-back).")
final class ResolveCommand extends ProjectCommand {
    static final class Choice {
        @Option(names = "--applied", paramLabel = "<id>", required = true,
                description = "Its effect is in place (finished by hand): record it as applied.")
        String applied;

        @Option(names = "--rolled-back", paramLabel = "<id>", required = true,
                description = "Its partial effect was undone by hand: record it as rolled back.")
        String rolledBack;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Override
    int run(Session session) {
        var manor = session.manor();
        if (choice.applied != null) {
            manor.resolveApplied(choice.applied);
            out().println("Recorded " + choice.applied + " as applied.");
        } else {
            manor.resolveRolledBack(choice.rolledBack);
            out().println("Recorded " + choice.rolledBack + " as rolled back; 'manor deploy' will run it again.");
        }
        return ExitCodes.OK;
    }
}
