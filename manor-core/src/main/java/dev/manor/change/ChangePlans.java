package dev.manor.change;

import dev.manor.ManorException;
import dev.manor.config.DidYouMean;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The change kinds Manor plans, by name, and the one entry point: request in, plan out. */
public final class ChangePlans {
    private static final List<ChangeKind> KINDS = List.of(
            new MakeRequired(),
            new AddForeignKey(),
            new AddUnique(),
            new AddIndex(),
            new ChangeType(),
            new RenameColumn(),
            new RenameTable(),
            new RemoveColumn(),
            new RemoveTable());

    private ChangePlans() {
    }

    /** Every kind, in the order help lists them. */
    public static List<ChangeKind> kinds() {
        return KINDS;
    }

    public static Optional<ChangeKind> find(String name) {
        return KINDS.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The kind, or a one-line error listing the kinds. */
    public static ChangeKind kind(String name) {
        return find(name).orElseThrow(() -> new ManorException("unknown change kind '" + name + "'"
                + DidYouMean.closest(name, names()).map(k -> " (did you mean '" + k + "'?)").orElse("")
                + "; kinds: " + String.join(", ", names())));
    }

    public static List<String> names() {
        return KINDS.stream().map(ChangeKind::name).toList();
    }

    /** Plans the request: its kind, its parameters checked (unknown and missing ones named), the kind's plan. */
    public static ChangePlan plan(ChangeRequest request, SchemaFacts schema, Clock clock) {
        ChangeKind kind = kind(request.kind());
        request.requireKnown(kind.params());
        for (ChangeRequest.Param p : kind.params()) {
            if (p.required()) {
                request.required(p.name());
            }
        }
        return kind.plan(request, schema, clock);
    }
}
