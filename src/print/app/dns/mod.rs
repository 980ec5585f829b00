//! DNS (RFC 1035) and multicast DNS summaries, as the snapshot's domain
//! printer writes them: `id[flags] question? (len)` for queries, `id[flags]
//! an/ns/ar answers (len)` for responses; with `-vv` the questions of
//! responses and the other sections, with `-vvv` TTLs.
//!
//! Names are read through compression pointers that must point backwards
//! (so a loop cannot happen); a name or record cut short by the capture
//! ends the summary with ` [|domain]`. `name` reads names, `rdata` records.

mod name;
mod rdata;

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;
use rdata::T_OPT;

const OPS: [&str; 16] = [
    "",
    " inv_q",
    " stat",
    " op3",
    " notify",
    " update",
    " op6",
    " op7",
    " op8",
    " updateA",
    " updateD",
    " updateDA",
    " updateM",
    " updateMA",
    " zoneInit",
    " zoneRef",
];

/// Response codes (with the OPT record's upper bits), as the snapshot
/// spells them (17 and 21 without their space).
const RCODES: [&str; 24] = [
    "",
    " FormErr",
    " ServFail",
    " NXDomain",
    " NotImp",
    " Refused",
    " YXDomain",
    " YXRRSet",
    " NXRRSet",
    " NotAuth",
    " NotZone",
    " Resp11",
    " Resp12",
    " Resp13",
    " Resp14",
    " NoChange",
    " BadVers",
    "Resp17",
    " Resp18",
    " Resp19",
    " Resp20",
    "Resp21",
    " Resp22",
    " BadCookie",
];

/// A name in DNS wire form in `m` (the captured bytes) at `at`, its
/// compression offsets counted from `base`: printed, and the offset after
/// it; `Ok(None)` where the snapshot gives up on the name (cut short or
/// bad), having printed what it prints.
pub fn print_name(cx: &mut Ctx, m: &[u8], at: usize, base: usize) -> R<Option<usize>> {
    name::print(cx, m, at, base)
}

/// A DNS message: `data` the captured bytes from its start (or from its
/// TCP length prefix), `length` its length. Where the printer gives up,
/// ` [|domain]` ends the summary.
pub fn print(cx: &mut Ctx, data: &[u8], length: usize, over_tcp: bool, mdns: bool) -> R {
    cx.proto = "domain";
    if message(cx, data, length, over_tcp, mdns)?.is_none() {
        cx.trunc_marker();
    }
    Ok(())
}

fn count(cx: &mut Ctx, n: usize, what: &str) {
    cx.s(" [");
    cx.u(n as u64);
    cx.s(what);
    cx.b(b']');
}

