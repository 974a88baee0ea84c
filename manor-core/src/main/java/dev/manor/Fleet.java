package dev.manor;

import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.fleet.FleetFile;
import dev.manor.fleet.FleetQuery;
import dev.manor.fleet.FleetStatusCheck;
import dev.manor.fleet.WaveRunner;
import dev.manor.shadow.ShadowProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Many databases (one per tenant or region) deployed from one project: a canary first, then waves of databases in
 * parallel, and a halt on the first failure. Each database is deployed by its own {@link Manor}, exactly as a single
 * deploy: its own history, deploy lock, analysis, gates and report.
 * <pre>{@code
 * Fleet fleet = Fleet.read(Path.of("fleet.toml"), System.getenv());
 * Fleet.Report report = fleet.deploy(
 *         member -> Manor.configure().project(Path.of(".")).environment("prod"),
 *         Fleet.Options.defaults().waveSize(5));
 * }</pre>
 * A rerun after a halt finishes the rest: every database's own history decides what is left, so databases already
 * up to date pass without change. See docs/fleet.md.
 */
public final class Fleet {
    private final List<Member> members;

    private Fleet(List<Member> members) {
        if (members.isEmpty()) {
            throw new ManorException("the fleet has no databases");
        }
        Set<String> names = new HashSet<>();
        for (Member m : members) {
            if (!names.add(m.name())) {
                throw new ManorException("the fleet names database '" + m.name() + "' twice");
            }
        }
        this.members = List.copyOf(members);
    }

    /**
     * A fleet of these databases, in this order.
     *
     * @param members the databases, at least one, names unique
     * @return the fleet
     * @throws ManorException when there are none or a name repeats
     */
    public static Fleet of(List<Member> members) {
        return new Fleet(members);
    }

    /**
     * Reads a fleet file: {@code .toml} ({@code [[database]]} tables with {@code name}, {@code url} and optional
     * {@code user} and {@code password_env}), or any other name for a text file of one {@code name = url} (or bare
     * url) per line. Passwords come from the environment variables the file names, never from the file.
     *
     * @param file      the fleet file
     * @param variables environment variables for {@code password_env}
     * @return the fleet
     * @throws ManorException naming the file and line when the file cannot be read as a fleet
     */
    public static Fleet read(Path file, Map<String, String> variables) {
        return new Fleet(FleetFile.read(file, variables));
    }

    /**
     * Runs a query on a catalog database; each row is a database of the fleet: its name (first column) and its
     * JDBC URL (second column), in the order the query returns them.
     *
     * @param catalog where to run the query
     * @param sql     a query returning (name, url) rows
     * @return the fleet
     * @throws ManorException when the query fails or a row is not a (name, url) pair
     */
    public static Fleet query(Database catalog, String sql) {
        return new Fleet(FleetQuery.run(catalog, sql));
    }

    /**
     * The databases, in deploy order (before the canary is moved to the front).
     *
     * @return the members
     */
    public List<Member> members() {
        return members;
    }

    /**
     * The same fleet with a login for the databases that have none of their own: {@code user} where a member names
     * no user, {@code password} where neither the member nor its URL holds one.
     *
     * @param user     the default user, or null
     * @param password the default password, or null
     * @return a fleet with the defaults filled in
     */
    public Fleet withDefaultLogin(String user, String password) {
        List<Member> filled = new ArrayList<>();
        for (Member m : members) {
            ConnectionSettings c = m.connection();
            String u = c.user() != null ? c.user() : user;
            String p = c.effectivePassword() != null ? c.password() : password;
            filled.add(new Member(m.name(), new ConnectionSettings(c.jdbcUrl(), u, p, c.connectTimeout())));
        }
        return new Fleet(filled);
    }

    /**
     * Deploys every database: the canary first, alone, then the rest in waves of {@link Options#waveSize} in
     * parallel. The first failure halts the fleet: the wave it happened in runs to its end (each member finishes its
     * whole deploy, so none is left between two migrations), and no database of a later wave is touched.
     *
     * @param perDatabase a builder configured for the given database (project, environment, listener, gate
     *                    overrides); the fleet sets its connection. Called once per database, on a worker thread.
     * @param options     canary, wave size, deploy options and listener
     * @return one result per database, in deploy order, and whether the fleet halted
     * @throws ManorException when the canary named in the options is not in the fleet
     */
    public Report deploy(Function<Member, Manor.Builder> perDatabase, Options options) {
        Objects.requireNonNull(perDatabase, "perDatabase");
        return new WaveRunner(members, options).run(m -> perDatabase.apply(m).connection(m.connection()).load());
    }

