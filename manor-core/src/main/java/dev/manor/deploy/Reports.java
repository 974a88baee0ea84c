package dev.manor.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON form of execution reports as stored in manor_migrations.report. */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {
    }

    /**
     * Serialises a report once so that Jackson's first-use cost (hundreds of ms in a cold JVM) is paid
     * before a migration takes its locks, not while it holds them during the history write.
     */
    public static void warmUp() {
        toJson(new ExecutionReport(0, 0, 0, 0, 0, 0, 0, 0, java.util.List.of("warm-up"), 0, 0, 0));
    }

    public static String toJson(ExecutionReport report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ExecutionReport fromJson(String json) {
        try {
            return json == null ? null : JSON.readValue(json, ExecutionReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable report: " + e.getMessage(), e);
        }
    }
}
