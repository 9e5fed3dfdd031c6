package dev.signalbox.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.ConsumerOffsets;
import dev.signalbox.storage.DocumentStore;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.ReadResult;
import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.StoreStats;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeadLetters} against a real store on disk, driven on an event loop as the router and the
 * API drive it. Where a test needs reads to fail at once, the store's reads fail on demand and its
 * blocking calls are answered before the caller attaches its callbacks: the interleaving that a
 * fast worker thread produces only sometimes (UnreadableDeadLetterIT saw it once in a clean-clone
 * CI run) happens there every time.
 */
@ExtendWith(VertxExtension.class)
class DeadLettersIT {

    private static final BusTopics TOPICS = BusTopics.of("orders");
    private static final Event EVENT =
            new Event(Map.of("specversion", "1.0", "id", "e1", "source", "/shop", "type", "order.placed"), null);

    /**
     * The dead-letter index is built at the first add; when its scan fails at once, add still
     * answers with the stored letter (the router stores it again on a failed add), and the failed
     * index is not kept: once the store reads again, the letter is listed, once.
     */
    @Test
    void aLetterWhoseIndexScanFailsAtOnceIsStoredOnceAndListedOnceReadable(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (MessageStore files = open(dir)) {
            FailingReads store = new FailingReads(files);
            DeadLetters deadLetters = new DeadLetters(new VertxMessageStore(blockingAnsweredAtOnce(vertx), store));
            store.failReads(true);

            // As the router does (Deliveries.storeDeadLetter): a failed add is stored again.
            List<Throwable> failedAdds = new ArrayList<>();
            DeadLetter stored = null;
            for (int attempt = 0; attempt < 3 && stored == null; attempt++) {
                Outcome<DeadLetter> added =
                        onEventLoop(vertx, () -> deadLetters.add(TOPICS, EVENT, letter(), FlushMode.SYNC));
                if (added.failure() == null) {
                    stored = added.value();
                } else {
                    failedAdds.add(added.failure());
                }
            }
            assertEquals(
                    1,
                    files.nextOffset(TOPICS.deadLetters()),
                    () -> "the dead letter is stored exactly once; adds that failed after storing it: " + failedAdds);
            assertEquals(List.of(), failedAdds, "add never fails once its letter is stored ('Recursive update')");
            assertNotNull(stored);
            assertEquals(0, stored.offset());

            // While reads fail, each call scans again and fails as a future, never by throwing.
            for (int attempt = 0; attempt < 2; attempt++) {
                Outcome<List<DeadLetter>> listed = onEventLoop(vertx, () -> list(deadLetters));
                assertInstanceOf(IOException.class, listed.failure(), String.valueOf(listed.failure()));
            }

            store.failReads(false);
            Outcome<List<DeadLetter>> listed = onEventLoop(vertx, () -> list(deadLetters));
            assertEquals(List.of(stored), listed.value(), "listed once the store reads: " + listed.failure());
            Outcome<Optional<DeadLetter>> found = onEventLoop(vertx, () -> deadLetters.get(TOPICS, "0"));
            assertEquals(Optional.of(stored), found.value(), String.valueOf(found.failure()));
        }
    }

    /**
     * Redriving promises the letter is durably marked: when the marker cannot be stored (here the
     * store is closed; a full write queue is refused the same way, as store.busy), markRedriven fails with the
     * store's reason and the letter stays listed, rather than vanishing until the next restart
     * brings it back to be redriven a second time.
     */
    @Test
    void aRedrivenMarkerTheStoreRefusesFailsAndKeepsTheLetterListed(Vertx vertx, @TempDir Path dir) throws Exception {
        try (MessageStore files = open(dir)) {
            DeadLetters deadLetters = new DeadLetters(new VertxMessageStore(vertx, files));
            DeadLetter stored = onEventLoop(vertx, () -> deadLetters.add(TOPICS, EVENT, letter(), FlushMode.SYNC))
                    .value();
            assertNotNull(stored);
            assertEquals(
                    List.of(stored), onEventLoop(vertx, () -> list(deadLetters)).value());

            files.close();
            Outcome<Void> marked = onEventLoop(vertx, () -> deadLetters.markRedriven(TOPICS, stored, FlushMode.SYNC));
            SignalboxException refused = assertInstanceOf(
                    SignalboxException.class,
                    marked.failure(),
                    "markRedriven reported a marker the store refused as stored");
            assertEquals(ErrorType.STORE_FAILED, refused.type());
            assertEquals(
                    List.of(stored), onEventLoop(vertx, () -> list(deadLetters)).value(), "still listed");
        }
    }

