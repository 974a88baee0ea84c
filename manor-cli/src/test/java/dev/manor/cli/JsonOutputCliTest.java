package dev.manor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the embedded default (a new project without manor.toml), stdout of every --json / --format json|sarif
 * command is the document alone, and the project's first backup works with the installed client tools.
 */
class JsonOutputCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path project;

    private JsonNode parse(Cli cli, String what) throws Exception {
        assertThat(cli.code()).as(what + ": " + cli.err()).isZero();
        return JSON.readTree(cli.out());
    }

    @Test
    void everyJsonOutputParses() throws Exception {
        Path m = project.resolve("migrations/20240101000000_init");
        Files.createDirectories(m);
        Files.writeString(m.resolve("migration.sql"), "CREATE TABLE kept (id int PRIMARY KEY);\nINSERT INTO kept VALUES (7);\n");
        Files.writeString(m.resolve("down.sql"), "DROP TABLE kept;\n");
        String dir = project.toString();
        try {
            Cli deploy = Cli.run("-C", dir, "deploy", "--json");
            assertThat(deploy.err()).contains("Using the embedded PostgreSQL");
            JsonNode deployed = parse(deploy, "deploy --json");
            assertThat(deployed.path("environment").asText()).isEqualTo("dev");
            assertThat(deployed.path("applied").get(0).path("id").asText()).isEqualTo("20240101000000");
            assertThat(deployed.path("applied").get(0).path("report").path("statements").asInt()).isEqualTo(2);
            assertThat(deployed.path("applied").get(0).path("report").has("durationMs")).isTrue();

            assertThat(Cli.run("-C", dir, "db", "start").code()).isZero();
            assertThat(parse(Cli.run("-C", dir, "status", "--json"), "status --json").path("clean").asBoolean()).isTrue();
            assertThat(parse(Cli.run("-C", dir, "log", "--json"), "log --json").isArray()).isTrue();
            assertThat(parse(Cli.run("-C", dir, "checklist", "--json"), "checklist --json").has("sections")).isTrue();
            assertThat(parse(Cli.run("-C", dir, "analyze", "--all", "--format", "json"), "analyze json").isObject()).isTrue();
            assertThat(parse(Cli.run("-C", dir, "analyze", "--all", "--format", "sarif"), "analyze sarif")
                    .path("version").asText()).isEqualTo("2.1.0");
            assertThat(parse(Cli.run("-C", dir, "deploy", "--json"), "deploy --json, nothing to do")
                    .path("applied").size()).isZero();

            Cli status = Cli.run("-C", dir, "db", "status");
            assertThat(status.out()).contains("PostgreSQL ").contains("existing data in .manor/pgdata");

            // The major was chosen from the installed pg_dump, so the project's first backup works.
            Cli backup = Cli.run("-C", dir, "backup", "--verify");
            assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
            assertThat(backup.out()).contains("Verified by a restore");
        } finally {
            Cli.run("-C", dir, "db", "stop");
        }
    }
}
