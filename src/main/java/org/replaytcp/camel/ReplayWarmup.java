package org.replaytcp.camel;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.netty.LiveConnections;
import org.replaytcp.netty.PacedBytesEncoder;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.replay.ConnectionReplay;
import org.replaytcp.replay.IgnoreRules;
import org.replaytcp.replay.PreciseScheduler;
import org.replaytcp.replay.ReplayLane;
import org.replaytcp.replay.ReplayOptions;
import org.replaytcp.replay.RunOrigin;
import org.replaytcp.replay.SystemReplayClock;
import org.replaytcp.replay.Turn;
import org.replaytcp.tcp.ConnectionEnd;
import org.replaytcp.tcp.ConnectionInfo;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.RoleSource;
import org.replaytcp.tcp.TcpEvent;

/**
 * Drives the per-segment path of a replay through made-up connections before the schedule's clock starts, so the
 * first recorded segment is not sent by a cold JVM (class loading, the interpreter): the core's turns and
 * readiness, a lane, hand-overs through the clock thread to another thread, and a netty pipeline with the replay's
 * handlers on an in-memory channel. Bounded in time; nothing touches the network.
 */
final class ReplayWarmup {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplayWarmup.class);

    private static final int SEGMENTS = 3_000;

    /** The most the loopback connections may take ({@link LoopbackWarmup}). */
    private static final Duration LOOPBACK_BUDGET = Duration.ofMillis(400);

    private ReplayWarmup() {}

    /**
     * Also sends segments through every netty producer endpoint of the context (the client role's: the same
     * producer code the route runs) into an in-memory channel with the replay's handlers, half of them held until
     * a due time a moment away, as the pacing does: no connection is made.
     */
    static Duration run(Duration budget, org.apache.camel.CamelContext context) {
        long start = System.nanoTime();
        Duration core = run(budget);
        long deadline = start + budget.toNanos();
        try (PreciseScheduler scheduler = new PreciseScheduler("replay-warmup-clock")) {
            LiveConnection.Pacer pacer = new LiveConnection.Pacer() {
                @Override
                public void writeAt(long dueNanos, Executor loop, Runnable write) {
                    scheduler.at(dueNanos, loop, write);
                }

                @Override
                public void observedRoute(long nanos) {
                    // nothing to learn from made-up trips
                }
            };
            for (org.apache.camel.Endpoint endpoint : context.getEndpoints()) {
                if (endpoint instanceof org.apache.camel.component.netty.NettyEndpoint netty
                        && !consumed(context, netty)
                        && System.nanoTime() < deadline) {
                    warmProducer(netty, pacer, deadline);
                }
            }
            EmbeddedChannel pushed = channel(pacer);
            for (int i = 0; i < SEGMENTS && System.nanoTime() < deadline; i++) {
                byte[] segment = new byte[100];
                LiveConnection.of(pushed).holdUntil(segment, System.nanoTime() + (i % 2) * 20_000L, pacer);
                pushed.writeAndFlush(segment);
                drain(pushed);
            }
            pushed.finishAndReleaseAll();
            long loopbackStart = System.nanoTime();
            int conversed =
                    LoopbackWarmup.run(LoopbackWarmup.CONNECTIONS, loopbackStart + LOOPBACK_BUDGET.toNanos(), pacer);
            LOG.info(
                    "warm-up: {} loopback connections in {} ms",
                    conversed,
                    (System.nanoTime() - loopbackStart) / 1_000_000);
        } catch (Exception e) {
            // a warm-up that fails costs only its time: the replay goes on cold
        }
        return Duration.ofNanos(Math.max(core.toNanos(), System.nanoTime() - start));
    }

    /**
     * Sends made-up segments through the replay's own route, from the pacing step to the socket step, into an
     * in-memory channel (each exchange carries it, and a made-up connection on it through which the push step writes
     * as it writes a recorded segment), on a thread of its own (a route cannot be entered again from inside one of its steps).
     */
    static Duration throughRoute(org.apache.camel.Route route, Duration budget) {
        long start = System.nanoTime();
        if (route == null) {
            return Duration.ZERO;
        }
        Thread warm = new Thread(
                () -> {
                    long deadline = System.nanoTime() + budget.toNanos();
                    org.apache.camel.AsyncProcessor processor =
                            org.apache.camel.support.AsyncProcessorConverterHelper.convert(route.getProcessor());
                    EmbeddedChannel channel = channel(null);
                    LiveLink link = new LiveLink(madeUpReplay(true));
                    link.live = LiveConnection.of(channel);
                    link.replay.connected(System.nanoTime(), "127.0.0.1:2");
                    for (int i = 0; i < SEGMENTS && System.nanoTime() < deadline; i++) {
                        org.apache.camel.Exchange exchange = route.getEndpoint().createExchange();
                        exchange.getIn().setHeader(ReplayConstants.WARM_UP, true);
                        exchange.getIn().setHeader(org.replaytcp.camel.PcapConstants.CONNECTION_INDEX, -1);
                        exchange.getIn().setBody(new byte[100]);
                        exchange.setProperty(org.apache.camel.component.netty.NettyConstants.NETTY_CHANNEL, channel);
                        exchange.setProperty(ReplayConstants.WARM_UP_LINK, link);
                        processor.process(exchange, doneSync -> {});
                        drain(channel);
                    }
                    channel.finishAndReleaseAll();
                },
                "replay-warmup-route");
        warm.setDaemon(true);
        warm.start();
        try {
            warm.join(budget.toMillis() + 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Waits until the JIT has compiled what the warm-up made hot (its total compilation time stops growing for
     * 30 ms), at most {@code budget}: on two cores, compiler threads busy when the first segments are due would
     * take the CPU from the replay's own threads.
     */
    static Duration settle(Duration budget) {
        long start = System.nanoTime();
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return Duration.ZERO;
        }
        long deadline = start + budget.toNanos();
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 30_000_000) {
                break;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The pacing step for a warm-up exchange: at once, as a segment due a moment away, held by the encoder. */
    static boolean paceWarmUp(org.apache.camel.Exchange exchange, LiveConnection.Pacer pacer) {
        org.apache.camel.Message in = exchange.getIn();
        long due = System.nanoTime() + 20_000;
        in.setHeader(ReplayConstants.ACTION, ReplayConstants.ACTION_SEND);
        in.setHeader(ReplayConstants.DUE, due);
        io.netty.channel.Channel channel = exchange.getProperty(
                org.apache.camel.component.netty.NettyConstants.NETTY_CHANNEL, io.netty.channel.Channel.class);
        LiveConnection.of(channel).holdUntil(in.getBody(byte[].class), due, pacer);
        LiveLink link = exchange.getProperty(ReplayConstants.WARM_UP_LINK, LiveLink.class);
        if (link != null) {
            // As the pacing step releases a recorded send: a write on its way, in its place among the connection's.
            link.writeStarted();
            exchange.setProperty(ReplayConstants.SEND_SEQUENCE, link.releasedSend());
        }
        return true;
    }

    private static boolean consumed(org.apache.camel.CamelContext context, org.apache.camel.Endpoint endpoint) {
        return context.getRoutes().stream().anyMatch(route -> route.getEndpoint() == endpoint);
    }

    private static void warmProducer(
            org.apache.camel.component.netty.NettyEndpoint netty, LiveConnection.Pacer pacer, long deadline)
            throws Exception {
        org.apache.camel.Producer producer = netty.createProducer();
        org.apache.camel.support.service.ServiceHelper.startService(producer);
        try {
            org.apache.camel.AsyncProcessor async =
                    org.apache.camel.support.AsyncProcessorConverterHelper.convert(producer);
            EmbeddedChannel channel = channel(pacer);
            for (int i = 0; i < SEGMENTS && System.nanoTime() < deadline; i++) {
                byte[] segment = new byte[100];
                org.apache.camel.Exchange exchange =
                        new org.apache.camel.support.DefaultExchange(netty.getCamelContext());
                exchange.getIn().setBody(segment);
                exchange.setProperty(org.apache.camel.component.netty.NettyConstants.NETTY_CHANNEL, channel);
                LiveConnection.of(channel).holdUntil(segment, System.nanoTime() + (i % 2) * 20_000L, pacer);
                async.process(exchange, doneSync -> {});
                drain(channel);
            }
            channel.finishAndReleaseAll();
        } finally {
            org.apache.camel.support.service.ServiceHelper.stopAndShutdownService(producer);
        }
    }

    /** A recorded connection of nobody's, verified, on a clock of its own: what the warm-up plays. */
    private static ConnectionReplay madeUpReplay(boolean client) {
        return new ConnectionReplay(
                0,
                "127.0.0.1:1",
                "127.0.0.1:2",
                client,
                0,
                new ReplayOptions(1.0, true, null, true, Duration.ofSeconds(1)),
                IgnoreRules.NONE,
                true,
                new RunOrigin());
    }

    /** An in-memory channel with the replay's handlers, its peer bound to nothing. */
    private static EmbeddedChannel channel(LiveConnection.Pacer pacer) {
        EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder(), new LiveConnections());
        LiveConnection.of(channel).bind(new org.replaytcp.replay.PeerSink() {
            @Override
            public void peerData(byte[] data, int from, int length, long nanos) {}

            @Override
            public void peerClosed(boolean reset, String cause, long nanos) {}
        });
        // A lateness listener of its own, as each live connection gets one. With only the connection's default
        // listener loaded, the JIT compiled the encoder's writes with that one inlined, and loading the replay's
        // listener at the first connection threw that code away (deoptimised) just as the first segment went out.
        LiveConnection.of(channel).onLateness(late -> {});
        return channel;
    }

    /** Runs the channel's tasks (held writes handed back by the clock) until what was written is out; releases it. */
    private static void drain(EmbeddedChannel channel) {
        long until = System.nanoTime() + 5_000_000;
        do {
            channel.runPendingTasks();
            Object written = channel.readOutbound();
            if (written != null) {
                io.netty.util.ReferenceCountUtil.release(written);
                return;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < until);
    }

    /**
     * Gives every direct arena of netty's pooled allocator its first chunk: an NIO socket's first write copies
     * the segment into a direct buffer, and an arena's first chunk costs tens of milliseconds (measured with JFR:
     * the first segments of a fresh JVM waited ~60 ms behind it). Each new thread takes the least used arena.
     */
    private static void touchDirectArenas() throws InterruptedException {
        io.netty.buffer.PooledByteBufAllocator allocator = io.netty.buffer.PooledByteBufAllocator.DEFAULT;
        int arenas = Math.max(1, allocator.metric().numDirectArenas());
        Thread[] threads = new Thread[arenas];
        for (int i = 0; i < arenas; i++) {
            threads[i] = new Thread(
                    () -> {
                        for (int size : new int[] {64, 1024, 65536}) {
                            allocator.directBuffer(size).release();
                        }
                    },
                    "replay-warmup-arena");
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join(1_000);
        }
    }

    /**
     * Runs until done or {@code budget} has passed.
     *
     * @return how long it took
     */
    static Duration run(Duration budget) {
        long start = System.nanoTime();
        try {
            touchDirectArenas();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = start + budget.toNanos();
        ConnectionInfo info =
                new ConnectionInfo(0, Endpoint.parse("127.0.0.1:1"), Endpoint.parse("127.0.0.1:2"), RoleSource.SYN, 0);
        byte[] segment = new byte[100];
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "replay-warmup"));
        try (PreciseScheduler scheduler = new PreciseScheduler("replay-warmup-clock")) {
            for (boolean client : new boolean[] {true, false}) {
                ConnectionReplay replay = madeUpReplay(client);
                ReplayLane<Object> lane =
                        new ReplayLane<>(scheduler, SystemReplayClock.INSTANCE, new ReplayLane.Releaser<>() {
                            @Override
                            public void release(
                                    Object item, ConnectionReplay connection, Turn turn, long due, boolean skipped) {
                                if (turn.kind() == Turn.Kind.SEND) {
                                    connection.sent(turn.data().length, due, System.nanoTime());
                                }
                            }

                            @Override
                            public Executor writer(ConnectionReplay connection) {
                                return writer;
                            }

                            @Override
                            public long lead(ConnectionReplay connection, Turn turn) {
                                return 0;
                            }
                        });
                replay.onChange(lane::drive);
                EmbeddedChannel channel = new EmbeddedChannel(new PacedBytesEncoder(), new LiveConnections());
                LiveConnection.of(channel).bind(replay);
                replay.connected(System.nanoTime(), "127.0.0.1:2");
                lane.add(null, replay, new TcpEvent.ConnectionOpened(info, 0), 0);
                Direction ours = client ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                Direction theirs = client ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
                for (int i = 0; i < SEGMENTS && System.nanoTime() < deadline; i++) {
                    lane.add(null, replay, new TcpEvent.DataSegment(info, i, theirs, (long) i * 100, segment), i);
                    channel.writeInbound(Unpooled.wrappedBuffer(segment));
                    lane.add(null, replay, new TcpEvent.DataSegment(info, i, ours, (long) i * 100, segment), i);
                    channel.writeOutbound(segment);
                    channel.releaseOutbound();
                }
                lane.add(null, replay, new TcpEvent.ConnectionClosed(info, 0, ConnectionEnd.FIN), SEGMENTS);
                channel.finishAndReleaseAll();
            }
            // Hand-overs through the clock thread to another thread, as each paced write goes.
            CountDownLatch handed = new CountDownLatch(200);
            long base = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                scheduler.at(base + 100_000L + i * 20_000L, writer, handed::countDown);
            }
            handed.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.shutdownNow();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
