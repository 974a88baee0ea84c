package dev.manor.config;

import dev.manor.ManorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every value in manor.toml is type-checked, so a plausible-looking typo is an error rather than a silent default. */
class ConfigValidationTest {
    @TempDir
    Path dir;

    private ProjectConfig resolve(String toml) throws IOException {
        Files.writeString(dir.resolve("manor.toml"), toml);
        return ProjectConfig.resolve(dir, Overrides.none(), Map.of());
    }

    private void assertRefused(String toml, String... fragments) {
        var thrown = assertThatThrownBy(() -> resolve(toml)).isInstanceOf(ManorException.class);
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }

    /** ConfigFile builds its tree from jackson's TOML parser itself: it must be the tree jackson's mapper builds. */
    @Test
    void theTreeIsTheOneJacksonsTomlMapperReads() throws IOException {
        Path file = dir.resolve("manor.toml");
        Files.writeString(file, """
                migrations = "db/migrations"
                [embedded]
                version = 17
                [env.prod]
                url = "jdbc:postgresql://db/app"
                protected = true
                schemas = ["public", "billing"]
                ratio = 0.25
                big = 123456789012345678901234567890
                day = 2026-12-02
                moment = 2026-12-02T03:04:05Z
                nested = [[1, 2], ["a"], []]
                [env.prod.inline]
                t = { a = 1, b = false }
                [[list]]
                x = 1
                [[list]]
                x = 2
                """);
        assertThat(ConfigFile.readTree(file).toString())
                .isEqualTo(new com.fasterxml.jackson.dataformat.toml.TomlMapper().readTree(file.toFile()).toString());
        Files.writeString(file, "");
        assertThat(ConfigFile.readTree(file).toString()).isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yes\"", "\"True\"", "\"on\"", "\"true\"", "1", "0"})
    void protectedMustBeATomlBoolean(String value) {
        assertRefused("[env.prod]\nprotected = " + value + "\n", "[env.prod]", "protected must be true or false");
    }

    @Test
    void aTomlBooleanProtects() throws IOException {
        assertThat(resolve("default_env = \"prod\"\n[env.prod]\nprotected = true\n").manor().protectedEnv()).isTrue();
    }

    @Test
    void embeddedVersionMustBeANumberAndItsTableHasNoOtherKeys() {
        assertRefused("[embedded]\nversion = \"abc\"\n", "[embedded]", "version must be a PostgreSQL major");
        assertRefused("[embedded]\nversion = 17\nport = 5432\n", "[embedded]", "unknown setting 'port'");
        assertRefused("[embedded]\nverison = 17\n", "unknown setting 'verison'", "did you mean 'version'");
        assertRefused("embedded = 15\n", "embedded must be a table");
    }

    @Test
    void durationsInTheFileNeedAUnit() {
        assertRefused("[env.dev]\nlock_timeout = 12\n", "lock_timeout = 12 has no unit", "\"12ms\"");
        assertRefused("[env.dev]\nstatement_timeout = \"30\"\n", "statement_timeout", "has no unit");
        assertRefused("[env.dev]\nbackup_max_age = \"24\"\n", "backup_max_age", "has no unit");
    }

    @Test
    void lockTimeoutZeroIsRefusedAndOffIsTheExplicitWay() throws IOException {
        assertRefused("[env.dev]\nlock_timeout = \"0\"\n", "lock_timeout", "\"off\"");
        assertRefused("[env.dev]\nlock_timeout = \"0ms\"\n", "lock_timeout", "\"off\"");
        assertThat(resolve("[env.dev]\nlock_timeout = \"off\"\n").manor().lockTimeout()).isZero();
        assertThat(resolve("[env.dev]\nlock_timeout = \"2s\"\n").manor().lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void lockTimeoutZeroFromAFlagIsRefusedToo() {
        Overrides zero = new Overrides(null, null, null, null, null, null, null, "0", null, null);
        assertThatThrownBy(() -> ProjectConfig.resolve(dir, zero, Map.of())).isInstanceOf(ManorException.class)
                .hasMessageContaining("lock_timeout").hasMessageContaining("\"off\"");
    }

    @Test
    void defaultEnvMustNameADefinedEnvironment() {
        assertRefused("default_env = \"prdo\"\n[env.prod]\nurl = \"jdbc:postgresql://db/x\"\n",
                "default_env = \"prdo\" names no [env.prdo]", "did you mean 'prod'");
        assertRefused("default_env = \"prod\"\n", "default_env = \"prod\" names no [env.prod]");
    }

    @Test
    void stringsMustBeStrings() {
        assertRefused("migrations = 5\n", "migrations must be a string");
        assertRefused("[env.dev]\nschemas = [\"public\", 3]\n", "schemas must list strings");
        assertRefused("[env]\ndev = 1\n", "dev must be a table");
    }

    @Test
    void unknownKeysAreRefusedWithTheClosestKnownOne() {
        assertRefused("[env.prod]\nprotect = true\n", "unknown setting 'protect'", "did you mean 'protected'");
        assertRefused("histroy_schema = \"m\"\n", "unknown setting 'histroy_schema'", "did you mean 'history_schema'");
    }

    @Test
    void bareNumbersAreNotMilliseconds() {
        assertThatThrownBy(() -> Durations.parse("60", "--lock-wait")).isInstanceOf(ManorException.class)
                .hasMessageContaining("--lock-wait").hasMessageContaining("has no unit").hasMessageContaining("60s");
        assertThat(Durations.parse("0", "x")).isZero();
        assertThat(Durations.parse("1m", "x")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
    }
}
