//! HNCP, the Home Networking Control Protocol (RFC 7788, on DNCP, RFC
//! 7787), on UDP port 8231: a sequence of TLVs, nested inside some of
//! them. Each nesting level is shown in detail when `-v` is at least as
//! deep (top level: `-v`), otherwise as a one-line summary of the TLV
//! names (runs counted `(xN)`).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// An IPv4-mapped IPv6 address's first 12 bytes.
const V4_MAPPED: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

static TLV_NAMES: &[(u16, &str)] = &[
    (1, "Request network state"),
    (2, "Request node state"),
    (3, "Node endpoint"),
    (4, "Network state"),
    (5, "Node state"),
    (8, "Peer"),
    (9, "Keep-alive interval"),
    (10, "Trust-Verdict"),
    (32, "HNCP-Version"),
    (33, "External-Connection"),
    (34, "Delegated-Prefix"),
    (35, "Assigned-Prefix"),
    (36, "Node-Address"),
    (37, "DHCPv4-Data"),
    (38, "DHCPv6-Data"),
    (39, "DNS-Delegated-Zone"),
    (40, "Domain-Name"),
    (41, "Node-Name"),
    (42, "Managed-PSK"),
    (43, "Prefix-Policy"),
];

/// A TLV type's name, or the name of its range of the registry.
fn tlv_name(t: u16) -> (&'static str, bool) {
    if let Some(n) = tables::lookup(TLV_NAMES, t) {
        return (n, true);
    }
    let range = match t {
        0 => "Reserved",
        44..=511 => "Unassigned",
        768..=1023 => "Private use",
        _ => "Future use",
    };
    (range, false)
}

/// Prints the HNCP payload of a UDP datagram.
pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "hncp";
    cx.s("hncp (");
    cx.u(p.length as u64);
    cx.b(b')');
    let d = p.captured;
    tlvs(cx, d, 0, p.length, 1)?;
    Ok(true)
}

fn indent(cx: &mut Ctx, depth: usize) {
    cx.b(b'\n');
    for _ in 0..depth {
        cx.b(b'\t');
    }
}

/// The TLVs of `len` bytes at `at`, at nesting `depth` (1: top level).
/// Bytes not captured end this list only (` [|hncp]`): the enclosing
/// one goes on.
fn tlvs(cx: &mut Ctx, d: &[u8], at: usize, len: usize, depth: usize) -> R {
    let v = cx.opts.verbose as usize;
    let r = if v < depth && v < 3 {
        summary(cx, d, at, len, depth)
    } else {
        detailed(cx, d, at, len, depth)
    };
    if r.is_err() {
        cx.trunc_marker();
    }
    Ok(())
}

fn detailed(cx: &mut Ctx, d: &[u8], at: usize, len: usize, depth: usize) -> R {
    let (mut at, mut left) = (at, len);
    while left > 0 {
        indent(cx, depth);
        if left < 4 {
            // A header past the captured bytes is a truncation.
            d.range(at, 4)?;
            cx.s(" (invalid)");
            return Ok(());
        }
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as usize;
        d.range(at + 4, l)?;
        if 4 + l > left {
            cx.s(" (invalid)");
            return Ok(());
        }
        let (name, known) = tlv_name(t);
        cx.s(name);
        if !known {
            cx.s(": type=");
            cx.u(t as u64);
        }
        cx.s(" (");
        cx.u(l as u64 + 4);
        cx.b(b')');
        if !body(cx, d, at + 4, l, t, depth)? {
            // Bad DHCPv4 data ends this list of TLVs.
            return Ok(());
        }
        let step = (4 + l + 3) & !3;
        if step >= left {
            break;
        }
        at += step;
        left -= step;
    }
    Ok(())
}

