package dev.signalbox.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchParseTest {

    private static final String GOOD = "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/s\",\"type\":\"t\","
            + "\"data\": { \"a\" : 1.50,  \"b\":[ \"é\" ] } }";

    @Test
    void keepsEachEntrysDataAsPostedAndFailsOnlyTheBadOnes() {
        String batch = "[ " + GOOD.formatted("1") + ", {\"id\":\"2\"}, 42, " + GOOD.formatted("3") + " ]";
        List<BatchEntry> entries = StructuredEvents.parseBatch(bytes(batch), 10, 1024);
        assertEquals(4, entries.size());
        assertArrayEquals(
                bytes("{ \"a\" : 1.50,  \"b\":[ \"é\" ] }"),
                entries.get(0).event().orElseThrow().data());
        assertEquals(
                ErrorType.EVENT_INVALID, entries.get(1).error().orElseThrow().type());
        assertEquals(
                ErrorType.EVENT_MALFORMED, entries.get(2).error().orElseThrow().type());
        assertEquals("3", entries.get(3).event().orElseThrow().id());
    }

    @Test
    void anEntryOverTheEventLimitFailsAlone() {
        String big = GOOD.formatted("big").replace("1.50", "\"" + "x".repeat(2000) + "\"");
        List<BatchEntry> entries =
                StructuredEvents.parseBatch(bytes("[" + big + "," + GOOD.formatted("ok") + "]"), 10, 1024);
        assertEquals(
                ErrorType.EVENT_TOO_LARGE, entries.get(0).error().orElseThrow().type());
        assertTrue(entries.get(1).event().isPresent());
    }

    @Test
    void tooManyEntriesFailTheBatch() {
        String batch = "[" + GOOD.formatted("1") + "," + GOOD.formatted("2") + "," + GOOD.formatted("3") + "]";
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> StructuredEvents.parseBatch(bytes(batch), 2, 1024));
        assertEquals(ErrorType.BATCH_TOO_LARGE, e.type());
    }

    @Test
    void malformedJsonOrANonArrayFailTheBatch() {
        for (String body : List.of("", "{}", "[" + GOOD.formatted("1"), "[] []", "[1,]")) {
            SignalboxException e = assertThrows(
                    SignalboxException.class, () -> StructuredEvents.parseBatch(bytes(body), 10, 1024), body);
            assertEquals(ErrorType.EVENT_MALFORMED, e.type(), body);
        }
    }

    @Test
    void dataPastTheNestingBoundFailsTheBatchNamingTheBound() {
        // The batch's array is the first level and each event the second.
        String deep = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":"
                + "[".repeat(999) + "]".repeat(999) + "}";
        SignalboxException e = assertThrows(
                SignalboxException.class, () -> StructuredEvents.parseBatch(bytes("[" + deep + "]"), 10, 4096));
        assertEquals(ErrorType.EVENT_MALFORMED, e.type());
        assertTrue(e.detail().contains("nest deeper than 1000 levels, the most Signalbox reads"), e.detail());
    }

    @Test
    void anEmptyBatchIsEmpty() {
        assertTrue(StructuredEvents.parseBatch(bytes(" [ ] "), 10, 1024).isEmpty());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
