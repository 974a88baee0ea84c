package dev.manor.config;

import dev.manor.ManorException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db:5432/app?password=hunter2",
            "jdbc:postgresql://db:5432/app?user=a&password=hunter2&ssl=true",
            "jdbc:postgresql://db:5432/app;password=hunter2",
            "jdbc:postgresql://db:5432/app;user=a;password=hunter2;ssl=true",
            "jdbc:postgresql://db:5432/app?PASSWORD=hunter2",
            "jdbc:postgresql://db:5432/app?sslpassword=hunter2",
            "jdbc:postgresql://a:hunter2@db:5432/app",
            "postgresql://a:hunter2@db/app",
            "postgres://a:hun@ter2@db/app",
            "jdbc:postgresql://a:hunter2@db1:5432,db2:5432/app?ssl=true",
            "jdbc:postgresql://db/app?password=hunter2 and then more text",
    })
    void maskUrlHidesThePasswordInEveryForm(String url) {
        String masked = Secrets.maskUrl(url);
        assertThat(masked).doesNotContain("hunter2").doesNotContain("ter2").contains(Secrets.MASK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db:5432/app", "jdbc:postgresql://a@db/app?user=b", "see https://example.org/x"})
    void maskUrlLeavesUrlsWithoutPasswordsAlone(String url) {
        assertThat(Secrets.maskUrl(url)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://db/app;password=hunter2", "jdbc:mysql://db/app;password=hunter2&x=1"})
    void theRefusalOfANonPostgresUrlDoesNotPrintItsPassword(String url) {
        assertThatThrownBy(() -> new ConnectionSettings(url, null, null))
                .isInstanceOf(ManorException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db/app;password=hunter2", "jdbc:postgresql://db/app?password=hunter2"})
    void describeNeverShowsThePassword(String url) {
        ConnectionSettings s = new ConnectionSettings(url, "a", null);
        assertThat(s.describe()).doesNotContain("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2");
    }
}
