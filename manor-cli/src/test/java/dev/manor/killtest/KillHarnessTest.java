package dev.manor.killtest;

import dev.manor.testing.PgServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small run of the kill test (bench/kill-test.sh runs hundreds): aimed kills at each failpoint (or, on an
 * engine without failpoints, during marked slow statements) and random kills of a real deployer process,
 * each end state compared with a deploy that was never killed. First, that the comparison itself sees a
 * migration applied twice, a lost object and a lost backfill batch.
 */
class KillHarnessTest {
    private static final long SEED = 16;
    private static final int ROWS = 2_000;

    @TempDir
    static Path work;

    static KillHarness harness;

    @BeforeAll
    static void references() throws Exception {
        List<Integer> majors = PgServers.majors();
        harness = KillHarness.prepare(PgServers.server(majors.get(majors.size() - 1)), work, SEED, ROWS,
                KillProject.MIN_MIGRATIONS);
    }

    @AfterAll
    static void dropReferences() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void comparisonSeesWhatRanTwiceAndWhatWasLost() throws Exception {
        KillProject.Entry data = harness.project().entries().stream()
                .filter(e -> e.kind() == KillProject.Kind.DATA).findFirst().orElseThrow();
        String counter = "m" + harness.project().entries().indexOf(data);

        assertThat(differencesAfter("SELECT 1")).as("an untouched copy of the reference").isEmpty();
        assertThat(differencesAfter("UPDATE counters SET n = n + n WHERE name = '" + counter + "'"))
                .extracting(DatabaseState.Difference::kind).contains(Verdict.DUPLICATED);
        assertThat(differencesAfter("UPDATE big_a SET grp = grp WHERE id <= 10"))
                .as("a backfill batch applied twice shows in the trigger's update count")
                .extracting(DatabaseState.Difference::kind).contains(Verdict.DUPLICATED);
        assertThat(differencesAfter("DROP INDEX " + firstIndex()))
                .extracting(DatabaseState.Difference::kind).contains(Verdict.LOST);
        String score = harness.deployedReference().exactlyOnce().keySet().stream()
                .filter(k -> k.endsWith(" IS NULL")).findFirst().orElseThrow().replace(" IS NULL", "");
        String[] tc = score.split("\\.");
        assertThat(differencesAfter("UPDATE " + tc[0] + " SET " + tc[1] + " = NULL WHERE id <= 10"))
                .as("a lost backfill batch leaves NULLs")
                .extracting(DatabaseState.Difference::kind).contains(Verdict.LOST);
    }

    @Test
    void killedDeployerEndsLikeTheNeverKilledOne() throws Exception {
        List<KillKind> aimed = KillKind.failpointsAvailable()
                ? List.of(KillKind.MIGRATION_COMMITTED, KillKind.NOTX_STATEMENT_DONE, KillKind.BACKFILL_BATCH_DONE,
                        KillKind.DOWN_STATEMENT_DONE, KillKind.ROLLBACK_COMMITTED)
                : List.of(KillKind.DEPLOY_NOTX_IN_FLIGHT, KillKind.DEPLOY_TX_IN_FLIGHT,
                        KillKind.DEPLOY_BACKFILL_RUNNING, KillKind.ROLLBACK_NOTX_IN_FLIGHT, KillKind.DEPLOY_NOTX_IN_FLIGHT);
        List<KillKind> kinds = new ArrayList<>(aimed);
        kinds.addAll(List.of(KillKind.DEPLOY_RANDOM, KillKind.DEPLOY_RANDOM, KillKind.ROLLBACK_RANDOM));
        List<String> failures = new ArrayList<>();
        int landed = 0;
        for (int i = 0; i < kinds.size(); i++) {
            KillHarness.TrialResult r = harness.trial(i, kinds.get(i));
            landed += r.killsLanded();
            if (r.verdict() != Verdict.OK) {
                failures.add(r.summary() + " (reproduce: bench/kill-test.sh " + kinds.size() + " " + SEED
                        + " --rows " + ROWS + " --migrations " + KillProject.MIN_MIGRATIONS + " --kinds "
                        + kinds.get(i).label() + " --trial " + i + ")");
            }
        }
        assertThat(failures).isEmpty();
        assertThat(landed).as("kills that landed while the deployer ran").isGreaterThanOrEqualTo(aimed.size());
    }

    private static List<DatabaseState.Difference> differencesAfter(String sql) throws Exception {
        String db = harness.cloneDeployed();
        try {
            String url = harness.server().jdbcUrl(db);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return DatabaseState.read(url).differencesFrom(harness.deployedReference(), false);
        } finally {
            harness.server().dropDatabase(db);
        }
    }

    private static String firstIndex() {
        return harness.deployedReference().schemaObjects().keySet().stream()
                .filter(k -> k.startsWith("index ") && k.contains(".ix"))
                .map(k -> k.substring(k.lastIndexOf('.') + 1)).findFirst().orElseThrow();
    }
}
