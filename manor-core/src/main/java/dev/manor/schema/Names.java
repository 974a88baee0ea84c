package dev.manor.schema;

import java.util.regex.Pattern;

/** How object names are written in snapshots and diffs: unquoted unless a name could be misread. */
final class Names {
    private static final Pattern PLAIN = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

    private Names() {
    }

    /** A name quoted only when it contains characters that would make a dotted path ambiguous. */
    static String part(String name) {
        if (PLAIN.matcher(name).matches()) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.name}; the local name is already rendered (it may carry argument lists). */
    static String qualified(String schema, String local) {
        return part(schema) + "." + local;
    }

    /** Like {@link #qualified} but leaves out the default schema {@code public}, for people to read. */
    static String display(String schema, String local) {
        return "public".equals(schema) ? local : qualified(schema, local);
    }

    static String path(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(part(p));
        }
        return b.toString();
    }
}
