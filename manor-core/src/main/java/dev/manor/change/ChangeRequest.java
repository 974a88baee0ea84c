package dev.manor.change;

import dev.manor.ManorException;
import dev.manor.config.Durations;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to change: the kind and its parameters by name ({@code table}, {@code column}, {@code to}, ...), as typed on
 * the command line ({@code --table User}). Names are unquoted as in the database ({@code User}, not {@code "User"});
 * the planner quotes them. Typed accessors name a missing required parameter in their error.
 */
public record ChangeRequest(String kind, Map<String, String> values) {
    /** Parameter names every kind draws from. */
    public static final String TABLE = "table";
    public static final String COLUMN = "column";
    /** The new name (rename-column, rename-table; the new column of change-type). */
    public static final String TO = "to";
    /** A SQL type, e.g. {@code text} or {@code numeric(12,2)}. */
    public static final String TYPE = "type";
    /** change-type: the expression turning the old value into the new one (default {@code <column>::<type>}). */
    public static final String USING = "using";
    /** change-type: the expression turning a new value back into the old type (default a cast). */
    public static final String BACK = "back";
    /** make-required: the SQL expression that fills existing NULLs, e.g. {@code '<unknown>'}. */
    public static final String BACKFILL = "backfill";
    /** add-foreign-key: the referenced table and (comma-separated) columns. */
    public static final String REFERENCES = "references";
    public static final String REFERENCES_COLUMNS = "references-columns";
    /** add-index, add-unique, add-foreign-key: comma-separated columns. */
    public static final String COLUMNS = "columns";
    /** The constraint or index name (default derived from table and columns). */
    public static final String NAME = "name";
    /** remove-*, rename-*, change-type: how long the earlier steps stay applied before the contract or drop. */
    public static final String SAFETY_PERIOD = "safety-period";
    /** The plan's name (default derived from the kind and names). */
    public static final String PLAN = "plan";

    /** One parameter a kind reads. */
    public record Param(String name, boolean required, String description) {
        public static Param required(String name, String description) {
            return new Param(name, true, description);
        }

        public static Param optional(String name, String description) {
            return new Param(name, false, description);
        }
    }

    public ChangeRequest {
        values = Map.copyOf(values);
    }

    public static ChangeRequest of(String kind) {
        return new ChangeRequest(kind, Map.of());
    }

    /** A copy with one more parameter (a null value leaves it out). */
    public ChangeRequest with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        if (value != null) {
            copy.put(name, value);
        }
        return new ChangeRequest(kind, copy);
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The value, or a one-line error naming the missing parameter. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> new ManorException(kind + " needs --" + name));
    }

    /** A comma-separated list, e.g. {@code --columns a,b}. */
    public List<String> list(String name) {
        return Arrays.stream(required(name).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public Optional<List<String>> optionalList(String name) {
        return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** A duration such as {@code 7d}, or the default. */
    public Duration duration(String name, Duration orElse) {
        return optional(name).map(v -> Durations.parse(v, "--" + name)).orElse(orElse);
    }

    /** Refuses a parameter the kind does not read (a typo would otherwise be silently ignored). */
    public void requireKnown(List<Param> params) {
        for (String given : values.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(given)) && !given.equals(PLAN)) {
                throw new ManorException(kind + " does not take --" + given + "; it takes "
                        + String.join(", ", params.stream().map(p -> "--" + p.name()).toList()) + ", --" + PLAN);
            }
        }
    }
}
