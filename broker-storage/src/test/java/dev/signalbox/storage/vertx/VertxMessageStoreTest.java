package dev.signalbox.storage.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.StoreConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class VertxMessageStoreTest {

    @TempDir
    Path dir;

    private MessageStore store;

    @BeforeEach
    void open() throws IOException {
        store = MessageStore.open(StoreConfig.defaults(dir));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void appendCompletesOnTheCallersEventLoopContext(Vertx vertx, VertxTestContext test) {
        VertxMessageStore adapter = new VertxMessageStore(vertx, store);
        Checkpoint appended = test.checkpoint(2);
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            Context caller = Vertx.currentContext();
            assertTrue(caller.isEventLoopContext());
            for (FlushMode flush : FlushMode.values()) {
                adapter.append("orders", List.of("id-" + flush), bytes("hi"), flush)
                        .onComplete(test.succeeding(result -> test.verify(() -> {
                            assertSame(caller, Vertx.currentContext());
                            assertEquals(AppendStatus.OK, result.status());
                            appended.flag();
                        })));
            }
        });
    }

    @Test
    void manyAppendsFromTwoEventLoopsEachCompleteOnTheirOwnContextInOrder(Vertx vertx, VertxTestContext test) {
        // Completions travel back a write batch at a time (one task per context for many records):
        // none may be lost, run elsewhere or overtake an earlier one of the same caller.
        VertxMessageStore adapter = new VertxMessageStore(vertx, store);
        int perCaller = 2_000;
        Checkpoint finished = test.checkpoint(2);
        for (String topic : List.of("left", "right")) {
            vertx.getOrCreateContext().runOnContext(v -> {
                Context caller = Vertx.currentContext();
                long[] next = {0};
                for (int i = 0; i < perCaller; i++) {
                    adapter.append(topic, List.of(), bytes(topic + i), FlushMode.ASYNC)
                            .onComplete(test.succeeding(result -> test.verify(() -> {
                                assertSame(caller, Vertx.currentContext());
                                assertEquals(next[0]++, result.queueOffset(), "in the order appended");
                                if (next[0] == perCaller) {
                                    finished.flag();
                                }
                            })));
                }
            });
        }
    }

    @Test
    void appendBatchCompletesOnceOnTheCallersContextWithAResultPerRecord(Vertx vertx, VertxTestContext test) {
        VertxMessageStore adapter = new VertxMessageStore(vertx, store);
        vertx.getOrCreateContext().runOnContext(v -> {
            Context caller = Vertx.currentContext();
            adapter.appendBatch(
                            List.of(
                                    NewRecord.of("orders", bytes("a")).withKeys(List.of("a")),
                                    NewRecord.of("orders", bytes("b")).withKeys(List.of("b"))),
                            FlushMode.SYNC)
                    .onComplete(test.succeeding(results -> test.verify(() -> {
                        assertSame(caller, Vertx.currentContext());
                        assertEquals(
                                List.of(0L, 1L),
                                results.stream().map(r -> r.queueOffset()).toList());
                        assertArrayEquals(
                                bytes("b"), store.lookup("orders", "b").get(0).body());
                        test.completeNow();
                    })));
        });
    }

    @Test
    void blockingCallsRunOffTheEventLoopAndAnswerOnIt(Vertx vertx, VertxTestContext test) {
        VertxMessageStore adapter = new VertxMessageStore(vertx, store);
        vertx.getOrCreateContext().runOnContext(v -> {
            Context caller = Vertx.currentContext();
            Thread eventLoop = Thread.currentThread();
            adapter.append("orders", List.of("key"), bytes("one"), FlushMode.SYNC)
                    .compose(appended -> adapter.read("orders", 0, 10))
                    .compose(records -> {
                        assertSame(caller, Vertx.currentContext());
                        assertArrayEquals(bytes("one"), records.get(0).body());
                        return adapter.read("orders", 0L);
                    })
                    .compose(record -> adapter.lookup("orders", "key"))
                    .compose(found -> {
                        assertEquals(1, found.size());
                        return adapter.commitOffset("router", "orders", 1);
                    })
                    .compose(committed -> adapter.putDocument("buses", "orders", bytes("{}")))
                    .compose(put -> adapter.listDocuments("buses"))
                    .compose(docs -> {
                        assertEquals(List.of("orders"), List.copyOf(docs.keySet()));
                        return adapter.deleteDocument("buses", "orders");
                    })
                    .compose(deleted -> Future.succeededFuture(deleted))
                    .onComplete(test.succeeding(deleted -> test.verify(() -> {
                        assertTrue(deleted);
                        assertSame(caller, Vertx.currentContext());
                        assertSame(eventLoop, Thread.currentThread());
                        assertEquals(1, adapter.store().offsets().committed("router", "orders"));
                        test.completeNow();
                    })));
        });
    }

    @Test
    void invalidArgumentsFailTheFuture(Vertx vertx, VertxTestContext test) {
        VertxMessageStore adapter = new VertxMessageStore(vertx, store);
        adapter.append("bad/topic", List.of(), bytes("x"), FlushMode.ASYNC)
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertEquals(IllegalArgumentException.class, e.getClass());
                    assertNotSame(null, e.getMessage());
                    test.completeNow();
                })));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
