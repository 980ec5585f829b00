//! SCTP (RFC 9260), IP protocol 132: the common header and each chunk;
//! M3UA (RFC 4666) in DATA chunks with `-vv`.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload};

static CHUNKS: &[(u8, &str)] = &[
    (0, "DATA"),
    (1, "INIT"),
    (2, "INIT ACK"),
    (3, "SACK"),
    (4, "HB REQ"),
    (5, "HB ACK"),
    (6, "ABORT"),
    (7, "SHUTDOWN"),
    (8, "SHUTDOWN ACK"),
    (9, "OP ERR"),
    (10, "COOKIE ECHO"),
    (11, "COOKIE ACK"),
    (12, "ECN ECHO"),
    (13, "ECN CWR"),
    (14, "SHUTDOWN COMPLETE"),
    (192, "FOR CUM TSN"),
    (193, "REL CTRL"),
    (194, "REL CTRL ACK"),
];

static PPIDS: &[(u32, &str)] = &[
    (1, "ISDN Q.921"),
    (2, "M2UA"),
    (3, "M3UA"),
    (4, "SUA"),
    (5, "M2PA"),
    (6, "V5.2"),
    (7, "H.248"),
    (8, "BICC"),
    (9, "TALI"),
    (10, "DUA"),
    (11, "ASAP"),
    (12, "ENRP"),
    (13, "H.323"),
    (14, "Q.IPC"),
    (15, "SIMCO"),
    (16, "DDPSC"),
    (17, "DDPSSC"),
    (18, "S1AP"),
    (19, "RUA"),
    (20, "HNBAP"),
    (21, "ForCES HP"),
    (22, "ForCES MP"),
    (23, "ForCES LP"),
    (24, "SBc-AP"),
    (25, "NBAP"),
    (27, "X2AP"),
];

fn endpoint(cx: &mut Ctx, p: &IpPayload, src: bool, port: u16) {
    let a = if src { p.net.src() } else { p.net.dst() };
    if p.net.is_v6() {
        cx.ipv6(a);
    } else {
        cx.ipv4(a);
    }
    cx.b(b'.');
    cx.u(port as u64);
}

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "sctp";
    let d = &p.data[..p.data.len().min(p.length)];
    if p.length < 12 {
        cx.bad_len("length", p.length as u64, "<", 12);
        cx.s(" (invalid)");
        return Ok(());
    }
    // The common header is checked whole before anything prints.
    d.range(0, 12)?;
    let sport = d.be16(0)?;
    let dport = d.be16(2)?;
    endpoint(cx, p, true, sport);
    cx.s(" > ");
    endpoint(cx, p, false, dport);
    cx.s(": sctp");
    let app = dispatch::sctp_port(sport, dport);
    // Each port of the table names itself: source, then destination.
    for port in [sport, dport] {
        if let Some((name, _)) = dispatch::sctp_port(port, port) {
            cx.b(b'[');
            cx.s(name);
            cx.b(b']');
        }
    }
    let mut at = 12;
    let mut n = 1;
    while at < p.length {
        let sep = if cx.opts.verbose > 1 {
            "\n\t"
        } else if n == 1 {
            " ("
        } else {
            ", ("
        };
        if p.length - at < 4 {
            cx.s(sep);
            cx.u(n);
            cx.s(") [chunk descriptor cut off at end of packet]");
            return Ok(());
        }
        let t = d.u8_at(at)?;
        let flags = d.u8_at(at + 1)?;
        let len = d.be16(at + 2)? as usize;
        if len < 4 {
            cx.s(sep);
            cx.u(n);
            cx.s(") [Bad chunk length ");
            cx.u(len as u64);
            cx.s(", < size of chunk descriptor]");
            return Ok(());
        }
        // The whole chunk is checked before it prints.
        let v = d.range(at + 4, len - 4)?;
        cx.s(sep);
        cx.u(n);
        cx.s(") [");
        match tables::lookup(CHUNKS, t) {
            Some(name) => cx.s(name),
            None => {
                cx.s("Unknown chunk type: 0x");
                fmt::put_hex(cx.out, t as u64);
            }
        }
        cx.s("] ");
        if !chunk(cx, t, flags, v, app.map(|a| a.1))? {
            cx.s(" (invalid)");
            return Ok(());
        }
        // The padding to 4 bytes must have been captured too.
        let pad = (4 - len % 4) % 4;
        d.range(at + len, pad)?;
        at += len + pad;
        n += 1;
    }
    Ok(())
}

/// A chunk's fixed part shorter than `min`: the check's message, and
/// `true` (the packet then ends as invalid).
fn short(cx: &mut Ctx, v: &[u8], min: usize) -> bool {
    if v.len() < min {
        cx.bad_len("chunk length", v.len() as u64, "<", min as u64);
        return true;
    }
    false
}

