package dev.manor.proof;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A tree whose every node must have a parent (roots point at themselves) is a common shape. */
class SyntheticSelfReferenceTest {
    @Test
    void notNullSelfReferenceIsFilledWithRowsThatPointAtThemselves() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE node (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES node (id), label text)");
            try (Connection c = db.connect()) {
                SyntheticData.Result r = SyntheticData.fill(c, List.of("public"), t -> 300, SyntheticData.Listener.SILENT);
                assertThat(r.skipped()).isEmpty();
                SyntheticData.fill(c, List.of("public"), t -> 200, SyntheticData.Listener.SILENT);
            }
            assertThat(db.queryOne("SELECT count(*) FROM node n JOIN node p ON p.id = n.parent_id")).isEqualTo(500L);
        }
    }
}
