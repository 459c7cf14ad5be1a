package org.replaytcp.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.replaytcp.capture.PcapngWriter;

/**
 * Live capture through pcap4j (libpcap on Linux, Npcap on Windows) into our own pcapng writer. The only class
 * that touches pcap4j: nothing else loads libpcap.
 */
public final class LiveRecorder {

    /** A capture interface as libpcap lists it. */
    public record Interface(String name, String description, boolean loopback, boolean up) {}

    /** Why recording cannot start, in words a user can act on. */
    public static final class RecordingUnavailable extends Exception {
        public RecordingUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int SNAP_LENGTH = 262_144;
    private static final int READ_TIMEOUT_MILLIS = 100;

    private LiveRecorder() {}

    /** The interfaces libpcap sees. */
    public static List<Interface> interfaces() throws RecordingUnavailable {
        List<Interface> all = new ArrayList<>();
        for (PcapNetworkInterface nif : devices()) {
            all.add(new Interface(nif.getName(), nif.getDescription(), nif.isLoopBack(), nif.isUp()));
        }
        return all;
    }

    /** The loopback interface: Linux {@code lo}, Npcap's loopback adapter on Windows. */
    public static String loopbackName() throws RecordingUnavailable {
        for (PcapNetworkInterface nif : devices()) {
            if (nif.isLoopBack()) {
                return nif.getName();
            }
        }
        throw new RecordingUnavailable(
                "no loopback interface: on Windows install Npcap with \"Support loopback "
                        + "traffic\"; or name one with --interface (see --list-interfaces)",
                null);
    }

    /**
     * Records until {@code stop} is set, {@code maxPackets} packets were written (0: no limit) or the deadline
     * passes (System.nanoTime; Long.MAX_VALUE: none).
     *
     * @return how many packets were written
     */
    public static long record(
            String interfaceName, String filter, Path output, long maxPackets, long deadlineNanos, AtomicBoolean stop)
            throws RecordingUnavailable, IOException {
        PcapHandle handle = open(interfaceName, filter);
        try (PcapngWriter writer = new PcapngWriter(output, handle.getDlt().value(), SNAP_LENGTH)) {
            while (!stop.get()
                    && (maxPackets == 0 || writer.packets() < maxPackets)
                    && System.nanoTime() - deadlineNanos < 0) {
                byte[] packet = handle.getNextRawPacket();
                if (packet == null) {
                    // Non-blocking: nothing waiting. The kernel stamps each packet on arrival, so a short nap
                    // costs no timing accuracy, and the stop conditions are checked at once.
                    writer.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                } else {
                    java.sql.Timestamp at = handle.getTimestamp();
                    long nanos = Math.floorDiv(at.getTime(), 1000L) * 1_000_000_000L + at.getNanos();
                    Integer original = handle.getOriginalLength();
                    writer.write(nanos, packet, packet.length, original == null ? packet.length : original);
                }
            }
            return writer.packets();
        } catch (NotOpenException e) {
            throw new IOException("the capture handle closed unexpectedly", e);
        } finally {
            handle.close();
        }
    }

    private static PcapHandle open(String interfaceName, String filter) throws RecordingUnavailable {
        try {
            PcapHandle handle = new PcapHandle.Builder(interfaceName)
                    .snaplen(SNAP_LENGTH)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .immediateMode(true)
                    .build();
            try {
                handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
                // libpcap's read timeout is not honoured everywhere (Linux immediate mode blocks): never block.
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new RecordingUnavailable(
                        "the capture filter '" + filter + "' does not compile: " + e.getMessage(), e);
            }
            return handle;
        } catch (PcapNativeException e) {
            throw privilegeOrOther(interfaceName, e);
        } catch (LinkageError e) {
            throw noLibpcap(e);
        }
    }

    private static List<PcapNetworkInterface> devices() throws RecordingUnavailable {
        try {
            return Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw privilegeOrOther("any", e);
        } catch (LinkageError e) {
            throw noLibpcap(e);
        }
    }

    private static RecordingUnavailable noLibpcap(LinkageError e) {
        return new RecordingUnavailable(
                "cannot load libpcap: install it (Debian/Ubuntu: apt-get install libpcap0.8; "
                        + "Windows: Npcap with \"WinPcap API-compatible mode\" and \"Support loopback traffic\")",
                e);
    }

    private static RecordingUnavailable privilegeOrOther(String interfaceName, PcapNativeException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("ermission") || message.contains("not permitted")) {
            return new RecordingUnavailable(
                    "no permission to capture on " + interfaceName + ": run as root, or give "
                            + "java the CAP_NET_RAW and CAP_NET_ADMIN capabilities (Linux); on Windows install Npcap "
                            + "without \"Restrict Npcap driver's access to Administrators only\"",
                    e);
        }
        return new RecordingUnavailable("cannot capture on " + interfaceName + ": " + message, e);
    }
}
