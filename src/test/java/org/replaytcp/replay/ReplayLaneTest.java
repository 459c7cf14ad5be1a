package org.replaytcp.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.replaytcp.packet.Endpoint;
import org.replaytcp.tcp.ConnectionEnd;
import org.replaytcp.tcp.ConnectionInfo;
import org.replaytcp.tcp.Direction;
import org.replaytcp.tcp.RoleSource;
import org.replaytcp.tcp.TcpEvent;

/**
 * One connection's lane, playing the recorded server, with the real clock thread and a writer thread standing in
 * for the socket's event loop: events wait for the live connection, sends go on the writer at (never before) their
 * due time, a send waits for the peer's recorded bytes and gives up on them after the await timeout, and after the
 * peer is gone sends are only counted. Each step is awaited, not slept for; recorded times are hundreds of ms apart
 * so a loaded machine (PIT runs two test JVMs on two cores) still sees them as future times.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplayLaneTest {

    private static final long MS = 1_000_000L;
    private static final ConnectionInfo INFO = new ConnectionInfo(
            0, Endpoint.parse("127.0.0.1:40000"), Endpoint.parse("127.0.0.1:11000"), RoleSource.SYN, 0);

    private record Released(String item, Turn.Kind kind, long dueNanos, boolean skipped, long atNanos, String thread) {}

    private final PreciseScheduler scheduler = new PreciseScheduler("test-clock");
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-writer"));
    private final BlockingQueue<Released> released = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        scheduler.close();
        writer.shutdownNow();
    }

    private ReplayLane<String> lane() {
        return lane(0);
    }

    /** A lane whose releaser asks to be let go {@code leadNanos} early (its writer waits out the rest). */
    private ReplayLane<String> lane(long leadNanos) {
        return new ReplayLane<>(scheduler, SystemReplayClock.INSTANCE, new ReplayLane.Releaser<>() {
            @Override
            public void release(String item, ConnectionReplay connection, Turn turn, long dueNanos, boolean skipped) {
                released.add(new Released(
                        item,
                        turn.kind(),
                        dueNanos,
                        skipped,
                        System.nanoTime(),
                        Thread.currentThread().getName()));
            }

            @Override
            public java.util.concurrent.Executor writer(ConnectionReplay connection) {
                return writer;
            }

            @Override
            public long lead(ConnectionReplay connection, Turn turn) {
                return leadNanos;
            }
        });
    }

    private static TcpEvent ours(String text) {
        return new TcpEvent.DataSegment(INFO, 0, Direction.SERVER_TO_CLIENT, 0, ascii(text));
    }

    private static TcpEvent peers(String text) {
        return new TcpEvent.DataSegment(INFO, 0, Direction.CLIENT_TO_SERVER, 0, ascii(text));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private Released next() throws InterruptedException {
        Released r = released.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "a release");
        return r;
    }

    @Test
    void eventsWaitForTheConnectionThenGoAtTheirTimeOnTheWriter() throws Exception {
        ConnectionReplay connection = new ConnectionReplay(
                0,
                "127.0.0.1:40000",
                "127.0.0.1:11000",
                false,
                0,
                new ReplayOptions(1, false, null, true, Duration.ofMillis(300)),
                IgnoreRules.NONE,
                true,
                new RunOrigin());
        ReplayLane<String> lane = lane();
        connection.onChange(lane::drive);
        String test = Thread.currentThread().getName();

        lane.add("open", connection, new TcpEvent.ConnectionOpened(INFO, 0), 0);
        assertNull(released.peek(), "the server role's open waits for a client");
        long up = System.nanoTime();
        connection.connected(up, "127.0.0.1:50000");
        Released open = next();
        assertEquals(new Released("open", Turn.Kind.OPEN, Readiness.NOW, false, open.atNanos(), test), open);

        lane.add("greet", connection, ours("HELLO"), 300 * MS);
        Released greet = next();
        assertEquals(up + 300 * MS, greet.dueNanos());
        assertEquals("test-writer", greet.thread());
        assertTrue(greet.atNanos() - greet.dueNanos() >= 0, "never before its time");

        lane.add("their question", connection, peers("hi"), 350 * MS);
        assertEquals(Turn.Kind.NONE, next().kind(), "what the peer sent is only noted");

        // The answer waits for the peer's 2 recorded bytes, then keeps the recorded 50 ms of think time after them.
        lane.add("answer", connection, ours("THERE"), 400 * MS);
        assertNull(released.poll(50, TimeUnit.MILLISECONDS), "no answer before the question");
        long asked = System.nanoTime();
        connection.peerData(ascii("hi"), 0, 2, asked);
        Released answer = next();
        assertEquals("answer", answer.item());
        assertTrue(answer.dueNanos() - (asked + 50 * MS) >= 0, "50 ms after the peer's bytes");
        assertTrue(answer.atNanos() - answer.dueNanos() >= 0, "never before its time");
        assertEquals("test-writer", answer.thread());
        // The peer came in time: its await timeout is called off, and holds nothing until its deadline.
        assertEquals(0, scheduler.waiting());

        // A peer that does not send what was recorded: after the await timeout the lane carries on without it.
        lane.add("their next", connection, peers("more"), 450 * MS);
        assertEquals("their next", next().item());
        long waiting = System.nanoTime();
        lane.add("carry on", connection, ours("ANYWAY"), 500 * MS);
        Released carryOn = next();
        assertEquals("carry on", carryOn.item());
        assertTrue(carryOn.atNanos() - waiting >= 300 * MS, "not before the await timeout");
        assertEquals(1, connection.result().awaitTimeouts());

        // The peer resets: later sends have no connection and are only counted.
        connection.peerGone(true, "connection reset");
        lane.add("too late", connection, ours("NOBODY"), 600 * MS);
        Released tooLate = next();
        // (on whichever thread moved the lane: this one, or the clock thread still draining after the timeout)
        assertEquals(
                new Released("too late", Turn.Kind.SEND, Readiness.NOW, true, tooLate.atNanos(), tooLate.thread()),
                tooLate);
        lane.add("end", connection, new TcpEvent.ConnectionClosed(INFO, 0, ConnectionEnd.RST), 700 * MS);
        assertEquals(Turn.Kind.FINISH, next().kind());
        assertNull(released.peek());
    }

    @Test
    void withALeadASendIsHandedToItsWriterThatMuchEarly() throws Exception {
        ConnectionReplay connection = new ConnectionReplay(
                0,
                "127.0.0.1:40000",
                "127.0.0.1:11000",
                false,
                0,
                new ReplayOptions(1, false, null, false, Duration.ofSeconds(1)),
                IgnoreRules.NONE,
                true,
                new RunOrigin());
        ReplayLane<String> lane = lane(200 * MS);
        connection.onChange(lane::drive);
        long up = System.nanoTime();
        connection.connected(up, "127.0.0.1:50000");
        lane.add("open", connection, new TcpEvent.ConnectionOpened(INFO, 0), 0);
        assertEquals("open", next().item());
        lane.add("later", connection, ours("LATER"), 400 * MS);
        Released later = next();
        assertEquals(up + 400 * MS, later.dueNanos(), "the due time goes with it");
        assertEquals("test-writer", later.thread());
        assertTrue(later.atNanos() - (later.dueNanos() - 200 * MS) >= 0, "not before due less the lead");
        // Now (about 200 ms in) within the lead of a send due at 390 ms: let go at once, before its due time.
        lane.add("soon", connection, ours("SOON"), 390 * MS);
        Released soon = next();
        assertEquals(up + 390 * MS, soon.dueNanos());
        assertTrue(soon.atNanos() - soon.dueNanos() < 0, "handed over early, within the lead");
    }

    @Test
    void abandoningTakesEveryWaitingItemOutInOrderAndNothingIsReleasedAfter() throws Exception {
        ConnectionReplay connection = new ConnectionReplay(
                0,
                "127.0.0.1:40000",
                "127.0.0.1:11000",
                false,
                0,
                new ReplayOptions(1, false, null, true, Duration.ofSeconds(5)),
                IgnoreRules.NONE,
                true,
                new RunOrigin());
        ReplayLane<String> lane = lane();
        connection.onChange(lane::drive);
        lane.add("open", connection, new TcpEvent.ConnectionOpened(INFO, 0), 0);
        connection.connected(System.nanoTime(), "127.0.0.1:50000");
        assertEquals("open", next().item());
        lane.add("greet", connection, ours("HELLO"), 300 * MS); // scheduled on the clock, 300 ms away
        lane.add("their question", connection, peers("hi"), 350 * MS);
        lane.add("answer", connection, ours("THERE"), 400 * MS);

        assertEquals(List.of("greet", "their question", "answer"), lane.abandonAll());

        // the greeting's clock task comes and finds nothing to release
        assertNull(released.poll(600, TimeUnit.MILLISECONDS), "nothing released after the lane was abandoned");
        assertEquals(List.of(), lane.abandonAll());
    }
}
