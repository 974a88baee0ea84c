package dev.manor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.deploy.DeployResult;
import dev.manor.deploy.PlannedMigration;

/** {@code manor deploy --json}: what CI records of a deploy, one object per migration with its report figures. */
final class DeployJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeployJson() {
    }

    static String render(String environment, DeployResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("environment", environment);
        root.put("dryRun", result.dryRun());
        ArrayNode applied = root.putArray("applied");
        for (DeployResult.Applied a : result.applied()) {
            ObjectNode n = step(applied.addObject(), a.step());
            n.set("report", MAPPER.valueToTree(a.report()));
        }
        ArrayNode repeatables = root.putArray("repeatablesApplied");
        result.repeatables().forEach(repeatables::add);
        if (result.dryRun()) {
            ArrayNode planned = root.putArray("planned");
            for (PlannedMigration p : result.plan()) {
                ArrayNode statements = step(planned.addObject(), p).putArray("statements");
                p.statements().forEach(s -> statements.add(s.sql()));
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode step(ObjectNode n, PlannedMigration p) {
        n.put("id", p.migration().id());
        n.put("name", p.migration().name());
        n.put("direction", p.direction());
        n.put("transactional", p.transactional());
        return n;
    }
}
