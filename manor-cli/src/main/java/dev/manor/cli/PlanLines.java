package dev.manor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.change.PlanProgress;

import java.util.ArrayList;
import java.util.List;

/** The change plans in {@code status}: each with its current step and what that step waits for. */
final class PlanLines {
    private PlanLines() {
    }

    static List<String> text(List<PlanProgress.PlanState> plans) {
        List<String> lines = new ArrayList<>();
        if (plans.isEmpty()) {
            return lines;
        }
        lines.add("Plans:");
        for (PlanProgress.PlanState p : plans) {
            String where = p.current().map(s -> "step " + s.step() + "/" + p.steps() + " " + s.folder() + ": "
                    + (s.waitsFor() == null ? "ready to deploy" : "waits for " + s.waitsFor())).orElse("done");
            lines.add("  " + p.plan() + " (" + p.applied() + "/" + p.steps() + " applied): " + where);
        }
        return lines;
    }

    static void json(ArrayNode out, List<PlanProgress.PlanState> plans) {
        for (PlanProgress.PlanState p : plans) {
            ObjectNode n = out.addObject();
            n.put("plan", p.plan());
            n.put("steps", p.steps());
            n.put("applied", p.applied());
            p.current().ifPresentOrElse(s -> {
                n.put("currentStep", s.step());
                n.put("current", s.folder());
                n.put("ready", s.waitsFor() == null);
                if (s.waitsFor() != null) {
                    n.put("waitsFor", s.waitsFor());
                }
            }, () -> n.put("done", true));
        }
    }
}
