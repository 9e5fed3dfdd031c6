package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.append;
import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.storage.log.RecordDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the tests wrote, in log order, with each record's extent: the model recovery is checked against. */
final class LogModel {

    record Written(String topic, long queueOffset, long logOffset, long end, byte[] body) {}

    final List<Written> records = new ArrayList<>();

    /** Appends {@code count} records over {@code topics} with varied sizes (keys {@code id-i}), and closes. */
    static LogModel write(Path dir, int count, List<String> topics, long seed) throws IOException {
        LogModel model = new LogModel();
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            for (int i = 0; i < count; i++) {
                String topic = topics.get((int) ((seed + i * 7L) % topics.size()));
                byte[] body = body(seed * 1000 + i, 120 + (int) ((seed * 31 + i * 53) % 500));
                FlushMode flush = i % 2 == 0 ? FlushMode.ASYNC : FlushMode.SYNC;
                String key = "id-" + i;
                AppendResult result = append(store, topic, body, flush, key);
                assertTrue(result.isOk());
                long size = RecordDescriptor.encodedLength(
                        topic.getBytes(StandardCharsets.US_ASCII),
                        List.of(key.getBytes(StandardCharsets.UTF_8)),
                        List.of(),
                        body.length);
                model.records.add(
                        new Written(topic, result.queueOffset(), result.logOffset(), result.logOffset() + size, body));
            }
        }
        return model;
    }

    /** The end of the last record. */
    long end() {
        return records.get(records.size() - 1).end();
    }

    /** The record holding global log offset {@code position}. */
    Written at(long position) {
        return records.stream()
                .filter(w -> w.logOffset() <= position && position < w.end())
                .findFirst()
                .orElseThrow();
    }

    List<Written> endingBy(long position) {
        return filter(w -> w.end() <= position);
    }

    List<Written> startingBefore(long position) {
        return filter(w -> w.logOffset() < position);
    }

    private List<Written> filter(Predicate<Written> keep) {
        return records.stream().filter(keep).toList();
    }

    /** Asserts the store holds exactly {@code expected}, in order per topic, and nothing more. */
    static void assertHolds(MessageStore store, List<Written> expected, List<String> topics) throws IOException {
        Map<String, List<Written>> byTopic = expected.stream().collect(Collectors.groupingBy(Written::topic));
        for (String topic : topics) {
            List<Written> want = byTopic.getOrDefault(topic, List.of());
            assertEquals(want.size(), store.nextOffset(topic), "next offset of " + topic);
            List<StoredRecord> got = store.read(topic, 0, Integer.MAX_VALUE);
            assertEquals(want.size(), got.size(), "records of " + topic);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).queueOffset(), got.get(i).queueOffset());
                assertEquals(want.get(i).logOffset(), got.get(i).logOffset());
                assertArrayEquals(want.get(i).body(), got.get(i).body());
            }
        }
    }
}
