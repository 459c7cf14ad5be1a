package org.replaytcp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A listener on loopback that accepts every connection and reads it to the end, answering nothing. */
public final class SilentPeer implements AutoCloseable {

    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

    public SilentPeer() throws IOException {
        Thread accepting = new Thread(this::accept, "silent-peer");
        accepting.setDaemon(true);
        accepting.start();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                Thread reader = new Thread(
                        () -> {
                            try (socket;
                                    InputStream in = socket.getInputStream()) {
                                in.transferTo(OutputStream.nullOutputStream());
                            } catch (IOException ignored) {
                                // the replay closed it
                            }
                        },
                        "silent-peer-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** The port it listens on (127.0.0.1 or ::1, the loopback address). */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections it accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
