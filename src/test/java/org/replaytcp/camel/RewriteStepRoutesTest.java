package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.SampleRoutes;

/**
 * The shipped client route with {@code replay.rewrite-bytes} embedded in a Camel test, toward a plain Java server:
 * the rewrite step between pacing and writing numbers the DAQbox frames of both connections as one sequence
 * (1..85; each connection's frames start from 1 in the recording, as tshark shows); a route without the step is
 * refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RewriteStepRoutesTest extends CamelTestSupport {

    private static final int PORT = FreePort.find();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = SampleRoutes.clientToward(PORT);
        properties.put("replay.await-peer", "false");
        properties.put("replay.rewrite-bytes", "AA55:4-7=counter");
        return properties;
    }

    private static byte[] readAll(Socket socket) throws IOException {
        try (socket) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }

    @Test
    void theRewriteStepNumbersBothConnectionsAsOneSequence() throws Exception {
        try (ServerSocket server = new ServerSocket(PORT, 5, InetAddress.getLoopbackAddress())) {
            List<CompletableFuture<byte[]>> streams = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                streams.add(Background.supply(() -> {
                    try {
                        Socket socket;
                        synchronized (server) {
                            socket = server.accept();
                        }
                        return readAll(socket);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            SampleRoutes.load(context, Path.of("routes/daqbox-to-polyview.yaml"));
            ReplayRun.of(context).result().get(60, TimeUnit.SECONDS);
            TreeSet<Long> numbers = new TreeSet<>();
            int frames = 0;
            for (CompletableFuture<byte[]> stream : streams) {
                byte[] bytes = stream.get(30, TimeUnit.SECONDS);
                for (int at = 0;
                        at + 8 <= bytes.length;
                        at += 4 + (((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff))) {
                    assertEquals((byte) 0xAA, bytes[at], "a frame at " + at);
                    numbers.add(((bytes[at + 4] & 0xffL) << 24)
                            | ((bytes[at + 5] & 0xffL) << 16)
                            | ((bytes[at + 6] & 0xffL) << 8)
                            | (bytes[at + 7] & 0xffL));
                    frames++;
                }
            }
            assertEquals(85, frames);
            assertEquals(85, numbers.size(), "numbers repeated: " + numbers);
            assertEquals(List.of(1L, 85L), List.of(numbers.first(), numbers.last()));
        }
    }

    @Test
    void aRouteWithoutTheRewriteStepIsRefusedWhenFieldsAreToBeRewritten() throws Exception {
        String shipped = Files.readString(Path.of("routes/daqbox-to-polyview.yaml"));
        String withoutStep = shipped.replace("        - process:\n            ref: daqboxRewrite\n", "");
        assertTrue(withoutStep.length() < shipped.length(), "the shipped route has the step");
        Path file = Files.createTempFile("no-rewrite-step", ".yaml");
        Files.writeString(file, withoutStep);
        SampleRoutes.load(context, file);
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> ReplayRun.of(context).result().get(60, TimeUnit.SECONDS));
        assertEquals(
                "fields to rewrite were asked for (replay.rewrite-bytes) but route daqbox-to-polyview has no rewrite "
                        + "step: put a replay step with step: rewrite between the pacing step and the step that "
                        + "writes (see routes/daqbox-to-polyview.yaml)",
                failed.getCause().getMessage());
    }
}
