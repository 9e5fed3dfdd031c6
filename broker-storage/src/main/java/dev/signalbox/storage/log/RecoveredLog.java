package dev.signalbox.storage.log;

import java.util.List;

/**
 * What opening the CommitLog found.
 *
 * <p>Threading: immutable once built (the segment list is not shared further).
 *
 * @param segments the surviving segments in log order, mapped (for the log only)
 * @param end the log offset where the next record goes
 * @param verifiedFrom where verification started
 * @param recordsVerified records verified and followed
 * @param bytesCut non-zero bytes removed past the end
 * @param reason why the log was cut, naming the log offset ("" when it was not)
 */
public record RecoveredLog(
        List<MappedSegment> segments,
        long end,
        long verifiedFrom,
        long recordsVerified,
        long bytesCut,
        String reason) {}
