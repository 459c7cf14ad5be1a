package org.replaytcp.tcp;

import org.replaytcp.packet.Endpoint;

/**
 * Identity of one recorded TCP connection.
 *
 * @param index       0-based order of first appearance in the capture (Wireshark's {@code tcp.stream})
 * @param client      the side that sent the SYN, or the inferred client
 * @param server      the other side
 * @param roleFrom    whether the roles come from the SYN or were inferred
 * @param openedNanos capture time of its first packet
 */
public record ConnectionInfo(int index, Endpoint client, Endpoint server, RoleSource roleFrom, long openedNanos) {}
