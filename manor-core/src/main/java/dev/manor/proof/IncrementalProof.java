package dev.manor.proof;

import dev.manor.ManorException;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.Deployer;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.schema.SchemaDiff;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;
import dev.manor.text.Plural;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manor test incremental --from <git ref | migration id>}: deploy the older set, upgrade to
 * the current set, and require the same schema as a fresh deploy of the current set. Catches edited
 * old migrations and order dependence.
 */
public final class IncrementalProof {
    public static final String SUITE = "incremental";
    private final ProofSettings settings;

    public IncrementalProof(ProofSettings settings) {
        this.settings = settings;
    }

    /** {@code olderSet} is a migrations folder holding the older version of the migrations. */
    public ProofReport run(ShadowProvider provider, Path olderSet, String fromLabel) {
        long start = System.currentTimeMillis();
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Shadow upgraded = provider.create(settings.schemas()); Shadow fresh = provider.create(settings.schemas())) {
            if (upgraded.note() != null) {
                notes.add(upgraded.note() + " (schema names differ between the two shadows; compare with care)");
            }
            int older = new MigrationRepository(olderSet).load().isEmpty() ? 0
                    : upgraded.manor(olderSet, null, DeployListener.SILENT).deploy().applied().size();
            if (older == 0) {
                // An upgrade from nothing is a fresh deploy compared with itself: it would pass and prove nothing.
                problems.add("the older set (" + fromLabel + ") holds no migrations, so there is nothing to upgrade"
                        + " from; give a git revision or migration id that has some");
                return new ProofReport(SUITE, List.of(ProofCase.failed(SUITE, "from " + fromLabel, problems, details,
                        System.currentTimeMillis() - start)), notes);
            }
            int upgrade = upgraded.manor(settings.migrationsDir(), null, DeployListener.SILENT)
                    .deploy(new Deployer.Options(false, true)).applied().size();
            fresh.manor(settings.migrationsDir(), null, DeployListener.SILENT).deploy();
            details.add(Plural.count(older, "migration") + " from " + fromLabel + ", then " + upgrade + " more"
                    + (upgrade == 0 ? " (the current set adds none: this checks that none was edited since)" : ""));
            SchemaDiff diff = SchemaDiff.between(snapshot(fresh), snapshot(upgraded));
            diff.changes().forEach(c -> problems.add("upgraded from " + fromLabel + " differs from a fresh deploy: "
                    + c.description()));
        } catch (ManorException | SQLException e) {
            problems.add("upgrade from " + fromLabel + " failed: " + e.getMessage());
        }
        long ms = System.currentTimeMillis() - start;
        ProofCase c = problems.isEmpty() ? ProofCase.passed(SUITE, "from " + fromLabel, details, ms)
                : ProofCase.failed(SUITE, "from " + fromLabel, problems, details, ms);
        return new ProofReport(SUITE, List.of(c), notes);
    }

    /** The migrations with ids up to {@code id}, copied into {@code target}. */
    public static Path upToId(Path migrationsDir, String id, Path target) {
        try {
            Files.createDirectories(target);
            for (Migration m : new MigrationRepository(migrationsDir).load()) {
                if (m.id().compareTo(id) <= 0) {
                    Paths.copyTree(m.directory(), target.resolve(m.folderName()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The migrations folder as it was at a git revision, written into {@code target}. Git runs at the repository's
     * top level, since ls-tree reads pathspecs relative to its working directory and the project (and its migrations
     * folder) may sit anywhere below it.
     */
    public static Path atGitRef(Path migrationsDir, String ref, Path target) {
        Path dir = migrationsDir.toAbsolutePath().normalize();
        Path cwd = Files.isDirectory(dir) ? dir : dir.getParent();
        Path top;
        try {
            top = Path.of(git(cwd, "rev-parse", "--show-toplevel").strip()).toRealPath();
        } catch (ManorException e) {
            throw new ManorException("--from " + ref + " is not a migration id, and " + cwd + " is not in a git"
                    + " repository to read it from");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String rel;
        try {
            rel = top.relativize(dir.toRealPath()).toString().replace('\\', '/');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            git(top, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        } catch (ManorException e) {
            throw new ManorException("--from " + ref + ": git knows no commit by that name in " + top);
        }
        String listing = git(top, "ls-tree", "-r", "--name-only", ref, "--", rel.isEmpty() ? "." : rel);
        try {
            Files.createDirectories(target);
            for (String path : listing.lines().filter(l -> !l.isBlank()).toList()) {
                Path out = target.resolve(rel.isEmpty() ? path : Path.of(rel).relativize(Path.of(path)).toString());
                Files.createDirectories(out.getParent());
                Files.writeString(out, git(top, "show", ref + ":" + path));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String git(Path cwd, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", cwd.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new ManorException("git " + String.join(" ", args) + " failed: "
                        + out.lines().findFirst().orElse("exit " + p.exitValue()));
            }
            return out;
        } catch (IOException e) {
            throw new ManorException("cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManorException("interrupted while running git");
        }
    }

    private static SchemaSnapshot snapshot(Shadow shadow) throws SQLException {
        try (Connection c = shadow.connect()) {
            return SchemaSnapshot.read(c, shadow.schemas(), List.of());
        }
    }
}
