import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small stand-in for the lab's two programs, used to record the bundled sample capture
 * (see make-sample.sh). Run: java DaqboxPolyviewSimulator.java [PORT]
 *
 * <p>Polyview (server, fixed port): greets each client with a text line, then acknowledges every fifth frame
 * with "ACK n\r\n". DAQbox (client, any local port): reads the greeting, then streams binary frames
 * (0xAA 0x55, 16-bit length, 32-bit sequence number, samples) on an irregular rhythm, and closes. Two DAQbox
 * connections overlap: a second one opens while the first still streams.
 */
public final class DaqboxPolyviewSimulator {

    private static final byte[] GREETING = "POLYVIEW 2.4 READY\r\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 11000;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ServerSocket polyview = new ServerSocket()) {
            polyview.bind(new InetSocketAddress(loopback, port));
            pool.submit(() -> acceptForever(polyview, pool));
            Future<?> first = pool.submit(() -> daqbox(loopback, port, 60, 1));
            Thread.sleep(700);
            Future<?> second = pool.submit(() -> daqbox(loopback, port, 25, 2));
            first.get();
            second.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void acceptForever(ServerSocket polyview, ExecutorService pool) {
        try {
            while (true) {
                Socket client = polyview.accept();
                pool.submit(() -> serve(client));
            }
        } catch (IOException closed) {
            return null;
        }
    }

    /** Polyview's side of one connection. */
    private static Void serve(Socket socket) throws IOException {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(GREETING);
            out.flush();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int frames = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                pending.write(buffer, 0, n);
                byte[] bytes = pending.toByteArray();
                int at = 0;
                while (bytes.length - at >= 4) {
                    int length = (bytes[at + 2] & 0xFF) << 8 | (bytes[at + 3] & 0xFF);
                    if (bytes.length - at < 4 + length) {
                        break;
                    }
                    at += 4 + length;
                    if (++frames % 5 == 0) {
                        out.write(("ACK " + frames + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
                pending.reset();
                pending.write(bytes, at, bytes.length - at);
            }
            socket.shutdownOutput();
        }
        return null;
    }

    /** DAQbox's side: one connection streaming {@code frames} frames. */
    private static Void daqbox(InetAddress address, int port, int frames, long seed) throws Exception {
        Random random = new Random(seed);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port));
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.readNBytes(GREETING.length);
            for (int sequence = 1; sequence <= frames; sequence++) {
                int samples = 8 + random.nextInt(120);
                ByteBuffer frame = ByteBuffer.allocate(4 + 4 + samples * 2);
                frame.put((byte) 0xAA).put((byte) 0x55).putShort((short) (4 + samples * 2)).putInt(sequence);
                for (int i = 0; i < samples; i++) {
                    frame.putShort((short) (2048 + 400 * Math.sin((sequence * samples + i) / 7.0) + random.nextInt(9)));
                }
                out.write(frame.array());
                out.flush();
                Thread.sleep(5 + random.nextInt(40) + (random.nextInt(10) == 0 ? 120 : 0));
            }
            socket.shutdownOutput();
            in.readAllBytes(); // the last acknowledgments, then Polyview's FIN
        }
        return null;
    }
}