fn message(cx: &mut Ctx, data: &[u8], length: usize, over_tcp: bool, mdns: bool) -> R<Option<()>> {
    let mut m = data;
    let mut length = length;
    if over_tcp {
        if length < 2 {
            cx.s(" [DNS over TCP: length ");
            cx.u(length as u64);
            cx.s(" < 2] (invalid)");
            return Ok(Some(()));
        }
        length -= 2;
        let prefix = m.be16(0)? as usize;
        if prefix != length {
            cx.s(" [prefix length(");
            cx.u(prefix as u64);
            cx.s(") != length(");
            cx.u(length as u64);
            cx.s(")] (invalid)");
            return Ok(Some(()));
        }
        m = &m[2..];
        cx.b(b' ');
    }
    if length < 12 {
        cx.s("domain [length ");
        cx.u(length as u64);
        cx.s(" < 12] (invalid)");
        return Ok(Some(()));
    }
    if !m.has(0, 12) {
        return Ok(None);
    }
    let id = m.be16(0)?;
    let flags = m.be16(2)?;
    let qd = m.be16(4)? as usize;
    let an = m.be16(6)? as usize;
    let ns = m.be16(8)? as usize;
    let ar = m.be16(10)? as usize;
    let opcode = ((flags >> 11) & 0xf) as usize;
    cx.u(id as u64);
    cx.s(OPS[opcode]);
    let mut cp = 12usize;
    if flags & 0x8000 != 0 {
        let rcode = (flags & 0x000f) as usize | extended_rcode(m, qd, an + ns, ar);
        match RCODES.get(rcode) {
            Some(r) => cx.s(r),
            None => {
                cx.s(" Resp");
                cx.u((rcode & 0xfff) as u64);
            }
        }
        for (bit, set, c) in [
            (0x0400, true, '*'),
            (0x0080, false, '-'),
            (0x0200, true, '|'),
            (0x0020, true, '$'),
        ] {
            if (flags & bit != 0) == set {
                cx.b(c as u8);
            }
        }
        if qd != 1 {
            count(cx, qd, "q");
        }
        for i in 0..qd {
            if i != 0 {
                cx.b(b',');
            }
            let next = if cx.opts.verbose > 1 {
                cx.s(" q:");
                rdata::question(cx, m, cp, mdns)?
            } else {
                name::skip(m, cp).map(|c| c + 4)
            };
            let Some(next) = next else {
                return Ok(None);
            };
            cp = next;
        }
        cx.b(b' ');
        cx.u(an as u64);
        cx.b(b'/');
        cx.u(ns as u64);
        cx.b(b'/');
        cx.u(ar as u64);
        let Some(next) = records(cx, m, cp, an, None, mdns)? else {
            return Ok(None);
        };
        cp = next;
    } else {
        if flags & 0x0100 != 0 {
            cx.b(b'+');
        }
        if flags & 0x0010 != 0 {
            cx.b(b'%');
        }
        if flags & 0x6cf != 0 {
            cx.s(" [b2&3=0x");
            fmt::put_hex(cx.out, flags as u64);
            cx.b(b']');
        }
        if opcode == 1 {
            if qd > 0 {
                count(cx, qd, "q");
            }
            if an != 1 {
                count(cx, an, "a");
            }
        } else {
            if an > 0 {
                count(cx, an, "a");
            }
            if qd != 1 {
                count(cx, qd, "q");
            }
        }
        if ns > 0 {
            count(cx, ns, "n");
        }
        if ar > 0 {
            count(cx, ar, "au");
        }
        let mut left = qd;
        while left > 0 && (left == qd || cp < m.len()) {
            let Some(next) = rdata::question(cx, m, cp, mdns)? else {
                return Ok(None);
            };
            cp = next;
            left -= 1;
        }
        if left > 0 {
            return Ok(None);
        }
        if cx.opts.verbose > 1 {
            let Some(next) = records(cx, m, cp, an, None, mdns)? else {
                return Ok(None);
            };
            cp = next;
        }
    }
    if cx.opts.verbose > 1 {
        for (label, n) in [(" ns:", ns), (" ar:", ar)] {
            let Some(next) = records(cx, m, cp, n, Some(label), mdns)? else {
                return Ok(None);
            };
            cp = next;
        }
    }
    cx.s(" (");
    cx.u(length as u64);
    cx.b(b')');
    Ok(Some(()))
}

/// `n` records from `cp`, comma-separated, while the capture lasts; a
/// labelled section is shown only if it starts within the capture.
/// `None` if they were not all printed.
fn records(
    cx: &mut Ctx,
    m: &[u8],
    mut cp: usize,
    n: usize,
    label: Option<&str>,
    mdns: bool,
) -> R<Option<usize>> {
    if n == 0 {
        return Ok(Some(cp));
    }
    if let Some(label) = label {
        if cp >= m.len() {
            return Ok(None);
        }
        cx.s(label);
    }
    let mut left = n;
    while left > 0 && (left == n || cp < m.len()) {
        if left != n {
            cx.b(b',');
        }
        let Some(next) = rdata::record(cx, m, cp, mdns)? else {
            return Ok(None);
        };
        cp = next;
        left -= 1;
    }
    Ok((left == 0).then_some(cp))
}

/// The OPT record's upper rcode bits (shifted into place), found by
/// walking the sections as far as the capture allows; 0 without one.
fn extended_rcode(m: &[u8], qd: usize, an_ns: usize, ar: usize) -> usize {
    let mut cp = 12usize;
    for _ in 0..qd {
        let Some(c) = name::skip(m, cp) else { return 0 };
        cp = c + 4;
        if cp >= m.len() {
            return 0;
        }
    }
    for _ in 0..an_ns {
        let Some(c) = name::skip(m, cp) else { return 0 };
        cp = c + 8;
        let Ok(rdlen) = m.be16(cp) else { return 0 };
        cp += 2 + rdlen as usize;
        if cp >= m.len() {
            return 0;
        }
    }
    for _ in 0..ar {
        let Some(c) = name::skip(m, cp) else { return 0 };
        cp = c;
        let Ok(t) = m.be16(cp) else { return 0 };
        cp += 4;
        let Some(&hi) = m.get(cp) else { return 0 };
        if t == T_OPT {
            return (hi as usize) << 4;
        }
        cp += 4;
        let Ok(rdlen) = m.be16(cp) else { return 0 };
        cp += 2 + rdlen as usize;
        if cp >= m.len() {
            return 0;
        }
    }
    0
}

/// DNS over TCP (a length before each message).
pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    print(cx, p.captured, p.length, true, false)?;
    Ok(true)
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    print(cx, p.captured, p.length, false, false)?;
    Ok(true)
}

/// Multicast DNS (UDP port 5353).
pub fn print_mdns(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    print(cx, p.captured, p.length, false, true)?;
    Ok(true)
}
