package org.replaytcp.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A request/response protocol for many-connection tests and benchmarks, and its recording: a 100-byte request
 * naming the connection and the exchange, answered by 1000 bytes computed from the request, as a server program
 * would. Both live peers (a server that answers, a client that asks) compute what they send, so they play along
 * with any replay of the recording.
 */
public final class RequestResponse {

    public static final int REQUEST_BYTES = 100;
    public static final int ANSWER_BYTES = 1000;

    private RequestResponse() {}

    /** 100 bytes: which connection and which exchange, padded. */
    public static byte[] request(int connection, int exchange) {
        String head = String.format("REQ %06d %d", connection, exchange);
        return head.concat(".".repeat(REQUEST_BYTES - head.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /** 1000 bytes computed from the request. */
    public static byte[] answer(byte[] request) {
        String head = "ANS " + new String(request, 4, 8, StandardCharsets.US_ASCII) + " ";
        StringBuilder text = new StringBuilder(head);
        while (text.length() < ANSWER_BYTES) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A recording: {@code connections} connections, a new one every {@code openEveryMicros}, each with
     * {@code exchanges} request/answer exchanges {@code exchangeGapMicros} apart (the answer 0.5 ms after its
     * request).
     */
    public static Path record(Path file, int connections, long openEveryMicros, int exchanges, long exchangeGapMicros)
            throws java.io.IOException {
        List<ScriptedCapture.Connection> recorded = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            List<ScriptedCapture.Segment> segments = new ArrayList<>();
            for (int e = 0; e < exchanges; e++) {
                byte[] request = request(c, e);
                segments.add(new ScriptedCapture.Segment(1_000 + e * exchangeGapMicros, true, request));
                segments.add(new ScriptedCapture.Segment(1_500 + e * exchangeGapMicros, false, answer(request)));
            }
            recorded.add(new ScriptedCapture.Connection(
                    1024 + c % 60000, c * openEveryMicros, segments, exchanges * exchangeGapMicros));
        }
        return ScriptedCapture.write(file, recorded);
    }

    /** The server side of one connection: answers every request until the client closes. */
    public static void serve(Socket socket) throws java.io.IOException {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] request;
            while ((request = in.readNBytes(REQUEST_BYTES)).length == REQUEST_BYTES) {
                out.write(answer(request));
            }
        }
    }

    /**
     * The client side of connection {@code connection}: {@code exchanges} requests, each after the answer to the one
     * before and a pause; true if every answer was the expected one.
     */
    public static boolean ask(Socket socket, int connection, int exchanges, long pauseMillis) throws Exception {
        try (socket) {
            InputStream in = socket.getInputStream();
            for (int e = 0; e < exchanges; e++) {
                byte[] request = request(connection, e);
                socket.getOutputStream().write(request);
                if (!Arrays.equals(answer(request), in.readNBytes(ANSWER_BYTES))) {
                    return false;
                }
                if (pauseMillis > 0 && e + 1 < exchanges) {
                    Thread.sleep(pauseMillis);
                }
            }
            socket.shutdownOutput();
            in.readAllBytes();
            return true;
        }
    }
}
