package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's advice for rules in {@code application.properties} holds: each backslash written twice, one rule per
 * line, each ended with {@code \n}. Read through Camel's properties component as the route files read it, the rules
 * reach the verifier with single backslashes and mask what they say.
 */
class PropertiesBackslashTest {

    @Test
    void rulesWrittenAsTheReadmeSaysMaskWhatTheySay(@TempDir Path directory) throws Exception {
        Path properties = directory.resolve("application.properties");
        // As the README writes them: \\ for each backslash, \n after each rule.
        Files.writeString(
                properties, "replay.ignore = :(\\\\d+)\\\\r\\\\n\\nDate: [^\\\\r]*\\n\n", StandardCharsets.ISO_8859_1);
        String resolved;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:" + properties);
            context.start();
            resolved = context.resolvePropertyPlaceholders("{{replay.ignore:}}");
        }
        assertEquals(":(\\d+)\\r\\n\nDate: [^\\r]*\n", resolved);
        List<String> rules =
                Arrays.stream(resolved.split("\n")).filter(r -> !r.isBlank()).toList();
        IgnoreRules ignore = IgnoreRules.of(rules, List.of());
        byte[] recorded = "ACK:123\r\nDate: Fri\r\n".getBytes(StandardCharsets.ISO_8859_1);
        // The digits (the group of the first rule; offsets 4-6) and the whole date line but its \r\n (9-18).
        assertEquals(
                List.of(new IgnoreRules.Range(4, 7), new IgnoreRules.Range(9, 18)),
                ignore.find(recorded, recorded.length, 0, 0));
    }
}
