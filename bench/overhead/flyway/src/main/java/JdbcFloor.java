import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code JdbcFloor <jdbc-url> <user> <folder>}: the psql floor's work through pgjdbc in a JVM, the least a Java
 * tool can do: per file of the Flyway-format folder (in name order), the DDL and one history INSERT in one
 * transaction (pgjdbc sends BEGIN with the DDL: three round trips). No checks, no report, no output per migration.
 */
public final class JdbcFloor {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[2]))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        try (Connection c = DriverManager.getConnection(args[0], args[1], "")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS floor_history (id text PRIMARY KEY, checksum text NOT NULL,"
                        + " applied_at timestamptz NOT NULL DEFAULT now())");
            }
            c.setAutoCommit(false);
            for (Path f : files) {
                String sql = Files.readString(f);
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO floor_history (id, checksum) VALUES (?, md5(?))")) {
                    ps.setString(1, f.getFileName().toString());
                    ps.setString(2, sql);
                    ps.executeUpdate();
                }
                c.commit();
            }
        }
        System.out.println("applied " + files.size());
    }
}
