#!/usr/bin/env python3
"""Build a large pcap for benchmarks by repeating the Ethernet packets of
shared/pcaps with steadily increasing timestamps.

usage: scripts/make_big_pcap.py OUTPUT [PACKETS] [SHARED_DIR]

PACKETS defaults to 3,000,000; SHARED_DIR to $BPFDUMP_SHARED, else ../shared
beside the crate. Only classic pcap captures of link type EN10MB (1) are
used (both byte orders, micro- and nanosecond); a damaged capture
contributes the packets before its damage. The output is little-endian,
microsecond pcap, snapshot length 262144.
"""
import os
import struct
import sys


def ethernet_packets(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        return []  # pcapng or not a capture
    snaplen, linktype = struct.unpack(order + "II", data[16:24])
    if linktype != 1:
        return []
    packets = []
    at = 24
    while at + 16 <= len(data):
        _, _, caplen, wire_len = struct.unpack(order + "IIII", data[at : at + 16])
        if caplen > 262144 or at + 16 + caplen > len(data):
            break
        packets.append((data[at + 16 : at + 16 + caplen], max(wire_len, caplen)))
        at += 16 + caplen
    return packets


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    output = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3_000_000
    here = os.path.dirname(os.path.abspath(__file__))
    shared = (
        sys.argv[3]
        if len(sys.argv) > 3
        else os.environ.get("BPFDUMP_SHARED", os.path.join(here, "..", "..", "shared"))
    )
    pcaps = os.path.join(shared, "pcaps")
    packets = []
    for name in sorted(os.listdir(pcaps)):
        packets.extend(ethernet_packets(os.path.join(pcaps, name)))
    if not packets:
        sys.exit(f"no Ethernet packets found in {pcaps}")
    # Records without their timestamps, prebuilt: only the time changes.
    tails = [struct.pack("<II", len(d), w) + d for d, w in packets]
    written_bytes = 24
    with open(output, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        usec = 0
        secs = 1_700_000_000
        chunk = []
        n = len(tails)
        for i in range(count):
            usec += 7 + (i % 13)  # 7..19 µs apart
            if usec >= 1_000_000:
                secs += 1
                usec -= 1_000_000
            tail = tails[i % n]
            chunk.append(struct.pack("<II", secs, usec))
            chunk.append(tail)
            written_bytes += 8 + len(tail)
            if len(chunk) >= 65536:
                out.write(b"".join(chunk))
                chunk.clear()
        out.write(b"".join(chunk))
    print(f"{output}: {count} packets ({len(packets)} distinct), {written_bytes} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
