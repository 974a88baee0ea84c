package dev.manor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-driven JSON writer against the record it writes: no component forgotten, every value kept. */
class ReportsTest {

    @Test
    void everyComponentIsWrittenUnderItsNameInOrderAndReadsBackEqual() throws Exception {
        ExecutionReport report = new ExecutionReport(1, 2, 3, 4, 5, 6, 7, 8,
                List.of("AccessExclusiveLock on \"odd\\name\"", "ShareLock on t"), 9, 10, 11, 12);
        String json = Reports.toJson(report);

        List<String> written = new ArrayList<>();
        Iterator<String> names = new ObjectMapper().readTree(json).fieldNames();
        names.forEachRemaining(written::add);
        List<String> components = Arrays.stream(ExecutionReport.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertEquals(components, written);
        assertEquals(report, Reports.fromJson(json));
    }

    @Test
    void noLocksIsAnEmptyArray() {
        String json = Reports.toJson(new ExecutionReport(0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, 0));
        assertEquals(true, json.contains("\"locksHeld\":[]"), json);
    }
}
