package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CesqlFilterTest {
    private static Event event() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "e1");
        attributes.put("source", "https://shop.example/orders");
        attributes.put("type", "com.example.order.created");
        attributes.put("subject", "orders/42");
        attributes.put("time", "2025-03-01T10:00:00Z");
        attributes.put("datacontenttype", "application/json");
        attributes.put("retries", 3);
        attributes.put("sampled", true);
        attributes.put("tenant", "acme");
        return new Event(attributes, "{\"amount\": 5}".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "type = 'com.example.order.created'                     | true",
                "type LIKE 'com.example.%'                              | true",
                "type LIKE 'com.other.%'                                | false",
                "retries > 2 AND sampled                                | true",
                "retries >= 4 OR tenant = 'acme'                        | true",
                "NOT sampled                                            | false",
                "EXISTS tenant AND NOT EXISTS missing                   | true",
                "subject = 'orders/42' AND source LIKE 'https://%'      | true",
                "UPPER(tenant) = 'ACME'                                 | true",
                "missing = 'x'                                          | false",
                "retries + 'x' = 1                                      | false",
                "'a string, not a boolean'                              | false",
                "EXISTS time AND EXISTS datacontenttype                  | true"
            })
    void evaluatesAgainstAttributesAndExtensions(String expression, boolean expected) {
        assertEquals(expected, CesqlFilter.parse(expression).matches(event()), expression);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "type =                 | line 1, column 7",
                "type ==== 'x'          | line 1, column 7",
                "(type = 'x'            | line 1, column 12",
                "type = 'x' AND         | line 1, column 15",
                "'unterminated          | line 1, column 1"
            })
    void parseErrorsSayWhere(String expression, String where) {
        SignalboxException e = assertThrows(SignalboxException.class, () -> CesqlFilter.parse(expression));
        assertEquals(ErrorType.PATTERN_INVALID, e.type());
        assertTrue(e.detail().contains(where), e.detail());
        assertEquals(1, e.violations().size());
    }

    @Test
    void keepsItsText() {
        CesqlFilter filter = CesqlFilter.parse("sampled");
        assertEquals("sampled", filter.expression());
        assertEquals(CesqlFilter.parse("sampled"), filter);
        assertFalse(filter.equals(CesqlFilter.parse("NOT sampled")));
    }
}
