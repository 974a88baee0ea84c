import org.flywaydb.core.Flyway;

/** {@code FlywayRun migrate|info <jdbc-url> <user> <folder>}: Flyway's migrate or info, as its command line would run them. */
public final class FlywayRun {
    public static void main(String[] args) {
        Flyway flyway = Flyway.configure().dataSource(args[1], args[2], "").locations("filesystem:" + args[3]).load();
        if (args[0].equals("migrate")) {
            System.out.println("applied " + flyway.migrate().migrationsExecuted);
        } else {
            System.out.println(flyway.info().all().length + " migrations");
        }
    }
}