/// The names of the TLVs, runs of one name counted: a run is printed
/// when the next TLV is read (the line begins with the first), and a
/// list that does not end where its TLVs do says ` (invalid)` instead of
/// the run it was in.
fn summary(cx: &mut Ctx, d: &[u8], at: usize, len: usize, depth: usize) -> R {
    let (mut at, mut left) = (at, len);
    let mut run: Option<(&str, u32)> = None;
    let mut first = true;
    let mut flush = |cx: &mut Ctx, (name, count): (&str, u32)| {
        if first {
            if depth == 1 {
                cx.b(b' ');
            } else {
                indent(cx, depth);
            }
            first = false;
        } else {
            cx.s(", ");
        }
        cx.s(name);
        if count > 1 {
            cx.s(" (x");
            cx.u(count as u64);
            cx.b(b')');
        }
    };
    while left > 0 {
        if left < 4 {
            // A header past the captured bytes is a truncation.
            d.range(at, 4)?;
            cx.s(" (invalid)");
            return Ok(());
        }
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as usize;
        d.range(at + 4, l)?;
        if 4 + l > left {
            cx.s(" (invalid)");
            return Ok(());
        }
        let name = tlv_name(t).0;
        run = match run {
            Some((n, c)) if n == name => Some((n, c + 1)),
            Some(r) => {
                flush(cx, r);
                Some((name, 1))
            }
            None => Some((name, 1)),
        };
        let step = (4 + l + 3) & !3;
        if step >= left {
            break;
        }
        at += step;
        left -= step;
    }
    if let Some(r) = run {
        flush(cx, r);
    }
    Ok(())
}

fn invalid(cx: &mut Ctx) {
    cx.s(" (invalid)");
}

fn hex_bytes(cx: &mut Ctx, b: &[u8]) {
    for &x in b {
        fmt::put_hex2(cx.out, x);
    }
}

fn nid(cx: &mut Ctx, b: &[u8]) {
    for (i, &x) in b.iter().enumerate() {
        if i > 0 {
            cx.b(b':');
        }
        fmt::put_hex2(cx.out, x);
    }
}

fn epid(cx: &mut Ctx, label: &str, b: &[u8]) {
    cx.s(label);
    hex_bytes(cx, b);
}

/// Milliseconds as seconds with three decimals.
fn millis(cx: &mut Ctx, ms: u32) {
    cx.u((ms / 1000) as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, (ms % 1000) as u64, 3, b'0');
    cx.b(b's');
}

/// A 16-byte address: IPv4 when IPv4-mapped.
fn address(cx: &mut Ctx, a: &[u8]) {
    if a[..12] == V4_MAPPED {
        cx.ipv4(&a[12..16]);
    } else {
        cx.ipv6(a);
    }
}

/// A prefix of `plen` bits from `bytes` (which hold at least its whole
/// bytes): IPv4 when IPv4-mapped. False (after saying so) when the
/// length is over 128.
fn prefix(cx: &mut Ctx, plen: u8, bytes: &[u8]) -> bool {
    if plen > 128 {
        cx.s("(length is invalid)");
        return false;
    }
    let n = (plen as usize).div_ceil(8);
    let mut a = [0u8; 16];
    a[..n].copy_from_slice(&bytes[..n]);
    if plen % 8 != 0 {
        a[n - 1] &= 0xffu8 << (8 - plen % 8);
    }
    if plen >= 96 && a[..12] == V4_MAPPED {
        fmt::put_ipv4(cx.out, &a[12..16]);
        cx.b(b'/');
        cx.u(plen as u64 - 96);
    } else {
        fmt::put_ipv6(cx.out, &a);
        cx.b(b'/');
        cx.u(plen as u64);
    }
    true
}

/// A domain name of labels (each length byte taken whole, as the
/// snapshot does), dots between them (and after the last with
/// `trailing_dot`); its length, or none after `[|DNS]` when it does not
/// end inside `b` (a label cut short shows what there is of it).
fn domain(cx: &mut Ctx, b: &[u8], trailing_dot: bool) -> Option<usize> {
    let mut i = 0;
    let mut first = true;
    loop {
        let Some(&n) = b.get(i) else {
            cx.s("[|DNS]");
            return None;
        };
        if n == 0 {
            return Some(i + 1);
        }
        if !first && !trailing_dot {
            cx.b(b'.');
        }
        first = false;
        let n = n as usize;
        let end = (i + 1 + n).min(b.len());
        text(cx, &b[i + 1..end]);
        if i + 1 + n > b.len() {
            cx.s("[|DNS]");
            return None;
        }
        if trailing_dot {
            cx.b(b'.');
        }
        i += 1 + n;
    }
}

/// Text up to its end or a NUL.
fn text(cx: &mut Ctx, b: &[u8]) {
    for &c in b.iter().take_while(|&&c| c != 0) {
        fmt::put_safe_char(cx.out, c);
    }
}

