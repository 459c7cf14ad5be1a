package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedding example ({@code examples/embedded}) carries renamed copies of our route files, so that its routes
 * and beans are its own. They must not drift from ours: each is ours with the ids renamed and one header line, as
 * {@link #labCopy} makes it. When a route file changes, run this test with {@code -Dupdate.examples=true} to write
 * the copies again.
 */
class EmbeddedExampleRoutesTest {

    private static final Path EXAMPLE = Path.of("examples/embedded/src/main/resources/routes");

    /** Route and bean names of ours and the example's, longest first so no rename eats part of another. */
    private static final Map<String, String> RENAMES = renames();

    private static Map<String, String> renames() {
        Map<String, String> renames = new LinkedHashMap<>();
        renames.put("daqbox-to-polyview", "lab-daqbox");
        renames.put("daqbox-connect-errors", "lab-daqbox-errors");
        renames.put("polyview-to-daqbox", "lab-polyview");
        renames.put("polyview-listener", "lab-listener");
        return renames;
    }

    /** Ours, renamed: route ids and bean names ({@code daqboxReplay} becomes {@code labDaqboxReplay}). */
    static String labCopy(String ours, String fileName) {
        String copy = ours;
        for (Map.Entry<String, String> rename : RENAMES.entrySet()) {
            copy = copy.replace(rename.getKey(), rename.getValue());
        }
        copy = copy.replaceAll("\\bdaqbox([A-Z])", "labDaqbox$1").replaceAll("\\bpolyview([A-Z])", "labPolyview$1");
        return "# The lab's own copy of replay-tcp's routes/" + fileName
                + ", renamed: its routes and beans are the project's own.\n" + copy;
    }

    private static void check(String ours, String theirs) throws Exception {
        String expected = labCopy(Files.readString(Path.of("routes", ours)), ours);
        Path copy = EXAMPLE.resolve(theirs);
        if (Boolean.getBoolean("update.examples")) {
            Files.writeString(copy, expected);
        }
        assertEquals(expected, Files.readString(copy), copy + " drifted from routes/" + ours);
    }

    @Test
    void theClientRouteCopyIsOursRenamed() throws Exception {
        check("daqbox-to-polyview.yaml", "lab-daqbox.yaml");
    }

    @Test
    void theServerRouteCopyIsOursRenamed() throws Exception {
        check("polyview-to-daqbox.yaml", "lab-polyview.yaml");
    }

    @Test
    void theRenameLeavesNoNameOfOurs() throws Exception {
        for (String ours : new String[] {"daqbox-to-polyview.yaml", "polyview-to-daqbox.yaml"}) {
            String copy = labCopy(Files.readString(Path.of("routes", ours)), ours);
            for (String name : new String[] {"daqboxReplay", "polyviewReplay", "id: daqbox", "id: polyview"}) {
                assertEquals(false, copy.contains(name), ours + " copy still has " + name);
            }
        }
    }
}
