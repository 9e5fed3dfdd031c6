package dev.signalbox.storage.embedded;

import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.log.RecordDescriptor;
import dev.signalbox.storage.log.RecordView;
import dev.signalbox.storage.timer.TimerAgent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a caller's record and encodes it, on the caller's thread, into the bytes the writer will
 * stamp and copy (see {@link RecordDescriptor}). A delayed record is addressed to the timer topic,
 * with its real topic, queue and due time as reserved properties; a due record the timer hands
 * back is addressed to its real topic again, marked with where it waited.
 *
 * <p>Threading: stateless apart from its settings, safe on any thread.
 */
final class RecordEncoder {

    static final String REAL_TOPIC = "__realTopic";
    static final String REAL_QUEUE = "__realQueue";

    private final int maxRecordBytes;

    RecordEncoder(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** A record encoded for the log, addressed to the topic and queue it will be written to. */
    record Encoded(String topic, int queueId, ByteBuffer bytes) {

        AppendRequest request(FlushMode flush) {
            return AppendRequest.single(topic, queueId, bytes, flush);
        }
    }

    /** A caller's record encoded; empty when it is too large. */
    Optional<Encoded> encode(NewRecord record, long now) {
        StoreNames.requireName("topic", record.topic());
        if (record.topic().startsWith(NewRecord.RESERVED_PREFIX)) {
            throw new IllegalArgumentException("topic names starting with '__' belong to the store: " + record.topic());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : record.properties().entrySet()) {
            if (property.getKey().startsWith(NewRecord.RESERVED_PREFIX)) {
                throw new IllegalArgumentException(
                        "property names starting with '__' belong to the store: " + property.getKey());
            }
            properties.put(property.getKey(), property.getValue());
        }
        long born = record.bornTimestamp() == 0 ? now : record.bornTimestamp();
        if (record.deliverAt() > now) {
            properties.put(REAL_TOPIC, record.topic());
            properties.put(REAL_QUEUE, Integer.toString(record.queueId()));
            properties.put(RecordView.DELIVER_AT_PROPERTY, Long.toString(record.deliverAt()));
            return build(
                    TimerAgent.TIMER_TOPIC,
                    0,
                    RecordDescriptor.FLAG_DELAYED,
                    born,
                    record.keys(),
                    properties,
                    record.body());
        }
        return build(record.topic(), record.queueId(), 0, born, record.keys(), properties, record.body());
    }

    /** A due delayed record encoded for its real topic. */
    Optional<Encoded> delivery(StoredRecord delayed, long timerOrigin) {
        Map<String, String> properties = new LinkedHashMap<>(delayed.properties());
        String topic = properties.remove(REAL_TOPIC);
        String queue = properties.remove(REAL_QUEUE);
        if (topic == null || queue == null) {
            throw new IllegalArgumentException(
                    "record at log offset " + delayed.logOffset() + " is not a delayed record");
        }
        properties.put(RecordView.TIMER_ORIGIN_PROPERTY, Long.toString(timerOrigin));
        return build(
                topic,
                Integer.parseInt(queue),
                RecordDescriptor.FLAG_FROM_TIMER,
                delayed.bornTimestamp(),
                delayed.keys(),
                properties,
                delayed.body());
    }

    private Optional<Encoded> build(
            String topic,
            int queueId,
            int flags,
            long born,
            List<String> keys,
            Map<String, String> properties,
            byte[] body) {
        List<byte[]> keyBytes = new ArrayList<>(keys.size());
        for (String key : keys) {
            keyBytes.add(StoreNames.requireKey(key));
        }
        List<byte[]> parts = new ArrayList<>(properties.size() * 2);
        for (Map.Entry<String, String> property : properties.entrySet()) {
            parts.add(utf8("property name", property.getKey(), 1));
            parts.add(utf8("property value", property.getValue(), 0));
        }
        byte[] topicBytes = topic.getBytes(StandardCharsets.US_ASCII);
        long length = RecordDescriptor.encodedLength(topicBytes, keyBytes, parts, body.length);
        if (length > maxRecordBytes || keys.size() > Short.MAX_VALUE || properties.size() > Short.MAX_VALUE / 2) {
            return Optional.empty();
        }
        ByteBuffer encoded = RecordDescriptor.encode(topicBytes, queueId, flags, born, keyBytes, parts, body);
        return Optional.of(new Encoded(topic, queueId, encoded));
    }

    private static byte[] utf8(String what, String text, int minBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < minBytes || bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    what + " must be " + minBytes + " to " + Short.MAX_VALUE + " bytes of UTF-8, was " + bytes.length);
        }
        return bytes;
    }
}
