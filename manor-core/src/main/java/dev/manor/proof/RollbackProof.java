package dev.manor.proof;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.MigrationFailedException;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.Deployer;
import dev.manor.deploy.Rollbacker;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.schema.SchemaChange;
import dev.manor.schema.SchemaDiff;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.schema.TableChecksum;
import dev.manor.schema.TableData;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;
import dev.manor.text.Plural;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code manor test rollback}: for each migration in scope, on a shadow database, snapshot S0, apply
 * up (S1), apply down and require S0 again, with the rows of tables that existed before unchanged,
 * then apply up again and require S1. Earlier migrations are applied on the way.
 */
public final class RollbackProof {
    public static final String SUITE = "rollback";
    private final ProofSettings settings;

    public RollbackProof(ProofSettings settings) {
        this.settings = settings;
    }

    /** Proves the migrations whose ids are in {@code scope} (all of them when scope is null), every one of them. */
    public ProofReport run(ShadowProvider provider, Set<String> scope) {
        return run(provider, scope, false);
    }

    /**
     * Proves the migrations in {@code scope} (all when null). After a failure the next migrations still get their
     * proof on a fresh shadow (its migrations applied up to the failed one), unless {@code failFast}: then the
     * rest are reported as not tried (as they are when the migrations before one cannot be applied at all).
     * Each case carries its {@link ProofCase.Kind}. An up that fails on the sample rows is proven again on a shadow
     * without them: when that passes, the migration assumes data that satisfies its new constraint (reported, not
     * failed).
     */
    public ProofReport run(ShadowProvider provider, Set<String> scope, boolean failFast) {
        List<Migration> all = new MigrationRepository(settings.migrationsDir()).load();
        List<ProofCase> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> notTried = new ArrayList<>();
        Fresh fresh = new Fresh(provider, all, notes);
        boolean unreachable = false; // the migrations before the next one cannot be applied at all
        try {
            for (Migration m : all) {
                boolean inScope = scope == null || scope.contains(m.id());
                if (!inScope) {
                    skipped.add(m.folderName());
                }
                if (unreachable || failFast && !cases.isEmpty() && !cases.get(cases.size() - 1).passed()) {
                    if (inScope) {
                        notTried.add(m.folderName());
                    }
                    continue;
                }
                String cannot = fresh.ensure(m);
                if (cannot != null) {
                    cases.add(ProofCase.of(ProofCase.Kind.BLOCKED, SUITE, m.folderName(),
                            List.of("could not apply the migrations before it: " + cannot), List.of(), 0));
                    unreachable = true;
                    continue;
                }
                if (!inScope) {
                    fresh.manor.deploy(Deployer.Options.upTo(m.id()));
                    continue;
                }
                ProofCase result = prove(fresh.shadow, fresh.manor, m, notes, settings.sampleRows());
                if (result.kind() == ProofCase.Kind.UP_ERROR && settings.sampleRows() > 0) {
                    result = withoutSampleRows(fresh, m, notes, result);
                }
                cases.add(result);
                if (!result.passed()) {
                    fresh.drop();
                }
            }
        } finally {
            fresh.drop();
        }
        return new ProofReport(SUITE, cases, notes, skipped, notTried);
    }

    /**
     * The up failed with sample rows in the tables: prove it again on a shadow holding none. If it passes there,
     * the rows were the cause (a NOT NULL, foreign key or check the made-up rows do not satisfy), not the scripts.
     */
    private ProofCase withoutSampleRows(Fresh fresh, Migration m, List<String> notes, ProofCase withRows) {
        fresh.drop();
        String cannot = fresh.ensure(m);
        if (cannot != null) {
            return withRows;
        }
        ProofCase bare = prove(fresh.shadow, fresh.manor, m, notes, 0);
        List<String> details = new ArrayList<>();
        details.add("up fails on the sample rows: " + String.join("; ", withRows.problems()));
        if (bare.kind() == ProofCase.Kind.UP_ERROR) {
            return ProofCase.of(ProofCase.Kind.UP_ERROR, SUITE, m.folderName(), bare.problems(),
                    List.of("up fails without sample rows too"), withRows.durationMs() + bare.durationMs());
        }
        details.add(bare.kind() == ProofCase.Kind.PROVEN
                ? "proven without sample rows: the migration assumes data that satisfies its new constraint"
                : "proved again without sample rows:");
        details.addAll(bare.details());
        ProofCase.Kind kind = bare.kind() == ProofCase.Kind.PROVEN ? ProofCase.Kind.ASSUMES_DATA : bare.kind();
        return ProofCase.of(kind, SUITE, m.folderName(), bare.problems(), details,
                withRows.durationMs() + bare.durationMs());
    }

    /** The shadow the next proof runs on, created (with the migrations before it applied) when there is none. */
    private final class Fresh {
        private final ShadowProvider provider;
        private final List<Migration> all;
        private final List<String> notes;
        Shadow shadow;
        Manor manor;

        Fresh(ShadowProvider provider, List<Migration> all, List<String> notes) {
            this.provider = provider;
            this.all = all;
            this.notes = notes;
        }

        /** Null when the shadow is ready for {@code m}, else why the migrations before it cannot be applied. */
        String ensure(Migration m) {
            if (shadow != null) {
                return null;
            }
            // A fresh shadow with everything before m applied: a failed proof leaves its shadow in a
            // state later migrations cannot build on.
            shadow = provider.create(settings.schemas());
            if (shadow.note() != null && !notes.contains(shadow.note())) {
                notes.add(shadow.note());
            }
            manor = shadow.manor(settings.migrationsDir(), settings.seedFile(), DeployListener.SILENT);
            String before = previousId(all, m);
            if (before != null) {
                try {
                    manor.deploy(Deployer.Options.upTo(before));
                } catch (ManorException e) {
                    drop();
                    return e.getMessage();
                }
            }
            return null;
        }

