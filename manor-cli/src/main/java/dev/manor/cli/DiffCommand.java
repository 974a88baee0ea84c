package dev.manor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.diff.DiffOptions;
import dev.manor.diff.DiffResult;
import dev.manor.diff.GeneratedMigration;
import dev.manor.diff.RenameQuestion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Command(name = "diff", description = "Write the migrations from the migrations' schema to the one in the schema folder "
        + "(SQL files), in safe forms, each with its down script, proven (up, down, up) and analysed before they are "
        + "written. A look-alike rename is asked about (refused without a terminal), data loss is refused.")
final class DiffCommand extends ProjectCommand {
    @Option(names = "--dry-run", description = "Print the plan; prove and write nothing.")
    boolean dryRun;

    @Option(names = "--allow-drop", description = "Remove columns and tables missing from the schema files: deprecate now"
            + " (renamed, dated), drop after the safety period.")
    boolean allowDrop;

    @Option(names = "--rename", paramLabel = "<table.old=new>", description = "This disappearing column was renamed to new.")
    List<String> renames = new ArrayList<>();

    @Option(names = "--no-rename", paramLabel = "<table.old>", description = "This disappearing column was not renamed"
            + " (drop it, add the new one; needs --allow-drop).")
    List<String> noRenames = new ArrayList<>();

    @Option(names = "--backfill", paramLabel = "<table.column=sql>", description = "The SQL expression that fills the"
            + " existing rows of a new (or newly) required column, e.g. --backfill \"User.country='IN'\".")
    List<String> backfills = new ArrayList<>();

    @Option(names = "--schema", paramLabel = "<dir>", description = "The schema folder (default: manor.toml schema, else schema/).")
    Path schema;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    ShadowOptions shadow;

    @Override
    int run(Session session) {
        DiffOptions options = DiffOptions.defaults()
                .withDryRun(dryRun)
                .withAllowDrop(allowDrop)
                .withRenames(pairs(renames, "--rename", "table.old=new"), columns(noRenames))
                .withBackfills(pairs(backfills, "--backfill", "table.column=<sql>"))
                .withQuestion(json ? null : terminalQuestion());
        if (schema != null) {
            options = options.withSchemaDir(schema.toAbsolutePath().normalize());
        }
        var builder = session.builder(new ConsoleListener(err(), false, false));
        if (shadow.shadowUrl != null) {
            builder.shadowServer(new ConnectionSettings(shadow.shadowUrl, null, System.getenv("MANOR_SHADOW_PASSWORD")));
        }
        DiffResult result = builder.load().diff(options);
        Path project = session.config().projectDir();
        if (json) {
            out().println(json(result, project));
        } else {
            print(result, project);
        }
        return result.refused() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private void print(DiffResult r, Path project) {
        r.notes().forEach(n -> err().println("note: " + n));
        if (r.refused()) {
            r.hazards().forEach(h -> err().println("refused: " + h));
            err().println("nothing written");
        } else if (r.matches()) {
            out().println("schema matches; nothing to write");
        } else if (dryRun) {
            for (GeneratedMigration m : r.planned()) {
                out().println(m.name() + "  " + m.why());
            }
            err().println("dry run: nothing proven or written");
        } else {
            r.written().forEach(p -> out().println(relative(project, p)));
            err().println("proven (up, down, up) and analysed: " + r.written().size() + " migration"
                    + (r.written().size() == 1 ? "" : "s") + " written");
        }
        err().flush();
    }

    private String json(DiffResult r, Path project) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("matches", r.matches());
        root.put("refused", r.refused());
        root.put("dryRun", dryRun);
        ArrayNode planned = root.putArray("planned");
        for (GeneratedMigration m : r.planned()) {
            ObjectNode n = planned.addObject();
            n.put("name", m.name());
            n.put("why", m.why());
            if (m.plan() != null) {
                n.put("plan", m.plan().name());
            }
        }
        ArrayNode written = root.putArray("written");
        r.written().forEach(p -> written.add(relative(project, p)));
        ArrayNode hazards = root.putArray("hazards");
        r.hazards().forEach(hazards::add);
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        return root.toPrettyString();
    }

    private static String relative(Path project, Path p) {
        return p.startsWith(project) ? project.relativize(p).toString() : p.toString();
    }

    /** Asks on the terminal; without one (a pipe, CI), nobody can answer and Manor refuses instead. */
    private RenameQuestion terminalQuestion() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        return (table, old, now, type) -> {
            while (true) {
                String answer = console.readLine("column %s.%s disappears and %s (%s) appears: renamed? [y = rename, n = drop %s and add %s] ",
                        table, old, now, type, old, now);
                if (answer == null) {
                    throw new ManorException("no answer about " + table + "." + old + "; give --rename " + table + "." + old
                            + "=" + now + " or --no-rename " + table + "." + old);
                }
                switch (answer.strip().toLowerCase()) {
                    case "y", "yes" -> { return true; }
                    case "n", "no" -> { return false; }
                    default -> { }
                }
            }
        };
    }

    private static Map<String, String> pairs(List<String> given, String flag, String shape) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String g : given) {
            int eq = g.indexOf('=');
            if (eq <= 0 || eq == g.length() - 1 || g.lastIndexOf('.', eq) <= 0) {
                throw new ManorException(flag + " wants " + shape + ", got '" + g + "'");
            }
            out.put(g.substring(0, eq).strip(), g.substring(eq + 1).strip());
        }
        return out;
    }

    private static Set<String> columns(List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : given) {
            if (g.indexOf('.') <= 0 || g.endsWith(".") || g.contains("=")) {
                throw new ManorException("--no-rename wants table.old, got '" + g + "'");
            }
            out.add(g.strip());
        }
        return out;
    }
}
