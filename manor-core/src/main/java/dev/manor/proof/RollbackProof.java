package dev.manor.proof;

import dev.manor.Manor;
import dev.manor.ManorException;
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
     */
    public ProofReport run(ShadowProvider provider, Set<String> scope, boolean failFast) {
        List<Migration> all = new MigrationRepository(settings.migrationsDir()).load();
        List<ProofCase> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> notTried = new ArrayList<>();
        Shadow shadow = null;
        boolean unreachable = false; // the migrations before the next one cannot be applied at all
        try {
            Manor manor = null;
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
                if (shadow == null) {
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
                            cases.add(ProofCase.failed(SUITE, m.folderName(), List.of("could not apply the migrations "
                                    + "before it: " + e.getMessage()), List.of(), 0));
                            shadow.close();
                            shadow = null;
                            unreachable = true;
                            continue;
                        }
                    }
                }
                if (!inScope) {
                    manor.deploy(Deployer.Options.upTo(m.id()));
                    continue;
                }
                ProofCase result = prove(shadow, manor, m, notes);
                cases.add(result);
                if (!result.passed()) {
                    shadow.close();
                    shadow = null;
                }
            }
        } finally {
            if (shadow != null) {
                shadow.close();
            }
        }
        return new ProofReport(SUITE, cases, notes, skipped, notTried);
    }

    private static String previousId(List<Migration> all, Migration m) {
        int i = all.indexOf(m);
        return i <= 0 ? null : all.get(i - 1).id();
    }

    private ProofCase prove(Shadow shadow, Manor manor, Migration m, List<String> notes) {
        long start = System.currentTimeMillis();
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        try (Connection c = shadow.connect()) {
            SyntheticData.Result filled = SyntheticData.topUp(c, shadow.schemas(), settings.sampleRows());
            filled.skipped().forEach(s -> notes.add("no sample rows for " + s));
            SchemaSnapshot s0 = snapshot(c, shadow);
            Map<String, TableChecksum> d0 = TableData.checksums(c, shadow.schemas(), List.of());

            manor.deploy(Deployer.Options.upTo(m.id()));
            SchemaSnapshot s1 = snapshot(c, shadow);
            details.add("up: " + Plural.count(SchemaDiff.between(s0, s1).changes().size(), "schema change"));

            manor.rollback(dev.manor.RollbackTarget.steps(1));
            SchemaSnapshot s0Again = snapshot(c, shadow);
            SchemaDiff afterDown = SchemaDiff.between(s0, s0Again);
            afterDown.changes().forEach(ch -> problems.add(afterDown(ch)));
            afterDown.ignored().forEach(note -> details.add("after down: " + note));
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
                }
            }
            if (!problems.isEmpty()) {
                return ProofCase.failed(SUITE, m.folderName(), problems, details, System.currentTimeMillis() - start);
            }
            manor.deploy(Deployer.Options.upTo(m.id()));
            SchemaDiff reUp = SchemaDiff.between(s1, snapshot(c, shadow));
            reUp.changes().forEach(ch -> problems.add("up after down gives a different schema: " + ch.description()));
            reUp.ignored().forEach(note -> details.add("up after down: " + note));
            details.add("rows kept in " + Plural.count(d0.size(), "existing table"));
        } catch (ManorException | SQLException e) {
            problems.add(e.getMessage());
        }
        long ms = System.currentTimeMillis() - start;
        return problems.isEmpty() ? ProofCase.passed(SUITE, m.folderName(), details, ms)
                : ProofCase.failed(SUITE, m.folderName(), problems, details, ms);
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
