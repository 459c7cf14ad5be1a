package org.replaytcp.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.replaytcp.testing.RequestResponse;

/**
 * The live peers of {@link ScaleBench}, each one thread on one selector, as an asyncio or netty program would be:
 * a thread per connection (10,000 of them, each sleeping between exchanges) took most of a core of the two this
 * machine has, and the replay measured against it waited for a core.
 */
final class NioPeers {

    private NioPeers() {}

    /**
     * Polyview for the client role: answers every {@link RequestResponse#REQUEST_BYTES}-byte request on every
     * connection {@code server} accepts with its {@link RequestResponse#answer}, until closed.
     */
    static void serve(ServerSocketChannel server) throws IOException {
        Selector selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        Thread thread = new Thread(
                () -> {
                    try (selector) {
                        while (server.isOpen()) {
                            selector.select(100);
                            for (SelectionKey key : selector.selectedKeys()) {
                                if (!key.isValid()) {
                                    continue;
                                }
                                if (key.isAcceptable()) {
                                    accept(server, selector);
                                } else {
                                    answer(key);
                                }
                            }
                            selector.selectedKeys().clear();
                        }
                    } catch (IOException | RuntimeException stopped) {
                        // the bench is over
                    }
                },
                "bench-polyview");
        thread.setDaemon(true);
        thread.start();
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        for (SocketChannel client; (client = server.accept()) != null; ) {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.register(selector, SelectionKey.OP_READ, new Answering());
        }
    }

    /** One connection's unanswered request bytes and unsent answers. */
    private static final class Answering {
        final ByteBuffer request = ByteBuffer.allocate(RequestResponse.REQUEST_BYTES);
        final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    }

    private static void answer(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        Answering state = (Answering) key.attachment();
        try {
            if (key.isWritable() && !flush(channel, state.unsent)) {
                return;
            }
            if (key.isReadable()) {
                while (true) {
                    int n = channel.read(state.request);
                    if (n < 0) {
                        channel.close();
                        return;
                    }
                    if (state.request.hasRemaining()) {
                        break;
                    }
                    state.unsent.add(ByteBuffer.wrap(
                            RequestResponse.answer(state.request.array().clone())));
                    state.request.clear();
                }
            }
            key.interestOps(flush(channel, state.unsent) ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
        } catch (IOException gone) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Writes what it can; true when nothing is left. */
    private static boolean flush(SocketChannel channel, ArrayDeque<ByteBuffer> unsent) throws IOException {
        while (!unsent.isEmpty()) {
            channel.write(unsent.peek());
            if (unsent.peek().hasRemaining()) {
                return false;
            }
            unsent.poll();
        }
        return true;
    }

    /**
     * DAQbox for the server role: connection {@code c} connects to {@code port} {@code c × openEveryNanos} after
     * the start and asks its {@code exchanges} questions, each {@code pauseNanos} after the last answer, then
     * half-closes and reads to the end.
     *
     * @return how many connections got an answer they did not expect, or none at all
     */
    static int ask(int port, int connections, long openEveryNanos, int exchanges, long pauseNanos) throws IOException {
        record Timer(long at, Asking asking) {}
        PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        int wrong = 0;
        int done = 0;
        long start = System.nanoTime();
        int opened = 0;
        try (Selector selector = Selector.open()) {
            while (done < connections) {
                long now = System.nanoTime();
                while (opened < connections && start + opened * openEveryNanos - now <= 0) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.connect(new InetSocketAddress("127.0.0.1", port));
                    channel.register(selector, SelectionKey.OP_CONNECT, new Asking(opened, exchanges));
                    opened++;
                }
                while (!timers.isEmpty() && timers.peek().at() - now <= 0) {
                    Asking asking = timers.poll().asking();
                    asking.sendNext();
                }
                long next = Long.MAX_VALUE;
                if (opened < connections) {
                    next = start + opened * openEveryNanos;
                }
                if (!timers.isEmpty()) {
                    next = Math.min(next, timers.peek().at());
                }
                long waitNanos = next == Long.MAX_VALUE ? TimeUnit.MILLISECONDS.toNanos(100) : next - System.nanoTime();
                if (waitNanos > 1_000_000) {
                    selector.select(waitNanos / 1_000_000);
                } else {
                    selector.selectNow();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Asking asking = (Asking) key.attachment();
                    int outcome = asking.ready(key);
                    if (outcome == Asking.PAUSE) {
                        timers.add(new Timer(System.nanoTime() + pauseNanos, asking));
                    } else if (outcome != Asking.GOING_ON) {
                        done++;
                        if (outcome == Asking.WRONG) {
                            wrong++;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        return wrong;
    }

    /** One DAQbox connection's dialogue. */
    private static final class Asking {
        static final int GOING_ON = 0;
        static final int PAUSE = 1;
        static final int RIGHT = 2;
        static final int WRONG = 3;

        final int connection;
        final int exchanges;
        int exchange;
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer unsent;
        ByteBuffer answer = ByteBuffer.allocate(RequestResponse.ANSWER_BYTES);
        byte[] asked;
        boolean closing;

        Asking(int connection, int exchanges) {
            this.connection = connection;
            this.exchanges = exchanges;
        }

        int ready(SelectionKey key) {
            this.key = key;
            channel = (SocketChannel) key.channel();
            try {
                if (key.isConnectable()) {
                    channel.finishConnect();
                    sendNext();
                    return GOING_ON;
                }
                if (key.isWritable()) {
                    channel.write(unsent);
                    if (!unsent.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    return GOING_ON;
                }
                if (closing) {
                    ByteBuffer rest = ByteBuffer.allocate(4096);
                    int n = channel.read(rest);
                    if (n < 0) {
                        channel.close();
                        return rest.position() == 0 ? RIGHT : WRONG;
                    }
                    return n == 0 ? GOING_ON : finish(WRONG);
                }
                int n = channel.read(answer);
                if (n < 0) {
                    return finish(WRONG);
                }
                if (answer.hasRemaining()) {
                    return GOING_ON;
                }
                if (!Arrays.equals(RequestResponse.answer(asked), answer.array())) {
                    return finish(WRONG);
                }
                answer.clear();
                exchange++;
                if (exchange < exchanges) {
                    key.interestOps(0);
                    return PAUSE;
                }
                channel.shutdownOutput();
                closing = true;
                return GOING_ON;
            } catch (IOException gone) {
                return finish(WRONG);
            }
        }

        /** Asks the next question (after the pause, or once connected). */
        void sendNext() {
            asked = RequestResponse.request(connection, exchange);
            unsent = ByteBuffer.wrap(asked);
            try {
                channel.write(unsent);
            } catch (IOException gone) {
                return; // its read finds out
            }
            key.interestOps(unsent.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private int finish(int outcome) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return outcome;
        }
    }
}
