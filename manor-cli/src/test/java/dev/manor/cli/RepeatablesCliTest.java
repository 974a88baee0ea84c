package dev.manor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What deploy and status say about repeatable scripts, in text and JSON. */
class RepeatablesCliTest {
    @TempDir
    Path project;

    @Test
    void deployAndStatusReportRepeatables() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            Deployers.migration(project, "20240101000000_item", "CREATE TABLE item (id int PRIMARY KEY);",
                    "DROP TABLE item;", null);
            Path view = Files.createDirectories(project.resolve("repeatable")).resolve("item_ids.sql");
            Files.writeString(view, "CREATE OR REPLACE VIEW item_ids AS SELECT id FROM item;\n");
            String dir = project.toString();

            Cli deploy = Cli.run("-C", dir, "deploy", "--url", db.url());
            assertThat(deploy.code()).as(deploy.err()).isZero();
            assertThat(deploy.out()).contains("Applied 1 migration and 1 repeatable script.");
            assertThat(deploy.err()).contains("applied repeatable/item_ids.sql");

            Files.writeString(view, "CREATE OR REPLACE VIEW item_ids AS SELECT id, id * 2 AS twice FROM item;\n");
            Cli status = Cli.run("-C", dir, "status", "--no-drift", "--url", db.url());
            assertThat(status.code()).isEqualTo(1);
            assertThat(status.out()).contains("repeatable/item_ids.sql changed: re-applied by the next deploy")
                    .contains("1 repeatable script to apply; 'manor deploy' applies it.");

            Cli json = Cli.run("-C", dir, "status", "--no-drift", "--json", "--url", db.url());
            JsonNode root = new ObjectMapper().readTree(json.out());
            assertThat(root.path("repeatables").get(0).path("state").asText()).isEqualTo("changed");
            assertThat(root.path("upToDate").asBoolean()).isFalse();

            JsonNode applied = new ObjectMapper().readTree(Cli.run("-C", dir, "deploy", "--json", "--url", db.url()).out());
            assertThat(applied.path("repeatablesApplied").get(0).asText()).isEqualTo("repeatable/item_ids.sql");
            assertThat(Cli.run("-C", dir, "status", "--no-drift", "--url", db.url()).out()).contains("Up to date.");
        }
    }
}