/// `Ok(false)` when a length check of the chunk's body fails (the packet
/// then ends as invalid).
fn chunk(cx: &mut Ctx, t: u8, flags: u8, v: &[u8], app: Option<dispatch::SctpDecoder>) -> R<bool> {
    match t {
        0 => return data(cx, flags, v, app),
        1 | 2 => {
            if short(cx, v, 16) {
                return Ok(false);
            }
            cx.s("[init tag: ");
            cx.u(v.be32(0)? as u64);
            cx.s("] [rwnd: ");
            cx.u(v.be32(4)? as u64);
            cx.s("] [OS: ");
            cx.u(v.be16(8)? as u64);
            cx.s("] [MIS: ");
            cx.u(v.be16(10)? as u64);
            cx.s("] [init TSN: ");
            cx.u(v.be32(12)? as u64);
            cx.s("] ");
            // The optional parameters are not shown.
        }
        3 => return sack(cx, v),
        _ => {}
    }
    Ok(true)
}

/// DATA: the flags, the fixed fields, and the user data (ForCES by port
/// or payload identifier; with `-vv` M3UA or a dump).
fn data(cx: &mut Ctx, flags: u8, v: &[u8], app: Option<dispatch::SctpDecoder>) -> R<bool> {
    for (bit, name) in [(0x04, "(U)"), (0x02, "(B)"), (0x01, "(E)")] {
        if flags & bit != 0 {
            cx.s(name);
        }
    }
    if flags & 0x07 != 0 {
        cx.b(b' ');
    }
    if short(cx, v, 12) {
        return Ok(false);
    }
    cx.s("[TSN: ");
    cx.u(v.be32(0)? as u64);
    cx.s("] [SID: ");
    cx.u(v.be16(4)? as u64);
    cx.s("] [SSEQ ");
    cx.u(v.be16(6)? as u64);
    cx.s("] [PPID ");
    let ppid = v.be32(8)?;
    match tables::lookup(PPIDS, ppid) {
        Some(n) => cx.s(n),
        None => {
            cx.s("0x");
            fmt::put_hex(cx.out, ppid as u64);
        }
    }
    cx.s("] ");
    // The ForCES payload identifiers select ForCES on any port.
    let app = app.or_else(|| {
        dispatch::sctp_port(6704, 6704)
            .filter(|_| (21..=23).contains(&ppid))
            .map(|a| a.1)
    });
    if v.len() == 12 {
        cx.bad_len("chunk length", 0, "==", 0);
        return Ok(false);
    }
    let user = &v[12..];
    if let Some(decode) = app {
        decode(cx, user)?;
        cx.proto = "sctp";
    } else if cx.opts.verbose > 1 {
        if let Some(decode) = dispatch::sctp_ppid(ppid) {
            decode(cx, user)?;
            cx.proto = "sctp";
        } else {
            cx.s("[Payload");
            if !cx.suppress_default_print() {
                cx.b(b':');
                cx.default_print(user);
            }
            cx.b(b']');
        }
    }
    Ok(true)
}

/// SACK: the fixed fields, then as many gap blocks and duplicate TSNs as
/// announced and present.
fn sack(cx: &mut Ctx, v: &[u8]) -> R<bool> {
    if short(cx, v, 12) {
        return Ok(false);
    }
    let cum = v.be32(0)?;
    let gaps = v.be16(8)?;
    let dups = v.be16(10)?;
    cx.s("[cum ack ");
    cx.u(cum as u64);
    cx.s("] [a_rwnd ");
    cx.u(v.be32(4)? as u64);
    cx.s("] [#gap acks ");
    cx.u(gaps as u64);
    cx.s("] [#dup tsns ");
    cx.u(dups as u64);
    cx.s("] ");
    let mut rest = &v[12..];
    for i in 1..=gaps as u64 {
        if rest.is_empty() {
            break;
        }
        if short(cx, rest, 4) {
            return Ok(false);
        }
        cx.s("\n\t\t[gap ack block #");
        cx.u(i);
        cx.s(": start = ");
        cx.u(cum.wrapping_add(rest.be16(0)? as u32) as u64);
        cx.s(", end = ");
        cx.u(cum.wrapping_add(rest.be16(2)? as u32) as u64);
        cx.s("] ");
        rest = &rest[4..];
    }
    for i in 1..=dups as u64 {
        if rest.is_empty() {
            break;
        }
        if short(cx, rest, 4) {
            return Ok(false);
        }
        cx.s("\n\t\t[dup TSN #");
        cx.u(i);
        cx.s(": ");
        cx.u(rest.be32(0)? as u64);
        cx.s("] ");
        rest = &rest[4..];
    }
    Ok(true)
}
