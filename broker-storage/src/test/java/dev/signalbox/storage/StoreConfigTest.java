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
        assertEquals(1 << 30, config.segmentBytes());
        assertEquals(8192, config.writeQueueCapacity());
        assertEquals(4 << 20, config.maxRecordBytes());
        assertEquals(Duration.ofMillis(500), config.asyncFlushInterval());
        assertEquals(Duration.ofDays(7), config.retentionAge());
        assertEquals(Long.MAX_VALUE, config.retentionBytes());
        assertEquals(1L << 30, config.residentLogBytes());
        assertEquals(config, config.toBuilder().build());
        assertEquals(Path.of("other"), config.withDataDir(Path.of("other")).dataDir());
    }

    @Test
    void smallSegmentsGetAFittingRecordLimitUnlessOneIsChosen() {
        assertEquals(
                4096 - 8, StoreConfig.builder(DIR).segmentBytes(4096).build().maxRecordBytes());
        assertThrows(IllegalArgumentException.class, () -> StoreConfig.builder(DIR)
                .segmentBytes(4096)
                .maxRecordBytes(4096)
                .build());
    }

    @Test
    void rejectsBadValues() {
        assertThrows(NullPointerException.class, () -> StoreConfig.builder(null).build());
        assertThrows(
                NullPointerException.class,
                () -> StoreConfig.builder(DIR).asyncFlushInterval(null).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreConfig.builder(DIR).segmentBytes(1000).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreConfig.builder(DIR).segmentBytes((1 << 30) + 1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreConfig.builder(DIR).writeQueueCapacity(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreConfig.builder(DIR).maxRecordBytes(63).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreConfig.builder(DIR).asyncFlushInterval(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> StoreConfig.builder(DIR)
                .retentionAge(Duration.ofMillis(-1))
                .build());
        assertThrows(IllegalArgumentException.class, () -> StoreConfig.builder(DIR)
                .segmentBytes(8192)
                .retentionBytes(4096)
                .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreConfig.builder(DIR).timerWheelSeconds(1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoreConfig.builder(DIR).residentLogBytes(-1).build());
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
