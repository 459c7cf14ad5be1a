package org.replaytcp.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.replaytcp.capture.CaptureFiles;
import org.replaytcp.capture.CaptureReader;
import org.replaytcp.capture.CapturedPacket;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.packet.PacketDecoder;
import org.replaytcp.packet.TcpSegment;

/** A quick pass over a capture that collects every endpoint seen accepting a connection (SYN or SYN-ACK). */
public final class ListeningEndpoints {

    private ListeningEndpoints() {}

    /** Endpoints that received a SYN or sent a SYN-ACK anywhere in {@code file}. */
    public static Set<Endpoint> scan(Path file) {
        Set<Endpoint> listening = new HashSet<>();
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureReader reader = CaptureFiles.open(file)) {
            for (CapturedPacket packet = reader.next(); packet != null; packet = reader.next()) {
                TcpSegment segment = decoder.decode(packet);
                if (segment != null && segment.syn()) {
                    listening.add(segment.ack() ? segment.source() : segment.destination());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return listening;
    }
}
