package dev.signalbox.storage.offsets;

import dev.signalbox.storage.ConsumerOffsets;
import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.file.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * {@link ConsumerOffsets} kept in one properties-style text file, {@code offsets.properties}, with a
 * line {@code group/topic=offset} per committed pair (names cannot contain {@code /} or {@code =}).
 * Every commit rewrites the whole file through {@link AtomicFile}: fine for the tens to thousands
 * of pairs a node has, and a crash leaves the previous or the new file, never a torn one.
 *
 * <p>Threading: thread-safe. Reads come from memory; commits are serialised and the memory copy
 * changes only after the file is durable, so a failed commit changes nothing. Owned by the store.
 */
public final class OffsetsFile implements ConsumerOffsets {

    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "offsets.properties";

    private final Path file;
    private final Map<String, Long> offsets = new ConcurrentHashMap<>();
    private final Object commitLock = new Object();

    private OffsetsFile(Path file) {
        this.file = file;
    }

    /** Loads the file in {@code dataDir}, if any, after removing a temp file a crash left. */
    public static OffsetsFile open(Path dataDir) throws IOException {
        AtomicFile.deleteLeftovers(dataDir);
        OffsetsFile offsets = new OffsetsFile(dataDir.resolve(FILE_NAME));
        if (Files.exists(offsets.file)) {
            offsets.load(Files.readAllLines(offsets.file, StandardCharsets.UTF_8));
        }
        return offsets;
    }

    private void load(List<String> lines) throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int slash = line.indexOf('/');
            int equals = line.indexOf('=');
            String problem = "";
            if (slash < 0 || equals < slash) {
                problem = "expected group/topic=offset";
            } else if (!StoreNames.isValidName(line.substring(0, slash))
                    || !StoreNames.isValidName(line.substring(slash + 1, equals))) {
                problem = "invalid group or topic name";
            } else if (!line.substring(equals + 1).matches("[0-9]{1,18}")) {
                problem = "offset is not a non-negative number";
            }
            if (!problem.isEmpty()) {
                throw new IOException(file + " line " + (i + 1) + ": " + problem);
            }
            offsets.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1)));
        }
    }

    @Override
    public long committed(String group, String topic) {
        return offsets.getOrDefault(key(group, topic), 0L);
    }

    @Override
    public void commit(String group, String topic, long offset) throws IOException {
        String key = key(group, topic);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        synchronized (commitLock) {
            TreeMap<String, Long> next = new TreeMap<>(offsets);
            next.put(key, offset);
            AtomicFile.write(file, render(next));
            offsets.put(key, offset);
        }
    }

    /**
     * Recovery after a crash: lowers every committed offset that lies past its topic's end to that
     * end, durably, and returns what it lowered ({@code group/topic old -> new}). After an OS crash
     * the log can end before records a consumer had read and committed (ASYNC appends not yet on
     * disk, or a SYNC one read before its fsync); the topic's next appends take those offsets again,
     * and a consumer starting past them would never read them.
     *
     * @param topicEnd a topic's next queue offset (0 for a topic the log does not hold)
     */
    public List<String> holdWithin(ToLongFunction<String> topicEnd) throws IOException {
        synchronized (commitLock) {
            TreeMap<String, Long> next = new TreeMap<>(offsets);
            List<String> lowered = new ArrayList<>();
            for (Map.Entry<String, Long> pair : next.entrySet()) {
                long end = topicEnd.applyAsLong(
                        pair.getKey().substring(pair.getKey().indexOf('/') + 1));
                if (pair.getValue() > end) {
                    lowered.add(pair.getKey() + " " + pair.getValue() + " -> " + end);
                    pair.setValue(end);
                }
            }
            if (!lowered.isEmpty()) {
                AtomicFile.write(file, render(next));
                offsets.putAll(next);
            }
            return lowered;
        }
    }

    private static String key(String group, String topic) {
        return StoreNames.requireName("group", group) + "/" + StoreNames.requireName("topic", topic);
    }

    private static byte[] render(Map<String, Long> sorted) {
        StringBuilder text = new StringBuilder("# Signalbox consumer offsets: group/topic=next queue offset\n");
        sorted.forEach(
                (key, offset) -> text.append(key).append('=').append(offset).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
