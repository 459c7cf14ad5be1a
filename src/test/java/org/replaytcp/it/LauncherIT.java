package org.replaytcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replaytcp.testing.Background;
import org.replaytcp.testing.JarRunner;
import org.replaytcp.testing.Tshark;

/**
 * The distribution archive and its launcher, as a user unzips and runs them: from another working directory, with
 * the JVM these tests run on (JAVA_HOME), its class archive made once, reused, made again for a changed jar,
 * and ignored without a word when damaged or foreign.
 */
class LauncherIT {

    @TempDir
    static Path unzipped;

    static Path home;
    static Path launcher;

    @BeforeAll
    static void unzipDistribution() throws IOException {
        Path zip;
        try (Stream<Path> files = Files.list(JarRunner.jar().getParent())) {
            zip = files.filter(f -> f.getFileName().toString().matches("replay-tcp-.*\\.zip"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no distribution zip in target: run mvn verify"));
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = unzipped.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        try (Stream<Path> dirs = Files.list(unzipped)) {
            home = dirs.findFirst().orElseThrow();
        }
        launcher = home.resolve("bin/replay-tcp");
        assertTrue(launcher.toFile().setExecutable(true)); // java.util.zip does not keep the mode bits
    }

    private static JarRunner.Result launch(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return launch(home, workingDirectory, environment, args);
    }

    /** Runs the launcher of the distribution unzipped at {@code distribution}, with the tests' JVM as JAVA_HOME. */
    private static JarRunner.Result launch(
            Path distribution, Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(distribution.resolve("bin/replay-tcp").toString()));
        command.addAll(List.of(args));
        Map<String, String> variables = new HashMap<>();
        variables.put("JAVA_HOME", System.getProperty("java.home"));
        variables.put("JAVA_OPTS", null);
        variables.putAll(environment);
        return JarRunner.runCommand(command, workingDirectory, variables);
    }

    private static List<Path> archives() throws IOException {
        return archives(home);
    }

    /**
     * The replays' class archives in {@code distribution}, once none is being made: an AppCDS archive
     * ({@code .jsa}) before Java 25, an AOT cache ({@code .aot}) from Java 25 on.
     */
    private static List<Path> archives(Path distribution) throws IOException {
        return files(distribution, "replay-tcp-java\\d+-.*\\." + ARCHIVE_TYPE);
    }

    /** The archive inspect makes for itself, beside the replays' one. */
    private static List<Path> inspectArchives() throws IOException {
        return files(home, "replay-tcp-inspect-java\\d+-.*\\." + ARCHIVE_TYPE);
    }

    /** What the launcher makes for the JVM these tests run on. */
    private static final String ARCHIVE_TYPE = Runtime.version().feature() >= 25 ? "aot" : "jsa";

    /**
     * The files in {@code directory} named like {@code namePattern}, once the launcher has put its archives in place:
     * on Java 25 it makes an AOT cache in the background after the first run (~2 s), under a temporary name.
     */
    private static List<Path> files(Path directory, String namePattern) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (beingMade(directory) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches(namePattern))
                    .toList();
        }
    }

