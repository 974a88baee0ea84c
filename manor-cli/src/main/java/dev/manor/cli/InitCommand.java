package dev.manor.cli;

import dev.manor.config.ConfigFile;
import dev.manor.config.EmbeddedMajor;
import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Day one: a commented manor.toml, the migrations folder, and git told to ignore the database and backups. */
@Command(name = "init", description = "Set up a project here: a commented manor.toml (embedded PostgreSQL major chosen"
        + " so that the installed pg_dump can back it up), migrations/, and .manor/ and backups/ in .gitignore."
        + " Safe to run again: it only adds what is missing. Needs no database.")
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    ManorCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = root.projectDir();
        Files.createDirectories(dir);
        PrintWriter out = spec.commandLine().getOut();
        ProjectConfig config = ProjectConfig.resolve(dir, Overrides.none(), System.getenv());
        List<String> done = new ArrayList<>();
        Path toml = dir.resolve(ConfigFile.FILE_NAME);
        if (!Files.exists(toml)) {
            Files.writeString(toml, template(config.embedded()));
            done.add("wrote " + ConfigFile.FILE_NAME + " (embedded PostgreSQL " + config.embedded().major() + ": "
                    + config.embedded().reason() + ")");
        }
        Path migrations = config.manor().migrationsDir();
        if (!Files.isDirectory(migrations)) {
            Files.createDirectories(migrations);
            done.add("created " + dir.relativize(migrations) + "/");
        }
        List<String> ignored = ignore(dir, List.of(".manor/", dir.relativize(config.backupsDir()) + "/"));
        if (!ignored.isEmpty()) {
            done.add("added " + String.join(" and ", ignored) + " to .gitignore");
        }
        out.println(done.isEmpty() ? "Already set up: " + dir + " has " + ConfigFile.FILE_NAME + ", "
                + dir.relativize(migrations) + "/ and the .gitignore entries."
                : "Initialised " + dir + ": " + String.join("; ", done) + ".");
        out.println("Next: 'manor new <name>' creates a migration; 'manor deploy' applies it.");
        out.flush();
        return ExitCodes.OK;
    }

    /** Adds the missing entries to .gitignore (creating it); returns those added. */
    private static List<String> ignore(Path dir, List<String> entries) throws IOException {
        Path file = dir.resolve(".gitignore");
        String text = Files.exists(file) ? Files.readString(file) : "";
        List<String> present = text.lines().map(String::strip).map(l -> l.replaceFirst("^/", "").replaceFirst("/$", ""))
                .toList();
        List<String> added = new ArrayList<>();
        StringBuilder more = new StringBuilder();
        for (String e : entries) {
            if (!present.contains(e.replaceFirst("/$", ""))) {
                added.add(e);
                more.append(e).append('\n');
            }
        }
        if (!added.isEmpty()) {
            String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            Files.writeString(file, text + prefix + "# Manor: the embedded PostgreSQL's data and the backups\n" + more);
        }
        return added;
    }

    static String template(EmbeddedMajor embedded) {
        return """
                # Manor project settings. Every key is optional; an unknown key or a value of the wrong type is an
                # error. Precedence: flag, then MANOR_* variable, then this file, then the default.
                # Durations need a unit: 500ms, 2s, 1m, 1h, 30d. Booleans are true/false without quotes.

                migrations = "migrations"      # folder of <YYYYMMDDHHMMSS>_<name>/ migrations
                # seed = "seed.sql"            # run by 'manor seed' and 'manor reset'
                # history_schema = "manor"     # where manor_migrations and manor_events live
                # default_env = "dev"          # must name an [env.<name>] table below
                # backups = "backups"          # backup files, one folder per environment

                [embedded]
                # The PostgreSQL Manor runs under .manor/ when an environment has no url.
                # Chosen by 'manor init': %s.
                version = %d

                [env.dev]                      # no url: the embedded PostgreSQL
                # schemas = ["public"]
                # lock_timeout = "500ms"       # per statement; "off" for none (0 is refused)
                # statement_timeout = "off"

                # [env.prod]
                # url = "jdbc:postgresql://db.internal:5432/app"
                # user = "manor"
                # password_env = "APP_PROD_PASSWORD"   # the variable that holds the password, never the password
                # protected = true             # refuses reset; deploys need a verified backup and staging proof
                # staging = "staging"          # the environment that must have applied and proven each migration
                # backup_max_age = "24h"
                # deploy_window = "22:00-06:00"
                """.formatted(embedded.reason(), embedded.major());
    }
}
