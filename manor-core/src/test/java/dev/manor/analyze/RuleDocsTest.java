package dev.manor.analyze;

import dev.manor.analyze.rules.Rules;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule (and suppression finding) has its page in docs/rules and a row in the index. */
class RuleDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "rules");

    @Test
    void everyRuleIsDocumented() throws Exception {
        String index = Files.readString(DOCS.resolve("README.md"));
        for (String id : SarifReport.descriptors().keySet()) {
            assertThat(DOCS.resolve(id + ".md")).as(id).exists();
            assertThat(index).as(id).contains("[" + id + "]");
        }
        assertThat(Rules.all()).hasSize(24);
        assertThat(Rules.all().stream().map(r -> r.id()).distinct()).hasSize(24);
    }
}
