package dev.signalbox.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryModeTest {

    @Test
    void encodesWhatAHeaderCannotCarry() {
        assertEquals("plain-ascii/value", BinaryMode.encode("plain-ascii/value"));
        assertEquals("a%20b%22c%25d", BinaryMode.encode("a b\"c%d"));
        assertEquals("%C3%A9t%C3%A9", BinaryMode.encode("été"));
        assertEquals("%F0%9F%9A%82", BinaryMode.encode("🚂"));
        assertEquals("tab%09nl%0A", BinaryMode.encode("tab\tnl\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "simple", "with space", "100%", "Grüße aus Köln", "日本語", "🚂 train", "\"quoted\""})
    void decodeReversesEncode(String value) {
        assertEquals(value, BinaryMode.decode(BinaryMode.encode(value)).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "%zz", "%C3", "%FF%FE"})
    void brokenEscapesAreRefused(String value) {
        assertTrue(BinaryMode.decode(value).isEmpty(), value);
    }
}
