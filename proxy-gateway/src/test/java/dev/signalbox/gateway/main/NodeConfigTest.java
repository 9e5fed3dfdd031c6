package dev.signalbox.gateway.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gRPC port follows the HTTP port unless it is set itself, from any source. */
class NodeConfigTest {

    @Test
    void grpcIsOnThePortAfterTheHttpPortUnlessSet() {
        assertEquals(8081, read(Map.of(), Map.of()).grpcPort());
        assertEquals(9001, read(Map.of(), Map.of(), "--port", "9000").grpcPort());
        assertEquals(0, read(Map.of(), Map.of(), "--port", "0").grpcPort());
        assertEquals(
                7000,
                read(Map.of(), Map.of(), "--port", "9000", "--grpc-port", "7000")
                        .grpcPort());
        assertEquals(
                0, read(Map.of(), Map.of(), "--port", "9000", "--grpc-port=0").grpcPort());
        assertEquals(
                7001,
                read(Map.of("SIGNALBOX_GRPC_PORT", "7001"), Map.of(), "--port", "9000")
                        .grpcPort());
        assertEquals(9101, read(Map.of("SIGNALBOX_PORT", "9100"), Map.of()).grpcPort());
        assertEquals(7002, read(Map.of(), Map.of("signalbox.grpc-port", "7002")).grpcPort());
    }

    @Test
    void theResidentLogIsGivenInMebibytes() {
        assertEquals(1L << 30, read(Map.of(), Map.of()).residentLogBytes());
        assertEquals(
                256L << 20, read(Map.of(), Map.of(), "--resident-log-mb", "256").residentLogBytes());
        assertEquals(0, read(Map.of("SIGNALBOX_RESIDENT_LOG_MB", "0"), Map.of()).residentLogBytes());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> read(Map.of(), Map.of(), "--resident-log-mb", "-1"));
        assertTrue(e.getMessage().contains("resident-log-mb"), e.getMessage());
    }

    @Test
    void theLastPortNeedsAGrpcPortOfItsOwn() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> read(Map.of(), Map.of(), "--port", "65535"));
        assertTrue(e.getMessage().contains("--grpc-port"), e.getMessage());
        assertEquals(
                65_534,
                read(Map.of(), Map.of(), "--port", "65535", "--grpc-port", "65534")
                        .grpcPort());
    }

    @Test
    void usageSaysWhereGrpcGoes() {
        assertTrue(NodeConfig.usage().contains("--port + 1 (any free port with --port 0)"), NodeConfig.usage());
    }

    private static NodeConfig read(Map<String, String> environment, Map<String, String> properties, String... args) {
        return NodeConfig.read(args, environment, properties);
    }
}
