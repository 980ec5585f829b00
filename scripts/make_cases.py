#!/usr/bin/env python3
"""Compute the expectations of the data-driven filter cases with tcpdump.

Reads scripts/case_exprs.txt (expressions grouped by output file and link
type) and the named packets of scripts/make_case_packets.py, writes the
packets of each link type to a temporary pcap (packet i at timestamp i s),
and runs `tcpdump -r PCAP -w OUT EXPR` twice, with libpcap's optimizer and
without it (`-O`). The packets tcpdump kept are the case's `accept` list.

When tcpdump rejects the expression, it becomes a `[[reject]]` entry (with
tcpdump's message): bpfdump must reject it too. A case is dropped (and listed
in a comment of its file) when the optimized and unoptimized programs
disagree on some packet: then no single expectation holds for both (e.g.
`ip[100] = 0 or ip`: libpcap's optimizer removes the load of ip[100], whose
value is irrelevant, and with it the rejection of packets shorter than that).

Cases listed in scripts/known_failures.txt (`LINKTYPE<TAB>EXPR`, bpfdump
disagrees with libpcap there) go to filters/cases/known-failures.toml
instead of their topic file; tests/cases.rs skips them and prints them.

The tcpdump is the reference, the development snapshot: $TCPDUMP, else
target/tcpdump-head/build/tcpdump (what ../shared/oracles/tcpdump/build.sh
builds), else the tcpdump on the PATH.

Run from the crate root (needs tcpdump):
    python3 scripts/make_case_packets.py > filters/packets.toml
    python3 scripts/make_cases.py
"""
import os
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_case_packets  # noqa: E402

# LINKTYPE_* values for the pcap file header (what tcpdump -r sees).
LINKTYPES = {
    'NULL': 0, 'EN10MB': 1, 'PPP': 9, 'RAW': 101, 'IEEE802_11': 105, 'LOOP': 108,
    'LINUX_SLL': 113, 'IEEE802_11_RADIO': 127, 'IPV4': 228, 'IPV6': 229, 'LINUX_SLL2': 276,
    'FDDI': 10, 'IEEE802': 6, 'IP_OVER_FC': 122, 'PFLOG': 117, 'MTP2': 140, 'SUNATM': 123,
    'DSA_TAG_BRCM': 281, 'DSA_TAG_DSA': 284, 'NETANALYZER': 240, 'ARCNET': 7, 'BACNET_MS_TP': 165,
}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SNAPSHOT = os.path.join(ROOT, 'target', 'tcpdump-head', 'build', 'tcpdump')
TCPDUMP = os.environ.get('TCPDUMP') or (_SNAPSHOT if os.access(_SNAPSHOT, os.X_OK) else 'tcpdump')
CASES_DIR = os.path.join(ROOT, 'filters', 'cases')
KNOWN_FAILURES_FILE = 'known-failures'


def read_exprs(path):
    """(file, linktype, expr) in input order. `@file NAME` and `@link TYPE` set
    the current output file and link type; `#` starts a comment line."""
    out, file, link = [], None, None
    for lineno, raw in enumerate(open(path), 1):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('@file '):
            file = line.split(None, 1)[1]
        elif line.startswith('@link '):
            link = line.split(None, 1)[1]
        else:
            if file is None or link is None:
                sys.exit(f'{path}:{lineno}: expression before @file/@link')
            out.append((file, link, line))
    return out


def read_known_failures(path):
    known = set()
    if os.path.exists(path):
        for raw in open(path):
            line = raw.rstrip('\n')
            if line.strip() and not line.startswith('#'):
                link, expr = line.split('\t', 1)
                known.add((link, expr))
    return known


def write_pcap(path, linktype, datas):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, LINKTYPES[linktype]))
        for i, (d, wirelen) in enumerate(datas):
            f.write(struct.pack('<IIII', i + 1, 0, len(d), wirelen) + d)


def read_timestamps(path):
    data = open(path, 'rb').read()
    pos, out = 24, []
    while pos + 16 <= len(data):
        sec, _usec, caplen, _len = struct.unpack_from('<IIII', data, pos)
        out.append(sec)
        pos += 16 + caplen
    return out


def kept(pcap, expr, optimize, tmpdir, tag):
    """Indices (0-based) of the packets tcpdump keeps, or an error string."""
    out = os.path.join(tmpdir, f'out-{tag}-{int(optimize)}.pcap')
    cmd = ['timeout', '10', TCPDUMP, '-r', pcap, '-w', out]
    if not optimize:
        cmd.append('-O')
    cmd += ['--', expr]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        msg = [l for l in res.stderr.splitlines()
               if not l.startswith(('reading from file', 'Warning:'))]
        msg = ' '.join(msg).strip()
        return (msg[len('tcpdump: '):] if msg.startswith('tcpdump: ') else msg) or f'exit status {res.returncode}'
    return [ts - 1 for ts in read_timestamps(out)]


