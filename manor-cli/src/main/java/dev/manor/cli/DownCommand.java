package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.downgen.DownReport;
import dev.manor.shadow.ShadowProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "down", description = "Down scripts: generate the ones that are missing.",
        subcommands = {DownCommand.Generate.class})
final class DownCommand {
    @Command(name = "generate", description = "Write down.sql from the schema before and after each migration (on a"
            + " shadow database), then prove it as 'manor test rollback' does. What cannot be undone without data is"
            + " declared with '-- manor:irreversible because <reason>'.")
    static final class Generate extends ProjectCommand {
        @Mixin
        ShadowOptions shadow;

        @Parameters(paramLabel = "<id>", arity = "0..*", description = "Migration ids (or folder names).")
        List<String> ids = List.of();

        @Option(names = "--missing", description = "Every migration without a down.sql, or with only the marker"
                + " 'manor import' leaves.")
        boolean missing;

        @Option(names = "--force", description = "Replace the hand-written down.sql of a named migration.")
        boolean force;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        int run(Session session) {
            if (missing == !ids.isEmpty()) {
                throw new ManorException("give migration ids or --missing (one of the two)");
            }
            err().println(missing ? "Generating every missing down script" : "Generating down scripts for "
                    + String.join(", ", ids));
            DownReport report;
            try (ShadowProvider provider = shadow.provider(session)) {
                report = session.manor().generateDowns(provider, missing ? List.of() : ids, force);
            }
            if (json) {
                out().println(report.toJson());
            } else {
                report.lines().forEach(out()::println);
            }
            return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
