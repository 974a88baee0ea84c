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

    @Option(names = "--ran-by-hand", paramLabel = "<what you did>",
            description = "With --applied: the statements Manor never ran were run by hand, as said here (recorded in the log).")
    String ranByHand;

    @Override
    int run(Session session) {
        var manor = session.manor();
        if (ranByHand != null && choice.applied == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ran-by-hand goes with --applied");
        }
        if (choice.applied != null) {
            manor.resolveApplied(choice.applied, ranByHand);
            out().println("Recorded " + choice.applied + " as applied.");
        } else {
            manor.resolveRolledBack(choice.rolledBack);
            out().println("Recorded " + choice.rolledBack + " as rolled back; 'manor deploy' will run it again.");
        }
        return ExitCodes.OK;
    }
}
