package org.replaytcp.camel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.replaytcp.replay.ReplayReport;

/**
 * Run in a JVM of its own by {@code LoopMemoryTest}, with a small heap: plays the shipped client route in a loop of
 * {@code ROUNDS} rounds at top speed toward a server here that reads everything, and prints the heap in use (after
 * full collections) once round {@code EARLY} has begun and again once every round is done, then the rounds' lines.
 */
public final class LoopHeapProbe {

    private static final java.util.concurrent.atomic.AtomicInteger ACCEPTED =
            new java.util.concurrent.atomic.AtomicInteger();

    private LoopHeapProbe() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int early = Integer.parseInt(args[1]);
        ExecutorService readers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "sink");
            thread.setDaemon(true);
            return thread;
        });
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            readers.execute(() -> acceptAll(server, readers));
            Properties properties = new Properties();
            properties.put("replay.capture", "samples/daqbox-polyview.pcapng");
            properties.put("replay.port", "11000");
            properties.put("replay.top-speed", "true");
            properties.put("replay.await-peer", "false");
            properties.put("replay.verify", "false");
            properties.put("replay.print-summary", "false");
            properties.put("replay.server.enabled", "false");
            properties.put("replay.loop", Integer.toString(rounds));
            properties.put("polyview.host", "127.0.0.1");
            properties.put("polyview.port", Integer.toString(server.getLocalPort()));
            properties.put("polyview.listen", "127.0.0.1:0");
            DefaultCamelContext context = new DefaultCamelContext();
            context.getPropertiesComponent().setInitialProperties(properties);
            context.start();
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(
                            ResourceHelper.resolveMandatoryResource(context, "file:routes/daqbox-to-polyview.yaml"));
            ReplayRun run = ReplayRun.of(context);
            while (run.progress().round() < early && !run.result().isDone()) {
                Thread.sleep(1);
            }
            System.out.println("heap early " + heapAfterCollection() + " at round "
                    + run.progress().round());
            ReplayReport report = run.result().get(10, TimeUnit.MINUTES);
            System.out.println("heap late " + heapAfterCollection() + " at round " + report.roundsPlayed());
            report.rounds().forEach(r -> System.out.println(r.describe(report.plannedRounds())));
            System.out.println("stopping at " + System.nanoTime() / 1_000_000);
            context.stop();
            System.out.println("accepted " + ACCEPTED.get());
        }
    }

    /** Bytes of heap in use once collections no longer free any. */
    private static long heapAfterCollection() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void acceptAll(ServerSocket server, ExecutorService readers) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                ACCEPTED.incrementAndGet();
                readers.execute(() -> drain(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void drain(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream()) {
            long n = in.transferTo(java.io.OutputStream.nullOutputStream());
            if (System.getenv("PROBE_DEBUG") != null) {
                System.out.println("conn " + socket.getPort() + " bytes " + n + " at " + System.nanoTime() / 1_000_000);
            }
        } catch (IOException e) {
            // the replay reset it: nothing to read
        }
    }
}
