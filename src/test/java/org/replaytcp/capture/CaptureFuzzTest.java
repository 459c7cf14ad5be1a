package org.replaytcp.capture;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.tcp.ConversationReader;
import org.replaytcp.testing.Reassembled;
import org.replaytcp.testing.Tshark;

/**
 * Seeded mutations of real captures (truncations, flipped bytes, absurd lengths, random headers) go through the
 * whole read path: each must end, within a bounded time, in success or in the typed {@link CaptureFormatException}
 * — never another exception, never a hang, never an allocation sized by a damaged length; and a sample of those
 * read without damage must reassemble to what tshark follows. The test itself writes every input that ever failed
 * to src/test/resources/fuzz-regressions (commit it with the fix), names it in the failure, and replays the kept
 * ones first.
 */
class CaptureFuzzTest {

    private static final Path CAPTURES = Path.of("src/test/resources/captures");
    private static final Path REGRESSIONS = Path.of("src/test/resources/fuzz-regressions");
    private static final List<String> SEEDS = List.of(
            "zeek-http-get.pcap",
            "ppp-nanosecs_big_endian.pcap",
            "zeek-smtp-bdat-cmd-invalid.pcapng",
            "ppp-pcapng-example.pcapng",
            "zeek-tls-openjdk-sll2.pcap",
            "ppp-four_ipv6_http_streams.pcap",
            "zeek-tunnels-socks.pcap",
            "rpp-modified-format.pcap");
    private static final int MUTATIONS_PER_SEED = 1000;
    /** Mutated files per seed compared with tshark (a tshark run each: about half a second). */
    private static final int AGREEMENT_SAMPLE_PER_SEED = 6;

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz");
        t.setDaemon(true);
        return t;
    });

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        RUNNER.shutdownNow();
    }

    @Test
    void everyMutationEndsInSuccessOrACleanError() throws Exception {
        List<String> failures = new ArrayList<>();
        try (Stream<Path> kept = Files.list(REGRESSIONS)) {
            for (Path regression : kept.filter(p -> Files.isRegularFile(p)
                            && !p.getFileName().toString().startsWith("."))
                    .toList()) {
                check(Files.readAllBytes(regression), regression.getFileName().toString(), failures);
            }
        }
        Random random = new Random(20261125);
        List<Path> kept = new ArrayList<>();
        for (String seed : SEEDS) {
            byte[] original = Files.readAllBytes(CAPTURES.resolve(seed));
            for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
                byte[] mutated = mutate(original, random);
                String name = seed + "#" + i;
                if (!check(mutated, name, failures)) {
                    // Kept where the next run replays it first: commit it with the fix.
                    Path regression = REGRESSIONS.resolve(name.replace('#', '-') + ".bin");
                    Files.write(regression, mutated);
                    kept.add(regression);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " inputs failed"
                    + (kept.isEmpty() ? "" : "; the new ones are kept as " + kept.subList(0, Math.min(20, kept.size())))
                    + ":\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
    }

    /**
     * A sample of mutated files that we read without error or damage: for each, what we reassemble per connection
     * and direction is what tshark's follow prints. A disagreement is kept in fuzz-regressions as
     * {@code agreement-*.bin} (checked again first on the next run) and fails the test naming it.
     */
    @Test
    void mutationsReadWithoutDamageAgreeWithTshark() throws Exception {
        List<String> disagreements = new ArrayList<>();
        try (Stream<Path> kept = Files.list(REGRESSIONS)) {
            for (Path regression : kept.filter(p -> p.getFileName().toString().startsWith("agreement-"))
                    .sorted()
                    .toList()) {
                // Kept because we once read it as sound: now it must either agree or be reported as damaged.
                String problem = readsWithoutDamage(regression) ? disagreement(regression) : null;
                if (problem != null) {
                    disagreements.add(regression + ": " + problem);
                }
            }
        }
        Random random = new Random(20261204);
        int compared = 0;
        for (String seed : SEEDS) {
            byte[] original = Files.readAllBytes(CAPTURES.resolve(seed));
            int sampled = 0;
            for (int i = 0; i < MUTATIONS_PER_SEED && sampled < AGREEMENT_SAMPLE_PER_SEED; i++) {
                byte[] mutated = mutate(original, random);
                Path file = dir.resolve(seed + "-" + i + ".bin");
                Files.write(file, mutated);
                if (!readsWithoutDamage(file)) {
                    Files.delete(file);
                    continue;
                }
                sampled++;
                compared++;
                String problem = disagreement(file);
                if (problem != null) {
                    Path regression = REGRESSIONS.resolve("agreement-" + seed + "-" + i + ".bin");
                    Files.write(regression, mutated);
                    disagreements.add(regression + ": " + problem);
                }
            }
        }
        // The mutations are seeded: most seeds give several clean files; fewer would mean the sample shrank.
        if (compared < SEEDS.size() * AGREEMENT_SAMPLE_PER_SEED / 2) {
            fail("only " + compared + " mutated files read without damage");
        }
        if (!disagreements.isEmpty()) {
            fail(disagreements.size() + " inputs disagree with tshark (kept to be checked again):\n"
                    + String.join("\n", disagreements.subList(0, Math.min(20, disagreements.size()))));
        }
    }

    /** Whether we read the whole file with no error, no problem reported and no damaged packet. */
    private static boolean readsWithoutDamage(Path file) throws Exception {
        Future<Boolean> run = RUNNER.submit(() -> {
            try (ConversationReader reader = new ConversationReader(file, null, s -> {})) {
                reader.forEachRemaining(e -> {});
                return reader.problems().isEmpty() && reader.damagedPackets() == 0 && reader.packets() > 0;
            } catch (CaptureFormatException e) {
                return false;
            }
        });
        return run.get(10, TimeUnit.SECONDS);
    }

    /**
     * Null when our connections and their bytes each way are tshark's; else what differs first. Connections are
     * paired in order, not by index: tshark skips a {@code tcp.stream} index where a dissector reserves one (SOCKS
     * does, for the tunnel a CONNECT announces), while ours count connections as they appear.
     */
    private static String disagreement(Path file) throws Exception {
        List<Tshark.Followed> expected = Tshark.followAll(file).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        List<Reassembled.Stream> actual = List.copyOf(Reassembled.of(file).values()); // a TreeMap: by index
        if (expected.size() != actual.size()) {
            return actual.size() + " connections, tshark " + expected.size();
        }
        for (int i = 0; i < expected.size(); i++) {
            Tshark.Followed followed = expected.get(i);
            Reassembled.Stream ours = actual.get(i);
            String client = ours.summary.info().client().toString();
            String server = ours.summary.info().server().toString();
            if (!Set.of(client, server).equals(Set.of(followed.node0(), followed.node1()))) {
                return "connection " + i + ": " + client + " - " + server + ", tshark stream " + followed.stream()
                        + ": " + followed.node0() + " - " + followed.node1();
            }
            boolean node0IsClient = followed.node0().equals(client);
            byte[] clientBytes = node0IsClient ? followed.fromNode0() : followed.fromNode1();
            byte[] serverBytes = node0IsClient ? followed.fromNode1() : followed.fromNode0();
            if (!Arrays.equals(clientBytes, ours.clientToServer.toByteArray())) {
                return "connection " + i + " client to server: " + ours.clientToServer.size() + " bytes, tshark "
                        + clientBytes.length;
            }
            if (!Arrays.equals(serverBytes, ours.serverToClient.toByteArray())) {
                return "connection " + i + " server to client: " + ours.serverToClient.size() + " bytes, tshark "
                        + serverBytes.length;
            }
        }
        return null;
    }

    private boolean check(byte[] bytes, String name, List<String> failures) throws Exception {
        Path file = dir.resolve("input.bin");
        Files.write(file, bytes);
        Future<?> run = RUNNER.submit(() -> {
            try (ConversationReader reader = new ConversationReader(file, null, s -> {})) {
                reader.forEachRemaining(e -> {});
            }
            return null;
        });
        try {
            run.get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CaptureFormatException clean
                    && clean.getMessage().lines().count() == 1) {
                return true;
            }
            failures.add(name + ": " + e.getCause());
            return false;
        } catch (TimeoutException e) {
            run.cancel(true);
            failures.add(name + ": did not finish within 10 s");
            return false;
        }
    }

    /** One of: truncate, flip bytes, write an absurd 32-bit length somewhere, overwrite a run with random bytes. */
    static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                return java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            case 1 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> {
                int at = random.nextInt(Math.max(1, b.length - 4)) & ~3;
                int[] absurd = {0, 1, 3, 13, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000000, b.length * 2, 0x100000};
                int value = absurd[random.nextInt(absurd.length)];
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (value >>> (8 * i));
                }
            }
            case 3 -> {
                int at = random.nextInt(Math.min(b.length, 128));
                for (int i = at; i < Math.min(b.length, at + 1 + random.nextInt(40)); i++) {
                    b[i] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int at = random.nextInt(b.length);
                for (int i = at; i < Math.min(b.length, at + 1 + random.nextInt(64)); i++) {
                    b[i] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }
}
