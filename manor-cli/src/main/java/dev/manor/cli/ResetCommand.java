package dev.manor.cli;

import dev.manor.text.Plural;
import dev.manor.ManorException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

@Command(name = "reset", description = "Drop everything in the managed schemas, re-apply all migrations, seed. Never in a protected environment.")
final class ResetCommand extends ProjectCommand {
    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Override
    int run(Session session) throws IOException {
        if (session.config().manor().protectedEnv()) {
            throw new ManorException("reset is refused: environment '" + session.config().manor().environment()
                    + "' is protected (it would destroy all data)");
        }
        if (!force) {
            out().print("This drops everything in schemas " + String.join(", ", session.config().manor().schemas())
                    + " of " + session.target() + ". Type the environment name to confirm: ");
            out().flush();
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            if (answer == null || !answer.trim().equals(session.config().manor().environment())) {
                throw new ManorException("reset cancelled (confirm by typing the environment name, or pass --force)");
            }
        }
        var result = session.manor().reset();
        out().println("Reset done: " + Plural.count(result.applied().size(), "migration") + " applied"
                + (session.manor().config().seedFile() != null
                && java.nio.file.Files.isRegularFile(session.manor().config().seedFile()) ? ", seed run." : "."));
        return ExitCodes.OK;
    }
}
