package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.Verdict;
import org.replaytcp.testing.FreePort;
import org.replaytcp.testing.SampleRoutes;
import org.replaytcp.testing.Tshark;

/**
 * The faults step in the shipped route files, embedded as a user's Camel tests would: both roles of the sample, one
 * against the other, each corrupting byte 30 of its side of connection 1; and a route without the step refused.
 */
class FaultStepRoutesTest extends CamelTestSupport {

    private static final int PORT = FreePort.find();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = SampleRoutes.bothRolesOn(PORT);
        properties.put("replay.faults", "corrupt@30,conn=1");
        return properties;
    }

    @Test
    void eachRoleCorruptsItsByte30OfConnection1AndThePeerSeesItThere() throws Exception {
        SampleRoutes.load(context, Path.of("routes/polyview-to-daqbox.yaml"));
        SampleRoutes.load(context, Path.of("routes/daqbox-to-polyview.yaml"));
        List<ConnectionResult> results =
                ReplayRun.of(context).result().get(60, TimeUnit.SECONDS).connections();
        var recorded = Tshark.followAll(Path.of("samples/daqbox-polyview.pcapng"));
        assertEquals(4, results.size());
        for (ConnectionResult result : results) {
            boolean client = result.role().equals("client");
            Tshark.Followed expected = recorded.get(result.index());
            byte[] theirs = client ? expected.fromNode1() : expected.fromNode0();
            if (result.index() == 0) {
                assertEquals(Verdict.IDENTICAL, result.verdict(), result.toString());
                assertEquals(List.of(), result.faults());
                continue;
            }
            assertEquals(Verdict.DIFFERS, result.verdict(), result.toString());
            assertEquals(30, result.firstDifferenceOffset(), result.toString());
            int at = (int) (30 - result.difference().contextStart());
            assertEquals(theirs[30] & 0xFF, result.difference().expected()[at]);
            assertEquals(~theirs[30] & 0xFF, result.difference().actual()[at]);
            assertEquals(1, result.faults().size());
            assertEquals("corrupt@30,conn=1", result.faults().get(0).fault());
            assertTrue(result.faults().get(0).injected(), result.toString());
            assertEquals(theirs.length, result.receivedBytes());
        }
    }

    @Test
    void aRouteWithoutTheFaultsStepIsRefusedWhenFaultsAreAskedFor() throws Exception {
        String shipped = Files.readString(Path.of("routes/daqbox-to-polyview.yaml"));
        String withoutStep = shipped.replace("        - process:\n            ref: daqboxFaults\n", "");
        assertTrue(withoutStep.length() < shipped.length(), "the shipped route has the step");
        Path file = Files.createTempFile("no-faults-step", ".yaml");
        Files.writeString(file, withoutStep);
        SampleRoutes.load(context, file);
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> ReplayRun.of(context).result().get(60, TimeUnit.SECONDS));
        assertEquals(
                "faults were asked for (replay.faults) but route daqbox-to-polyview has no faults step: put a replay "
                        + "step with step: faults between the pacing step and the step that writes (see "
                        + "routes/daqbox-to-polyview.yaml)",
                failed.getCause().getMessage());
    }
}
