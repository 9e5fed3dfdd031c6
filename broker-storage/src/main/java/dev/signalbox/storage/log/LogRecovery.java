package dev.signalbox.storage.log;

import dev.signalbox.storage.file.Directories;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies the CommitLog at open: scans every segment from the start and cuts the log at the first
 * record that is torn, corrupt or out of sequence, truncating that segment and deleting every later
 * one. Segments must be contiguous: each starts where the previous one ends.
 *
 * <p>Threading: single-use, confined to the opening thread.
 */
final class LogRecovery {

    private static final System.Logger LOG = System.getLogger(LogRecovery.class.getName());

    /** The surviving segments in log order, and what the scan found. */
    record Outcome(List<Segment> segments, long records, long bytesCut, String reason) {}

    private final Path dir;
    private final Map<String, Long> nextQueueOffsets = new HashMap<>();

    LogRecovery(Path dir) {
        this.dir = dir;
    }

    Outcome run(RecordVisitor visitor) throws IOException {
        List<Segment> segments = openSegments();
        long expectedBase = 0;
        long records = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.base() != expectedBase) {
                String reason = "segment " + segment.file().getFileName() + " does not start where the log ends ("
                        + expectedBase + ")";
                return cut(segments, i, 0, records, reason, expectedBase);
            }
            SegmentScanner.Result result = new SegmentScanner(segment).scan(nextQueueOffsets, visitor);
            records += result.records();
            if (!result.problem().isEmpty()) {
                return cut(segments, i, result.validLength(), records, result.problem(), expectedBase);
            }
            expectedBase = segment.end();
        }
        return new Outcome(segments, records, 0, "");
    }

    /** Truncates segment {@code at} to {@code keep} bytes (deleting it when it is not the first and keeps nothing) and deletes the rest. */
    private Outcome cut(List<Segment> segments, int at, long keep, long records, String reason, long logEnd)
            throws IOException {
        long bytesCut = 0;
        List<Segment> kept = new ArrayList<>(segments.subList(0, at));
        Segment first = segments.get(at);
        boolean keepFirst = first.base() == logEnd;
        bytesCut += first.size() - (keepFirst ? keep : 0);
        if (keepFirst) {
            first.truncate(keep);
            kept.add(first);
        } else {
            first.delete();
        }
        for (Segment later : segments.subList(at + 1, segments.size())) {
            bytesCut += later.size();
            later.delete();
        }
        Directories.fsync(dir);
        LOG.log(
                Level.WARNING,
                "CommitLog cut at log offset {0}: {1} bytes removed because of {2}",
                String.valueOf(logEnd + (keepFirst ? keep : 0)),
                String.valueOf(bytesCut),
                reason);
        return new Outcome(kept, records, bytesCut, reason);
    }

    private static boolean isSegmentName(String name) {
        // 19 significant digits at most: a larger number is no long and no offset we wrote.
        return name.length() == 20 && name.charAt(0) == '0' && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private List<Segment> openSegments() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (isSegmentName(name)) {
                    files.put(Long.parseLong(name), file);
                } else {
                    LOG.log(Level.WARNING, "ignoring unexpected file in the commit log directory: {0}", file);
                }
            }
        }
        if (!files.isEmpty() && files.firstKey() != 0) {
            throw new IOException("the commit log in " + dir + " starts at " + files.firstKey()
                    + ", not 0: its first segment is missing; refusing to open");
        }
        List<Segment> segments = new ArrayList<>(files.size());
        for (long base : files.keySet()) {
            segments.add(Segment.open(dir, base));
        }
        return segments;
    }
}
