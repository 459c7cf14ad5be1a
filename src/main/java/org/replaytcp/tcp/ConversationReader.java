package org.replaytcp.tcp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.replaytcp.capture.CaptureFiles;
import org.replaytcp.capture.CaptureProblem;
import org.replaytcp.capture.CaptureReader;
import org.replaytcp.capture.CapturedPacket;
import org.replaytcp.packet.PacketDecoder;
import org.replaytcp.packet.TcpSegment;

/**
 * The TCP events of a capture file, pulled one at a time: reading, decoding and reassembly in one pass, with
 * memory bounded by what is in flight, not by the file.
 */
public final class ConversationReader implements Closeable {

    private final Path file;
    private final CaptureReader reader;
    private final PacketDecoder decoder = new PacketDecoder();
    private final ConnectionTracker tracker;
    private final ArrayDeque<TcpEvent> ready = new ArrayDeque<>();
    private long packets;
    private boolean finished;
    /** Damaged packets, the first of them kept with where they are; all of them counted. */
    private final List<CaptureProblem> packetDamage = new ArrayList<>();

    private long packetDamageCount;
    private static final int MAX_KEPT_DAMAGE = 100;

    /**
     * @param file               the capture
     * @param explicitServerPort the server port to assume for connections without a SYN, or null
     * @param summaries          receives each connection's summary when it is final (may be ignored)
     */
    public ConversationReader(Path file, Integer explicitServerPort, Consumer<ConnectionSummary> summaries)
            throws IOException {
        this(file, explicitServerPort, summaries, true);
    }

    private ConversationReader(
            Path file, Integer explicitServerPort, Consumer<ConnectionSummary> summaries, boolean payloadWanted)
            throws IOException {
        this.file = file;
        this.reader = CaptureFiles.open(file);
        ServerInference inference = new ServerInference(explicitServerPort, () -> ListeningEndpoints.scan(file));
        this.tracker = new ConnectionTracker(inference, ready::addLast, summaries, payloadWanted);
    }

    /** A reader for the summaries only (inspect): it makes no data events, so it copies no payload. */
    public static ConversationReader summariesOnly(
            Path file, Integer explicitServerPort, Consumer<ConnectionSummary> summaries) throws IOException {
        return new ConversationReader(file, explicitServerPort, summaries, false);
    }

    /** The next event, or null when the capture is exhausted. */
    public TcpEvent next() throws IOException {
        while (ready.isEmpty() && !finished) {
            CapturedPacket packet = reader.next();
            if (packet == null) {
                finished = true;
                tracker.finish();
                break;
            }
            packets++;
            TcpSegment segment = decoder.decode(packet);
            if (decoder.lastDamage() != null) {
                packetDamageCount++;
                if (packetDamage.size() < MAX_KEPT_DAMAGE) {
                    packetDamage.add(
                            new CaptureProblem(file, packet.frameNumber(), packet.fileOffset(), decoder.lastDamage()));
                }
            }
            if (segment != null) {
                tracker.accept(segment);
            }
        }
        return ready.pollFirst();
    }

    /** Reads to the end, handing every event to {@code consumer}. */
    public void forEachRemaining(Consumer<TcpEvent> consumer) throws IOException {
        for (TcpEvent event = next(); event != null; event = next()) {
            consumer.accept(event);
        }
    }

    public Path file() {
        return file;
    }

    /** Packets read so far. */
    public long packets() {
        return packets;
    }

    public PacketDecoder decoder() {
        return decoder;
    }

    /** Damage met in the file so far: the file's structure first, then damaged packets (the first 100). */
    public List<CaptureProblem> problems() {
        List<CaptureProblem> all = new ArrayList<>(reader.problems());
        all.addAll(packetDamage);
        return all;
    }

    /** How many packets had damaged headers, all counted (only the first are in {@link #problems()}). */
    public long damagedPackets() {
        return packetDamageCount;
    }

    public String formatDescription() {
        return reader.formatDescription();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
