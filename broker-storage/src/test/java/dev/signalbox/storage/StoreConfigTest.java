package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    private static final Path DIR = Path.of("data");

    @Test
    void defaultsMatchTheDesign() {
        StoreConfig config = StoreConfig.defaults(DIR);
        assertEquals(64 << 20, config.segmentBytes());
        assertEquals(8192, config.writeQueueCapacity());
        assertEquals(4 << 20, config.maxRecordBytes());
        assertEquals(Duration.ofMillis(500), config.asyncFlushInterval());
    }

    @Test
    void rejectsBadValues() {
        Duration ms = Duration.ofMillis(1);
        assertThrows(NullPointerException.class, () -> new StoreConfig(null, 4096, 1, 1024, ms));
        assertThrows(NullPointerException.class, () -> new StoreConfig(DIR, 4096, 1, 1024, null));
        assertThrows(IllegalArgumentException.class, () -> new StoreConfig(DIR, 1000, 1, 512, ms));
        assertThrows(IllegalArgumentException.class, () -> new StoreConfig(DIR, 4096, 0, 1024, ms));
        assertThrows(IllegalArgumentException.class, () -> new StoreConfig(DIR, 4096, 1, 4097, ms));
        assertThrows(IllegalArgumentException.class, () -> new StoreConfig(DIR, 4096, 1, 63, ms));
        assertThrows(IllegalArgumentException.class, () -> new StoreConfig(DIR, 4096, 1, 1024, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new StoreConfig(DIR, 4096, 1, 1024, ms.negated()));
    }

    @Test
    void namesFollowTheRule() {
        assertTrue(StoreNames.isValidName("Orders.v2_eu@prod-1"));
        assertTrue(StoreNames.isValidName("..."));
        assertFalse(StoreNames.isValidName("."));
        assertFalse(StoreNames.isValidName(".."));
        assertFalse(StoreNames.isValidName("a/b"));
        assertFalse(StoreNames.isValidName("a\\b"));
        assertFalse(StoreNames.isValidName(null));
        assertTrue(StoreNames.isValidName("x".repeat(200)));
        assertFalse(StoreNames.isValidName("x".repeat(201)));
        assertEquals(1024, StoreNames.requireKey("é".repeat(512)).length);
        assertThrows(IllegalArgumentException.class, () -> StoreNames.requireKey("é".repeat(513)));
    }
}