    private static Future<List<DeadLetter>> list(DeadLetters deadLetters) {
        return deadLetters.list(TOPICS, letter -> true, -1, 100);
    }

    private static DeadLetter letter() {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        return new DeadLetter(-1, "e1", "/shop", "r", "hook", DeadLetterReason.MAX_ATTEMPTS, 503, "busy", 3, now, now);
    }

    private static MessageStore open(Path dir) throws IOException {
        return MessageStore.open(StoreConfig.builder(dir).segmentBytes(1 << 20).build());
    }

    /** What a call answered: its value, or why it failed (also when it threw instead of failing). */
    private record Outcome<T>(T value, Throwable failure) {}

    /** Makes the call in a turn of an event loop, as the router and the API do, and waits for its answer. */
    private static <T> Outcome<T> onEventLoop(Vertx vertx, Supplier<Future<T>> call) throws Exception {
        CompletableFuture<Outcome<T>> answer = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                call.get().onComplete(done -> answer.complete(new Outcome<>(done.result(), done.cause())));
            } catch (RuntimeException e) {
                answer.complete(new Outcome<>(null, e));
            }
        });
        return answer.get(10, TimeUnit.SECONDS);
    }

    /**
     * The real Vert.x, except that a blocking call runs on the caller's thread and its future is
     * complete when the caller gets it: as when the worker finishes before the event loop attaches
     * its callbacks, which then run at once, inside whatever the caller is doing.
     */
    private static Vertx blockingAnsweredAtOnce(Vertx real) {
        return (Vertx) Proxy.newProxyInstance(
                Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class}, (proxy, method, args) -> {
                    if (method.getName().equals("executeBlocking")
                            && args != null
                            && args.length == 2
                            && args[0] instanceof Callable<?> blocking) {
                        try {
                            return Future.succeededFuture(blocking.call());
                        } catch (Exception e) {
                            return Future.failedFuture(e);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The store on disk, with reads that fail (as a disk error would) while {@link #failReads} says so. */
    private static final class FailingReads implements MessageStore {
        private final MessageStore files;
        private volatile boolean isFailingReads;

        FailingReads(MessageStore files) {
            this.files = files;
        }

        void failReads(boolean failing) {
            isFailingReads = failing;
        }

        @Override
        public ReadResult fetch(String topic, int queueId, long fromOffset, int maxRecords) throws IOException {
            if (isFailingReads) {
                throw new IOException("read failed (test)");
            }
            return files.fetch(topic, queueId, fromOffset, maxRecords);
        }

        @Override
        public RecoveryReport recoveryReport() {
            return files.recoveryReport();
        }

        @Override
        public CompletionStage<AppendResult> append(NewRecord record, FlushMode flush) {
            return files.append(record, flush);
        }

        @Override
        public CompletionStage<List<AppendResult>> appendBatch(List<NewRecord> records, FlushMode flush) {
            return files.appendBatch(records, flush);
        }

        @Override
        public long nextOffset(String topic, int queueId) {
            return files.nextOffset(topic, queueId);
        }

        @Override
        public long earliestOffset(String topic, int queueId) throws IOException {
            return files.earliestOffset(topic, queueId);
        }

        @Override
        public List<StoredRecord> lookup(String topic, String key, long fromMillis, long toMillis) throws IOException {
            return files.lookup(topic, key, fromMillis, toMillis);
        }

        @Override
        public void setTopicTtl(String topic, Optional<Duration> ttl) throws IOException {
            files.setTopicTtl(topic, ttl);
        }

        @Override
        public StoreStats stats() {
            return files.stats();
        }

        @Override
        public ConsumerOffsets offsets() {
            return files.offsets();
        }

        @Override
        public DocumentStore documents() {
            return files.documents();
        }

        @Override
        public void close() {
            // The test owns the store on disk and closes it.
        }
    }
}
