package org.replaytcp.inspect;

import java.util.Map;
import org.replaytcp.capture.CaptureProblem;
import org.replaytcp.packet.SkipReason;
import org.replaytcp.tcp.ConnectionSummary;
import org.replaytcp.util.JsonWriter;
import org.replaytcp.util.NanoText;

/**
 * The {@code inspect --json} document. Its field names are a contract that users' scripts rely on:
 * add fields if needed, never rename or remove one.
 */
public final class InspectionJson {

    private InspectionJson() {}

    public static String format(CaptureInspection inspection) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("file").value(inspection.file().toString());
        json.name("format").value(inspection.format());
        json.name("packets").value(inspection.packets());
        json.name("connections").beginArray();
        long origin = inspection.firstNanos();
        for (ConnectionSummary c : inspection.connections()) {
            json.beginObject();
            json.name("index").value(c.info().index());
            json.name("client").value(c.info().client().toString());
            json.name("server").value(c.info().server().toString());
            json.name("roleFrom").value(c.info().roleFrom().jsonName());
            json.name("start").value(NanoText.isoInstant(c.firstNanos()));
            json.name("startRelativeSeconds").number(NanoText.seconds(c.firstNanos() - origin, 6));
            json.name("durationSeconds").number(NanoText.seconds(c.durationNanos(), 6));
            json.name("packets").value(c.packets());
            json.name("clientToServerBytes").value(c.clientToServerBytes());
            json.name("serverToClientBytes").value(c.serverToClientBytes());
            json.name("retransmittedBytes").value(c.retransmittedBytes());
            json.name("outOfOrderSegments").value(c.outOfOrderSegments());
            json.name("missingBytes").value(c.missingBytes());
            json.name("end").value(c.end().jsonName());
            json.endObject();
        }
        json.endArray();
        json.name("skipped").beginObject();
        long total = 0;
        for (SkipReason reason : SkipReason.values()) {
            long count = inspection.skipped().getOrDefault(reason, 0L);
            total += count;
            json.name(reason.jsonKey()).value(count);
        }
        json.name("total").value(total);
        json.name("unsupportedLinkTypes").beginObject();
        for (Map.Entry<Integer, Long> entry : inspection.unsupportedLinkTypes().entrySet()) {
            json.name(Integer.toString(entry.getKey())).value(entry.getValue());
        }
        json.endObject();
        json.endObject();
        json.name("lengthBeyondFrame").value(inspection.lengthBeyondFrame());
        json.name("damagedPackets").value(inspection.damagedPackets());
        json.name("problems").beginArray();
        for (CaptureProblem problem : inspection.problems()) {
            json.value(problem.toString());
        }
        json.endArray();
        return json.endObject().toString();
    }
}
