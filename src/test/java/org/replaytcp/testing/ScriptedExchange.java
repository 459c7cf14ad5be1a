package org.replaytcp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small DAQbox/Polyview-like exchange over real sockets: the server greets, the client sends binary frames,
 * the server acknowledges some of them. Returns exactly what each side wrote, as ground truth for captures.
 */
public final class ScriptedExchange {

    /** What each side sent, byte for byte. */
    public record Sent(byte[] byClient, byte[] byServer, int clientPort) {}

    private ScriptedExchange() {}

    /** Runs one exchange on {@code address:port}; the client binds any local port, as DAQbox does. */
    public static Sent run(InetAddress address, int port, int frames, long seed) throws Exception {
        Random random = new Random(seed);
        byte[][] frameBytes = new byte[frames][];
        for (int i = 0; i < frames; i++) {
            frameBytes[i] = new byte[8 + random.nextInt(600)];
            random.nextBytes(frameBytes[i]);
            frameBytes[i][0] = (byte) 0xAA;
            frameBytes[i][1] = 0x55;
        }
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(address, port));
            CompletableFuture<byte[]> server = Background.supply(() -> serve(listener, frameBytes));
            ByteArrayOutputStream clientSent = new ByteArrayOutputStream();
            int clientPort;
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), 5000);
                clientPort = socket.getLocalPort();
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                in.readNBytes(6); // the greeting
                for (int i = 0; i < frames; i++) {
                    out.write(frameBytes[i]);
                    out.flush();
                    clientSent.writeBytes(frameBytes[i]);
                    if (i % 3 == 2) {
                        in.readNBytes(4); // an acknowledgment every third frame
                    }
                    Thread.sleep(random.nextInt(4));
                }
                socket.shutdownOutput();
                in.readAllBytes();
            }
            byte[] serverSent = server.get(30, TimeUnit.SECONDS);
            return new Sent(clientSent.toByteArray(), serverSent, clientPort);
        }
    }

    private static byte[] serve(ServerSocket listener, byte[][] frames) {
        long[] endOf = new long[frames.length];
        long total = 0;
        for (int i = 0; i < frames.length; i++) {
            total += frames[i].length;
            endOf[i] = total;
        }
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        try (Socket socket = listener.accept()) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] greeting = "HELLO\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            out.write(greeting);
            sent.writeBytes(greeting);
            // Acknowledge frames 3, 6, 9... as soon as all their bytes are in, as the client expects.
            int nextAcknowledged = 2;
            int acknowledgments = 0;
            long received = 0;
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                received += n;
                while (nextAcknowledged < frames.length && received >= endOf[nextAcknowledged]) {
                    byte[] ack = {'A', 'C', 'K', (byte) ++acknowledgments};
                    out.write(ack);
                    sent.writeBytes(ack);
                    nextAcknowledged += 3;
                }
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sent.toByteArray();
    }
}
