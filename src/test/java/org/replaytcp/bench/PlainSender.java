package org.replaytcp.bench;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/**
 * The reference for small segments and start-up: a plain Java blocking socket with TCP_NODELAY writing SEGMENTS
 * writes of SIZE bytes. Usage: {@code PlainSender PORT SEGMENTS SIZE}.
 */
public final class PlainSender {

    private PlainSender() {}

    public static void main(String[] args) throws Exception {
        int segments = Integer.parseInt(args[1]);
        byte[] segment = new byte[Integer.parseInt(args[2])];
        long offset = 0;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]))) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < segments; i++) {
                for (int j = 0; j < segment.length; j++) {
                    segment[j] = (byte) ((offset + j) % 251);
                }
                out.write(segment);
                offset += segment.length;
            }
        }
    }
}
