package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.signalbox.storage.file.PageOut;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resident-log-mb} reaches the store: with a window of 1 MiB, the log's first segment
 * leaves memory once the node has written a few MiB past it, and its events still read back
 * whole. Residency is asked of the kernel with {@code mincore} on the test's own mapping.
 */
class ResidentLogIT {

    private static final int SEGMENT = 1 << 20;
    private static final String BATCH = "application/cloudevents-batch+json";

    /** libc's mincore, for the test's own look at the page cache. */
    interface LibC extends Library {
        int mincore(com.sun.jna.Pointer address, long length, byte[] residency);
    }

    @Test
    void theFlagBoundsWhatTheLogKeepsInMemory(@TempDir Path tmp) throws Exception {
        assumeTrue(PageOut.isSupported(), "madvise(MADV_PAGEOUT) is Linux-only");
        Path data = Files.createDirectories(tmp.resolve("data"));
        List<String> args = List.of(
                "--port",
                "0",
                "--grpc-port",
                "0",
                "--segment-bytes",
                String.valueOf(SEGMENT),
                "--resident-log-mb",
                "1");
        try (ChildNode node = ChildNode.startWith(data, tmp, "node", args)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/bulk", "{\"flush\":\"sync\"}").status());
            String padding = "x".repeat(2000);
            for (int b = 0; b < 60; b++) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 50; i++) {
                    batch.append(i == 0 ? "" : ",")
                            .append(
                                    """
                                    {"specversion":"1.0","id":"e-%d-%d","source":"/resident","type":"t",
                                     "datacontenttype":"application/json","data":{"n":%d,"pad":"%s"}}"""
                                            .formatted(b, i, b * 50 + i, padding));
                }
                Api.Response answer = api.post(
                        "/v1/buses/bulk/events",
                        BATCH,
                        batch.append(']').toString().getBytes(StandardCharsets.UTF_8),
                        Map.of());
                assertEquals(200, answer.status(), answer.text());
                assertEquals(0, answer.json().get("failedEntryCount").asInt(), answer.text());
            }
            Path first = segments(data).get(0);
            assertTrue(segments(data).size() >= 4, "the log rolled: " + segments(data));
            Eventually.await(
                    Duration.ofSeconds(20),
                    () -> residentPages(first) == 0,
                    () -> "the first segment still has " + residentPages(first) + " pages in memory");

            JsonNode early = api.get("/v1/buses/bulk/events/e-0-7").json();
            assertEquals(7, early.at("/data/n").asInt(), early.toString());
            assertEquals(padding, early.at("/data/pad").asText());
        }
    }

    private static List<Path> segments(Path data) {
        try (Stream<Path> files = Files.list(data.resolve("commitlog"))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int residentPages(Path segment) {
        LibC libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, SEGMENT);
            byte[] residency = new byte[SEGMENT / 4096];
            if (libc.mincore(Native.getDirectBufferPointer(map), SEGMENT, residency) != 0) {
                throw new IllegalStateException("mincore failed: errno " + Native.getLastError());
            }
            int resident = 0;
            for (byte page : residency) {
                resident += page & 1;
            }
            return resident;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
