#!/usr/bin/env python3
"""Seed corpora for the fuzz targets of fuzz/ (issue 15).

    scripts/fuzz_seeds.py --small DIR   the small committed set (fuzz/seeds/),
                                        from testdata/ and filters/ only
    scripts/fuzz_seeds.py DIR           the full corpora (fuzz/corpus/, not
                                        committed): the small set, plus every
                                        capture of ../shared/pcaps and every
                                        expression of filters/ and scripts/

Each file is an input in the layout the target's check reads
(tests/fuzz_checks/*.rs). Classic programs for the cbpf and ebpf seeds come
from `bpfdump -ddd` ($BPFDUMP, default target/release/bpfdump).
"""

import hashlib
import os
import re
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("BPFDUMP_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
# The link types tests/fuzz_checks/print.rs decodes, in its order.
PRINT_LINKTYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 105]
MAX_INPUT = 4096


def linktype_names():
    """LINKTYPE value by DLT name, from src/linktype.rs."""
    text = open(os.path.join(ROOT, "src", "linktype.rs")).read()
    return {m.group(3): int(m.group(1))
            for m in re.finditer(r'e\(\s*(\d+),\s*(\d+),\s*"(\w+)"', text)}


def records(data):
    """(linktype, packet bytes, wire length) of a pcap or pcapng file."""
    out = []
    if len(data) < 24:
        return out
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if magic[0] in (0xd4, 0x4d) else ">"
        linktype = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
        at = 24
        while at + 16 <= len(data):
            _, _, caplen, wire = struct.unpack(e + "IIII", data[at:at + 16])
            if at + 16 + caplen > len(data):
                break
            out.append((linktype, data[at + 16:at + 16 + caplen], wire))
            at += 16 + caplen
    elif magic == b"\x0a\x0d\x0d\x0a":
        e, at, links = "<", 0, []
        while at + 12 <= len(data):
            if data[at:at + 4] == b"\x0a\x0d\x0d\x0a":
                e = "<" if data[at + 8:at + 12] == b"\x4d\x3c\x2b\x1a" else ">"
                links = []
            btype, blen = struct.unpack(e + "II", data[at:at + 8])
            if blen < 12 or at + blen > len(data):
                break
            body = data[at + 8:at + blen - 4]
            if btype == 1 and len(body) >= 2:
                links.append(struct.unpack(e + "H", body[:2])[0])
            elif btype == 6 and len(body) >= 20:
                iface, _, _, caplen, wire = struct.unpack(e + "IIIII", body[:20])
                if iface < len(links):
                    out.append((links[iface], body[20:20 + caplen], wire))
            elif btype == 3 and len(body) >= 4 and links:
                wire = struct.unpack(e + "I", body[:4])[0]
                out.append((links[0], body[4:4 + wire], wire))
            at += blen
    return out


def swap_pcap(data):
    """A little-endian classic pcap file in the other byte order."""
    if data[:4] not in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        return None
    out = bytearray(data[:4][::-1])
    out += struct.pack(">HHiIII", *struct.unpack("<HHiIII", data[4:24]))
    at = 24
    while at + 16 <= len(data):
        fields = struct.unpack("<IIII", data[at:at + 16])
        out += struct.pack(">IIII", *fields)
        out += data[at + 16:at + 16 + fields[2]]
        at += 16 + fields[2]
    return bytes(out)


def head_of(data, limit):
    """The file cut after whole records to at most `limit` bytes (pcap), or
    simply cut (pcapng, where a cut block is damage worth fuzzing too)."""
    if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if data[0] in (0xd4, 0x4d) else ">"
        at = 24
        while at + 16 <= len(data):
            caplen = struct.unpack(e + "I", data[at + 8:at + 12])[0]
            if at + 16 + caplen > limit:
                break
            at += 16 + caplen
        return data[:at]
    return data[:limit]


def packet_bytes(packets):
    out = b""
    for p in packets:
        p = p[:249]
        out += bytes([len(p)]) + p
    return out


