package dev.signalbox.storage.retention;

import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.file.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-topic time to live, kept in {@code topics.properties} ({@code topic=ttlMillis} lines,
 * replaced atomically). A record older than its topic's TTL is no longer readable: reads answer
 * {@code OFFSET_GONE} with the first offset still young enough. The space comes back when store
 * retention deletes the segment (a segment is shared by every topic, so one topic's TTL cannot
 * delete it alone).
 *
 * <p>Threading: thread-safe; reads from memory, updates serialised and durable before they show.
 */
public final class TopicTtls {

    public static final String FILE_NAME = "topics.properties";

    private final Path file;
    private final Map<String, Long> ttls = new ConcurrentHashMap<>();

    private TopicTtls(Path file) {
        this.file = file;
    }

    public static TopicTtls open(Path dataDir) throws IOException {
        TopicTtls topics = new TopicTtls(dataDir.resolve(FILE_NAME));
        if (Files.exists(topics.file)) {
            List<String> lines = Files.readAllLines(topics.file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals < 1
                        || !StoreNames.isValidName(line.substring(0, equals))
                        || !line.substring(equals + 1).matches("[0-9]{1,18}")) {
                    throw new IOException(topics.file + " line " + (i + 1) + ": expected topic=ttlMillis");
                }
                topics.ttls.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1)));
            }
        }
        return topics;
    }

    /** The topic's TTL, empty when it has none (store retention only). */
    public Optional<Duration> ttl(String topic) {
        Long millis = ttls.get(topic);
        return millis == null ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    /** Sets (or with an empty value removes) the topic's TTL, durably. */
    public synchronized void set(String topic, Optional<Duration> ttl) throws IOException {
        StoreNames.requireName("topic", topic);
        TreeMap<String, Long> next = new TreeMap<>(ttls);
        if (ttl.isPresent()) {
            if (ttl.get().toMillis() < 1) {
                throw new IllegalArgumentException("a TTL must be at least 1 ms, was " + ttl.get());
            }
            next.put(topic, ttl.get().toMillis());
        } else {
            next.remove(topic);
        }
        StringBuilder text = new StringBuilder("# Signalbox per-topic TTL: topic=milliseconds\n");
        next.forEach(
                (name, millis) -> text.append(name).append('=').append(millis).append('\n'));
        AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        ttl.ifPresentOrElse(value -> ttls.put(topic, value.toMillis()), () -> ttls.remove(topic));
    }
}
