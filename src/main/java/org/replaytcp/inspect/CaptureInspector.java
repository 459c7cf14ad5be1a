package org.replaytcp.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.replaytcp.tcp.ConnectionSummary;
import org.replaytcp.tcp.ConversationReader;

/** Reads a whole capture and sums up its connections. */
public final class CaptureInspector {

    private CaptureInspector() {}

    /**
     * @param serverPort the server port to assume for connections without a SYN, or null
     */
    public static CaptureInspection inspect(Path file, Integer serverPort) throws IOException {
        List<ConnectionSummary> summaries = new ArrayList<>();
        try (ConversationReader reader = ConversationReader.summariesOnly(file, serverPort, summaries::add)) {
            reader.forEachRemaining(event -> {});
            summaries.sort(Comparator.comparingInt(s -> s.info().index()));
            return new CaptureInspection(
                    file,
                    reader.formatDescription(),
                    reader.packets(),
                    List.copyOf(summaries),
                    reader.decoder().skipped(),
                    reader.decoder().unsupportedLinkTypes(),
                    reader.decoder().lengthBeyondFrame(),
                    reader.problems(),
                    reader.damagedPackets());
        }
    }
}
