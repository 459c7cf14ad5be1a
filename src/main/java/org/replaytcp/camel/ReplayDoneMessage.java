package org.replaytcp.camel;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.replaytcp.replay.ConnectionResult;
import org.replaytcp.replay.ReplayReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a replay as a Camel message, for routes and tests to assert on ({@code mock:}, {@code NotifyBuilder}):
 * the body is the {@link ReplayReport}, the headers say the outcome ({@link ReplayConstants#SUCCEEDED},
 * {@link ReplayConstants#CONNECTIONS}, {@link ReplayConstants#VERDICTS}, {@link ReplayConstants#DURATION}).
 */
final class ReplayDoneMessage {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayDoneMessage.class);

    private ReplayDoneMessage() {}

    /** The headers that go with {@code report}. */
    static Map<String, Object> headers(ReplayReport report) {
        Map<String, Integer> verdicts = new TreeMap<>();
        for (ConnectionResult result : report.connections()) {
            verdicts.merge(result.verdict().jsonName(), 1, Integer::sum);
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(ReplayConstants.SUCCEEDED, report.succeeded());
        headers.put(ReplayConstants.CONNECTIONS, report.connections().size());
        headers.put(ReplayConstants.VERDICTS, verdicts);
        headers.put(ReplayConstants.DURATION, report.durationSeconds());
        return headers;
    }

    /** Sends {@code report} to {@code uri}; a failure to deliver is logged in one line (the replay is over anyway). */
    static void send(CamelContext context, String uri, ReplayReport report) {
        try (ProducerTemplate template = context.createProducerTemplate()) {
            template.sendBodyAndHeaders(uri, report, headers(report));
        } catch (Exception e) {
            LOG.warn("could not deliver the replay's report to {}: {}", uri, ReplaySession.rootMessage(e));
        }
    }
}
