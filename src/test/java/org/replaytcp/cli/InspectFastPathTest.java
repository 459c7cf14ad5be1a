package org.replaytcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inspect's usual command lines skip picocli, and say and return exactly what picocli's way says and returns; every
 * other command line still goes to picocli.
 */
class InspectFastPathTest {

    private static final Path CAPTURES = Path.of("src/test/resources/captures");
    private static final String GET = CAPTURES.resolve("zeek-http-get.pcap").toString();
    private static final String NO_SYN =
            CAPTURES.resolve("zeek-http-get_nosyn.pcap").toString();

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one run. */
    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome fast(String... args) {
        assertTrue(InspectFastPath.parse(args).isPresent(), "read without picocli: " + List.of(args));
        return run(true, args);
    }

    private static Outcome run(boolean fastPathAllowed, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = fastPathAllowed
                ? ReplayTcpCli.execute(new PrintWriter(out), new PrintWriter(err), args)
                : ReplayTcpCli.executeWithPicocli(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void theUsualCommandLinesGiveWhatPicocliGives() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a capture at all");
        List<String[]> lines = List.of(
                new String[] {"inspect", GET},
                new String[] {"inspect", GET, "--json"},
                new String[] {"inspect", "--json", GET},
                new String[] {"inspect", NO_SYN, "--server-port", "80", "--json"},
                new String[] {"inspect", "--server-port=80", NO_SYN},
                new String[] {"inspect", NO_SYN, "--server-port", "0"},
                new String[] {"inspect", GET, "--debug", "--json"},
                new String[] {"inspect", dir.resolve("missing.pcap").toString()},
                new String[] {"inspect", notes.toString(), "--json"});
        for (String[] line : lines) {
            Outcome fast = fast(line);
            Outcome picocli = run(false, line);
            assertEquals(picocli, fast, List.of(line).toString());
        }
        // The server port is used: with the SYN-less capture's client port named, the roles turn round.
        assertTrue(
                fast("inspect", NO_SYN, "--server-port", "59856", "--json")
                        .out()
                        .contains("\"server\":\"141.142.228.5:59856\""),
                "the port given is the server's");
        // With --debug the first line is the same and a stack trace follows (its frames differ: another caller).
        Outcome fast = fast("inspect", notes.toString(), "--debug");
        Outcome picocli = run(false, "inspect", notes.toString(), "--debug");
        assertEquals(picocli.exitCode(), fast.exitCode());
        assertEquals(2, fast.exitCode());
        assertEquals(picocli.err().lines().findFirst(), fast.err().lines().findFirst());
        assertTrue(fast.err().lines().count() > 3, fast.err());
        assertTrue(fast.err().contains("\tat org.replaytcp."), fast.err());
    }

    @Test
    void everythingElseGoesToPicocli() {
        List<String[]> lines = List.of(
                new String[] {"inspect"},
                new String[] {"inspect", "--help"},
                new String[] {"inspect", "-h", GET},
                new String[] {"inspect", GET, "--version"},
                new String[] {"inspect", GET, GET},
                new String[] {"inspect", GET, "--json", "--json"},
                new String[] {"inspect", GET, "--jsno"},
                new String[] {"inspect", GET, "--server-port"},
                new String[] {"inspect", GET, "--server-port", "011"},
                new String[] {"inspect", GET, "--server-port", "-1"},
                new String[] {"inspect", GET, "--server-port", "80", "--server-port", "81"},
                new String[] {"inspect", GET, "--server-port=x"},
                new String[] {"inspect", GET, "--server-port", "1234567890"},
                new String[] {"inspect", "@args.txt"},
                new String[] {"inspect", ""},
                new String[] {"inspect", "-"},
                new String[] {"--debug", "inspect", GET},
                new String[] {"client", GET});
        for (String[] line : lines) {
            assertTrue(InspectFastPath.parse(line).isEmpty(), List.of(line).toString());
        }
        // What picocli says of one of them, through execute: the fast path did not swallow it.
        Outcome typo = run(true, "inspect", GET, "--jsno");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("Unknown option: '--jsno'"), typo.err());
    }
}
