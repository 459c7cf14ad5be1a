package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * Having replay-tcp on the classpath changes nothing in a project's own Camel set-up: its {@code routes/*.yaml}
 * pattern finds none of ours (they lie under {@code replay-tcp/}), and no service file of ours swaps a Camel default.
 */
class EmbeddingSideEffectsTest {

    private static final ClassLoader LOADER = EmbeddingSideEffectsTest.class.getClassLoader();

    @Test
    void ourRouteFilesAndSampleAreUnderOurOwnFolder() {
        assertNull(LOADER.getResource("routes/daqbox-to-polyview.yaml"));
        assertNull(LOADER.getResource("routes/polyview-to-daqbox.yaml"));
        assertNull(LOADER.getResource("samples/daqbox-polyview.pcapng"));
        assertNotNull(LOADER.getResource("replay-tcp/routes/daqbox-to-polyview.yaml"), "the command line's copy");
        assertNotNull(LOADER.getResource("replay-tcp/samples/daqbox-polyview.pcapng"), "the demo's copy");
    }

    @Test
    void aProjectsOwnRoutesPatternLoadsOnlyItsOwnRoutes() throws Exception {
        // The tests' own classpath:routes/ holds one route file (read-capture.yaml), as a user's project would.
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(PluginHelper.getResourceLoader(context)
                            .resolveResource("classpath:routes/read-capture.yaml"));
            List<String> ids = context.getRouteDefinitions().stream()
                    .map(r -> r.getRouteId())
                    .toList();
            assertFalse(ids.contains("daqbox-to-polyview") || ids.contains("polyview-to-daqbox"), ids.toString());
        }
        List<URL> routeDirs = Collections.list(LOADER.getResources("routes"));
        assertEquals(1, routeDirs.size(), "only the tests' own routes/ folder: " + routeDirs);
    }

    @Test
    void noServiceFileOfOursReplacesCamelsHeadersMap() throws Exception {
        List<URL> factories =
                Collections.list(LOADER.getResources("META-INF/services/org/apache/camel/headers-map-factory"));
        assertEquals(
                List.of(),
                factories.stream()
                        .filter(url -> !url.toString().contains("/camel-"))
                        .toList());
    }
}
