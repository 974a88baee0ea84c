package dev.manor.config;

import dev.manor.ManorException;
import dev.manor.backup.PgTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A new project's embedded major is one its own client tools can back up (pg_dump refuses newer servers). */
class EmbeddedMajorTest {
    static final List<Integer> BUNDLED = List.of(15, 17);

    @TempDir
    Path project;

    private Path dataDir() {
        return ProjectConfig.embeddedDataDir(project);
    }

    /** The real tools of this machine (Debian's client 15 in CI), so the choice is tested against a real pg_dump. */
    private static Supplier<Optional<PgTools>> installed() {
        return PgTools::newestInstalled;
    }

    @Test
    void theInstalledPgDumpDecides() {
        PgTools tools = PgTools.newestInstalled().orElseThrow(() -> new AssertionError("no pg_dump installed"));
        EmbeddedMajor chosen = EmbeddedMajor.choose(null, dataDir(), BUNDLED, installed());
        int expected = BUNDLED.stream().filter(m -> m <= tools.major()).max(Integer::compare).orElse(17);
        assertThat(chosen.major()).isEqualTo(expected);
        assertThat(chosen.reason()).contains("pg_dump " + tools.version()).contains(tools.binDir().toString());
    }

    @Test
    void withoutToolsTheNewestBundledOneAndTheHint() {
        EmbeddedMajor chosen = EmbeddedMajor.choose(null, dataDir(), BUNDLED, Optional::empty);
        assertThat(chosen.major()).isEqualTo(17);
        assertThat(chosen.reason()).contains("no pg_dump found").contains("postgresql-client-17");
    }

    @Test
    void existingDataKeepsItsMajorWithoutAskingTheTools() throws IOException {
        Files.createDirectories(dataDir());
        Files.writeString(dataDir().resolve("PG_VERSION"), "17\n");
        EmbeddedMajor chosen = EmbeddedMajor.choose(null, dataDir(), BUNDLED, () -> {
            throw new AssertionError("tools probed although the data decides");
        });
        assertThat(chosen.major()).isEqualTo(17);
        assertThat(chosen.reason()).contains("existing data").contains(".manor/pgdata");
    }

    @Test
    void manorTomlWinsAndMustNameABundledMajor() {
        assertThat(EmbeddedMajor.choose(17, dataDir(), BUNDLED, Optional::empty).reason()).contains("manor.toml");
        assertThatThrownBy(() -> EmbeddedMajor.choose(16, dataDir(), BUNDLED, Optional::empty))
                .isInstanceOf(ManorException.class).hasMessageContaining("version = 16 is not bundled")
                .hasMessageContaining("15, 17");
    }

    @Test
    void aNewProjectWithoutManorTomlGetsTheChoice() {
        ProjectConfig config = ProjectConfig.resolve(project, Overrides.none(), java.util.Map.of());
        assertThat(config.embedded()).isEqualTo(EmbeddedMajor.choose(null, dataDir(), dev.manor.embedded.PostgresBundles.available(), installed()));
    }
}
