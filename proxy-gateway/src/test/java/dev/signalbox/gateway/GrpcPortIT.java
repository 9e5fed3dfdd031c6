package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import io.cloudevents.v1.proto.CloudEvent;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC port follows {@code --port} unless it is set itself: {@code --port P} serves gRPC on
 * P+1 and {@code --port 0} on any free port, so two nodes started with different ports (and
 * nothing else) run side by side. Each prints its gRPC address, and an event published there is
 * found through that node's HTTP API.
 */
@ExtendWith(VertxExtension.class)
class GrpcPortIT {

    @Test
    void twoNodesOnDifferentPortsServeGrpcOnTheNextPortEach(Vertx vertx, @TempDir Path dir) throws Exception {
        try (ChildNode a = startOnFreePair(dir, "a", -1);
                ChildNode b = startOnFreePair(dir, "b", a.port())) {
            assertEquals(a.port() + 1, a.grpcPort(), a.output());
            assertEquals(b.port() + 1, b.grpcPort(), b.output());
            assertNotEquals(a.port(), b.port());
            publishThroughGrpc(vertx, a, "a");
            publishThroughGrpc(vertx, b, "b");
        }
    }

    @Test
    void withPortZeroGrpcTakesAnyFreePortToo(Vertx vertx, @TempDir Path dir) throws Exception {
        try (ChildNode a = ChildNode.startWith(dir.resolve("a"), dir, "a", List.of("--port", "0"));
                ChildNode b = ChildNode.startWith(dir.resolve("b"), dir, "b", List.of("--port", "0"))) {
            assertTrue(a.grpcPort() > 0 && b.grpcPort() > 0, a.output() + b.output());
            assertNotEquals(a.grpcPort(), b.grpcPort());
            assertNotEquals(a.port(), a.grpcPort());
            publishThroughGrpc(vertx, a, "a");
            publishThroughGrpc(vertx, b, "b");
        }
    }

    @Test
    void aPortWithNoRoomAboveItAsksForAGrpcPort(@TempDir Path dir) throws Exception {
        ChildNode.Exit exit = ChildNode.runWith(dir.resolve("data"), dir, "top", List.of("--port", "65535"));
        assertEquals(2, exit.code(), exit.output());
        assertTrue(exit.output().contains("--grpc-port"), exit.output());
    }

    /** A bus on the node, one event published to its gRPC port, found again over its HTTP API. */
    private static void publishThroughGrpc(Vertx vertx, ChildNode node, String id) throws Exception {
        Api api = node.api();
        assertEquals(201, api.put("/v1/buses/ports", "{}").status());
        try (GrpcPublisher grpc = new GrpcPublisher(vertx, node.grpcPort())) {
            PublishRequest request = PublishRequest.newBuilder()
                    .setBus("ports")
                    .addEvents(CloudEvent.newBuilder()
                            .setSpecVersion("1.0")
                            .setId(id)
                            .setSource("/ports")
                            .setType("port.test"))
                    .build();
            PublishResponse answer = grpc.publish(request).response();
            assertEquals(0, answer.getFailedEntryCount(), answer.toString());
            assertEquals(200, api.get("/v1/buses/ports/events/" + id).status(), "stored by this node");
        }
    }

    /**
     * A node started with {@code --port P} alone, P drawn by {@link #freePair}. The test needs a
     * port it names (the rule under test is P + 1), so the OS cannot assign it; and a port found
     * free can still be taken by another process before the node binds it (on a shared machine,
     * or where the ephemeral range reaches below 32000). A node that could not bind is therefore
     * started again on another pair, a few times, rather than failing the test.
     */
    private static ChildNode startOnFreePair(Path dir, String name, int not) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = freePair(not);
            String run = name + "-" + attempt;
            try {
                ChildNode node =
                        ChildNode.startWith(dir.resolve(run), dir, run, List.of("--port", String.valueOf(port)));
                assertEquals(port, node.port(), node.output());
                return node;
            } catch (IllegalStateException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    /**
     * A port P with P and P+1 free on loopback, other than {@code not} and its neighbour. Drawn
     * below Linux's default ephemeral range (32768 and up), so that a test binding port 0 is
     * seldom handed it between this check and the node's bind.
     */
    private static int freePair(int not) throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (Math.abs(port - not) > 1 && isFree(port) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free ports in a row between 20000 and 32000");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
