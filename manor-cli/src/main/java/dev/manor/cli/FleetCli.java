package dev.manor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.Fleet;
import dev.manor.ManorException;
import dev.manor.config.Database;
import dev.manor.config.ProjectConfig;
import dev.manor.text.Plural;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code deploy --fleet} and {@code status --fleet} share: reading the fleet (a file, or a query on the
 * environment's database), the default login, stderr lines prefixed with the database's name, and the tables.
 */
final class FleetCli {
    private static final java.util.regex.Pattern QUERY =
            java.util.regex.Pattern.compile("\\s*(select|with)\\s", java.util.regex.Pattern.CASE_INSENSITIVE);

    private FleetCli() {
    }

    /** A query (run on the environment's database) rather than a file: it starts with SELECT or WITH. */
    static boolean isQuery(String fleet) {
        return QUERY.matcher(fleet).lookingAt();
    }

    /**
     * The fleet, its members without a login of their own using the environment's user and password
     * (--user, --password-env / MANOR_PASSWORD, or the [env] table's user and password_env).
     */
    static Fleet load(String fleet, ProjectConfig config, ProjectOptions options, Session session,
                      Map<String, String> env) {
        if (fleet.isBlank()) {
            throw new ManorException("--fleet needs a file or a query");
        }
        Fleet loaded = isQuery(fleet)
                ? Fleet.query(Database.of(session.connection()), fleet)
                : Fleet.read(config.projectDir().resolve(fleet), env);
        String user;
        String password;
        if (config.connection().isPresent()) {
            user = config.connection().get().user();
            password = config.connection().get().password();
        } else {
            user = options.user != null ? options.user : config.environment().user();
            String var = options.passwordEnv != null ? options.passwordEnv : config.environment().passwordEnv();
            password = env.get(var != null ? var : ProjectConfig.PASSWORD_VARIABLE);
            if (var != null && password == null) {
                throw new ManorException("the fleet's password comes from $" + var + ", which is not set");
            }
        }
        return loaded.withDefaultLogin(user, password);
    }

    /** Whole lines, each prefixed with the database's name, written to the shared stderr one at a time. */
    static PrintWriter prefixed(PrintWriter err, String name) {
        return new PrintWriter(new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        emit();
                    } else if (c != '\r') {
                        line.append(c);
                    }
                }
            }

            private void emit() {
                synchronized (err) {
                    err.println(name + ": " + line);
                    err.flush();
                }
                line.setLength(0);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
                if (line.length() > 0) {
                    emit();
                }
            }
        }, true);
    }

    static Fleet.Listener progress(PrintWriter err) {
        return new Fleet.Listener() {
            @Override
            public void starting(Fleet.Member member, int wave) {
                say(err, member.name() + ": " + (wave == 0 ? "canary" : "wave " + wave) + ", deploying to "
                        + member.describe());
            }

            @Override
            public void finished(Fleet.DatabaseResult r) {
                say(err, r.name() + ": " + switch (r.outcome()) {
                    case APPLIED -> "applied " + Plural.count(r.applied().size(), "migration");
                    case UP_TO_DATE -> "up to date, nothing to do";
                    case FAILED -> "FAILED: " + r.error();
                    case NOT_STARTED -> "not started";
                } + " (" + seconds(r.duration().toMillis()) + ")");
            }
        };
    }

    private static void say(PrintWriter err, String text) {
        synchronized (err) {
            err.println(text);
            err.flush();
        }
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    static void printDeploy(PrintWriter out, PrintWriter err, Fleet.Report report, boolean json) {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("halted", report.halted());
            ArrayNode by = root.putArray("haltedBy");
            report.haltedBy().forEach(by::add);
            root.put("durationMs", report.duration().toMillis());
            ArrayNode list = root.putArray("databases");
            for (Fleet.DatabaseResult r : report.databases()) {
                ObjectNode n = list.addObject();
                n.put("name", r.name());
                n.put("target", r.target());
                n.put("result", r.outcome().label());
                n.put("wave", r.wave());
                ArrayNode applied = n.putArray("applied");
                r.applied().forEach(applied::add);
                n.put("durationMs", r.duration().toMillis());
                if (r.error() != null) {
                    n.put("error", r.error());
                }
            }
            out.println(root.toPrettyString());
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"DATABASE", "RESULT", "WAVE", "APPLIED", "TIME", "ERROR"});
            for (Fleet.DatabaseResult r : report.databases()) {
                rows.add(new String[] {r.name(), r.outcome().label(),
                        r.wave() < 0 ? "-" : r.wave() == 0 ? "canary" : String.valueOf(r.wave()),
                        String.valueOf(r.applied().size()),
                        r.wave() < 0 ? "-" : seconds(r.duration().toMillis()),
                        r.error() == null ? "" : r.error()});
            }
            TextTable.print(out, rows);
        }
        out.flush();
        int notStarted = report.with(Fleet.Outcome.NOT_STARTED).size();
        if (report.halted()) {
            say(err, "manor: the fleet halted: " + String.join(", ", report.haltedBy()) + " failed; "
                    + Plural.count(notStarted, "database") + " not started"
                    + (notStarted == 0 ? "" : " (" + String.join(", ", report.with(Fleet.Outcome.NOT_STARTED).stream()
                    .map(Fleet.DatabaseResult::name).toList()) + ")")
                    + ". Fix the failure and run the same command again: databases up to date are skipped.");
        } else {
            say(err, "Fleet deployed: " + Plural.count(report.with(Fleet.Outcome.APPLIED).size(), "database")
                    + " changed, " + report.with(Fleet.Outcome.UP_TO_DATE).size() + " already up to date, in "
                    + seconds(report.duration().toMillis()) + ".");
        }
    }

    static void printStatus(PrintWriter out, List<Fleet.DatabaseStatus> status, boolean json) {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("upToDate", status.stream().allMatch(Fleet.DatabaseStatus::upToDate));
            ArrayNode list = root.putArray("databases");
            for (Fleet.DatabaseStatus s : status) {
                ObjectNode n = list.addObject();
                n.put("name", s.name());
                n.put("target", s.target());
                n.put("state", s.state().label());
                n.put("pending", s.pending());
                n.put("lastApplied", s.lastApplied());
                n.put("error", s.error());
            }
            out.println(root.toPrettyString());
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"DATABASE", "STATE", "LAST APPLIED", "ERROR"});
            for (Fleet.DatabaseStatus s : status) {
                String state = s.state() == Fleet.State.PENDING ? "pending " + s.pending() : s.state().label();
                rows.add(new String[] {s.name(), state, s.lastApplied() == null ? "-" : s.lastApplied(),
                        s.error() == null ? "" : s.error()});
            }
            TextTable.print(out, rows);
        }
        out.flush();
    }
}
