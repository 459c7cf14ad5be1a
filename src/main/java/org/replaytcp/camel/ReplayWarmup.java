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

    private static final int SEGMENTS = 3_000;

    private ReplayWarmup() {
    }

    /**
     * Runs until done or {@code budget} has passed.
     *
     * @return how long it took
     */
    static Duration run(Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        ConnectionInfo info = new ConnectionInfo(0, Endpoint.parse("127.0.0.1:1"), Endpoint.parse("127.0.0.1:2"),
                RoleSource.SYN, 0);
        byte[] segment = new byte[100];
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "replay-warmup"));
        try (PreciseScheduler scheduler = new PreciseScheduler("replay-warmup-clock")) {
            for (boolean client : new boolean[] {true, false}) {
                ConnectionReplay replay = new ConnectionReplay(0, "127.0.0.1:1", "127.0.0.1:2", client, 0,
                        new ReplayOptions(1.0, true, null, true, Duration.ofSeconds(1)), IgnoreRules.NONE, true,
                        new RunOrigin());
                ReplayLane<Object> lane = new ReplayLane<>(scheduler, SystemReplayClock.INSTANCE,
                        new ReplayLane.Releaser<>() {
                            @Override
                            public void release(Object item, ConnectionReplay connection, Turn turn, long due,
                                                boolean skipped) {
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
