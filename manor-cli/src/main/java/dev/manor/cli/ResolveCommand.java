package dev.manor.cli;

import dev.manor.history.StatusReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "resolve", description = "Settle a migration that needs attention: a failed one fixed forward"
        + " (--applied) or given up (--rolled-back), or an applied one whose file was edited harmlessly (--accept-edit).")
final class ResolveCommand extends ProjectCommand {
    static final class Choice {
        @Option(names = "--applied", paramLabel = "<id>", required = true,
                description = "Its effect is in place (finished by hand): record it as applied.")
        String applied;

        @Option(names = "--rolled-back", paramLabel = "<id>", required = true,
                description = "Its partial effect was undone by hand: record it as rolled back.")
        String rolledBack;

        @Option(names = "--accept-edit", paramLabel = "<id>", required = true,
                description = "Its migration.sql was edited after it was applied and the edit changes nothing that ran:"
                        + " record the file's checksum as the applied one (needs --reason; recorded).")
        String acceptEdit;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Option(names = "--ran-by-hand", paramLabel = "<what you did>",
            description = "With --applied: the statements Manor never ran were run by hand, as said here (recorded in the log).")
    String ranByHand;

    @Option(names = "--reason", paramLabel = "<why>", description = "Why the edit is harmless (with --accept-edit); recorded.")
    String reason;

    @Override
    int run(Session session) {
        var manor = session.manor();
        if (ranByHand != null && choice.applied == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ran-by-hand goes with --applied");
        }
        if (choice.applied != null) {
            manor.resolveApplied(choice.applied, ranByHand);
            out().println("Recorded " + choice.applied + " as applied.");
        } else if (choice.acceptEdit != null) {
            manor.resolveAcceptEdit(choice.acceptEdit, reason);
            out().println("Recorded the edited " + choice.acceptEdit + " as the applied version (reason in 'manor log').");
        } else {
            boolean onDisk = manor.status().find(choice.rolledBack).map(StatusReport.Entry::migration).isPresent();
            manor.resolveRolledBack(choice.rolledBack);
            out().println("Recorded " + choice.rolledBack + " as rolled back; " + (onDisk
                    ? "'manor deploy' will run it again."
                    : "its folder is gone, so 'manor deploy' will not run it (restore the folder to run it again)."));
        }
        return ExitCodes.OK;
    }
}
