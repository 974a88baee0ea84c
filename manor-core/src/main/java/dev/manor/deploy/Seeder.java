package dev.manor.deploy;

import dev.manor.text.Plural;
import dev.manor.ManorException;
import dev.manor.history.Event;
import dev.manor.migration.MigrationRepository;
import dev.manor.migration.SqlSplitter;
import dev.manor.migration.SqlStatement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** {@code manor seed}: runs the seed file in one transaction. */
public final class Seeder {
    private final DeployContext ctx;

    public Seeder(DeployContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the seed; returns the number of statements, or -1 when the project has no seed file. */
    public int seed() {
        Path file = ctx.config().seedFile();
        if (file == null || !Files.isRegularFile(file)) {
            return -1;
        }
        String text;
        try {
            text = MigrationRepository.read(file);
        } catch (IOException e) {
            throw new ManorException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        List<SqlStatement> statements = SqlSplitter.split(text, name);
        MigrationExecutor.checkNoTransactionControl(name, statements);
        return ctx.withConnection(c -> {
            c.setAutoCommit(false);
            try {
                for (SqlStatement st : statements) {
                    run(c, name, st);
                }
                ctx.history().ensureTables(c);
                ctx.history().record(c, Event.of("seed", null, "ok", Plural.count(statements.size(), "statement") + " from " + name));
                c.commit();
                return statements.size();
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }

    private static void run(Connection c, String file, SqlStatement st) {
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute(st.sql());
        } catch (java.sql.SQLException e) {
            throw StatementFailure.describe(file, st, e);
        }
    }
}