def toml_str(s):
    if "'" not in s and '\n' not in s:
        return f"'{s}'"
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    exprs, seen = [], set()
    for file, link, expr in read_exprs(os.path.join(ROOT, 'scripts', 'case_exprs.txt')):
        if (link, expr) in seen:
            print(f'duplicate ({link}) {expr}: kept only its first occurrence', file=sys.stderr)
            continue
        seen.add((link, expr))
        exprs.append((file, link, expr))
    known = read_known_failures(os.path.join(ROOT, 'scripts', 'known_failures.txt'))
    by_link = {}
    for name, link, _desc, data, *wirelen in make_case_packets.packets:
        by_link.setdefault(link, []).append((name, data, wirelen[0] if wirelen else len(data)))

    with tempfile.TemporaryDirectory() as tmpdir:
        pcaps = {}
        for link, pkts in by_link.items():
            pcaps[link] = os.path.join(tmpdir, f'{link}.pcap')
            write_pcap(pcaps[link], link, [(d, w) for _, d, w in pkts])

        def judge(item):
            i, (file, link, expr) = item
            if link not in pcaps:
                return 'dropped', f'no packets of link type {link}'
            opt = kept(pcaps[link], expr, True, tmpdir, i)
            if isinstance(opt, str):
                return 'reject', opt
            unopt = kept(pcaps[link], expr, False, tmpdir, i)
            if isinstance(unopt, str):
                return 'dropped', f'tcpdump -O rejects it: {unopt}'
            names = [n for n, _, _ in by_link[link]]
            if opt != unopt:
                diff = [names[j] for j in sorted(set(opt) ^ set(unopt))]
                more = f' and {len(diff) - 4} more' if len(diff) > 4 else ''
                return 'dropped', ('optimized and unoptimized programs disagree on '
                                   + ', '.join(diff[:4]) + more)
            return 'case', [names[j] for j in opt]

        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(judge, enumerate(exprs)))

    files = {}
    for (file, link, expr), (kind, value) in zip(exprs, results):
        if kind in ('case', 'reject') and (link, expr) in known:
            file = KNOWN_FAILURES_FILE
        entry = files.setdefault(file, {'cases': [], 'rejects': [], 'dropped': []})
        if kind == 'case':
            entry['cases'].append((link, expr, value))
        elif kind == 'reject':
            entry['rejects'].append((link, expr, value))
        else:
            entry['dropped'].append((link, expr, value))
            print(f'dropped ({link}) {expr}: {value}', file=sys.stderr)

    # Files generated earlier that no longer get cases would go stale: start afresh.
    for old in os.listdir(CASES_DIR):
        path = os.path.join(CASES_DIR, old)
        if old.endswith('.toml') and open(path).readline().startswith('# Generated by scripts/make_cases.py'):
            os.remove(path)

    total = 0
    for file, entry in sorted(files.items()):
        lines = [
            f'# Generated by scripts/make_cases.py from scripts/case_exprs.txt: do not edit by hand.',
            '# Expectations are what the reference tcpdump (the development snapshot) keeps of the packets of',
            '# filters/packets.toml with that link type, optimized and unoptimized alike;',
            '# tests/cases.rs checks them again against libpcap\'s own program.',
        ]
        if file == KNOWN_FAILURES_FILE:
            lines += [
                '#',
                '# KNOWN FAILURES: cases where bpfdump disagrees with libpcap (listed in',
                '# scripts/known_failures.txt). tests/cases.rs still checks these expectations',
                '# against libpcap but skips them in the engines and prints them. When one is',
                '# fixed, remove it from scripts/known_failures.txt and regenerate.',
            ]
        for link, expr, accept in entry['cases']:
            lines += ['', '[[case]]', f'linktype = "{link}"', f'expr = {toml_str(expr)}',
                      'accept = [' + ', '.join(f'"{n}"' for n in accept) + ']']
            total += 1
        for link, expr, error in entry['rejects']:
            lines += ['', '[[reject]]', f'linktype = "{link}"', f'expr = {toml_str(expr)}',
                      f'error = {toml_str(error)}']
        if entry['dropped']:
            lines += ['', '# Dropped (not cases):']
            for link, expr, why in entry['dropped']:
                lines.append(f'#   ({link}) `{expr}`: {why}')
        if entry['cases'] or entry['rejects']:
            with open(os.path.join(CASES_DIR, f'{file}.toml'), 'w') as f:
                f.write('\n'.join(lines) + '\n')
    rejects = sum(len(e['rejects']) for e in files.values())
    dropped = sum(len(e['dropped']) for e in files.values())
    print(f'{total} cases, {rejects} rejects written, {dropped} dropped', file=sys.stderr)


if __name__ == '__main__':
    main()
