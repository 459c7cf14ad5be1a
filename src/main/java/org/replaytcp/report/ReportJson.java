package org.replaytcp.report;

import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.util.JsonWriter;

/**
 * The {@code --report FILE.json} document. Its field names are a contract that users' scripts rely on: fields
 * may be added, never renamed or removed.
 */
public final class ReportJson {

    private ReportJson() {}

    public static String format(ReplayReport report) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("connections").beginArray();
        for (ConnectionResult r : report.connections()) {
            json.beginObject();
            json.name("index").value(r.index());
            json.name("round").value(r.round());
            json.name("role").value(r.role());
            json.name("client").value(r.client());
            json.name("server").value(r.server());
            json.name("live").value(r.live());
            json.name("sentBytes").value(r.sentBytes());
            json.name("expectedSentBytes").value(r.expectedSentBytes());
            json.name("receivedBytes").value(r.receivedBytes());
            json.name("expectedReceivedBytes").value(r.expectedReceivedBytes());
            json.name("verdict").value(r.verdict().jsonName());
            json.name("firstDifferenceOffset");
            if (r.firstDifferenceOffset() >= 0) {
                json.value(r.firstDifferenceOffset());
            } else {
                json.nullValue();
            }
            json.name("difference");
            if (r.difference() != null) {
                json.beginObject();
                json.name("contextOffset").value(r.difference().contextStart());
                json.name("expectedHex")
                        .value(org.replaytcp.replay.Difference.hex(
                                r.difference().expected()));
                json.name("actualHex")
                        .value(org.replaytcp.replay.Difference.hex(
                                r.difference().actual()));
                json.name("expectedAscii")
                        .value(org.replaytcp.replay.Difference.ascii(
                                r.difference().expected()));
                json.name("actualAscii")
                        .value(org.replaytcp.replay.Difference.ascii(
                                r.difference().actual()));
                json.endObject();
            } else {
                json.nullValue();
            }
            json.name("lagP99Micros").value(r.lateness().percentileMicros(0.99));
            json.name("awaitTimeouts").value(r.awaitTimeouts());
            json.name("problem").value(r.problem());
            json.name("faults").beginArray();
            for (org.replaytcp.replay.InjectedFault f : r.faults()) {
                json.beginObject();
                json.name("fault").value(f.fault());
                json.name("injected").value(f.injected());
                json.name("atMicros").value(f.atMicros());
                json.name("peerBytesBefore").value(f.peerBytesBefore());
                json.name("peerBytesAfter").value(f.peerBytesAfter());
                json.name("peerEnd").value(f.peerEnd());
                json.name("peerEndAfterMicros").value(f.peerEndAfterMicros());
                json.name("peerObservable").value(f.observable());
                json.name("description").value(f.describe(r.sentBytes()));
                json.endObject();
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        json.name("timing").beginObject();
        json.name("p50Micros").value(report.timing().percentileMicros(0.5));
        json.name("p99Micros").value(report.timing().percentileMicros(0.99));
        json.name("maxMicros").value(report.timing().maxMicros());
        json.name("segments").value(report.timing().count());
        json.endObject();
        json.name("awaitTimeouts").value(report.awaitTimeouts());
        json.name("durationSeconds").value(report.durationSeconds(), 3);
        json.name("succeeded").value(report.succeeded());
        json.name("notes").beginArray();
        for (String note : report.notes()) {
            json.value(note);
        }
        json.endArray();
        if (report.looped()) {
            writeRounds(json, report);
        }
        return json.endObject().toString();
    }

    /** The rounds of a loop: how many, and runs of rounds that went the same way. */
    private static void writeRounds(JsonWriter json, ReplayReport report) {
        json.name("rounds").beginObject();
        json.name("planned").value(report.plannedRounds());
        json.name("played").value(report.roundsPlayed());
        json.name("runs").beginArray();
        for (org.replaytcp.replay.RoundRun run : report.rounds()) {
            org.replaytcp.replay.RoundCounts c = run.counts();
            json.beginObject();
            json.name("first").value(run.first());
            json.name("last").value(run.last());
            json.name("connections").value(c.connections());
            json.name("succeeded").value(c.succeeded());
            json.name("identical").value(c.identical());
            json.name("differs").value(c.differs());
            json.name("shorter").value(c.shorter());
            json.name("longer").value(c.longer());
            json.name("notVerified").value(c.notVerified());
            json.name("notRun").value(c.notRun());
            json.name("incomplete").value(c.incomplete());
            json.name("verdict").value(c.verdict());
            json.name("description").value(run.describe(report.plannedRounds()));
            json.endObject();
        }
        json.endArray();
        json.endObject();
    }
}