/// Nested TLVs from `off` (rounded up to 4) of a body of `l` bytes.
fn nested(cx: &mut Ctx, d: &[u8], at: usize, l: usize, off: usize, depth: usize) -> R<bool> {
    let off = (off + 3) & !3;
    if off < l {
        tlvs(cx, d, at + off, l - off, depth + 1)?;
    }
    Ok(true)
}

/// A TLV's value: `l` captured bytes at `at`; false when the rest of
/// its list is not to be decoded.
fn body(cx: &mut Ctx, d: &[u8], at: usize, l: usize, t: u16, depth: usize) -> R<bool> {
    let b = d.range(at, l)?;
    match t {
        1 if l != 0 => invalid(cx),
        1 => {}
        2 if l == 4 => {
            cx.s(" NID: ");
            nid(cx, b);
        }
        3 if l == 8 => {
            cx.s(" NID: ");
            nid(cx, &b[..4]);
            epid(cx, " EPID: ", &b[4..8]);
        }
        4 if l == 8 => {
            cx.s(" hash: ");
            hex_bytes(cx, b);
        }
        5 if l >= 20 => {
            cx.s(" NID: ");
            nid(cx, &b[..4]);
            cx.s(" seqno: ");
            cx.u(b.be32(4)? as u64);
            cx.b(b' ');
            millis(cx, b.be32(8)?);
            cx.s(" hash: ");
            hex_bytes(cx, &b[12..20]);
            return nested(cx, d, at, l, 20, depth);
        }
        8 if l == 12 => {
            cx.s(" Peer-NID: ");
            nid(cx, &b[..4]);
            epid(cx, " Peer-EPID: ", &b[4..8]);
            epid(cx, " Local-EPID: ", &b[8..12]);
        }
        9 if l >= 8 => {
            epid(cx, " EPID: ", &b[..4]);
            cx.s(" Interval: ");
            millis(cx, b.be32(4)?);
        }
        10 if l > 36 => {
            cx.s(" Verdict: ");
            cx.u(b[0] as u64);
            cx.s(" Fingerprint: ");
            hex_bytes(cx, &b[4..36]);
            cx.s(" Common Name: ");
            text(cx, &b[36..]);
        }
        32 if l > 4 => {
            let (x, y) = (b[2], b[3]);
            cx.s(" M: ");
            cx.u((x >> 4) as u64);
            cx.s(" P: ");
            cx.u((x & 15) as u64);
            cx.s(" H: ");
            cx.u((y >> 4) as u64);
            cx.s(" L: ");
            cx.u((y & 15) as u64);
            cx.s(" User-agent: ");
            text(cx, &b[4..]);
        }
        33 => return nested(cx, d, at, l, 0, depth),
        34 if l >= 9 && 9 + (b[8] as usize).div_ceil(8) <= l => {
            cx.s(" VLSO: ");
            millis(cx, b.be32(0)?);
            cx.s(" PLSO: ");
            millis(cx, b.be32(4)?);
            cx.s(" Prefix: ");
            let plen = b[8];
            if !prefix(cx, plen, &b[9..]) {
                return Ok(true);
            }
            return nested(cx, d, at, l, 9 + (plen as usize).div_ceil(8), depth);
        }
        35 if l >= 6 && 6 + (b[5] as usize).div_ceil(8) <= l => {
            epid(cx, " EPID: ", &b[..4]);
            cx.s(" Prty: ");
            cx.u((b[4] & 15) as u64);
            cx.s(" Prefix: ");
            let plen = b[5];
            if !prefix(cx, plen, &b[6..]) {
                return Ok(true);
            }
            return nested(cx, d, at, l, 6 + (plen as usize).div_ceil(8), depth);
        }
        36 if l >= 20 => {
            epid(cx, " EPID: ", &b[..4]);
            cx.s(" IP Address: ");
            address(cx, &b[4..20]);
            return nested(cx, d, at, l, 20, depth);
        }
        37 if l > 0 => return Ok(dhcpv4(cx, b, depth + 1)),
        38 if l > 0 => {
            if !dhcpv6(cx, b, depth + 1) {
                invalid(cx);
            }
        }
        39 if l > 16 => {
            cx.s(" IP-Address: ");
            address(cx, &b[..16]);
            cx.b(b' ');
            let f = b[16];
            for (bit, c) in [(4u8, b'l'), (2, b'b'), (1, b's')] {
                cx.b(if f & bit != 0 { c } else { b'-' });
            }
            cx.b(b' ');
            match domain(cx, &b[17..], false) {
                Some(n) => return nested(cx, d, at, l, 17 + n, depth),
                None => invalid(cx),
            }
        }
        40 if l > 0 => {
            cx.s(" Domain: ");
            let _ = domain(cx, b, false);
        }
        41 if l > 16 && 17 + b[16] as usize <= l => {
            cx.s(" IP-Address: ");
            address(cx, &b[..16]);
            cx.s(" Name: \"");
            let n = b[16] as usize;
            text(cx, &b[17..17 + n]);
            cx.b(b'"');
            return nested(cx, d, at, l, 17 + n, depth);
        }
        42 if l >= 32 => {
            cx.s(" PSK: ");
            hex_bytes(cx, &b[..32]);
        }
        43 if l > 0 => policy(cx, b),
        0 | 6 | 7 | 11..=31 | 44.. => {}
        _ => invalid(cx),
    }
    Ok(true)
}