        void drop() {
            if (shadow != null) {
                shadow.close();
                shadow = null;
                manor = null;
            }
        }
    }

    private static String previousId(List<Migration> all, Migration m) {
        int i = all.indexOf(m);
        return i <= 0 ? null : all.get(i - 1).id();
    }

    private ProofCase prove(Shadow shadow, Manor manor, Migration m, List<String> notes, long sampleRows) {
        long start = System.currentTimeMillis();
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        ProofCase.Kind kind = ProofCase.Kind.PROVEN;
        try (Connection c = shadow.connect()) {
            if (sampleRows > 0) {
                SyntheticData.Result filled = SyntheticData.topUp(c, shadow.schemas(), sampleRows);
                filled.skipped().stream().map(s -> "no sample rows for " + s).filter(s -> !notes.contains(s))
                        .forEach(notes::add);
            }
            SchemaSnapshot s0 = snapshot(c, shadow);
            Map<String, TableChecksum> d0 = TableData.checksums(c, shadow.schemas(), List.of());

            try {
                manor.deploy(Deployer.Options.upTo(m.id()));
            } catch (ManorException e) {
                return ProofCase.of(ProofCase.Kind.UP_ERROR, SUITE, m.folderName(), List.of("up fails: " + withState(e)),
                        details, System.currentTimeMillis() - start);
            }
            SchemaSnapshot s1 = snapshot(c, shadow);
            details.add("up: " + Plural.count(SchemaDiff.between(s0, s1).changes().size(), "schema change"));
            if (!m.hasUsableDown() && m.irreversibleReason().isPresent()) {
                details.add("irreversible " + m.irreversibleReason().get() + " (not rolled back)");
                return ProofCase.of(ProofCase.Kind.IRREVERSIBLE, SUITE, m.folderName(), List.of(), details,
                        System.currentTimeMillis() - start);
            }

            try {
                manor.rollback(dev.manor.RollbackTarget.steps(1));
            } catch (ManorException e) {
                return ProofCase.of(ProofCase.Kind.DOWN_ERROR, SUITE, m.folderName(), List.of("down fails: " + withState(e)),
                        details, System.currentTimeMillis() - start);
            }
            SchemaSnapshot s0Again = snapshot(c, shadow);
            SchemaDiff afterDown = SchemaDiff.between(s0, s0Again);
            afterDown.changes().forEach(ch -> problems.add(afterDown(ch)));
            afterDown.ignored().forEach(note -> details.add("after down: " + note));
            if (!problems.isEmpty()) {
                kind = ProofCase.Kind.OBJECT;
            }
            Map<String, TableChecksum> d0Again = TableData.checksums(c, shadow.schemas(), List.of());
            for (Map.Entry<String, TableChecksum> e : d0.entrySet()) {
                TableChecksum after = d0Again.get(e.getKey());
                if (after == null) {
                    problems.add("table " + e.getKey() + " existed before and is gone after up and down");
                } else if (after.rows() != e.getValue().rows()) {
                    problems.add("table " + e.getKey() + " had " + Plural.count(e.getValue().rows(), "row")
                            + " before up and " + after.rows() + " after down");
                } else if (!after.equals(e.getValue())) {
                    problems.add("rows of table " + e.getKey() + " changed through up and down (same count, "
                            + "different content)");
                } else {
                    continue;
                }
                if (kind == ProofCase.Kind.PROVEN) {
                    kind = ProofCase.Kind.ROWS;
                }
            }
            if (!problems.isEmpty()) {
                return ProofCase.of(kind, SUITE, m.folderName(), problems, details, System.currentTimeMillis() - start);
            }
            try {
                manor.deploy(Deployer.Options.upTo(m.id()));
            } catch (ManorException e) {
                return ProofCase.of(ProofCase.Kind.OBJECT, SUITE, m.folderName(),
                        List.of("up fails again after down (down leaves something behind?): " + withState(e)),
                        details, System.currentTimeMillis() - start);
            }
            SchemaDiff reUp = SchemaDiff.between(s1, snapshot(c, shadow));
            reUp.changes().forEach(ch -> problems.add("up after down gives a different schema: " + ch.description()));
            reUp.ignored().forEach(note -> details.add("up after down: " + note));
            details.add("rows kept in " + Plural.count(d0.size(), "existing table"));
            if (!problems.isEmpty()) {
                kind = ProofCase.Kind.OBJECT;
            }
        } catch (ManorException | SQLException e) {
            problems.add(e.getMessage());
            kind = ProofCase.Kind.BLOCKED;
        }
        return ProofCase.of(kind, SUITE, m.folderName(), problems, details, System.currentTimeMillis() - start);
    }

    /** The failure's one line with its SQLSTATE, which the message (file:line: words) does not carry. */
    private static String withState(ManorException e) {
        String line = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        return e instanceof MigrationFailedException f && f.sqlState() != null
                ? line + " (SQLSTATE " + f.sqlState() + ")" : line;
    }

    /** "down.sql leaves index X behind" rather than a generic diff line. */
    static String afterDown(SchemaChange ch) {
        return switch (ch.kind()) {
            case ADDED -> "down.sql leaves " + ch.objectType() + " " + ch.name() + " behind (" + ch.description() + ")";
            case REMOVED -> "down.sql removes " + ch.objectType() + " " + ch.name() + ", which existed before up ("
                    + ch.description() + ")";
            case CHANGED -> "down.sql does not restore " + ch.objectType() + " " + ch.name() + ": " + ch.description();
        };
    }

    static SchemaSnapshot snapshot(Connection c, Shadow shadow) throws SQLException {
        return SchemaSnapshot.read(c, shadow.schemas(), List.of());
    }
}
