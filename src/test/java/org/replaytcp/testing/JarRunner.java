package org.replaytcp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/replay-tcp.jar} in its own JVM, as users do. */
public final class JarRunner {

    /** Exit code and both outputs of one run. */
    public record Result(int exitCode, String out, String err) {}

    private JarRunner() {}

    public static Path jar() {
        Path jar = Path.of(System.getProperty("replaytcp.jar", "target/replay-tcp.jar"))
                .toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with 'mvn verify'");
        }
        return jar;
    }

    /** Runs {@code java [jvmOptions] -jar replay-tcp.jar args} in {@code workingDirectory}. */
    public static Result run(Path workingDirectory, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        return runJava(workingDirectory, jvmOptions, List.of("-jar", jar().toString()), args);
    }

    /** Runs {@code java [jvmOptions] -cp replay-tcp.jar mainClass args} in {@code workingDirectory}. */
    public static Result runMain(Path workingDirectory, List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        return runJava(workingDirectory, jvmOptions, List.of("-cp", jar().toString(), mainClass), args);
    }

    /** This JVM's java with {@code jvmOptions}, then what to run and its arguments. */
    private static Result runJava(Path workingDirectory, List<String> jvmOptions, List<String> what, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(what);
        command.addAll(List.of(args));
        return runCommand(command, workingDirectory, Map.of());
    }

    /**
     * Runs {@code command} in {@code workingDirectory} with {@code environment} added to this process's
     * ({@code null} values remove a variable); at most 300 s.
     */
    public static Result runCommand(List<String> command, Path workingDirectory, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("replay-tcp-out", ".txt");
        Path err = Files.createTempFile("replay-tcp-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
