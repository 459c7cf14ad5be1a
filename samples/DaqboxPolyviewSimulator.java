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
 * A small stand-in for the lab's two programs: it recorded the bundled sample capture (see make-sample.sh), and it
 * plays either program alone so both of replay-tcp's jobs can be tried without the lab.
 *
 * <pre>
 * java DaqboxPolyviewSimulator.java [PORT]            both programs, one against the other (what the sample recorded)
 * java DaqboxPolyviewSimulator.java polyview [PORT]   Polyview alone: listens on 127.0.0.1:PORT until Ctrl-C
 *                                                     (try: replay-tcp client CAPTURE --connect 127.0.0.1:PORT)
 * java DaqboxPolyviewSimulator.java daqbox [PORT]     DAQbox alone: its two connections to 127.0.0.1:PORT, then exits
 *                                                     (try: replay-tcp server CAPTURE --listen PORT, then this)
 * </pre>
 *
 * PORT is 11000 unless given. Polyview (server, fixed port) greets each client with a text line, then acknowledges
 * every fifth frame with "ACK n\r\n". DAQbox (client, any local port) reads the greeting, then streams binary
 * frames (0xAA 0x55, 16-bit length, 32-bit sequence number, samples) on an irregular rhythm, and closes; its frames
 * and pauses come from a fixed seed, so every run sends the bytes of the sample. Two DAQbox connections overlap:
 * the second opens while the first still streams. Alone, DAQbox waits up to 30 s for Polyview to listen.
 */
public final class DaqboxPolyviewSimulator {

    private static final byte[] GREETING = "POLYVIEW 2.4 READY\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long CONNECT_PATIENCE_NANOS = 30_000_000_000L;

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 && !args[0].matches("\\d+") ? args[0] : "both";
        String portText = mode.equals("both") ? (args.length > 0 ? args[0] : null) : (args.length > 1 ? args[1] : null);
        int port = portText == null ? 11000 : Integer.parseInt(portText);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            switch (mode) {
                case "both" -> {
                    try (ServerSocket polyview = listen(loopback, port)) {
                        pool.submit(() -> acceptForever(polyview, pool));
                        daqboxes(loopback, port, pool);
                    }
                }
                case "polyview" -> {
                    try (ServerSocket polyview = listen(loopback, port)) {
                        System.out.println("polyview: listening on " + loopback.getHostAddress() + ":" + port
                                + " (Ctrl-C to stop)");
                        acceptForever(polyview, pool);
                    }
                }
                case "daqbox" -> {
                    daqboxes(loopback, port, pool);
                    System.out.println("daqbox: both connections done");
                }
                default -> {
                    System.err.println("usage: java DaqboxPolyviewSimulator.java [polyview|daqbox] [PORT]");
                    System.exit(2);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ServerSocket listen(InetAddress address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(address, port));
        return server;
    }

    /** DAQbox's two overlapping connections, as recorded in the sample. */
    private static void daqboxes(InetAddress address, int port, ExecutorService pool) throws Exception {
        Future<?> first = pool.submit(() -> daqbox(address, port, 60, 1));
        Thread.sleep(700);
        Future<?> second = pool.submit(() -> daqbox(address, port, 25, 2));
        first.get();
        second.get();
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
        try (Socket socket = connectWhenListening(address, port)) {
            socket.setTcpNoDelay(true);
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

    /** Connects from any local port, as DAQbox does; while nothing listens yet, tries again for up to 30 s. */
    private static Socket connectWhenListening(InetAddress address, int port) throws Exception {
        long deadline = System.nanoTime() + CONNECT_PATIENCE_NANOS;
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port));
                return socket;
            } catch (java.net.ConnectException refused) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(100);
            }
        }
    }
}
