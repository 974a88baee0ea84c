package dev.manor.cli;

import dev.manor.text.Plural;
import picocli.CommandLine.Command;

@Command(name = "seed", description = "Run the seed file (seed.sql) in one transaction.")
final class SeedCommand extends ProjectCommand {
    @Override
    int run(Session session) {
        int n = session.manor().seed();
        if (n < 0) {
            out().println("No seed file at " + session.config().projectDir().relativize(session.config().manor().seedFile()) + ".");
            return ExitCodes.FAILED;
        }
        out().println("Seeded: " + Plural.count(n, "statement") + ".");
        return ExitCodes.OK;
    }
}
