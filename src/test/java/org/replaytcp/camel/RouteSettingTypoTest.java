package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misspelt replay setting in a route file is told in one line naming the file, the bean and the setting. */
class RouteSettingTypoTest {

    private static final String SETTING = "        topSpeed: \"{{replay.top-speed:false}}\"";

    @TempDir
    Path dir;

    /** Loads the shipped client route file with {@code SETTING} replaced by {@code edited}; returns what it threw. */
    private Exception load(String edited) throws Exception {
        String shipped = Files.readString(Path.of("routes/daqbox-to-polyview.yaml"), StandardCharsets.UTF_8);
        assertTrue(shipped.contains(SETTING));
        Path file = Files.writeString(dir.resolve("daqbox-to-polyview.yaml"), shipped.replace(SETTING, edited));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:application.properties"); // the shipped settings
            return assertThrows(
                    Exception.class,
                    () -> PluginHelper.getRoutesLoader(context)
                            .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:" + file)));
        }
    }

    @Test
    void aMisspeltSettingIsNamedWithItsFileBeanAndTheClosestSetting() throws Exception {
        String line = RouteSettingTypo.explain(load("        topSped: \"{{replay.top-speed:false}}\""));
        assertTrue(
                line != null
                        && line.startsWith(dir.resolve("daqbox-to-polyview.yaml") + ": bean daqboxReplay has no "
                                + "setting 'topSped' (did you mean topSpeed?); its settings: "),
                line);
        assertTrue(line.contains("awaitTimeout") && line.contains("topSpeed"), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void aSettingFarFromAnyOtherGetsNoGuess() throws Exception {
        String line = RouteSettingTypo.explain(load("        warpFactor: \"{{replay.top-speed:false}}\""));
        assertTrue(line.contains("has no setting 'warpFactor'; its settings: "), line);
    }

    @Test
    void otherFailuresAreLeftToCamelsOwnWords() {
        assertNull(RouteSettingTypo.explain(new IllegalStateException("something else")));
    }
}
