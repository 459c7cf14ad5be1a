package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.Verdict;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.SampleRoutes;
import org.replaytcp.testing.Tshark;

/**
 * A step a user put in the client route throws for one segment of connection 1: that connection stops sending
 * there and says why, the run still ends (it used to wait forever for the lost segment's turn), and connection 0
 * is not touched. Both roles of the sample, one against the other, embedded as a user's Camel tests would.
 */
class FailingRouteStepTest extends CamelTestSupport {

    private static final int PORT = FreePort.find();
    /** The first of connection 1's client segments that starts at or past this recorded offset fails. */
    private static final int FAILING_FROM = 30;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = SampleRoutes.bothRolesOn(PORT);
        return properties;
    }

    @Test
    void aSegmentWhoseStepFailsStopsItsConnectionThereAndTheRunStillEnds() throws Exception {
        String shipped = Files.readString(Path.of("routes/daqbox-to-polyview.yaml"));
        String step = "        - process:\n            ref: daqboxRewrite\n";
        String failing = step
                + "        - filter:\n"
                + "            simple: \"${header.CamelPcapConnectionIndex} == 1 && ${header.CamelReplayAction} == 'SEND'"
                + " && ${header.CamelReplayOffset} >= " + FAILING_FROM + "\"\n"
                + "            steps:\n"
                + "              - throwException:\n"
                + "                  exceptionType: java.lang.IllegalStateException\n"
                + "                  message: a user step failed\n";
        assertTrue(shipped.contains(step), "the shipped route has the rewrite step");
        Path file = Files.createTempFile("failing-step", ".yaml");
        Files.writeString(file, shipped.replace(step, failing));
        SampleRoutes.load(context, Path.of("routes/polyview-to-daqbox.yaml"));
        SampleRoutes.load(context, file);

        List<ConnectionResult> results =
                ReplayRun.of(context).result().get(60, TimeUnit.SECONDS).connections();

        var recorded = Tshark.followAll(Path.of("samples/daqbox-polyview.pcapng"));
        // Where the failing segment starts: the first client segment of connection 1 at or past FAILING_FROM.
        long cut = firstSegmentAtOrPast(1, FAILING_FROM);
        assertTrue(cut >= FAILING_FROM && cut < recorded.get(1).fromNode0().length, "cut " + cut);
        assertEquals(4, results.size());
        for (ConnectionResult result : results) {
            boolean client = result.role().equals("client");
            if (result.index() == 0) {
                assertEquals(Verdict.IDENTICAL, result.verdict(), result.toString());
                continue;
            }
            if (client) {
                assertEquals(cut, result.sentBytes(), result.toString());
                assertNotEquals(Verdict.IDENTICAL, result.verdict(), result.toString());
                assertEquals(
                        "route daqbox-to-polyview: the segment at recorded byte " + cut + " was not written, a step "
                                + "failed: a user step failed; this connection sent nothing more",
                        result.problem());
                assertEquals(Verdict.SHORTER, result.verdict(), "Polyview answered only what it got");
            } else {
                assertEquals(cut, result.receivedBytes(), result.toString());
                assertNotEquals(Verdict.IDENTICAL, result.verdict(), result.toString());
            }
        }
    }

    /** The recorded offset, in connection {@code index}'s client stream, of its first segment at or past {@code at}. */
    private static long firstSegmentAtOrPast(int index, long at) throws Exception {
        for (long offset : Tshark.clientSegmentOffsets(Path.of("samples/daqbox-polyview.pcapng"), index, 11000)) {
            if (offset >= at) {
                return offset;
            }
        }
        throw new AssertionError("no client segment of connection " + index + " at or past " + at);
    }
}
