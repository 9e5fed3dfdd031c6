package dev.signalbox.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenTheRateHolds() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ZERO, bucket.take(1, 0));
        }
        assertEquals(Duration.ofMillis(100), bucket.take(1, 0), "one token comes every 100 ms");
        assertEquals(Duration.ZERO, bucket.take(1, SECOND / 10));
    }

    @Test
    void aRequestLargerThanTheBurstPassesOnAFullBucketAndLeavesADebt() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        assertEquals(Duration.ZERO, bucket.take(30, 0));
        assertEquals(Duration.ofSeconds(3), bucket.take(10, 0), "20 tokens of debt plus a full bucket: 3 s");
        assertEquals(Duration.ZERO, bucket.take(10, 3 * SECOND));
    }

    @Test
    void idleTimeNeverStoresMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        assertEquals(Duration.ZERO, bucket.take(10, 3600 * SECOND));
        assertEquals(Duration.ofMillis(100), bucket.take(1, 3600 * SECOND));
    }
}
