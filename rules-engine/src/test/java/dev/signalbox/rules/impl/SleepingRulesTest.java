package dev.signalbox.rules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What "one pass for all rules" means, checked by what is woken rather than by time: beside tens
 * of thousands of rules that test other values, an event wakes only rules its own values reach. A
 * machine that tried each rule in turn, or each rule testing a field the event has, would wake
 * the others too.
 *
 * <p>Every kind of condition that can file a rule (exact strings and numbers, prefixes and
 * suffixes, their case-folded forms, numeric ranges, CIDR blocks, wildcards, {@code $or}, arrays
 * of objects) has rules the events reach and rules with other values that they must not touch.
 */
class SleepingRulesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int NEAR = 36;
    private static final int SLEEPING = 6_000;
    private static final int SHAPES = 12;

    @Test
    void anEventWakesOnlyRulesItsOwnValuesReach() throws Exception {
        MatchIndex near = MatchIndex.EMPTY;
        for (int i = 0; i < NEAR; i++) {
            near = near.with("near-" + i, compile(rule(i % SHAPES, i)));
        }
        MatchIndex crowded = near;
        for (int i = 0; i < SLEEPING; i++) {
            crowded = crowded.with("sleeping-" + i, compile(rule(i % SHAPES, 1_000 + i)));
        }
        assertEquals(NEAR + SLEEPING, crowded.size());

        int matchedInAll = 0;
        for (int n = 0; n < NEAR; n++) {
            JsonNode event = event(n);
            Set<String> alone = MatchRun.wake(near, EventFields.of(event, near.names, false))
                    .wokenRules();
            Set<String> beside = MatchRun.wake(crowded, EventFields.of(event, crowded.names, false))
                    .wokenRules();
            assertFalse(alone.isEmpty(), "event " + n + " reaches some near rule");
            for (String rule : beside) {
                assertTrue(rule.startsWith("near-"), "event " + n + " woke " + rule + ", which tests other values");
            }
            Set<String> matched = near.match(event);
            assertTrue(alone.containsAll(matched) && beside.containsAll(matched), "event " + n + ": " + matched);
            assertEquals(matched, crowded.match(event), "rules event " + n + " matches");
            matchedInAll += matched.size();
        }
        assertTrue(matchedInAll >= NEAR, matchedInAll + " matches over " + NEAR + " events");
    }

    private static CompiledPattern compile(String json) throws Exception {
        PatternCompiler.Result result = PatternCompiler.compile(MAPPER.readTree(json));
        assertTrue(result.violations().isEmpty(), json + ": " + result.violations());
        return result.pattern();
    }

    /** A rule of one shape whose selective condition holds for the event of number {@code n} only. */
    private static String rule(int shape, int n) {
        String text =
                switch (shape) {
                    case 0 -> "{'data': {'customer': ['cust-N'], 'region': [{'anything-but': 'ap'}]}}";
                    case 1 -> "{'data': {'order': [{'prefix': 'ord-N-'}], 'currency': ['EUR', 'USD']}}";
                    case 2 -> "{'data': {'email': [{'suffix': '@tenantN.example'}]}, 'source': [{'prefix': 'com.'}]}";
                    case 3 -> "{'data': {'city': [{'equals-ignore-case': 'city-N'}], 'flags': {'test': [false]}}}";
                    case 4 -> "{'data': {'code': [{'prefix': {'equals-ignore-case': 'CODE-N-'}}]}}";
                    case 5 -> "{'data': {'amount': [{'numeric': ['>=', N, '<', N.75]}], 'status': [{'exists': true}]}}";
                    case 6 -> "{'data': {'qty': [N], 'region': ['eu', 'us']}}";
                    case 7 -> "{'data': {'ip': [{'cidr': '10.HI.LO.0/24'}]}}";
                    case 8 -> "{'data': {'path': [{'wildcard': 'path-N/*/end'}]}}";
                    case 9 -> "{'$or': [{'data': {'customer': ['cust-N']}}, {'data': {'order': [{'prefix': 'ord-N-'}]}}]}";
                    case 10 -> "{'data': {'items': {'sku': ['sku-N'], 'price': [{'numeric': ['<', 500]}]}}}";
                    default -> "{'data': {'email': [{'suffix': {'equals-ignore-case': '@CORPN.EXAMPLE'}}]}}";
                };
        return numbered(text, n);
    }

    /** An event whose values meet the selective condition of every shape for number {@code n}. */
    private static JsonNode event(int n) throws Exception {
        return MAPPER.readTree(numbered(
                "{'specversion': '1.0', 'source': 'com.example', 'data': {'customer': 'cust-N', 'region': 'eu',"
                        + " 'order': 'ord-N-77', 'currency': 'EUR', 'email': ['someone@tenantN.example',"
                        + " 'boss@corpN.example'], 'city': 'CITY-N', 'flags': {'test': false}, 'code': 'code-N-zz',"
                        + " 'amount': N.5, 'status': 'new', 'qty': N, 'ip': '10.HI.LO.9', 'path': 'path-N/x/end',"
                        + " 'items': [{'sku': 'sku-N', 'price': 20}, {'sku': 'sku-x', 'price': 900}]}}",
                n));
    }

    private static String numbered(String text, int n) {
        return text.replace("HI", Integer.toString(n / 256))
                .replace("LO", Integer.toString(n % 256))
                .replace("N", Integer.toString(n))
                .replace('\'', '"');
    }
}
