#!/usr/bin/env python3
"""Concatenate the shared Ethernet pcap captures into one file, for the
benchmarks: merge_pcaps.py SHARED_DIR OUT.pcap [REPEAT]

Every classic pcap file listed in SHARED_DIR/pcaps/index.tsv with link type
EN10MB is read (either byte order, micro- or nanosecond) and its packets are
written, REPEAT times over (default 1), as one little-endian microsecond
pcap file."""
import struct
import sys
from pathlib import Path


def packets(path):
    data = path.read_bytes()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        return  # pcapng or something else
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    offset = 24
    while offset + 16 <= len(data):
        sec, frac, caplen, wirelen = struct.unpack(endian + "IIII", data[offset:offset + 16])
        offset += 16
        if offset + caplen > len(data):
            return
        yield sec, frac // 1000 if nano else frac, wirelen, data[offset:offset + caplen]
        offset += caplen


def main():
    shared, out = Path(sys.argv[1]), Path(sys.argv[2])
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    index = (shared / "pcaps" / "index.tsv").read_text().splitlines()[1:]
    names = [f.split("\t")[0] for f in index if f.split("\t")[3] == "EN10MB"]
    records = []
    for name in names:
        for sec, usec, wirelen, data in packets(shared / "pcaps" / name):
            records.append(struct.pack("<IIII", sec, usec, len(data), wirelen) + data)
    with out.open("wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for _ in range(repeat):
            for r in records:
                f.write(r)
    print(f"{len(records) * repeat} packets from {len(names)} files", file=sys.stderr)


main()
