package dev.manor.fleet;

import dev.manor.Fleet;
import dev.manor.ManorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both fleet file formats, their one-line errors, and passwords that come from variables and never show. */
class FleetFileTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void linesGiveNameAndUrlOrABareUrlNamedAfterItsDatabase() throws Exception {
        Fleet fleet = Fleet.read(write("fleet.txt", """
                # tenants on the EU server
                acme = jdbc:postgresql://db-eu:5432/acme   # the canary
                jdbc:postgresql://db-us:5432/globex

                """), Map.of());
        assertThat(fleet.members()).extracting(Fleet.Member::name).containsExactly("acme", "globex");
        assertThat(fleet.members().get(1).connection().host()).isEqualTo("db-us");
    }

    @Test
    void tomlTakesPasswordsFromVariablesAndFillsDefaults() throws Exception {
        Fleet fleet = Fleet.read(write("fleet.toml", """
                user = "deployer"
                password_env = "FLEET_PASSWORD"

                [[database]]
                name = "acme"
                url = "jdbc:postgresql://db-eu:5432/acme"

                [[database]]
                url = "jdbc:postgresql://db-us:5432/globex"
                user = "globex_owner"
                password_env = "GLOBEX_PASSWORD"
                """), Map.of("FLEET_PASSWORD", "s3cret-a", "GLOBEX_PASSWORD", "s3cret-b"));
        assertThat(fleet.members()).extracting(Fleet.Member::name).containsExactly("acme", "globex");
        assertThat(fleet.members().get(0).connection().user()).isEqualTo("deployer");
        assertThat(fleet.members().get(0).connection().password()).isEqualTo("s3cret-a");
        assertThat(fleet.members().get(1).connection().user()).isEqualTo("globex_owner");
        assertThat(fleet.members().get(1).connection().password()).isEqualTo("s3cret-b");
        assertThat(fleet.members().toString()).doesNotContain("s3cret");

        Fleet defaults = Fleet.read(write("plain.txt", "a = jdbc:postgresql://h/a\nb = jdbc:postgresql://h/b?password=inurl\n"),
                Map.of()).withDefaultLogin("app", "from-env");
        assertThat(defaults.members().get(0).connection().password()).isEqualTo("from-env");
        assertThat(defaults.members().get(1).connection().effectivePassword()).isEqualTo("inurl");
        assertThat(defaults.members().get(1).describe()).doesNotContain("inurl");
    }

    @Test
    void badInputIsOneLineNamingTheLineAndNeverThePassword() throws Exception {
        assertError("f.txt", "a = jdbc:postgresql://h/a\nnot a url\n", "f.txt:2: expected 'name = jdbc:postgresql://host:port/db'"
                + " or a JDBC URL, got 'not a url'");
        assertError("f.txt", "a = jdbc:postgresql://h/a\na = jdbc:postgresql://h/b\n", "f.txt:2: the name 'a' is used twice");
        assertError("f.txt", "a = mysql://u:hunter2@h/a\n", "f.txt:1: not a PostgreSQL JDBC URL (it must start with"
                + " jdbc:postgresql:): mysql://u:*****@h/a");
        assertError("f.txt", "# nothing\n", "f.txt: lists no databases");
        assertError("f.toml", "[[database]]\nname = \"a\"\nurll = \"jdbc:postgresql://h/a\"\n",
                "f.toml: database 1: unknown key 'urll' (did you mean 'url'?) (known: name, password_env, url, user)");
        assertError("f.toml", "[[database]]\nname = \"a\"\n", "f.toml: database 1 ('a'): no url");
        assertError("f.toml", "password_env = \"UNSET_FLEET_VAR\"\n[[database]]\nurl = \"jdbc:postgresql://h/a\"\n",
                "f.toml: database 1: takes its password from $UNSET_FLEET_VAR, which is not set");
        assertError("f.toml", "[database]\nurl = 1\n", "f.toml: 'database' must be an array of tables: write [[database]]");
        assertThatThrownBy(() -> Fleet.read(dir.resolve("missing.txt"), Map.of()))
                .hasMessage("fleet file not found: " + dir.resolve("missing.txt"));
    }

    private void assertError(String name, String text, String message) throws Exception {
        Path file = write(name, text);
        assertThatThrownBy(() -> Fleet.read(file, Map.of())).isInstanceOf(ManorException.class)
                .hasMessage(dir.resolve(message.split("[: ]", 2)[0]) + message.substring(message.split("[: ]", 2)[0].length()));
    }
}
