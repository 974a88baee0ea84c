package dev.manor.gate;

import dev.manor.deploy.PlannedMigration;
import dev.manor.migration.SqlStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "No breaking change without a multi-step plan": refuses to drop a {@code _deprecated_*} column or table before
 * the date in its comment ({@code 'Deprecated on 2024-01-15, safe to remove after 2024-02-15'}). It protects data,
 * so it applies in every environment. Dates are compared in the clock's zone (UTC by default).
 */
public final class DeprecationGate implements Gate {
    static final Pattern SAFE_AFTER = Pattern.compile("safe to remove after (\\d{4}-\\d{2}-\\d{2})", Pattern.CASE_INSENSITIVE);

    private final Clock clock;
    private final dev.manor.history.HistoryStore history;

    public DeprecationGate(Clock clock) {
        this(clock, null);
    }

    /** With the environment's history: in a new environment (empty history) an object deprecated earlier in the same deploy may go. */
    public DeprecationGate(Clock clock, dev.manor.history.HistoryStore history) {
        this.clock = clock;
        this.history = history;
    }

    @Override
    public String name() {
        return "deprecation";
    }

    @Override
    public String overrideFlag() {
        return "--allow-early-drop";
    }

    @Override
    public Verdict evaluate(List<PlannedMigration> plan, Connection connection) throws SQLException {
        LocalDate today = LocalDate.now(clock);
        List<String> refusals = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        for (PlannedMigration step : plan) {
            if (!PlannedMigration.UP.equals(step.direction())) {
                continue;
            }
            for (SqlStatement st : step.statements()) {
                for (DeprecatedDrops.Drop drop : DeprecatedDrops.in(st.sql())) {
                    String where = step.file() + ":" + st.line() + " drops " + drop.describe();
                    Optional<String> comment = comment(connection, drop);
                    if (comment == null && history != null && history.records(connection).isEmpty()) {
                        allowed.add(drop.describe() + " (new environment: deprecated and dropped in its first deploy)");
                        continue;
                    }
                    if (comment == null) {
                        refusals.add(where + ", which does not exist yet: rename and comment it in an earlier deploy and "
                                + "drop it after its safety period");
                        continue;
                    }
                    Matcher m = SAFE_AFTER.matcher(comment.orElse(""));
                    LocalDate safeAfter = m.find() ? date(m.group(1)) : null;
                    if (safeAfter == null) {
                        refusals.add(where + ", whose comment has no 'safe to remove after <yyyy-mm-dd>'; set one with "
                                + "COMMENT ON " + (drop.column() == null ? "TABLE " + drop.table() : "COLUMN "
                                + drop.table() + ".\"" + drop.column() + "\"")
                                + " IS 'Deprecated on <date>, safe to remove after <date>'");
                    } else if (!today.isAfter(safeAfter)) {
                        refusals.add(where + " before its safety period ends: safe to remove after " + safeAfter
                                + " (today is " + today + "); deploy this after " + safeAfter);
                    } else {
                        allowed.add(drop.describe() + " (safe after " + safeAfter + ")");
                    }
                }
            }
        }
        if (!refusals.isEmpty()) {
            return Verdict.refuse(refusals.get(0) + (refusals.size() > 1 ? " (and "
                    + dev.manor.text.Plural.count(refusals.size() - 1, "more deprecated drop") + ")" : ""));
        }
        return Verdict.pass(allowed.isEmpty() ? "no deprecated object dropped" : "safety period over for "
                + String.join(", ", allowed));
    }

    /** The object's comment (empty when it has none), or null when the object does not exist. */
    private static Optional<String> comment(Connection c, DeprecatedDrops.Drop drop) throws SQLException {
        String sql = drop.column() == null
                ? "SELECT obj_description(to_regclass(?), 'pg_class'), to_regclass(?) IS NOT NULL"
                : "SELECT col_description(a.attrelid, a.attnum), true FROM pg_attribute a"
                  + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, drop.table());
            ps.setString(2, drop.column() == null ? drop.table() : drop.column());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(2)) {
                    return null;
                }
                return Optional.ofNullable(rs.getString(1));
            }
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
