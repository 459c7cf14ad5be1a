package org.replaytcp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.replaytcp.tcp.ConnectionSummary;
import org.replaytcp.tcp.ConversationReader;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.TcpEvent;

/** What our own reader and reassembler make of a capture, gathered per connection for comparison. */
public final class Reassembled {

    /** One connection's bytes each way and the events that described it. */
    public static final class Stream {
        public ConnectionSummary summary;
        public final ByteArrayOutputStream clientToServer = new ByteArrayOutputStream();
        public final ByteArrayOutputStream serverToClient = new ByteArrayOutputStream();
        public long gapBytesClientToServer;
        public long gapBytesServerToClient;
        /** Gap bytes with data after them in their direction: the ones tshark's follow marks as missing. */
        public long innerGapBytesClientToServer;

        public long innerGapBytesServerToClient;
        private long pendingGapClientToServer;
        private long pendingGapServerToClient;
        public final List<TcpEvent> events = new ArrayList<>();
    }

    private Reassembled() {}

    public static Map<Integer, Stream> of(Path capture) throws IOException {
        Map<Integer, Stream> streams = new TreeMap<>();
        try (ConversationReader reader = new ConversationReader(
                capture,
                null,
                summary -> streams.computeIfAbsent(summary.info().index(), i -> new Stream()).summary = summary)) {
            reader.forEachRemaining(event -> {
                Stream stream = streams.computeIfAbsent(event.connection().index(), i -> new Stream());
                stream.events.add(event);
                if (event instanceof TcpEvent.DataSegment data) {
                    if (data.direction() == Direction.CLIENT_TO_SERVER) {
                        stream.clientToServer.writeBytes(data.data());
                        stream.innerGapBytesClientToServer += stream.pendingGapClientToServer;
                        stream.pendingGapClientToServer = 0;
                    } else {
                        stream.serverToClient.writeBytes(data.data());
                        stream.innerGapBytesServerToClient += stream.pendingGapServerToClient;
                        stream.pendingGapServerToClient = 0;
                    }
                } else if (event instanceof TcpEvent.StreamGap gap) {
                    if (gap.direction() == Direction.CLIENT_TO_SERVER) {
                        stream.gapBytesClientToServer += gap.length();
                        stream.pendingGapClientToServer += gap.length();
                    } else {
                        stream.gapBytesServerToClient += gap.length();
                        stream.pendingGapServerToClient += gap.length();
                    }
                }
            });
        }
        return streams;
    }
}
