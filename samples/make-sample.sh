#!/usr/bin/env bash
# Remakes samples/daqbox-polyview.pcapng: records the simulator's loopback traffic with tcpdump.
# Needs tcpdump, editcap (wireshark-common) and the right to capture (root or CAP_NET_RAW).
set -euo pipefail
cd "$(dirname "$0")"
port=${1:-11000}
tmp=$(mktemp -d)
tcpdump -i lo -n -U --immediate-mode --time-stamp-precision=nano -w "$tmp/sample.pcap" "tcp port $port" 2>"$tmp/tcpdump.log" &
pid=$!
until grep -q "listening on" "$tmp/tcpdump.log"; do sleep 0.1; done
java DaqboxPolyviewSimulator.java "$port"
sleep 1    # let the last packets reach the file
kill "$pid"; wait "$pid" || true
editcap -F pcapng "$tmp/sample.pcap" daqbox-polyview.pcapng
rm -rf "$tmp"
echo "wrote samples/daqbox-polyview.pcapng"
