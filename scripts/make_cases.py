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
    # Every other link type libpcap's development version compiles filters for (linktypes2).
    'SLIP': 8, 'SLIP_BSDOS': 102, 'PPP_SERIAL': 50, 'PPP_PPPD': 166, 'PPP_ETHER': 51,
    'PPP_BSDOS': 103, 'C_HDLC': 104, 'FRELAY': 107, 'ATM_RFC1483': 100, 'ATM_CLIP': 106,
    'SYMANTEC_FIREWALL': 99, 'ENC': 109, 'LTALK': 114, 'ARCNET_LINUX': 129,
    'APPLE_IP_OVER_IEEE1394': 138, 'IPNET': 226, 'NETANALYZER_TRANSPARENT': 241,
    'PRISM_HEADER': 119, 'IEEE802_11_RADIO_AVS': 163, 'PPI': 192, 'MTP2_WITH_PHDR': 139,
    'ERF': 197, 'JUNIPER_MLPPP': 130, 'JUNIPER_MLFR': 131, 'JUNIPER_ES': 132, 'JUNIPER_GGSN': 133,
    'JUNIPER_MFR': 134, 'JUNIPER_ATM2': 135, 'JUNIPER_SERVICES': 136, 'JUNIPER_ATM1': 137,
    'JUNIPER_MONITOR': 164, 'JUNIPER_PPPOE': 167, 'JUNIPER_PPPOE_ATM': 168, 'JUNIPER_ETHER': 178,
    'JUNIPER_PPP': 179, 'JUNIPER_FRELAY': 180, 'JUNIPER_CHDLC': 181, 'JUNIPER_VP': 183,
    'JUNIPER_ISM': 194, 'JUNIPER_ST': 200, 'JUNIPER_VS': 232, 'JUNIPER_SRX_E2E': 233,
    'JUNIPER_FIBRECHANNEL': 234, 'JUNIPER_ATM_CEMIC': 238, 'EN3MB': 2, 'AX25': 3, 'PRONET': 4,
    'CHAOS': 5, 'REDBACK_SMARTEDGE': 32, 'MTP3': 141, 'SCCP': 142, 'DOCSIS': 143,
    'LINUX_IRDA': 144, 'USER0': 147, 'USER1': 148, 'USER2': 149, 'USER3': 150, 'USER4': 151,
    'USER5': 152, 'USER6': 153, 'USER7': 154, 'USER8': 155, 'USER9': 156, 'USER10': 157,
    'USER11': 158, 'USER12': 159, 'USER13': 160, 'USER14': 161, 'USER15': 162, 'GPRS_LLC': 169,
    'GPF_T': 170, 'GPF_F': 171, 'JUNIPER_PIC_PEER': 174, 'ERF_ETH': 175, 'ERF_POS': 176,
    'LINUX_LAPD': 177, 'MFR': 182, 'A429': 184, 'A653_ICM': 185, 'USB_FREEBSD': 186,
    'BLUETOOTH_HCI_H4': 187, 'IEEE802_16_MAC_CPS': 188, 'USB_LINUX': 189, 'CAN20B': 190,
    'IEEE802_15_4_LINUX': 191, 'IEEE802_16_MAC_CPS_RADIO': 193, 'IEEE802_15_4': 195, 'SITA': 196,
    'RAIF1': 198, 'IPMB_KONTRON': 199, 'BLUETOOTH_HCI_H4_WITH_PHDR': 201, 'AX25_KISS': 202,
    'I2C_LINUX': 209, 'IEEE802_15_4_NONASK_PHY': 215, 'LINUX_EVDEV': 216, 'MPLS': 219,
    'USB_LINUX_MMAPPED': 220, 'DECT': 221, 'AOS': 222, 'WIHART': 223, 'FC_2': 224,
    'FC_2_WITH_FRAME_DELIMS': 225, 'CAN_SOCKETCAN': 227, 'IEEE802_15_4_NOFCS': 230, 'DBUS': 231,
    'DVB_CI': 235, 'MUX27010': 236, 'STANAG_5066_D_PDU': 237, 'NFLOG': 239, 'IPOIB': 242,
    'MPEG_2_TS': 243, 'NG40': 244, 'NFC_LLCP': 245, 'PFSYNC': 246, 'INFINIBAND': 247, 'SCTP': 248,
    'USBPCAP': 249, 'RTAC_SERIAL': 250, 'BLUETOOTH_LE_LL': 251, 'NETLINK': 253,
    'BLUETOOTH_LINUX_MONITOR': 254, 'BLUETOOTH_BREDR_BB': 255, 'BLUETOOTH_LE_LL_WITH_PHDR': 256,
    'PROFIBUS_DL': 257, 'PKTAP': 258, 'EPON': 259, 'IPMI_HPM_2': 260, 'ZWAVE_R1_R2': 261,
    'ZWAVE_R3': 262, 'WATTSTOPPER_DLM': 263, 'ISO_14443': 264, 'RDS': 265, 'USB_DARWIN': 266,
    'OPENFLOW': 267, 'SDLC': 268, 'TI_LLN_SNIFFER': 269, 'VSOCK': 271, 'NORDIC_BLE': 272,
    'DOCSIS31_XRA31': 273, 'ETHERNET_MPACKET': 274, 'DISPLAYPORT_AUX': 275, 'OPENVIZSLA': 278,
    'EBHSCR': 279, 'VPP_DISPATCH': 280, 'DSA_TAG_BRCM_PREPEND': 282, 'IEEE802_15_4_TAP': 283,
    'DSA_TAG_EDSA': 285, 'ELEE': 286, 'Z_WAVE_SERIAL': 287, 'USB_2_0': 288, 'ATSC_ALP': 289,
    'ETW': 290, 'NETANALYZER_NG': 291, 'ZBOSS_NCP': 292, 'USB_2_0_LOW_SPEED': 293,
    'USB_2_0_FULL_SPEED': 294, 'USB_2_0_HIGH_SPEED': 295, 'AUERSWALD_LOG': 296, 'ZWAVE_TAP': 297,
    'SILABS_DEBUG_CHANNEL': 298, 'FIRA_UCI': 299, 'MDB': 300, 'DECT_NR': 301, 'EDK2_MM': 302,
    'DEBUG_ONLY': 303, 'DECT_NR_TAP': 304,
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
