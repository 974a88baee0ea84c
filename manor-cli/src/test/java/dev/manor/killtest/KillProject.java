package dev.manor.killtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes the kill test's project: {@value #DEFAULT_MIGRATIONS} migrations (or as many as asked) of every kind whose double or missed
 * application shows in the data. Deterministic for a seed and a row count.
 * <ul>
 * <li>init: {@code counters} (one row per later migration, n = 0) and two tables of {@code rows} rows whose
 * trigger counts every update of a row in {@code upd_count}</li>
 * <li>ddl / slow-ddl: transactional DDL (tables, columns, views, functions); slow ones hold a
 * {@value #SLOW_TX} so that a kill lands mid-transaction</li>
 * <li>data: transactional {@code UPDATE counters SET n = n + k}: applied twice shows as 2k</li>
 * <li>notx: {@code -- manor:no-transaction}, several CREATE INDEX CONCURRENTLY and a slow
 * {@code UPDATE counters SET n = n + k} ({@value #SLOW_NOTX}: the server finishes it after its client died);
 * its down is no-transaction too (the same UPDATE with -k, then DROP INDEX CONCURRENTLY)</li>
 * <li>backfill: ADD COLUMN, then a backfill.sql over every row in fixed batches: a batch applied twice
 * raises upd_count, a batch lost leaves NULLs</li>
 * </ul>
 * The last {@value #ROLLED_BACK} migrations hold every kind, so rolling back to {@link #rollbackTarget()}
 * runs transactional and no-transaction downs.
 */
public final class KillProject {
    /** The project size; smaller projects keep the same tail and shrink the head. */
    public static final int DEFAULT_MIGRATIONS = 40;
    public static final int MIN_MIGRATIONS = 14;
    public static final int ROLLED_BACK = 8;
    /** Markers the harness polls pg_stat_activity for (aimed kills while the server runs the statement). */
    public static final String SLOW_TX = "pg_sleep(0.25)";
    public static final String SLOW_NOTX = "pg_sleep(0.3)";
    public static final String SLOW_NOTX_DOWN = "pg_sleep(0.31)";

    enum Kind { INIT, DDL, SLOW_DDL, DATA, NOTX, BACKFILL }

    /** One generated migration: its folder name and kind. */
    public record Entry(String folder, Kind kind) {
        public String id() {
            return folder.substring(0, 14);
        }
    }

    private final Path root;
    private final List<Entry> entries;

    private KillProject(Path root, List<Entry> entries) {
        this.root = root;
        this.entries = entries;
    }

    public Path root() {
        return root;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Every id after this one is rolled back by the rollback trials. */
    public String rollbackTarget() {
        return entries.get(entries.size() - ROLLED_BACK - 1).id();
    }

    public List<String> ids() {
        return entries.stream().map(Entry::id).toList();
    }

    public static KillProject write(Path root, long seed, int rows, int migrations) {
        if (migrations < MIN_MIGRATIONS) {
            throw new IllegalArgumentException("a kill-test project has at least " + MIN_MIGRATIONS + " migrations");
        }
        Random random = new Random(seed);
        // The head (after init, before the rolled-back tail) in the proportions of the 31 of the 40-migration
        // project: 13 DDL, 2 slow DDL, 11 data, 4 no-transaction, 1 backfill.
        int size = migrations - 1 - ROLLED_BACK;
        int notx = Math.max(1, Math.round(size * 4f / 31));
        int slow = Math.max(1, Math.round(size * 2f / 31));
        int data = Math.max(1, Math.round(size * 11f / 31));
        List<Kind> head = new ArrayList<>();
        add(head, Kind.NOTX, notx);
        add(head, Kind.SLOW_DDL, slow);
        add(head, Kind.DATA, data);
        add(head, Kind.BACKFILL, 1);
        add(head, Kind.DDL, size - head.size());
        Collections.shuffle(head, random);
        List<Kind> tail = new ArrayList<>(List.of(Kind.NOTX, Kind.NOTX, Kind.BACKFILL, Kind.DATA, Kind.DATA, Kind.DATA,
                Kind.DDL, Kind.SLOW_DDL));
        Collections.shuffle(tail, random);
        List<Kind> kinds = new ArrayList<>();
        kinds.add(Kind.INIT);
        kinds.addAll(head);
        kinds.addAll(tail);

        Generator g = new Generator(root.resolve("migrations"), random, rows, kinds);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            entries.add(g.write(i));
        }
        return new KillProject(root, List.copyOf(entries));
    }

    private static void add(List<Kind> list, Kind kind, int n) {
        for (int i = 0; i < n; i++) {
            list.add(kind);
        }
    }

    /** Writes one migration at a time; remembers the small tables so later DDL has something to alter. */
    private static final class Generator {
        private static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 9, 0);
        private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

        private final Path dir;
        private final Random random;
        private final int rows;
        private final List<Kind> kinds;
        private final List<String> smallTables = new ArrayList<>();
        private int backfills;

        Generator(Path dir, Random random, int rows, List<Kind> kinds) {
            this.dir = dir;
            this.random = random;
            this.rows = rows;
            this.kinds = kinds;
        }

        Entry write(int i) {
            Kind kind = kinds.get(i);
            String folder = START.plusHours(i).format(ID) + "_" + kind.name().toLowerCase() + "_" + i;
            String up;
            String down;
            String backfill = null;
            switch (kind) {
                case INIT -> {
                    up = init();
                    down = "DROP TABLE big_b;\nDROP TABLE big_a;\nDROP FUNCTION bump_upd_count();\nDROP TABLE counters;\n";
                }
                case DDL, SLOW_DDL -> {
                    String[] ud = ddl(i, kind == Kind.SLOW_DDL);
                    up = ud[0];
                    down = ud[1];
                }
                case DATA -> {
                    int k = 10 + random.nextInt(90);
                    up = "UPDATE counters SET n = n + " + k + " WHERE name = 'm" + i + "';\n"
                            + "UPDATE counters SET n = n + 1 WHERE name = 'data_migrations';\n";
                    down = "UPDATE counters SET n = n - 1 WHERE name = 'data_migrations';\n"
                            + "UPDATE counters SET n = n - " + k + " WHERE name = 'm" + i + "';\n";
                }
                case NOTX -> {
                    String[] ud = notx(i);
                    up = ud[0];
                    down = ud[1];
                }
                case BACKFILL -> {
                    String table = backfills++ % 2 == 0 ? "big_a" : "big_b";
                    String column = "score_" + i;
                    up = "ALTER TABLE " + table + " ADD COLUMN " + column + " bigint;\n";
                    down = "ALTER TABLE " + table + " DROP COLUMN " + column + ";\n";
                    int batch = Math.max(10, rows / 25);
                    // No "WHERE score IS NULL": a batch applied twice must raise upd_count, not hide.
                    backfill = "-- manor:backfill batch=" + batch + "\n"
                            + "UPDATE " + table + " SET " + column + " = (id * " + (3 + random.nextInt(7)) + " + grp) % 1000;\n";
                }
                default -> throw new IllegalStateException(kind.name());
            }
            Path m = dir.resolve(folder);
            try {
                Files.createDirectories(m);
                Files.writeString(m.resolve("migration.sql"), up);
                Files.writeString(m.resolve("down.sql"), down);
                if (backfill != null) {
                    Files.writeString(m.resolve("backfill.sql"), backfill);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Entry(folder, kind);
        }

        private String init() {
            StringBuilder b = new StringBuilder();
            b.append("CREATE TABLE counters (name text PRIMARY KEY, n bigint NOT NULL);\n");
            b.append("INSERT INTO counters (name, n) VALUES ('data_migrations', 0)");
            for (int i = 1; i < kinds.size(); i++) {
                if (kinds.get(i) == Kind.DATA || kinds.get(i) == Kind.NOTX) {
                    b.append(", ('m").append(i).append("', 0)");
                }
            }
            b.append(";\n");
            b.append("""
                    CREATE FUNCTION bump_upd_count() RETURNS trigger LANGUAGE plpgsql AS $f$
                    BEGIN
                      NEW.upd_count := OLD.upd_count + 1;
                      RETURN NEW;
                    END $f$;
                    """);
            for (String t : List.of("big_a", "big_b")) {
                b.append("CREATE TABLE ").append(t).append(" (id bigint PRIMARY KEY, grp int NOT NULL, label text NOT NULL,"
                        + " upd_count int NOT NULL DEFAULT 0);\n");
                b.append("CREATE TRIGGER ").append(t).append("_upd_count BEFORE UPDATE ON ").append(t)
                        .append(" FOR EACH ROW EXECUTE FUNCTION bump_upd_count();\n");
                b.append("INSERT INTO ").append(t).append(" (id, grp, label) SELECT g, g % 97, md5('").append(t)
                        .append("' || g) FROM generate_series(1, ").append(rows).append(") g;\n");
            }
            return b.toString();
        }

        private String[] ddl(int i, boolean slow) {
            StringBuilder up = new StringBuilder();
            StringBuilder down = new StringBuilder();
            int choice = smallTables.isEmpty() ? 0 : random.nextInt(4);
            switch (choice) {
                case 0 -> {
                    String t = "t" + i;
                    smallTables.add(t);
                    up.append("CREATE TABLE ").append(t).append(" (id bigint PRIMARY KEY, v text NOT NULL);\n");
                    up.append("INSERT INTO ").append(t).append(" (id, v) SELECT g, md5('").append(t)
                            .append("' || g) FROM generate_series(1, ").append(5 + random.nextInt(50)).append(") g;\n");
                    down.append("DROP TABLE ").append(t).append(";\n");
                }
                case 1 -> {
                    String t = smallTables.get(random.nextInt(smallTables.size()));
                    up.append("ALTER TABLE ").append(t).append(" ADD COLUMN c").append(i).append(" bigint DEFAULT ")
                            .append(random.nextInt(1000)).append(";\n");
                    down.append("ALTER TABLE ").append(t).append(" DROP COLUMN c").append(i).append(";\n");
                }
                case 2 -> {
                    up.append("CREATE VIEW v").append(i).append(" AS SELECT name, n * ").append(1 + random.nextInt(5))
                            .append(" AS scaled FROM counters;\n");
                    down.append("DROP VIEW v").append(i).append(";\n");
                }
                default -> {
                    up.append("CREATE FUNCTION f").append(i).append("(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$"
                            + " SELECT x + ").append(random.nextInt(1000)).append(" $$;\n");
                    down.append("DROP FUNCTION f").append(i).append("(bigint);\n");
                }
            }
            if (slow) {
                up.append("SELECT ").append(SLOW_TX).append(";\n");
                up.append("COMMENT ON TABLE counters IS 'touched by migration ").append(i).append("';\n");
                down.append("COMMENT ON TABLE counters IS NULL;\n");
            }
            return new String[] {up.toString(), down.toString()};
        }

        private String[] notx(int i) {
            String table = random.nextBoolean() ? "big_a" : "big_b";
            int indexes = 2 + random.nextInt(2);
            int k = 10 + random.nextInt(90);
            List<String> names = new ArrayList<>();
            StringBuilder up = new StringBuilder("-- manor:no-transaction\n");
            for (int j = 0; j < indexes; j++) {
                String name = "ix" + i + "_" + j;
                names.add(name);
                String columns = switch (j % 3) {
                    case 0 -> "grp, id";
                    case 1 -> "label";
                    default -> "grp, label";
                };
                up.append("CREATE INDEX CONCURRENTLY ").append(name).append(" ON ").append(table).append(" (")
                        .append(columns).append(");\n");
                if (j == 0) {
                    up.append("UPDATE counters SET n = n + ").append(k).append(" FROM ").append(SLOW_NOTX)
                            .append(" AS s WHERE counters.name = 'm").append(i).append("';\n");
                }
            }
            StringBuilder down = new StringBuilder("-- manor:no-transaction\n");
            down.append("UPDATE counters SET n = n - ").append(k).append(" FROM ").append(SLOW_NOTX_DOWN)
                    .append(" AS s WHERE counters.name = 'm").append(i).append("';\n");
            for (int j = names.size() - 1; j >= 0; j--) {
                down.append("DROP INDEX CONCURRENTLY ").append(names.get(j)).append(";\n");
            }
            return new String[] {up.toString(), down.toString()};
        }
    }
}
