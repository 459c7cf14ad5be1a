package org.replaytcp.camel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.replaytcp.netty.LiveConnection;
import org.replaytcp.netty.LiveConnections;
import org.replaytcp.netty.PacedBytesEncoder;
import org.replaytcp.replay.PeerSink;

/**
 * Opens, uses and closes a few hundred connections to itself on the loopback interface before a replay's clock
 * starts, with the replay's own handlers: the socket half of the per-connection path (connect, accept, a pipeline
 * made, paced writes to a real socket, reads, close). The in-memory warm-up cannot reach that code, and on a cold
 * JVM it was what the JIT compiled during the first second of a many-connection replay (about 1,300 methods,
 * mostly netty's channel, pipeline and NIO code), on a core the replay needed.
 *
 * <p>Only our own listener on 127.0.0.1 is ever connected to: the live peer never sees a warm-up connection.
 * Bounded in time; a warm-up that fails costs only its time.
 */
final class LoopbackWarmup {

    /** Enough connections for the JIT's thresholds on the per-connection methods (a few hundred calls each). */
    static final int CONNECTIONS = 300;

    /** Connections under way at once: many channels per event loop, as a busy replay has. */
    private static final int AT_ONCE = 50;

    private static final int WRITES = 4;
    private static final int REQUEST = 100;
    private static final int ANSWER = 1000;

    private LoopbackWarmup() {}

    /**
     * Runs until {@code connections} connections are done or the deadline ({@link System#nanoTime()}) has passed.
     *
     * @return how many connections were done
     */
    static int run(int connections, long deadlineNanos, LiveConnection.Pacer pacer) {
        EventLoopGroup group = new NioEventLoopGroup(1, r -> {
            Thread thread = new Thread(r, "replay-warmup-loopback");
            thread.setDaemon(true);
            return thread;
        });
        AtomicLong done = new AtomicLong();
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            // the server role's pipeline: what it reads goes to a peer sink, it pushes held writes
                            channel.pipeline().addLast(new PacedBytesEncoder(), new LiveConnections());
                            LiveConnection.of(channel).bind(new Answerer(channel, pacer));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .sync()
                    .channel();
            try {
                Bootstrap client = new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline().addLast(new PacedBytesEncoder(), new LiveConnections());
                            }
                        });
                for (int started = 0; started < connections && System.nanoTime() < deadlineNanos; ) {
                    List<ChannelFuture> closed = new ArrayList<>();
                    for (int i = 0; i < AT_ONCE && started < connections; i++, started++) {
                        closed.add(converse(client, server.localAddress(), pacer, done));
                    }
                    for (ChannelFuture future : closed) {
                        long left = deadlineNanos - System.nanoTime();
                        if (left <= 0 || !future.await(left, TimeUnit.NANOSECONDS)) {
                            return (int) done.get();
                        }
                    }
                }
            } finally {
                server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the replay goes on with what was warmed
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            // its thread gone before the replay starts: nothing of the warm-up is left to compete for a core
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        return (int) done.get();
    }

    /**
     * One connection: connect, then {@link #WRITES} requests each held until a due time a moment away (as paced
     * segments are), each answered by the listener; closed once every answer is in.
     *
     * @return the connection's close future (failed connections count as closed)
     */
    private static ChannelFuture converse(
            Bootstrap client, java.net.SocketAddress server, LiveConnection.Pacer pacer, AtomicLong done) {
        ChannelFuture connect = client.connect(server);
        Channel channel = connect.channel();
        connect.addListener(connected -> {
            if (!connected.isSuccess()) {
                channel.close();
                return;
            }
            LiveConnection live = LiveConnection.of(channel);
            live.bind(new PeerSink() {
                private long received;

                @Override
                public void peerData(byte[] data, int from, int length, long nanos) {
                    received += length;
                    if (received >= (long) WRITES * ANSWER) {
                        done.incrementAndGet();
                        channel.close();
                    }
                }

                @Override
                public void peerClosed(boolean reset, String cause, long nanos) {
                    channel.close();
                }
            });
            for (int i = 0; i < WRITES; i++) {
                byte[] request = new byte[REQUEST];
                live.holdUntil(request, System.nanoTime() + (i + 1) * 50_000L, pacer);
                channel.writeAndFlush(request);
            }
        });
        return channel.closeFuture();
    }

    /** The listener's side: answers every {@link #REQUEST} bytes with {@link #ANSWER} bytes, as a server would. */
    private static final class Answerer implements PeerSink {
        private final Channel channel;
        private final LiveConnection.Pacer pacer;
        private long pending;

        Answerer(Channel channel, LiveConnection.Pacer pacer) {
            this.channel = channel;
            this.pacer = pacer;
        }

        @Override
        public void peerData(byte[] data, int from, int length, long nanos) {
            pending += length;
            for (; pending >= REQUEST; pending -= REQUEST) {
                byte[] answer = new byte[ANSWER];
                LiveConnection.of(channel).holdUntil(answer, System.nanoTime() + 20_000, pacer);
                channel.writeAndFlush(answer);
            }
        }

        @Override
        public void peerClosed(boolean reset, String cause, long nanos) {
            channel.close();
        }
    }
}
