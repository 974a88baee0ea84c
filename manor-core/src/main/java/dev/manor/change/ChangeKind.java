package dev.manor.change;

import java.time.Clock;
import java.util.List;

/** One kind of logical change, e.g. {@code rename-column}: turns a request into the ordered steps that make it safely. */
public interface ChangeKind {
    /** The kind's name as typed after {@code manor new --change}, e.g. {@code make-required}. */
    String name();

    /** One line for the list of kinds. */
    String summary();

    /** The parameters this kind reads (required ones first), for help and for naming a missing one. */
    List<ChangeRequest.Param> params();

    /**
     * The plan for this request. {@code schema} tells what the migrations already define (a column's type), so a
     * step can copy it; a missing required parameter or an impossible request is a {@link dev.manor.ManorException}
     * with one line naming it. {@code clock} dates the deprecation comments.
     */
    ChangePlan plan(ChangeRequest request, SchemaFacts schema, Clock clock);
}