def classic(bpfdump, expr, linktype):
    """The optimized classic program of `expr`, as (code, jt, jf, k)s."""
    try:
        text = subprocess.run([bpfdump, "-y", linktype, "-ddd", expr], capture_output=True,
                              text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = text.split("\n")
    if not lines or not lines[0].strip().isdigit():
        return None
    return [tuple(int(x) for x in l.split()) for l in lines[1:] if l.strip()]


def expressions(small):
    """(DLT name, expression) pairs from filters/ (and scripts/ when full)."""
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, "filters", "cases"))):
        linktype = "EN10MB"
        for line in open(os.path.join(ROOT, "filters", "cases", name)):
            m = re.match(r'linktype = "(\w+)"', line)
            if m:
                linktype = m.group(1)
            m = re.match(r"expr = '(.*)'$", line.strip()) or re.match(r'expr = "(.*)"$', line.strip())
            if m:
                out.append((linktype, m.group(1)))
    for name in sorted(os.listdir(os.path.join(ROOT, "filters", "examples"))):
        text = open(os.path.join(ROOT, "filters", "examples", name)).read()
        out.append(("EN10MB", " ".join(l for l in text.split("\n") if not l.startswith("#"))))
    if not small:
        for line in open(os.path.join(ROOT, "filters", "chains.txt")):
            if line.strip() and not line.startswith("#"):
                out.append(("EN10MB", line.strip()))
        linktype = "EN10MB"
        for line in open(os.path.join(ROOT, "scripts", "case_exprs.txt")):
            line = line.strip()
            if line.startswith("@link"):
                linktype = line.split()[1]
            elif line and not line.startswith(("#", "@")):
                out.append((linktype, line))
    seen, unique = set(), []
    for pair in out:
        if pair not in seen:
            seen.add(pair)
            unique.append(pair)
    return unique


def main():
    args = sys.argv[1:]
    small = "--small" in args
    args = [a for a in args if a != "--small"]
    if len(args) != 1:
        sys.exit(__doc__)
    out_dir = args[0]
    bpfdump = os.environ.get("BPFDUMP", os.path.join(ROOT, "target", "release", "bpfdump"))
    names = linktype_names()
    written = {}

    def put(target, data):
        data = data[:MAX_INPUT]
        d = os.path.join(out_dir, target)
        os.makedirs(d, exist_ok=True)
        digest = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(d, "seed-" + digest), "wb") as f:
            f.write(data)
        written[target] = written.get(target, 0) + 1

    captures = [os.path.join(ROOT, "testdata", n) for n in sorted(os.listdir(os.path.join(ROOT, "testdata")))]
    if not small and os.path.isdir(os.path.join(SHARED, "pcaps")):
        d = os.path.join(SHARED, "pcaps")
        captures += [os.path.join(d, n) for n in sorted(os.listdir(d)) if ".pcap" in n]
    ether_packets = []
    for i, path in enumerate(captures):
        data = open(path, "rb").read()
        flags = int(hashlib.sha1(path.encode()).hexdigest()[:2], 16)
        cut = head_of(data, 1500 if small else MAX_INPUT - 1)
        put("capture", bytes([flags]) + cut)
        if small:
            put("capture", bytes([flags ^ 0x9c]) + cut[:len(cut) * 2 // 3])
        swapped = swap_pcap(cut)
        if swapped:
            put("capture", bytes([flags ^ 0x45]) + swapped)
        recs = records(data)
        by_link = {}
        for linktype, pkt, wire in recs:
            by_link.setdefault(linktype, []).append((pkt, wire))
        for linktype, pkts in by_link.items():
            if linktype == 1:
                ether_packets += [p for p, _ in pkts[:40]]
            if linktype not in PRINT_LINKTYPES:
                continue
            step = max(1, len(pkts) // (40 if small else 12))
            for n, (pkt, wire) in enumerate(pkts[::step]):
                opts = [(0x00, 0x00), (0x02, 0x03), (0x01, 0x30), (0x43, 0x46)][n % 4]
                extra = 0 if wire <= len(pkt) else min(wire - len(pkt), 250)
                header = bytes([PRINT_LINKTYPES.index(linktype), opts[0], opts[1], extra])
                put("print", header + struct.pack("<II", 1_700_000_000 + n, 123456) + pkt)

    sample = ether_packets[:: max(1, len(ether_packets) // 6)][:6]
    for n, (linktype, expr) in enumerate(expressions(small)):
        value = names.get(linktype, 1)
        put("expr", bytes([0]) + struct.pack("<H", value) + bytes([n % 32]) + expr.encode()
            + b"\0" + (packet_bytes(sample[n % 3:n % 3 + 3]) if value == 1 else b""))
        if small and n % 8 != 0:
            continue
        program = classic(bpfdump, expr, linktype)
        if not program:
            continue
        insns = b"".join(struct.pack("<HBBI", c, jt, jf, k & 0xFFFFFFFF) for c, jt, jf, k in program[:64])
        n_insns = bytes([min(len(program), 64) - 1])
        packets = packet_bytes(sample[n % 4:n % 4 + 2])
        put("cbpf", bytes([1 | (4 if n % 2 else 0)]) + n_insns + insns + packets)
        put("ebpf", bytes([0x80]) + n_insns + insns + bytes([0]) + packets)
    for target, count in sorted(written.items()):
        print(f"{target}: {count} seeds in {os.path.join(out_dir, target)}")


if __name__ == "__main__":
    main()
