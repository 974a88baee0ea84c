package dev.manor.gate;

import dev.manor.text.Plural;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.config.ProjectConfig;
import dev.manor.history.HistoryStore;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The strategy's migration checklist for one environment, with every item Manor can judge already evaluated and
 * the rest left for a person to tick. Build with {@link #evaluate}; the CLI renders it as Markdown or JSON.
 */
public final class Checklist {
    /** DONE and OPEN are evaluated; NOT_EVALUATED lacks the input to judge; PERSON is only a person's to tick. */
    public enum Mark { DONE, OPEN, NOT_EVALUATED, PERSON }

    public record Item(String text, Mark mark, String evidence) {
    }

    public record Section(String title, List<Item> items) {
    }

    /** The evaluated checklist: for which environment, when, which migrations would deploy. */
    public record Result(String environment, Instant evaluatedAt, List<String> pending, List<Section> sections) {
    }

    private final ProjectConfig project;
    private final Map<String, String> env;
    private final Clock clock;
    private Supplier<Verdict> analysis;
    private Supplier<Verdict> performance;

    public Checklist(ProjectConfig project, Map<String, String> env, Clock clock) {
        this.project = project;
        this.env = env;
        this.clock = clock;
    }

    /** The analysis verdict (clean, or each finding acknowledged): see {@link ChecklistEvidence}. Absent: not evaluated. */
    public Checklist analysis(Supplier<Verdict> analysis) {
        this.analysis = analysis;
        return this;
    }

    /** The measured performance impact: see {@link ChecklistEvidence}. Absent: not evaluated. */
    public Checklist performance(Supplier<Verdict> performance) {
        this.performance = performance;
        return this;
    }

    /** Evaluates against the environment's database ({@code target}) and its backups. */
    public Result evaluate(ConnectionSettings target, TrackedBackups backups) {
        StatusReport status = statusOf(project, target);
        List<Migration> pending = status.toDeploy().stream().map(StatusReport.Entry::migration).toList();
        String envName = project.manor().environment();

        List<Item> t48 = new ArrayList<>();
        t48.add(item("Migration tested in development", () -> testedInDev(pending)));
        StagingFacts staging = stagingFacts(pending);
        t48.add(new Item("Migration tested in staging with production-like data", staging.applied.mark(),
                staging.applied.evidence() + " (whether staging's data is production-like is for a person to judge)"));
        t48.add(item("Rollback procedure documented (down.sql)", () -> rollbackDocumented(pending)));
        t48.add(new Item("Rollback procedure tested (round trip in staging)", staging.proven.mark(), staging.proven.evidence()));
        t48.add(hook("Analysis clean, or each finding acknowledged", analysis));
        t48.add(hook("Performance impact assessed", performance));
        t48.add(item("Deployment window scheduled", () -> Gates.deployWindow(project)
                .map(w -> Verdict.pass("deploy_window " + w.describe()))
                .orElse(Verdict.refuse("no deploy_window in [env." + envName + "]"))));
        t48.add(person("Team notified"));
        t48.add(person("User notification sent (if downtime required)"));

        List<Item> t1 = new ArrayList<>();
        Verdict backup = safely(() -> new BackupGate(backups, Gates.backupMaxAge(project), clock, false, envName).current());
        t1.add(new Item("Database backup completed and verified", mark(backup), backup.message()));
        t1.add(new Item("Backup restored to test environment successfully", mark(backup), backup.passed()
                ? "restored into a scratch database and compared (row counts) by 'manor backup --verify'"
                : backup.message()));
        t1.add(item("No failed migration pending", () -> noFailed(status)));
        t1.add(Gates.deployWindow(project).map(w -> item("Inside the deploy window", () -> new DeployWindowGate(w, clock).current()))
                .orElse(new Item("Inside the deploy window", Mark.NOT_EVALUATED, "no deploy_window configured")));
        t1.add(person("Monitoring dashboards ready"));
        t1.add(person("Rollback procedure reviewed"));
        t1.add(person("Team on standby"));

        List<Item> during = new ArrayList<>();
        during.add(person("Maintenance mode enabled (if required)"));
        during.add(new Item("Migration applied successfully", status.upToDate() ? Mark.DONE : Mark.OPEN,
                status.upToDate() ? "all migrations applied" : Plural.count(pending.size(), "migration") + " to deploy"));
        during.add(person("Prisma Client regenerated"));
        during.add(person("Application deployed"));
        during.add(person("Smoke tests passed"));
        during.add(person("Monitoring shows normal metrics"));

        List<Item> post = new ArrayList<>();
        post.add(person("No errors in application logs"));
        post.add(person("Database performance normal"));
        post.add(person("User-reported issues checked"));
        post.add(person("Team debriefed"));
        post.add(person("Documentation updated"));
        post.add(new Item("Deployment log updated", Mark.DONE, "Manor records every deploy, backup and gate decision in "
                + project.manor().historySchema() + ".manor_events ('manor log')"));

        return new Result(envName, clock.instant(), pending.stream().map(Migration::folderName).toList(), List.of(
                new Section("Pre-Deployment (T-48 hours)", t48), new Section("Pre-Deployment (T-1 hour)", t1),
                new Section("During Deployment", during), new Section("Post-Deployment (T+2 hours)", post)));
    }

    private Verdict testedInDev(List<Migration> pending) {
        if (pending.isEmpty()) {
            return Verdict.pass("nothing pending");
        }
        ProjectConfig dev = project.forEnvironment("dev", env);
        if (dev.connection().isEmpty()) {
            return null;
        }
        StatusReport devStatus = statusOf(dev, dev.connection().get());
        List<String> missing = pending.stream().filter(m -> devStatus.find(m.id())
                .filter(e -> e.state() == MigrationState.APPLIED).isEmpty()).map(Migration::folderName).toList();
        return missing.isEmpty() ? Verdict.pass(Plural.count(pending.size(), "pending migration") + " applied in dev")
                : Verdict.refuse("not applied in dev: " + String.join(", ", missing));
    }

    /** Staging's answers for the two staging items (their texts are set where they are listed). */
    private record StagingFacts(Item applied, Item proven) {
    }

    private StagingFacts stagingFacts(List<Migration> pending) {
        String staging = project.environment().staging();
        if (staging == null) {
            Item none = new Item("", Mark.NOT_EVALUATED, "no staging environment configured (staging = \"<env>\")");
            return new StagingFacts(none, none);
        }
        try {
            List<StagingGate.Evidence> ev = Gates.staging(project, env).evidence(pending);
            List<String> notApplied = ev.stream().filter(e -> !e.applied())
                    .map(e -> e.migration().folderName() + " " + e.appliedDetail()).toList();
            List<String> notProven = ev.stream().filter(e -> !e.proven()).map(e -> e.migration().folderName()).toList();
            Item applied = notApplied.isEmpty()
                    ? new Item("", Mark.DONE, Plural.count(pending.size(), "pending migration") + " applied in " + staging + " with the same checksum")
                    : new Item("", Mark.OPEN, String.join("; ", notApplied));
            Item proven = notProven.isEmpty()
                    ? new Item("", Mark.DONE, String.join("; ", ev.stream().map(e -> e.migration().id() + ": " + e.roundTrip()).toList()))
                    : new Item("", Mark.OPEN, "round trip not proven in " + staging + ": " + String.join(", ", notProven));
            if (pending.isEmpty()) {
                applied = new Item("", Mark.DONE, "nothing pending");
                proven = applied;
            }
            return new StagingFacts(applied, proven);
        } catch (RuntimeException | SQLException e) {
            Item failed = new Item("", Mark.NOT_EVALUATED, "cannot read " + staging + ": " + e.getMessage());
            return new StagingFacts(failed, failed);
        }
    }

    private static Verdict rollbackDocumented(List<Migration> pending) {
        List<String> without = pending.stream().filter(m -> !m.hasUsableDown()).map(Migration::folderName).toList();
        return without.isEmpty() ? Verdict.pass("down.sql with statements for " + Plural.count(pending.size(), "pending migration"))
                : Verdict.refuse("down.sql missing or empty: " + String.join(", ", without));
    }

    private static Verdict noFailed(StatusReport status) {
        List<String> failed = new ArrayList<>();
        for (MigrationState s : List.of(MigrationState.FAILED, MigrationState.INTERRUPTED, MigrationState.EDITED)) {
            status.withState(s).forEach(e -> failed.add(e.folderName() + " (" + s.label() + ")"));
        }
        return failed.isEmpty() ? Verdict.pass("none failed, interrupted or edited")
                : Verdict.refuse(String.join(", ", failed) + "; see 'manor status'");
    }

    private static StatusReport statusOf(ProjectConfig config, ConnectionSettings where) {
        HistoryStore history = new HistoryStore(config.manor().historySchema(), config.manor().environment());
        try (Connection c = Database.of(where).connect()) {
            return StatusReport.of(new MigrationRepository(config.manor().migrationsDir()).load(), history.records(c));
        } catch (SQLException e) {
            throw new dev.manor.ManorException("cannot read the history of " + where.describe() + ": " + e.getMessage(), e);
        }
    }

    /** A verdict-backed item; a null verdict means there was nothing to evaluate against. */
    private static Item item(String text, Supplier<Verdict> verdict) {
        Verdict v;
        try {
            v = verdict.get();
        } catch (RuntimeException e) {
            return new Item(text, Mark.NOT_EVALUATED, "could not be evaluated: " + e.getMessage());
        }
        return v == null ? new Item(text, Mark.NOT_EVALUATED, "no database configured to check against")
                : new Item(text, mark(v), v.message());
    }

    private static Item hook(String text, Supplier<Verdict> hook) {
        return hook == null ? new Item(text, Mark.NOT_EVALUATED, "no results supplied to Manor") : item(text, hook);
    }

    private static Item person(String text) {
        return new Item(text, Mark.PERSON, null);
    }

    private static Mark mark(Verdict v) {
        return v.passed() ? Mark.DONE : Mark.OPEN;
    }

    private static Verdict safely(Supplier<Verdict> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return Verdict.refuse("could not be evaluated: " + e.getMessage());
        }
    }
}
