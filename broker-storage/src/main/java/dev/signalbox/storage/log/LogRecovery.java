package dev.signalbox.storage.log;

import dev.signalbox.storage.file.Directories;
import dev.signalbox.storage.file.FileExtents;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Opens and verifies the CommitLog. Segments before the one holding {@code verifyFrom} are
 * trusted (the checkpoint says they were fsynced and followed); from {@code verifyFrom} on every
 * record is checked (magic, bounds, CRC32C, structure, and whatever the follower checks) and
 * handed to the follower. The log ends at the first unwritten (zero) header; it is cut at the first
 * record that fails. Whatever non-zero bytes lie past the end (a torn or corrupt tail, or pages an
 * OS crash wrote back out of order) are zeroed and counted, and every later segment is deleted, so
 * nothing cut can ever be read back as a record.
 *
 * <p>Threading: single-use, confined to the opening thread before the store is shared.
 */
final class LogRecovery {

    private static final System.Logger LOG = System.getLogger(LogRecovery.class.getName());

    private final Path dir;
    private final int segmentBytes;
    private final int maxRecordBytes;
    private final RecordView view = new RecordView();

    LogRecovery(Path dir, int segmentBytes, int maxRecordBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * @param exact start verifying at {@code verifyFrom} itself (a clean shutdown's checkpoint, the
     *     log's end) rather than at the start of its segment
     */
    RecoveredLog run(long verifyFrom, boolean exact, LogFollower follower) throws IOException {
        List<MappedSegment> segments = openSegments();
        if (segments.isEmpty()) {
            follower.startingAt(0);
            return new RecoveredLog(segments, 0, 0, 0, 0, "");
        }
        refuseOldFormat(segments.get(0));
        int index = 0;
        while (index + 1 < segments.size() && segments.get(index + 1).base() <= verifyFrom) {
            index++;
        }
        MappedSegment first = segments.get(index);
        // The whole segment holding the checkpoint is verified, RocketMQ style: a boundary the
        // checkpoint got wrong can never make recovery start inside a record.
        long start = exact && verifyFrom >= first.base() && verifyFrom < first.limit() ? verifyFrom : first.base();
        follower.startingAt(start);
        return scan(segments, index, start, follower);
    }

    private RecoveredLog scan(List<MappedSegment> segments, int index, long start, LogFollower follower)
            throws IOException {
        long records = 0;
        MappedSegment segment = segments.get(index);
        int position = (int) (start - segment.base());
        while (true) {
            ByteBuffer map = segment.buffer();
            long logOffset = segment.base() + position;
            int left = segment.capacity() - position;
            String problem = "";
            if (left < RecordDescriptor.PREFIX_LENGTH) {
                problem = nextSegmentOrEnd(segments, index);
            } else {
                int magic = map.getInt(position + RecordDescriptor.MAGIC_OFFSET);
                int length = map.getInt(position + RecordDescriptor.LENGTH_OFFSET);
                if (magic == 0) {
                    return cut(segments, index, position, start, records, "");
                } else if (magic == RecordDescriptor.END_MAGIC) {
                    problem = length == left
                            ? nextSegmentOrEnd(segments, index)
                            : "end-of-segment marker with a wrong length at log offset " + logOffset;
                } else if (magic != RecordDescriptor.MAGIC) {
                    problem = String.format("bad magic 0x%08x at log offset %d", magic, logOffset);
                } else if (length < RecordDescriptor.MIN_LENGTH || length > left - RecordDescriptor.PREFIX_LENGTH) {
                    problem = "bad record length " + length + " at log offset " + logOffset;
                } else if (!view.parse(map, position, length) || !view.isCrcValid()) {
                    problem = "CRC mismatch (a torn or corrupt record) at log offset " + logOffset;
                } else {
                    problem = follower.accept(view, logOffset);
                    if (problem.isEmpty()) {
                        records++;
                        position += length;
                        continue;
                    }
                }
            }
            if (problem.equals(NEXT)) {
                index++;
                segment = segments.get(index);
                position = 0;
                continue;
            }
            if (problem.equals(END)) {
                // The log ends exactly at a segment's end: the next record starts a new segment.
                return cut(segments, index, segment.capacity(), start, records, "");
            }
            if (problem.startsWith("segment ")) {
                // A gap after a full segment: keep it whole, cut everything after it.
                return cut(segments, index, segment.capacity(), start, records, problem);
            }
            return cut(segments, index, position, start, records, problem);
        }
    }

    private static final String NEXT = "\u0000next";
    private static final String END = "\u0000end";

    private static String nextSegmentOrEnd(List<MappedSegment> segments, int index) {
        if (index + 1 >= segments.size()) {
            return END;
        }
        MappedSegment next = segments.get(index + 1);
        if (next.base() == segments.get(index).limit()) {
            return NEXT;
        }
        return "segment " + next.path().getFileName() + " does not start where the log ends ("
                + segments.get(index).limit() + ")";
    }

    /**
     * Ends the log at {@code position} of segment {@code index}: zeroes the non-zero bytes after it,
     * deletes later segments, and reports what was removed.
     */
    private RecoveredLog cut(
            List<MappedSegment> segments, int index, int position, long start, long records, String reason)
            throws IOException {
        MappedSegment last = segments.get(index);
        long end = last.base() + position;
        long bytesCut = zeroEveryByteAfter(last, position);
        List<MappedSegment> kept = new ArrayList<>(segments.subList(0, index + 1));
        boolean deleted = false;
        for (MappedSegment later : segments.subList(index + 1, segments.size())) {
            bytesCut += zeroTail(later, 0);
            later.delete();
            deleted = true;
        }
        if (deleted) {
            Directories.fsync(dir);
        }
        String why = reason;
        if (why.isEmpty() && bytesCut > 0) {
            why = "data after the end of the log at log offset " + end + " (pages written out of order)";
        }
        if (bytesCut > 0) {
            LOG.log(
                    Level.WARNING,
                    "CommitLog cut at log offset {0}: {1} bytes removed because of {2}",
                    String.valueOf(end),
                    String.valueOf(bytesCut),
                    why);
        }
        return new RecoveredLog(kept, end, start, records, bytesCut, why);
    }

    /**
     * Zeroes every non-zero byte of the segment from {@code position} (the log's new end) and
     * returns how many bytes the zeroed span held. An OS crash can lose a run of pages longer
     * than any record (ASYNC appends not yet written back) and keep pages after it: what they hold
     * must go, or once new appends fill the run exactly, the old records after it follow on and
     * come back as records. The file's data ranges (a segment is sparse where nothing was written)
     * bound the scan, so the unwritten rest of a pre-allocated segment is not read. Where the
     * platform cannot tell them, the bounded scan of {@link #zeroTail} is what is left.
     */
    private long zeroEveryByteAfter(MappedSegment segment, int position) throws IOException {
        Optional<List<long[]>> ranges = FileExtents.dataRanges(segment.path(), position, segment.capacity());
        if (ranges.isEmpty()) {
            return zeroTail(segment, position);
        }
        ByteBuffer map = segment.buffer();
        int lastNonZero = -1;
        for (long[] range : ranges.get()) {
            int page = (int) Math.max(position, range[0]);
            while (page < range[1]) {
                int pageEnd = (int) Math.min(range[1], ((long) page / MappedSegment.PAGE + 1) * MappedSegment.PAGE);
                int last = lastNonZero(map, page, pageEnd);
                if (last >= 0) {
                    map.put(page, new byte[pageEnd - page]); // only pages holding data: holes stay holes
                    lastNonZero = last;
                }
                page = pageEnd;
            }
        }
        if (lastNonZero < position) {
            return 0;
        }
        segment.force(position, lastNonZero + 1);
        return lastNonZero + 1L - position;
    }

    /** The last non-zero byte in {@code [from, to)}, or -1; eight bytes at a time where aligned. */
    private static int lastNonZero(ByteBuffer map, int from, int to) {
        int i = to;
        while (i > from && (i & 7) != 0) {
            if (map.get(--i) != 0) {
                return i;
            }
        }
        while (i - 8 >= from) {
            if (map.getLong(i - 8) != 0) {
                break;
            }
            i -= 8;
        }
        while (i > from) {
            if (map.get(--i) != 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Zeroes the non-zero bytes of the segment from {@code position} and returns how many bytes
     * were in the zeroed span. Written data never holds a run of zeros longer than a record, so
     * the span ends at the first longer run: a pre-allocated segment is not read to its end. For
     * segments deleted after the cut (their bytes only counted) and platforms without
     * {@link FileExtents}.
     */
    private long zeroTail(MappedSegment segment, int position) throws IOException {
        ByteBuffer map = segment.buffer();
        int capacity = segment.capacity();
        int lastNonZero = -1;
        int zeroRun = 0;
        int limit = Math.max(maxRecordBytes, RecordDescriptor.MIN_LENGTH) + RecordDescriptor.PREFIX_LENGTH;
        for (int i = position; i < capacity && zeroRun <= limit; i++) {
            if (map.get(i) != 0) {
                lastNonZero = i;
                zeroRun = 0;
            } else {
                zeroRun++;
            }
        }
        if (lastNonZero < position) {
            return 0;
        }
        map.put(position, new byte[lastNonZero + 1 - position]);
        segment.force(position, lastNonZero + 1);
        return lastNonZero + 1L - position;
    }

    private static void refuseOldFormat(MappedSegment first) throws IOException {
        if (first.buffer().getInt(0) == RecordDescriptor.OLD_MAGIC) {
            throw new IOException("the commit log in " + first.path().getParent()
                    + " was written by an earlier Signalbox record format (magic 0x5B0C0001) and cannot be read;"
                    + " move the data directory away to start afresh");
        }
    }

    private static boolean isSegmentName(String name) {
        // 19 significant digits at most: a larger number is no long and no offset we wrote.
        return name.length() == 20 && name.charAt(0) == '0' && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private List<MappedSegment> openSegments() throws IOException {
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
        List<MappedSegment> segments = new ArrayList<>(files.size());
        try {
            for (var entry : files.entrySet()) {
                long size = Files.size(entry.getValue());
                boolean isLast = entry.getKey().equals(files.lastKey());
                long capacity = isLast ? Math.max(size, segmentBytes) : size;
                if (capacity < RecordDescriptor.MIN_LENGTH || capacity > Integer.MAX_VALUE) {
                    throw new IOException("segment " + entry.getValue() + " has an impossible size " + size);
                }
                segments.add(MappedSegment.open(dir, entry.getKey(), (int) capacity));
            }
        } catch (IOException | RuntimeException e) {
            for (MappedSegment opened : segments) {
                opened.close();
            }
            throw e;
        }
        return segments;
    }
}
