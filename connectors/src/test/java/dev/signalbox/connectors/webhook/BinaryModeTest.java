package dev.signalbox.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
        assertEquals(value, BinaryMode.decode(BinaryMode.encode(value)));
    }

    @Test
    void clientsThatDoNotEncodeAreUnderstoodToo() {
        // Raw Latin-1 text, as the CloudEvents Java SDK's Vert.x writer sends it.
        assertEquals("Grüße 100%", BinaryMode.decode("Grüße 100%"));
        // Raw UTF-8 bytes, as they reach the server: one ISO-8859-1 character per byte.
        String rawUtf8 = new String("Köln 日本".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("Köln 日本", BinaryMode.decode(rawUtf8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "%zz", "50% off", "a%2"})
    void aPercentWithoutTwoHexDigitsIsKeptAsItIs(String value) {
        assertEquals(value, BinaryMode.decode(value));
    }

    @Test
    void escapesThatAreNotUtf8AreReadAsLatin1() {
        assertEquals("\u00ff\u00fe", BinaryMode.decode("%FF%FE"));
    }
}