    /**
     * Each database's state, one after another: up to date, pending, failed, drifted (when {@code shadows} is given,
     * the applied migrations are rebuilt on a shadow database and compared with the live schema), needing attention,
     * or unreachable.
     *
     * @param perDatabase a builder configured for the given database; the fleet sets its connection
     * @param shadows     where drift checks build their throwaway databases by server major version, or null to skip
     *                    the drift check
     * @return one status per database, in fleet order
     */
    public List<DatabaseStatus> status(Function<Member, Manor.Builder> perDatabase,
                                       Function<Integer, ShadowProvider> shadows) {
        Objects.requireNonNull(perDatabase, "perDatabase");
        return new FleetStatusCheck(shadows).run(members,
                m -> perDatabase.apply(m).connection(m.connection()).load());
    }

    /**
     * One database of the fleet.
     *
     * @param name       its name in the fleet (printed; unique)
     * @param connection where it is and how to log in
     */
    public record Member(String name, ConnectionSettings connection) {
        /**
         * Checks the name and connection.
         *
         * @param name       its name in the fleet
         * @param connection where it is and how to log in
         */
        public Member {
            if (name == null || name.isBlank()) {
                throw new ManorException("a fleet database needs a name");
            }
            Objects.requireNonNull(connection, "connection");
        }

        /**
         * Where it is, safe to print (any password masked).
         *
         * @return the URL with the password masked
         */
        public String describe() {
            return connection.describe();
        }
    }

    /** How a fleet deploy proceeds. Immutable: each method returns a changed copy. */
    public static final class Options {
        private static final Options DEFAULTS = new Options(null, 1, DeployOptions.defaults(), Listener.SILENT);

        private final String canary;
        private final int waveSize;
        private final DeployOptions deploy;
        private final Listener listener;

        private Options(String canary, int waveSize, DeployOptions deploy, Listener listener) {
            this.canary = canary;
            this.waveSize = waveSize;
            this.deploy = deploy;
            this.listener = listener;
        }

        /**
         * The first database as the canary, waves of one, default deploy options, no listener.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return DEFAULTS;
        }

        /**
         * Deploys this database first, alone (default: the first in fleet order).
         *
         * @param name a member's name
         * @return a copy with this canary
         */
        public Options canary(String name) {
            return new Options(name, waveSize, deploy, listener);
        }

        /**
         * How many databases deploy at once after the canary (default 1).
         *
         * @param size at least 1
         * @return a copy with this wave size
         * @throws ManorException when {@code size} is below 1
         */
        public Options waveSize(int size) {
            if (size < 1) {
                throw new ManorException("a wave size of " + size + ": give at least 1");
            }
            return new Options(canary, size, deploy, listener);
        }

        /**
         * The options every database's deploy runs with.
         *
         * @param options how far to go and what to accept
         * @return a copy with these deploy options
         */
        public Options deploy(DeployOptions options) {
            return new Options(canary, waveSize, Objects.requireNonNull(options), listener);
        }

        /**
         * Told when each database starts and finishes (called from worker threads).
         *
         * @param listener the listener
         * @return a copy with this listener
         */
        public Options listener(Listener listener) {
            return new Options(canary, waveSize, deploy, Objects.requireNonNull(listener));
        }

        /**
         * The canary's name, or null for the first database.
         *
         * @return the canary
         */
        public String canary() {
            return canary;
        }

        /**
         * How many databases deploy at once after the canary.
         *
         * @return the wave size
         */
        public int waveSize() {
            return waveSize;
        }

        /**
         * The options of every database's deploy.
         *
         * @return the deploy options
         */
        public DeployOptions deploy() {
            return deploy;
        }

        /**
         * Who is told about progress.
         *
         * @return the listener
         */
        public Listener listener() {
            return listener;
        }
    }

    /** Told about a fleet deploy's progress; methods are called from worker threads, concurrently. */
    public interface Listener {
        /** A listener that ignores everything. */
        Listener SILENT = new Listener() {
        };

