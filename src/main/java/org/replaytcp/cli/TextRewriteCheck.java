package org.replaytcp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.replaytcp.replay.TextRewrite;
import org.replaytcp.replay.TextRewriter;
import org.replaytcp.tcp.ConversationReader;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.TcpEvent;

/**
 * Before anything connects: the {@code --rewrite} rules are applied to what the recording has us send, as round 1
 * would apply them, and a replacement of another length is refused in one line unless {@code --allow-resize}.
 */
final class TextRewriteCheck {

    private TextRewriteCheck() {}

    /**
     * @throws IllegalArgumentException naming the capture, the connection, the offset and the replacement
     */
    static void check(Path capture, ReplayLauncher.Selection selection, boolean client, List<TextRewrite> rules)
            throws IOException {
        if (rules.isEmpty()) {
            return;
        }
        Direction ours = client ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        TextRewriter.Counters counters = new TextRewriter.Counters(rules.size());
        Map<Integer, TextRewriter> rewriters = new HashMap<>();
        try (ConversationReader reader = new ConversationReader(capture, selection.serverPort(), summary -> {})) {
            for (TcpEvent event = reader.next(); event != null; event = reader.next()) {
                if (!(event instanceof TcpEvent.DataSegment data)
                        || data.direction() != ours
                        || data.connection().server().port() != selection.serverPort()
                        || !selection.connections().includes(data.connection().index())) {
                    continue;
                }
                int index = data.connection().index();
                TextRewriter rewriter = rewriters.computeIfAbsent(
                        index, i -> new TextRewriter(rules, counters, 1, i, false, java.time.ZonedDateTime::now));
                rewriter.rewrite(data.streamOffset(), data.data());
                if (rewriter.firstRefusal() != null) {
                    throw new IllegalArgumentException(capture.getFileName() + ": connection " + index + ": "
                            + rewriter.firstRefusal()
                                    .replace(
                                            "; sent as recorded (--allow-resize lets lengths " + "change)",
                                            "; lengths never change silently: add --allow-resize to let them"));
                }
            }
        }
    }
}