    private static boolean beingMade(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().contains(".tmp"));
        }
    }

    /**
     * Runs inspect through the launcher: did its classes (the command line's fast path, the capture reader) come from
     * a class archive?
     */
    private static boolean inspectFromArchive(Path workingDirectory, Path capture)
            throws IOException, InterruptedException {
        Path classLog = Files.createTempFile(workingDirectory, "classes", ".log");
        JarRunner.Result run = launch(
                workingDirectory,
                Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
                "inspect",
                capture.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("", run.err());
        List<String> classes = Files.readAllLines(classLog);
        return classes.stream()
                        .anyMatch(line -> line.contains("org.replaytcp.cli.InspectFastPath ")
                                && line.contains("shared objects file"))
                && classes.stream()
                        .anyMatch(line -> line.contains("org.replaytcp.capture.PcapngReader ")
                                && line.contains("shared objects file"));
    }

    /** Runs the demo through the launcher (exit 0, all identical, nothing on stderr): were its classes archived? */
    private static boolean demoFromArchive(Path workingDirectory) throws IOException, InterruptedException {
        return demoFromArchive(home, workingDirectory);
    }

    private static boolean demoFromArchive(Path distribution, Path workingDirectory)
            throws IOException, InterruptedException {
        Path classLog = Files.createTempFile(workingDirectory, "classes", ".log");
        JarRunner.Result run = launch(
                distribution, workingDirectory, Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "demo");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(
                4,
                run.out().lines().filter(line -> line.contains(" identical ")).count(),
                run.out());
        assertEquals("", run.err());
        // Java 25's record mode prints "AOTConfiguration recorded" at exit unless the launcher keeps it quiet.
        assertFalse(run.out().contains("AOT"), run.out());
        // The JVM says where each class came from: "shared objects file" is the class archive.
        // picocli's classes too: our build compiles them for Java 17 (a Java 5 class file is never archived).
        List<String> classes = Files.readAllLines(classLog);
        return classes.stream()
                        .anyMatch(line -> line.contains("org.replaytcp.cli.ReplayTcpCli ")
                                && line.contains("shared objects file"))
                && classes.stream()
                        .anyMatch(
                                line -> line.contains("picocli.CommandLine ") && line.contains("shared objects file"));
    }

    @Test
    void runsInspectAndTheDemoFromAnotherDirectoryAndKeepsOneArchiveForTheJarAndJvm(@TempDir Path elsewhere)
            throws Exception {
        Path sample = home.resolve("samples/daqbox-polyview.pcapng");
        // A run that does not do its command makes no archive: it would hold a fraction of the classes, for good.
        Path notACapture = Files.writeString(elsewhere.resolve("notes.txt"), "not a capture");
        JarRunner.Result bad = launch(elsewhere, Map.of(), "inspect", notACapture.toString());
        assertEquals(2, bad.exitCode(), bad.out() + bad.err());
        JarRunner.Result help = launch(elsewhere, Map.of(), "inspect", "--help");
        assertEquals(0, help.exitCode(), help.out() + help.err());
        assertEquals(List.of(), inspectArchives(), "neither bad input nor help makes inspect's archive");

        JarRunner.Result inspect = launch(elsewhere, Map.of(), "inspect", sample.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        int connections = Tshark.streamIndices(sample).size(); // tshark's count, not ours
        assertTrue(inspect.out().contains(connections + " TCP connections"), inspect.out());
        assertEquals(List.of(), archives(), "inspect makes no replay archive (a thin one would serve replays badly)");
        List<Path> inspectArchive = inspectArchives();
        assertEquals(1, inspectArchive.size(), "but one of its own: " + inspectArchive);
        assertTrue(inspectFromArchive(elsewhere, sample), "the next inspect loads its classes from it");
        assertEquals(inspectArchive, inspectArchives(), "reused, not made again");

        assertFalse(demoFromArchive(elsewhere), "the first replay has no archive yet");
        List<Path> made = archives();
        assertEquals(1, made.size(), "the first replay makes the archive beside the jar: " + made);
        FileTime madeAt = Files.getLastModifiedTime(made.get(0));
        assertTrue(demoFromArchive(elsewhere), "the next replay loads its classes from it");
        assertEquals(made, archives(), "reused, not made again");
        assertEquals(madeAt, Files.getLastModifiedTime(made.get(0)));

        // A rebuilt jar: the next replay does not use the old archive, makes a new one, and the old one goes.
        Path jar = home.resolve("replay-tcp.jar");
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertFalse(demoFromArchive(elsewhere), "an archive made for the old jar is not used for the new one");
        List<Path> remade = archives();
        assertEquals(1, remade.size(), remade.toString());
        assertNotEquals(made, remade);
        assertTrue(demoFromArchive(elsewhere));

        // Damaged: the replay goes on without it, without a word (demoFromArchive checks stderr is empty).
        Files.write(remade.get(0), "not an archive".getBytes(StandardCharsets.US_ASCII));
        assertFalse(demoFromArchive(elsewhere));
    }

    @Test
    void replaysRunOnC1AloneAndInspectOnTheSerialCollectorWithASmallYoungGen(@TempDir Path elsewhere) throws Exception {
        // The JVM prints the values it runs with: what the launcher chose is what the JVM took.
        Map<String, String> printFlags = Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal", "REPLAY_TCP_NO_ARCHIVE", "1");
        JarRunner.Result demo = launch(elsewhere, printFlags, "demo");
        assertEquals(0, demo.exitCode(), demo.err());
        assertEquals("1", flag(demo.out(), "TieredStopAtLevel"), "a replay compiles with C1 only");
        assertEquals("false", flag(demo.out(), "UseSerialGC"));
        JarRunner.Result inspect = launch(
                elsewhere,
                printFlags,
                "inspect",
                home.resolve("samples/daqbox-polyview.pcapng").toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertEquals("4", flag(inspect.out(), "TieredStopAtLevel"), "inspect keeps both compilers");
        assertEquals("true", flag(inspect.out(), "UseSerialGC"));
        assertEquals(String.valueOf(8 * 1024 * 1024), flag(inspect.out(), "MaxNewSize"), "a small, reused young gen");

        // Transparent huge pages exactly when the kernel gives them on request (else the JVM would print a warning).
        String hugePages = Files.exists(THP_SETTING) ? Files.readString(THP_SETTING) : "";
        String asked = String.valueOf(hugePages.contains("[madvise]"));
        assertEquals(asked, flag(demo.out(), "UseTransparentHugePages"), hugePages);
        assertEquals(asked, flag(inspect.out(), "UseTransparentHugePages"), hugePages);
        assertFalse((demo.out() + demo.err() + inspect.out() + inspect.err()).contains("VM warning"), demo.err());
    }

    @Test
    void aLongTopSpeedReplayKeepsC2WithRaisedThresholdsAndOtherReplaysC1Alone(@TempDir Path elsewhere)
            throws Exception {
        Map<String, String> printFlags = Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal", "REPLAY_TCP_NO_ARCHIVE", "1");
        // 32 MB, sparse: the launcher looks at the size only; the replay itself stops at once (not a capture, exit 2).
        Path big = elsewhere.resolve("big capture.pcap");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(32L * 1024 * 1024);
        }
        JarRunner.Result longRun =
                launch(elsewhere, printFlags, "client", big.toString(), "--connect", "127.0.0.1:1", "--top-speed");
        assertEquals(2, longRun.exitCode(), longRun.err());
        assertEquals("4", flag(longRun.out(), "TieredStopAtLevel"), "a long top-speed replay keeps C2");
        assertEquals("50000", flag(longRun.out(), "Tier4InvocationThreshold"), "C2's thresholds raised");
        assertEquals("400000", flag(longRun.out(), "Tier4BackEdgeThreshold"));

        // One byte less, the same replay paced, or the small sample at top speed: C1 alone.
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(32L * 1024 * 1024 - 1);
        }
        JarRunner.Result smaller =
                launch(elsewhere, printFlags, "client", big.toString(), "--connect", "127.0.0.1:1", "--top-speed");
        assertEquals("1", flag(smaller.out(), "TieredStopAtLevel"), "below 32 MB");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(32L * 1024 * 1024);
        }
        JarRunner.Result paced = launch(elsewhere, printFlags, "client", big.toString(), "--connect", "127.0.0.1:1");
        assertEquals("1", flag(paced.out(), "TieredStopAtLevel"), "a paced replay");
        JarRunner.Result sample = launch(
                elsewhere,
                printFlags,
                "client",
                home.resolve("samples/daqbox-polyview.pcapng").toString(),
                "--connect",
                "127.0.0.1:1",
                "--top-speed",
                "--help");
        assertEquals("1", flag(sample.out(), "TieredStopAtLevel"), "a short top-speed replay");
        assertNotEquals("50000", flag(sample.out(), "Tier4InvocationThreshold"), "the JVM's own thresholds");
    }

    private static final Path THP_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    /** The value of {@code name} in -XX:+PrintFlagsFinal's table ("     intx TieredStopAtLevel = 1 {...}"). */
    private static String flag(String printed, String name) {
        return printed.lines()
                .map(String::trim)
                .filter(line -> line.matches("\\S+ +" + name + " +:?= .*"))
                .map(line -> line.replaceFirst(".*?:?= +(\\S+).*", "$1"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the JVM's flags"));
    }

    @Test
    void anArchiveOfAnotherJvmIsIgnoredWithoutAWord(@TempDir Path elsewhere) throws Exception {
        Path current = Path.of(System.getProperty("java.home")).toRealPath();
        Path other = Stream.of("/usr/lib/jvm/temurin-25-jdk-amd64", "/usr/lib/jvm/java-17-openjdk-amd64")
                .map(Path::of)
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> !sameDirectory(home, current))
                .findFirst()
                .orElse(null);
        assumeTrue(other != null, "needs a second JDK (OpenJDK 17 and Temurin 25 are both on these machines)");
        Path foreign = elsewhere.resolve("foreign.jsa");
        JarRunner.Result dump = JarRunner.runCommand(
                List.of(
                        other.resolve("bin/java").toString(),
                        "-XX:ArchiveClassesAtExit=" + foreign,
                        "-jar",
                        home.resolve("replay-tcp.jar").toString(),
                        "--version"),
                elsewhere,
                Map.of());
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(Files.size(foreign) > 0);
        // Put it where the launcher looks for this JVM's archive, by the name it would give one.
        launch(elsewhere, Map.of(), "demo");
        List<Path> ours = archives();
        assumeTrue(ours.size() == 1, "this JVM's archive: " + ours);
        Files.copy(foreign, ours.get(0), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertFalse(demoFromArchive(elsewhere), "another JVM's archive is not used, and nothing is said about it");
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return a.toRealPath().equals(b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The unzipped distribution copied to {@code target}, without any class archive. */
    private static Path copyOfTheDistribution(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path source : files.toList()) {
                Path copied = target.resolve(home.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copied);
                } else if (!source.getFileName().toString().matches(".*\\.(jsa|aot)")) {
                    Files.copy(source, copied, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    @Test
    void installationsThatShareTheUserCacheKeepTheirOwnArchives(@TempDir Path copies, @TempDir Path elsewhere)
            throws Exception {
        // Two installations in directories nobody may write to (as root: the immutable flag, where the file system
        // has it), so both keep their archives in the same per-user cache.
        Path first = copyOfTheDistribution(copies.resolve("first"));
        Path second = copyOfTheDistribution(copies.resolve("second"));
        Path cache = copies.resolve("cache");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chattr")), "needs chattr (e2fsprogs)");
        JarRunner.Result chattr =
                JarRunner.runCommand(List.of("chattr", "+i", first.toString(), second.toString()), copies, Map.of());
        try {
            assumeTrue(chattr.exitCode() == 0 && !Files.isWritable(first), "needs chattr +i: " + chattr.err());
            Map<String, String> userCache = Map.of("XDG_CACHE_HOME", cache.toString());
            for (Path installation : List.of(first, second, first)) {
                JarRunner.Result demo = launch(installation, elsewhere, userCache, "demo");
                assertEquals(0, demo.exitCode(), demo.out() + demo.err());
            }
            List<Path> archives = archives(cache.resolve("replay-tcp"));
            assertEquals(2, archives.size(), "one per installation, neither removed by the other: " + archives);
        } finally {
            JarRunner.runCommand(List.of("chattr", "-i", first.toString(), second.toString()), copies, Map.of());
        }
    }

    @Test
    void twoFirstReplaysAtOnceLeaveOneWholeArchive(@TempDir Path copy, @TempDir Path elsewhere) throws Exception {
        Path distribution = copyOfTheDistribution(copy.resolve("dist"));
        Path sample = distribution.resolve("samples/daqbox-polyview.pcapng");
        try (org.replaytcp.testing.SilentPeer sink = new org.replaytcp.testing.SilentPeer()) {
            String[] replay = {
                "client",
                sample.toString(),
                "--connect",
                "127.0.0.1:" + sink.port(),
                "--no-await-peer",
                "--no-verify",
                "--quiet"
            };
            java.util.concurrent.CompletableFuture<JarRunner.Result> first = Background.supply(() -> {
                try {
                    return launch(distribution, elsewhere, Map.of(), replay);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JarRunner.Result second = launch(distribution, elsewhere, Map.of(), replay);
            JarRunner.Result firstRun = first.get(120, TimeUnit.SECONDS);
            assertEquals(0, firstRun.exitCode(), firstRun.out() + firstRun.err());
            assertEquals(0, second.exitCode(), second.out() + second.err());
        }
        List<Path> made = archives(distribution);
        assertEquals(1, made.size(), "one archive, no temporary files left: " + made);
        try (Stream<Path> files = Files.list(distribution)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.getFileName().toString().contains(".tmp"))
                            .toList());
        }
        assertTrue(
                demoFromArchive(distribution, elsewhere), "and it is whole: the next replay loads its classes from it");
    }

    @Test
    void theDistributionAndTheJarCarryTheApacheLicence() throws IOException {
        String licence = Files.readString(home.resolve("LICENSE"), StandardCharsets.US_ASCII);
        assertTrue(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"), licence);
        try (java.util.jar.JarFile jar =
                new java.util.jar.JarFile(home.resolve("replay-tcp.jar").toFile())) {
            assertNotNull(jar.getEntry("META-INF/LICENSE"), "the jar's own licence file");
            assertEquals(
                    licence,
                    new String(
                            jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(),
                            StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theWindowsLauncherIsWellFormed() throws IOException {
        // What can be checked here without cmd.exe: CRLF line ends, balanced parentheses, the same jar search.
        byte[] bytes = Files.readAllBytes(home.resolve("bin/replay-tcp.cmd"));
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("@echo off\r\n"));
        assertEquals(text.split("\n", -1).length - 1, text.split("\r\n", -1).length - 1, "every line ends in CRLF");
        int depth = 0;
        for (String line : text.split("\r\n")) {
            if (line.trim().toLowerCase().startsWith("rem ")) {
                continue;
            }
            String code = line.replace("^(", "").replace("^)", "");
            for (char c : code.toCharArray()) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                assertTrue(depth >= 0, "a ')' closes nothing: " + line);
            }
        }
        assertEquals(0, depth, "every '(' is closed");
        assertTrue(text.contains("%BIN%..\\replay-tcp.jar") && text.contains("%BIN%..\\target\\replay-tcp.jar"));
        assertTrue(text.contains("-jar \"%JAR%\" %*"), "passes every argument on");
    }

    @Test
    void aLauncherCalledThroughALinkFindsItsJar(@TempDir Path elsewhere) throws Exception {
        Path link = elsewhere.resolve("replay-tcp");
        Files.createSymbolicLink(link, launcher);
        JarRunner.Result linked = JarRunner.runCommand(List.of(link.toString(), "--version"), elsewhere, Map.of());
        assertEquals(0, linked.exitCode(), linked.err());
        assertTrue(linked.out().startsWith("replay-tcp "), linked.out());
        Map<String, String> noJava = new HashMap<>();
        noJava.put("JAVA_HOME", elsewhere.resolve("no-such-jdk").toString());
        JarRunner.Result missing = launch(elsewhere, noJava, "--version");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("replay-tcp: no java found"), missing.err());

        // A JDK too old: said plainly, not a JVM's UnsupportedClassVersionError.
        Path old = elsewhere.resolve("jdk-11");
        Files.createDirectories(old.resolve("bin"));
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Files.writeString(old.resolve("bin/java"), "#!/bin/sh\necho started >&2\nexit 0\n");
        assertTrue(old.resolve("bin/java").toFile().setExecutable(true));
        JarRunner.Result tooOld = launch(elsewhere, Map.of("JAVA_HOME", old.toString()), "--version");
        assertEquals(2, tooOld.exitCode());
        assertTrue(
                tooOld.err().startsWith("replay-tcp: ")
                        && tooOld.err().contains("is Java 11.0.2; replay-tcp needs Java 17 or later"),
                tooOld.err());
    }
}
