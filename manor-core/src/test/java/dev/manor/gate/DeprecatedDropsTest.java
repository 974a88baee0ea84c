package dev.manor.gate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeprecatedDropsTest {
    @Test
    void findsDeprecatedColumnsAndTablesAsWritten() {
        assertThat(DeprecatedDrops.in("ALTER TABLE \"User\" DROP COLUMN \"_deprecated_oldField\""))
                .containsExactly(new DeprecatedDrops.Drop("\"User\"", "_deprecated_oldField"));
        assertThat(DeprecatedDrops.in("alter table if exists only app.users drop if exists _DEPRECATED_x, drop column y"))
                .containsExactly(new DeprecatedDrops.Drop("app.users", "_deprecated_x"));
        assertThat(DeprecatedDrops.in("DROP TABLE IF EXISTS \"_deprecated_Old\", keep, public._deprecated_t CASCADE"))
                .containsExactly(new DeprecatedDrops.Drop("\"_deprecated_Old\"", null),
                        new DeprecatedDrops.Drop("public._deprecated_t", null));
    }

    @Test
    void ignoresEverythingElse() {
        assertThat(DeprecatedDrops.in("ALTER TABLE \"User\" RENAME COLUMN \"oldField\" TO \"_deprecated_oldField\"")).isEmpty();
        assertThat(DeprecatedDrops.in("ALTER TABLE t DROP CONSTRAINT \"_deprecated_c\"")).isEmpty();
        assertThat(DeprecatedDrops.in("ALTER TABLE t ALTER COLUMN \"_deprecated_c\" DROP NOT NULL")).isEmpty();
        assertThat(DeprecatedDrops.in("-- drops \"_deprecated_x\" later\nDROP TABLE keep")).isEmpty();
        assertThat(DeprecatedDrops.in("DROP INDEX _deprecated_idx")).isEmpty();
    }
}
