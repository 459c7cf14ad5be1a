package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.replay.Verdict;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.Tshark;

/** The XML DSL route files give the same replay as the YAML ones: the sample in both roles, one against the other. */
class XmlRoutesTest {

    private static final Path SAMPLE = Path.of("samples/daqbox-polyview.pcapng");

    /** The demo through the route files that {@code pattern} includes, with only what differs from their defaults. */
    private static ReplayReport replay(String pattern) throws Exception {
        int port = FreePort.find();
        Properties properties = new Properties();
        properties.put("replay.capture", SAMPLE.toString());
        properties.put("replay.port", "11000");
        properties.put("replay.speed", "4");
        properties.put("replay.print-summary", "false");
        properties.put("polyview.port", Integer.toString(port));
        properties.put("polyview.listen", "127.0.0.1:" + port);
        Main main = new Main();
        main.setInitialProperties(properties);
        main.configure().withRoutesIncludePattern(pattern);
        main.start();
        try {
            return ReplayRun.of(main.getCamelContext()).result().get(60, TimeUnit.SECONDS);
        } finally {
            main.stop();
        }
    }

    @Test
    void xmlAndYamlRoutesReplayTheSampleAlike() throws Exception {
        ReplayReport yaml = replay("file:routes/*.yaml");
        ReplayReport xml = replay("file:routes/xml/*.xml");
        var recorded = Tshark.followAll(SAMPLE); // tshark's streams and bytes, not ours
        assertEquals(2 * recorded.size(), xml.connections().size());
        assertEquals(yaml.connections().size(), xml.connections().size());
        for (int i = 0; i < xml.connections().size(); i++) {
            ConnectionResult fromXml = xml.connections().get(i);
            ConnectionResult fromYaml = yaml.connections().get(i);
            Tshark.Followed expected = recorded.get(fromXml.index());
            boolean client = fromXml.role().equals("client");
            assertEquals(List.of(fromYaml.role(), fromYaml.index()), List.of(fromXml.role(), fromXml.index()));
            assertEquals(
                    (client ? expected.fromNode0() : expected.fromNode1()).length,
                    fromXml.sentBytes(),
                    fromXml.toString());
            assertEquals(
                    (client ? expected.fromNode1() : expected.fromNode0()).length,
                    fromXml.receivedBytes(),
                    fromXml.toString());
            assertEquals(fromYaml.sentBytes(), fromXml.sentBytes());
            assertEquals(fromYaml.receivedBytes(), fromXml.receivedBytes());
            assertEquals(Verdict.IDENTICAL, fromXml.verdict(), fromXml.toString());
            assertEquals(Verdict.IDENTICAL, fromYaml.verdict(), fromYaml.toString());
        }
    }
}
