package org.replaytcp.report;

import java.util.Locale;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;
import org.replaytcp.util.JsonWriter;

/**
 * The {@code --report FILE.html} page: self-contained (no network needed to open it), a summary table, and per
 * connection a timeline of the recorded and the replayed times of both directions, drawn by a small script into
 * SVG, so a person sees at a glance where the replay ran late or the peer diverged.
 */
public final class ReportHtml {

    private ReportHtml() {}

    public static String format(ReplayReport report, String title) {
        StringBuilder rows = new StringBuilder();
        for (ConnectionResult r : report.connections()) {
            rows.append("<tr class=\"")
                    .append(r.verdict().jsonName())
                    .append("\"><td>")
                    .append(r.role())
                    .append("</td><td>")
                    .append(r.index())
                    .append(r.round() > 1 ? " (round " + r.round() + ")" : "")
                    .append("</td><td>")
                    .append(escape(r.client()))
                    .append("</td><td>")
                    .append(escape(r.server()))
                    .append("</td><td>")
                    .append(r.sentBytes())
                    .append(" of ")
                    .append(r.expectedSentBytes())
                    .append("</td><td>")
                    .append(r.receivedBytes())
                    .append(" of ")
                    .append(r.expectedReceivedBytes())
                    .append("</td><td class=\"verdict\">")
                    .append(r.verdict().jsonName())
                    .append("</td><td>")
                    .append(r.lateness().count() == 0 ? "-" : r.lateness().percentileMicros(0.99) + " µs")
                    .append("</td><td>")
                    .append(r.problem() == null ? "" : escape(r.problem()));
            // Each fault aimed at the connection, and how the peer took it, under its problem.
            for (org.replaytcp.replay.InjectedFault fault : r.faults()) {
                rows.append("<br>").append(escape(fault.describe(r.sentBytes())));
            }
            rows.append("</td></tr>\n");
        }
        return TEMPLATE.replace("%TITLE%", escape(title))
                .replace(
                        "%SUMMARY%",
                        String.format(
                                        Locale.ROOT,
                                        "%d connections, %.1f s; lateness of sends: p50 %d µs, p99 %d µs, max %d µs; peer late %d times",
                                        report.connections().size(),
                                        report.durationSeconds(),
                                        report.timing().percentileMicros(0.5),
                                        report.timing().percentileMicros(0.99),
                                        report.timing().maxMicros(),
                                        report.awaitTimeouts())
                                + rounds(report))
                .replace("%ROWS%", rows.toString())
                .replace("%DATA%", data(report).replace("</", "<\\/"));
    }

    /** For a loop, a line per run of rounds that went the same way (the summary's lines). */
    private static String rounds(ReplayReport report) {
        if (!report.looped()) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        for (org.replaytcp.replay.RoundRun run : report.rounds()) {
            lines.append("<br>").append(escape(run.describe(report.plannedRounds())));
        }
        return lines.toString();
    }

    /** The plot data, as JSON embedded in the page: milliseconds from each connection's start. */
    private static String data(ReplayReport report) {
        JsonWriter json = new JsonWriter().beginArray();
        for (ConnectionResult r : report.connections()) {
            json.beginObject();
            json.name("role").value(r.role());
            json.name("index").value(r.index());
            json.name("title").value(r.role() + " " + r.index() + ": " + r.client() + " → " + r.server());
            json.name("verdict").value(r.verdict().jsonName());
            json.name("difference")
                    .value(r.difference() == null ? null : r.difference().describe());
            series(json, "recordedSent", r.timeline().recordedSent.toArray());
            series(json, "liveSent", r.timeline().liveSent.toArray());
            series(json, "recordedPeer", r.timeline().recordedPeer.toArray());
            series(json, "livePeer", r.timeline().livePeer.toArray());
            json.endObject();
        }
        return json.endArray().toString();
    }

    private static void series(JsonWriter json, String name, long[] nanos) {
        json.name(name).beginArray();
        for (long n : nanos) {
            json.value(n / 1e6, 3);
        }
        json.endArray();
    }

    private static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>replay-tcp: %TITLE%</title>
            <style>
            body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
            table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; }
            tr.identical .verdict { color: #176f2c; } tr.differs .verdict, tr.shorter .verdict, tr.longer .verdict { color: #b00020; font-weight: bold; }
            .plot { margin: 1.5em 0; } .plot h3 { margin: 0 0 .3em; font-size: 15px; }
            pre { background: #f6f6f6; padding: .5em; }
            .legend span { margin-right: 1.5em; } .sw { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
            </style></head><body>
            <h1>replay-tcp: %TITLE%</h1>
            <p>%SUMMARY%</p>
            <table><thead><tr><th>role</th><th>conn</th><th>client</th><th>server</th><th>sent</th><th>received</th>
            <th>verdict</th><th>lag p99</th><th>problem</th></tr></thead><tbody>
            %ROWS%</tbody></table>
            <p class="legend"><span><i class="sw" style="background:#999"></i>recorded</span>
            <span><i class="sw" style="background:#1f77b4"></i>replayed, our side</span>
            <span><i class="sw" style="background:#ff7f0e"></i>live peer</span></p>
            <div id="plots"></div>
            <script id="data" type="application/json">%DATA%</script>
            <script>
            (function () {
              var connections = JSON.parse(document.getElementById('data').textContent);
              var NS = 'http://www.w3.org/2000/svg';
              function el(name, attrs, parent) {
                var e = document.createElementNS(NS, name);
                for (var k in attrs) { e.setAttribute(k, attrs[k]); }
                if (parent) { parent.appendChild(e); }
                return e;
              }
              connections.forEach(function (c) {
                var box = document.createElement('div'); box.className = 'plot';
                var h = document.createElement('h3'); h.textContent = c.title + ' \u2014 ' + c.verdict; box.appendChild(h);
                var all = [].concat(c.recordedSent, c.liveSent, c.recordedPeer, c.livePeer);
                var end = Math.max.apply(null, all.concat([1]));
                var W = 900, H = 130, L = 120, R = 20;
                var svg = el('svg', {width: W, height: H, 'class': 'timeline', viewBox: '0 0 ' + W + ' ' + H}, box);
                var rows = [['our side, recorded', c.recordedSent, 'recorded-sent', 20], ['our side, replayed', c.liveSent, 'replayed', 45],
                            ['peer, recorded', c.recordedPeer, 'recorded-peer', 75], ['peer, live', c.livePeer, 'live-peer', 100]];
                rows.forEach(function (row) {
                  var label = el('text', {x: 4, y: row[3] + 4, 'font-size': 11}, svg); label.textContent = row[0];
                  el('line', {x1: L, x2: W - R, y1: row[3], y2: row[3], stroke: '#eee'}, svg);
                  var color = row[2].indexOf('recorded') === 0 ? '#999' : row[2] === 'replayed' ? '#1f77b4' : '#ff7f0e';
                  row[1].forEach(function (t) {
                    var x = L + (W - L - R) * t / end;
                    el('line', {'class': 'tick ' + row[2], x1: x, x2: x, y1: row[3] - 8, y2: row[3] + 8, stroke: color}, svg);
                  });
                });
                var axis = el('text', {x: W - R, y: H - 4, 'text-anchor': 'end', 'font-size': 11}, svg);
                axis.textContent = end.toFixed(1) + ' ms from the connection\\'s start';
                if (c.difference) { var pre = document.createElement('pre'); pre.textContent = c.difference; box.appendChild(pre); }
                document.getElementById('plots').appendChild(box);
              });
              document.body.setAttribute('data-rendered', String(connections.length));
            })();
            </script>
            </body></html>
            """;
}