/// A Prefix-Policy value: its type, then what that type carries.
fn policy(cx: &mut Ctx, b: &[u8]) {
    cx.s(" type: ");
    let (p, v) = (b[0], &b[1..]);
    match p {
        0 if v.is_empty() => cx.s("Internet connectivity"),
        0 => invalid(cx),
        1..=128 => {
            cx.s("Dest-Prefix: ");
            if v.len() < (p as usize).div_ceil(8) {
                invalid(cx);
            } else {
                prefix(cx, p, v);
            }
        }
        129 => {
            cx.s("DNS domain: ");
            let _ = domain(cx, v, false);
        }
        130 => {
            cx.s("Opaque UTF-8: ");
            text(cx, v);
        }
        131 if v.is_empty() => cx.s("Restrictive assignment"),
        131 => invalid(cx),
        _ => {
            cx.s("Unknown (");
            cx.u(p as u64);
            cx.b(b')');
        }
    }
}

/// DHCPv4 options (one-byte code and length); false when one does not
/// fit or has a bad length.
fn dhcpv4(cx: &mut Ctx, b: &[u8], depth: usize) -> bool {
    let mut i = 0;
    while i < b.len() {
        if i + 2 > b.len() {
            invalid(cx);
            return false;
        }
        indent(cx, depth);
        let (code, n) = (b[i], b[i + 1] as usize);
        cx.s(match code {
            6 => "DNS-server",
            42 => "NTP-server",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u(n as u64 + 2);
        cx.b(b')');
        if i + 2 + n > b.len() {
            invalid(cx);
            return false;
        }
        let v = &b[i + 2..i + 2 + n];
        if code == 6 || code == 42 {
            if n == 0 || n % 4 != 0 {
                invalid(cx);
                return false;
            }
            for a in v.chunks(4) {
                cx.b(b' ');
                cx.ipv4(a);
            }
        }
        i += 2 + n;
    }
    true
}

/// DHCPv6 options (two-byte code and length); false when one does not
/// fit or has a bad length (the TLV is then invalid).
fn dhcpv6(cx: &mut Ctx, b: &[u8], depth: usize) -> bool {
    let mut i = 0;
    while i < b.len() {
        if i + 4 > b.len() {
            return false;
        }
        indent(cx, depth);
        let code = u16::from_be_bytes([b[i], b[i + 1]]);
        let n = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        cx.s(match code {
            23 => "DNS-server",
            24 => "DNS-search-list",
            31 => "SNTP-servers",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u(n as u64 + 4);
        cx.b(b')');
        if i + 4 + n > b.len() {
            return false;
        }
        let v = &b[i + 4..i + 4 + n];
        match code {
            23 | 31 => {
                if n % 16 != 0 {
                    invalid(cx);
                    return false;
                }
                for a in v.chunks(16) {
                    cx.b(b' ');
                    cx.ipv6(a);
                }
            }
            24 => {
                cx.b(b' ');
                let _ = domain(cx, v, true);
            }
            _ => {}
        }
        i += 4 + n;
    }
    true
}
