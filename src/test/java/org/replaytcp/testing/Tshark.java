package org.replaytcp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The independent oracle: what Wireshark's tshark says a capture's TCP streams hold
 * ({@code tshark -q -z follow,tcp,raw,N}).
 */
public final class Tshark {

    private static final Pattern MISSING = Pattern.compile("\\[(\\d+) bytes missing in capture file\\]\0?");

    /** One followed stream: node 0 and node 1 as tshark prints them, and what each sent. */
    public record Followed(
            int stream,
            String node0,
            String node1,
            byte[] fromNode0,
            byte[] fromNode1,
            long missingFromNode0,
            long missingFromNode1) {}

    private Tshark() {}

    /** Every TCP stream of the file, by tshark's stream index. */
    public static Map<Integer, Followed> followAll(Path capture) throws IOException, InterruptedException {
        List<Integer> streams = streamIndices(capture);
        Map<Integer, Followed> result = new HashMap<>();
        // tshark accepts many -z options at once; batches keep the command line short.
        for (int from = 0; from < streams.size(); from += 50) {
            List<String> command = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-q"));
            for (int stream : streams.subList(from, Math.min(streams.size(), from + 50))) {
                command.add("-z");
                command.add("follow,tcp,raw," + stream);
            }
            parse(run(command), result);
        }
        return result;
    }

    /**
     * Sequence space no captured byte covers, between a direction's first byte and the end of its last segment,
     * from tshark's decoded fields (relative sequence numbers; a frame cut by the snap length covers only its
     * captured bytes: tcp.len less what frame.len has beyond frame.cap_len): by stream, then by sending endpoint as
     * {@code addr:port} ({@code [v6]:port}). What follow does not always mark as missing, this counts.
     */
    public static Map<Integer, Map<String, Long>> sequenceHoles(Path capture) throws IOException, InterruptedException {
        String out = run(List.of(
                "tshark",
                "-r",
                capture.toString(),
                "-Y",
                "tcp",
                "-T",
                "fields",
                "-E",
                "separator=;",
                "-e",
                "tcp.stream",
                "-e",
                "ip.src",
                "-e",
                "ipv6.src",
                "-e",
                "tcp.srcport",
                "-e",
                "tcp.seq",
                "-e",
                "tcp.len",
                "-e",
                "tcp.flags.syn",
                "-e",
                "frame.len",
                "-e",
                "frame.cap_len"));
        record Side(int stream, String sender) {}
        Map<Side, List<long[]>> pieces = new HashMap<>();
        Map<Side, Boolean> sawSyn = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split(";", -1);
            if (f.length < 9 || f[0].isBlank() || f[4].isBlank()) {
                continue;
            }
            String address = !f[1].isBlank() ? f[1].split(",")[0] : "[" + f[2].split(",")[0] + "]";
            Side side = new Side(Integer.parseInt(f[0]), address + ":" + f[3]);
            boolean syn = f[6].equals("1") || f[6].equalsIgnoreCase("true");
            sawSyn.merge(side, syn, Boolean::logicalOr);
            long cut = Long.parseLong(f[7]) - Long.parseLong(f[8]);
            long length = f[5].isBlank() ? 0 : Math.max(0, Long.parseLong(f[5]) - cut);
            if (length > 0) {
                pieces.computeIfAbsent(side, s -> new ArrayList<>()).add(new long[] {Long.parseLong(f[4]), length});
            }
        }
        Map<Integer, Map<String, Long>> holes = new HashMap<>();
        for (Map.Entry<Side, List<long[]>> entry : pieces.entrySet()) {
            List<long[]> sorted = new ArrayList<>(entry.getValue());
            sorted.sort(java.util.Comparator.comparingLong(p -> p[0]));
            long covered = Boolean.TRUE.equals(sawSyn.get(entry.getKey())) ? 1 : sorted.get(0)[0];
            long missing = 0;
            for (long[] piece : sorted) {
                if (piece[0] > covered) {
                    missing += piece[0] - covered;
                }
                covered = Math.max(covered, piece[0] + piece[1]);
            }
            holes.computeIfAbsent(entry.getKey().stream(), s -> new HashMap<>())
                    .put(entry.getKey().sender(), missing);
        }
        return holes;
    }

    /**
     * Where each segment with payload that the side not on {@code serverPort} sent in stream {@code stream} starts in
     * its byte stream (tshark's relative sequence number less the SYN's one), in capture order.
     */
    public static List<Long> clientSegmentOffsets(Path capture, int stream, int serverPort)
            throws IOException, InterruptedException {
        String out = run(List.of(
                "tshark",
                "-r",
                capture.toString(),
                "-Y",
                "tcp.stream == " + stream + " && tcp.len > 0 && tcp.srcport != " + serverPort,
                "-o",
                "tcp.relative_sequence_numbers:TRUE",
                "-T",
                "fields",
                "-e",
                "tcp.seq"));
        List<Long> offsets = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                offsets.add(Long.parseLong(line.trim()) - 1);
            }
        }
        return offsets;
    }

    /** The distinct {@code tcp.stream} values in the file. */
    public static List<Integer> streamIndices(Path capture) throws IOException, InterruptedException {
        String out = run(List.of("tshark", "-r", capture.toString(), "-T", "fields", "-e", "tcp.stream"));
        TreeSet<Integer> streams = new TreeSet<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                streams.add(Integer.parseInt(line.trim()));
            }
        }
        return new ArrayList<>(streams);
    }

    private static void parse(String out, Map<Integer, Followed> result) {
        int stream = -1;
        String node0 = null;
        String node1 = null;
        ByteArrayOutputStream from0 = new ByteArrayOutputStream();
        ByteArrayOutputStream from1 = new ByteArrayOutputStream();
        long[] missing = new long[2];
        for (String line : out.split("\n")) {
            if (line.startsWith("=====")) {
                if (stream >= 0) {
                    result.put(
                            stream,
                            new Followed(
                                    stream,
                                    node0,
                                    node1,
                                    from0.toByteArray(),
                                    from1.toByteArray(),
                                    missing[0],
                                    missing[1]));
                }
                stream = -1;
                from0.reset();
                from1.reset();
                missing[0] = 0;
                missing[1] = 0;
            } else if (line.startsWith("Filter: tcp.stream eq ")) {
                stream = Integer.parseInt(
                        line.substring("Filter: tcp.stream eq ".length()).trim());
            } else if (line.startsWith("Node 0: ")) {
                node0 = line.substring(8).trim();
            } else if (line.startsWith("Node 1: ")) {
                node1 = line.substring(8).trim();
            } else if (stream >= 0 && !line.isBlank() && !line.startsWith("Follow:")) {
                boolean fromNode1 = line.startsWith("\t");
                byte[] bytes = Hex.decode(line.trim());
                Matcher gap = MISSING.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
                if (gap.matches()) {
                    missing[fromNode1 ? 1 : 0] += Long.parseLong(gap.group(1));
                } else {
                    (fromNode1 ? from1 : from0).writeBytes(bytes);
                }
            }
        }
    }

    /** Runs a command and returns its standard output; fails on an exit code other than 0 or 2. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        // tshark exits 2 on a capture cut short, after printing all it could read: that output still counts.
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 && process.exitValue() != 2) {
            throw new IOException("command failed: " + command + " exit " + process.exitValue());
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
