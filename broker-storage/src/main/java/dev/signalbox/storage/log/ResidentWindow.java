package dev.signalbox.storage.log;

import java.util.Optional;

/**
 * Keeps only the newest part of the CommitLog in memory: the pages more than {@code residentBytes}
 * behind the writer, once fsynced, are handed back to the kernel (see
 * {@link dev.signalbox.storage.file.PageOut}) a chunk at a time. Readers lose nothing: a record
 * behind the window is read from the file, as after a restart. What it buys is that the page
 * cache a long run of appends needs is the same memory over and over, not fresh memory for every
 * segment, and that the log's page cache stays bounded.
 *
 * <p>Run by the {@link PreTouchAgent} between its touches, on purpose: Linux hands out recently
 * freed pages first (a CPU's own free list before the shared one), so the pages given back here
 * are, for the most part, the ones its next touches are handed.
 *
 * <p>Threading: confined to the pre-touch agent's thread.
 */
final class ResidentWindow {

    /**
     * Handed back in aligned pieces of 4 MiB: the page cache holds a file in folios of up to
     * 2 MiB, and the kernel reclaims a folio only when the advice covers all of it (a folio
     * crossing the range's edge is kept). Small, so that what is freed is taken again by the
     * next touches soon after: on the project's VM this brought the cost of a new page from about
     * 9 µs to about 1 µs (docs/benchmarks.md, ingest).
     */
    static final int CHUNK = 4 << 20;

    private final CommitLog log;
    private final long residentBytes;
    /**
     * Below this log offset nothing more is handed back. Starts at the oldest segment, so that
     * what an earlier run left cached behind the window goes too (one pass, a piece a step).
     */
    private long released;

    /** A window of {@code residentBytes} behind the writer; 0 keeps everything (hands nothing back). */
    ResidentWindow(CommitLog log, long residentBytes) {
        this.log = log;
        this.residentBytes = residentBytes;
        this.released = log.minOffset();
    }

    /** Hands back at most one piece whose turn has come; false when none is due. */
    boolean releaseNextChunk() {
        if (residentBytes == 0) {
            return false;
        }
        // Only fsynced pages: they are clean, so the kernel can drop them without a write.
        long due = Math.min(log.flushedOffset(), log.writtenOffset() - residentBytes);
        released = Math.max(released, log.minOffset());
        if (due <= released) {
            return false;
        }
        Optional<MappedSegment> holding = log.segmentHolding(released);
        if (holding.isEmpty()) {
            return false; // only a moment between a segment's deletion and minOffset moving
        }
        MappedSegment segment = holding.get();
        int from = (int) (released - segment.base());
        // Up to the next 4 MiB boundary (or the segment's end), once all of that is due.
        int to = (int) Math.min(segment.capacity(), ((long) from / CHUNK + 1) * CHUNK);
        if (Math.min(due, segment.limit()) - segment.base() < to) {
            return false;
        }
        segment.pageOut(from, to);
        released = segment.base() + to;
        return true;
    }
}
