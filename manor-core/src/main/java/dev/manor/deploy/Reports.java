package dev.manor.deploy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** JSON form of execution reports as stored in manor_migrations.report. */
public final class Reports {
    /**
     * Writing goes through jackson-core's streaming generator, not an ObjectMapper: every deploy writes reports,
     * and a cold ObjectMapper's first record costs about 330 ms of class loading and introspection (measured on a
     * 2-core machine: 385 ms against 60 ms). Reading, which status and log do, keeps the ObjectMapper.
     */
    private static final JsonFactory FACTORY = new JsonFactory();

    private Reports() {
    }

    /** Loads the writer's classes before a migration takes its locks, not while it holds them. */
    public static void warmUp() {
        toJson(new ExecutionReport(0, 0, 0, 0, 0, 0, 0, 0, java.util.List.of("warm-up"), 0, 0, 0));
    }

    /** The report as one JSON object whose fields are the record's components, in their order. */
    public static String toJson(ExecutionReport r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("durationMs", r.durationMs());
            g.writeNumberField("lockWaitMs", r.lockWaitMs());
            g.writeNumberField("retries", r.retries());
            g.writeNumberField("statements", r.statements());
            g.writeNumberField("rowsChanged", r.rowsChanged());
            g.writeNumberField("walBytes", r.walBytes());
            g.writeNumberField("connections", r.connections());
            g.writeNumberField("maxConnections", r.maxConnections());
            g.writeArrayFieldStart("locksHeld");
            for (String lock : r.locksHeld()) {
                g.writeString(lock);
            }
            g.writeEndArray();
            g.writeNumberField("longestLockHoldMs", r.longestLockHoldMs());
            g.writeNumberField("blockedSessions", r.blockedSessions());
            g.writeNumberField("longestWaitMs", r.longestWaitMs());
            g.writeNumberField("replicaLagPeakMs", r.replicaLagPeakMs());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    public static ExecutionReport fromJson(String json) {
        try {
            return json == null ? null : Reader.JSON.readValue(json, ExecutionReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable report: " + e.getMessage(), e);
        }
    }

    /** Holds the ObjectMapper, so that writing alone never builds one. */
    private static final class Reader {
        private static final ObjectMapper JSON = new ObjectMapper();
    }
}
