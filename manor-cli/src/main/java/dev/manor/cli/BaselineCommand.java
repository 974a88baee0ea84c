package dev.manor.cli;

import dev.manor.adopt.Baseline;
import dev.manor.shadow.ShadowProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "baseline", description = "Record the migrations up to <id> as applied in a database whose schema"
        + " already is what they build: they are rebuilt in a shadow database and compared with the live schema"
        + " first (outside [drift] ignore); any difference refuses, one line per object, and nothing is recorded.")
final class BaselineCommand extends ProjectCommand {
    @Option(names = "--to", paramLabel = "<id>", required = true,
            description = "The last migration to record (id or folder name).")
    String to;

    @Mixin
    ShadowOptions shadow;

    @Override
    int run(Session session) {
        try (ShadowProvider provider = shadow.provider(session)) {
            Baseline.Result r = session.manor().baseline(to, provider);
            r.recorded().forEach(out()::println);
            err().println("Recorded " + r.recorded().size() + " migration(s) as applied up to " + r.to()
                    + " (the live schema matched: " + r.compared() + " objects compared).");
            err().flush();
            return ExitCodes.OK;
        }
    }
}
