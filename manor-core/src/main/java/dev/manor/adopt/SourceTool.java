package dev.manor.adopt;

import dev.manor.ManorException;

import java.util.Arrays;
import java.util.Locale;

/** The tools whose migrations Manor imports, with the table each keeps its history in. */
public enum SourceTool {
    PRISMA("Prisma", "_prisma_migrations"),
    FLYWAY("Flyway", "flyway_schema_history"),
    LIQUIBASE("Liquibase", "databasechangelog");

    private final String displayName;
    private final String historyTable;

    SourceTool(String displayName, String historyTable) {
        this.displayName = displayName;
        this.historyTable = historyTable;
    }

    /** As people write it: Prisma, Flyway, Liquibase. */
    public String displayName() {
        return displayName;
    }

    /** The tool's history table (Flyway's default name; Liquibase also keeps databasechangeloglock). */
    public String historyTable() {
        return historyTable;
    }

    /** The tables the tool leaves in the application's schema, for the drift ignore list. */
    public java.util.List<String> ownTables() {
        return this == LIQUIBASE ? java.util.List.of("databasechangelog", "databasechangeloglock")
                : java.util.List.of(historyTable);
    }

    /** The command-line name: prisma, flyway, liquibase. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a command-line name; an unknown one is a one-line error listing the known ones. */
    public static SourceTool parse(String name) {
        for (SourceTool t : values()) {
            if (t.cliName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return t;
            }
        }
        throw new ManorException("unknown tool '" + name + "': manor imports from "
                + String.join(", ", Arrays.stream(values()).map(SourceTool::cliName).toList()));
    }

    /** The importer that reads this tool's folder and history table. */
    public Importer importer() {
        return switch (this) {
            case PRISMA -> new PrismaImporter();
            case FLYWAY -> new FlywayImporter();
            case LIQUIBASE -> new LiquibaseImporter();
        };
    }
}