        /**
         * A database's deploy starts.
         *
         * @param member the database
         * @param wave   0 for the canary, then 1, 2, ...
         */
        default void starting(Member member, int wave) {
        }

        /**
         * A database's deploy ended.
         *
         * @param result how it ended
         */
        default void finished(DatabaseResult result) {
        }
    }

    /** How one database's part of a fleet deploy ended. */
    public enum Outcome {
        /** Migrations were applied; the database is up to date. */
        APPLIED("applied"),
        /** Nothing to do: the database was already up to date. */
        UP_TO_DATE("up to date"),
        /** Its deploy failed or was refused; see the error. */
        FAILED("failed"),
        /** Not started because the fleet halted; untouched. */
        NOT_STARTED("not started");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /**
         * How it is printed.
         *
         * @return a short lower-case label
         */
        public String label() {
            return label;
        }
    }

    /**
     * One database's result in a fleet deploy.
     *
     * @param name     its name in the fleet
     * @param target   where it is (password masked)
     * @param wave     0 for the canary phase, then 1, 2, ...; -1 when not started
     * @param outcome  how it ended
     * @param applied  the migrations applied (folder names), in order, then {@code repeatable <name>} for each
     *                 repeatable script applied
     * @param error    why it failed (one line, passwords masked), or null
     * @param duration how long its deploy took (zero when not started)
     */
    public record DatabaseResult(String name, String target, int wave, Outcome outcome, List<String> applied,
                                 String error, Duration duration) {
        /**
         * Copies the list of applied migrations.
         *
         * @param name     its name in the fleet
         * @param target   where it is (password masked)
         * @param wave     0 for the canary phase, then 1, 2, ...; -1 when not started
         * @param outcome  how it ended
         * @param applied  the migrations applied (folder names), in order
         * @param error    why it failed, or null
         * @param duration how long its deploy took
         */
        public DatabaseResult {
            applied = List.copyOf(applied);
        }
    }

    /**
     * What a fleet deploy did.
     *
     * @param databases one result per database, in deploy order (canary first)
     * @param haltedBy  the databases whose failure halted the fleet (empty when it did not halt)
     * @param duration  the fleet deploy's wall time
     */
    public record Report(List<DatabaseResult> databases, List<String> haltedBy, Duration duration) {
        /**
         * Copies the lists.
         *
         * @param databases one result per database
         * @param haltedBy  the failed databases
         * @param duration  the wall time
         */
        public Report {
            databases = List.copyOf(databases);
            haltedBy = List.copyOf(haltedBy);
        }

        /**
         * Whether a failure halted the fleet.
         *
         * @return true when some database failed
         */
        public boolean halted() {
            return !haltedBy.isEmpty();
        }

        /**
         * The results with this outcome, in deploy order.
         *
         * @param outcome the outcome
         * @return the matching results
         */
        public List<DatabaseResult> with(Outcome outcome) {
            return databases.stream().filter(d -> d.outcome() == outcome).toList();
        }
    }

    /** A database's state in {@link #status}. */
    public enum State {
        /** Every migration applied, every backfill done (and no drift, when checked). */
        UP_TO_DATE("up to date"),
        /** Migrations (or backfills) left for a deploy. */
        PENDING("pending"),
        /** A migration failed or was interrupted. */
        FAILED("failed"),
        /** The live schema differs from what the applied migrations produce. */
        DRIFT("drift"),
        /** The history and the files disagree (a migration edited after apply, or missing on disk). */
        ATTENTION("needs attention"),
        /** The database could not be reached or read. */
        UNREACHABLE("unreachable");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /**
         * How it is printed.
         *
         * @return a short lower-case label
         */
        public String label() {
            return label;
        }
    }

    /**
     * One database's status.
     *
     * @param name        its name in the fleet
     * @param target      where it is (password masked)
     * @param state       its state
     * @param pending     how many migrations a deploy would run (plus unfinished backfills and changed repeatable
     *                    scripts)
     * @param lastApplied the newest applied migration (folder name), or null
     * @param error       the failure, drift or attention detail (one line), or null
     */
    public record DatabaseStatus(String name, String target, State state, int pending, String lastApplied,
                                 String error) {
        /**
         * Whether this database needs nothing.
         *
         * @return true when up to date
         */
        public boolean upToDate() {
            return state == State.UP_TO_DATE;
        }
    }
}
