package org.replaytcp.camel;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.HeadersMapFactory;

/**
 * Camel's message headers as {@link SmallHeadersMap}: case-insensitive like Camel's default, several times faster
 * for the few headers a replay uses. Opt-in: the command line and {@code camel:run} ({@link ReplayMain}) use it; a
 * project embedding replay-tcp keeps Camel's default unless it calls {@link #useIn(CamelContext)} before the context
 * starts (a service file that swapped it for every context on the classpath was too much of a side effect).
 */
public final class SmallHeadersMapFactory implements HeadersMapFactory {

    /** Makes {@code context} keep every message's headers in a {@link SmallHeadersMap}; call before it starts. */
    public static void useIn(CamelContext context) {
        context.getCamelContextExtension().setHeadersMapFactory(new SmallHeadersMapFactory());
    }

    /** For Camel Main: a listener that calls {@link #useIn} once the context is made, before it is configured. */
    public static org.apache.camel.main.MainListener forMain() {
        return new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void beforeConfigure(org.apache.camel.main.BaseMainSupport main) {
                useIn(main.getCamelContext());
            }
        };
    }

    @Override
    public Map<String, Object> newMap() {
        return new SmallHeadersMap();
    }

    @Override
    public Map<String, Object> newMap(Map<String, Object> map) {
        return new SmallHeadersMap(map);
    }

    @Override
    public boolean isInstanceOf(Map<String, Object> map) {
        return map instanceof SmallHeadersMap;
    }

    @Override
    public boolean isCaseInsensitive() {
        return true;
    }
}
