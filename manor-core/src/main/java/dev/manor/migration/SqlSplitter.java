package dev.manor.migration;

import java.util.List;

/** Cuts a PostgreSQL script into statements. (Implementation in progress.) */
public final class SqlSplitter {
    private SqlSplitter() {
    }

    public static List<SqlStatement> split(String script, String fileName) {
        throw new UnsupportedOperationException("splitter not written yet");
    }
}
