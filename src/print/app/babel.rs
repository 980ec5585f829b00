//! Babel (RFC 8966) on UDP port 6696: version and body length, then the
//! TLV types, or with `-v` every TLV decoded (RFC 8966, the source-specific
//! and RFC 7298 HMAC TLVs, RFC 8967 MAC TLVs), with the sub-TLVs of Hello,
//! IHU and Update; the packet trailer (TLVs after the body) follows ` |`
//! (`----` with `-v`).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static TLVS: &[(u8, &str)] = &[
    (0, "pad1"),
    (1, "padN"),
    (2, "ack-req"),
    (3, "ack"),
    (4, "hello"),
    (5, "ihu"),
    (6, "router-id"),
    (7, "nh"),
    (8, "update"),
    (9, "route-request"),
    (10, "seqno-request"),
    (11, "tspc"),
    (12, "hmac"),
    (13, "ss-update"),
    (14, "ss-request"),
    (15, "ss-mh-request"),
    (16, "mac"),
    (17, "pc"),
    (18, "challenge_request"),
    (19, "challenge_reply"),
];

/// The default prefixes of Update's compression (RFC 8966 4.5), one per
/// address family, for the rest of the packet.
#[derive(Default)]
struct Prefixes {
    v4: [u8; 4],
    v6: [u8; 16],
}

/// Why a TLV stops: the packet ends with ` (invalid)`, or a TLV's address
/// shows the truncation marker and the next TLV follows.
enum Stop {
    Invalid,
    Trunc,
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "babel";
    let d = p.body;
    cx.s("babel");
    if !d.has(0, 4) {
        cx.trunc_marker();
        return Ok(true);
    }
    let body_len = d.be16(2)? as usize;
    let (magic, version) = (d[0], d[1]);
    if magic != 42 {
        cx.s(" invalid header");
        return Ok(true);
    }
    if version != 2 {
        cx.b(b' ');
        cx.u(version as u64);
        cx.s(" unknown version");
        return Ok(true);
    }
    cx.s(" 2 (");
    cx.u(body_len as u64);
    cx.b(b')');
    let body_end = 4 + body_len;
    if body_end > p.length {
        cx.s(" (invalid)");
        return Ok(true);
    }
    let mut prefixes = Prefixes::default();
    if !tlvs(cx, d, 4, body_end, &mut prefixes)? {
        return Ok(true);
    }
    if body_end < p.length {
        cx.s(if cx.opts.verbose > 0 {
            "\n\t----"
        } else {
            " |"
        });
        tlvs(cx, d, body_end, p.length, &mut prefixes)?;
    }
    Ok(true)
}

/// The TLVs of `d[start..end]`; false when one was invalid (the packet
/// ends there).
fn tlvs(cx: &mut Ctx, d: &[u8], start: usize, end: usize, pf: &mut Prefixes) -> R<bool> {
    let mut at = start;
    while at < end {
        let t = d.u8_at(at)?;
        if t == 0 {
            cx.s(if cx.opts.verbose > 0 {
                "\n\tPad 1"
            } else {
                " pad1"
            });
            at += 1;
            continue;
        }
        if at + 2 > end {
            cx.s(" (invalid)");
            return Ok(false);
        }
        // The snapshot checks these itself: the marker, not a jump.
        if !d.has(at, 2) {
            cx.trunc_marker();
            return Ok(false);
        }
        let len = d[at + 1] as usize;
        if at + 2 + len > end {
            cx.s(" (invalid)");
            return Ok(false);
        }
        let Ok(v) = d.range(at + 2, len) else {
            cx.trunc_marker();
            return Ok(false);
        };
        if cx.opts.verbose == 0 {
            cx.b(b' ');
            cx.s(tables::lookup(TLVS, t).unwrap_or("unknown"));
            // An update's flags follow its name.
            if t == 8 {
                if len < 10 {
                    cx.s(" (invalid)");
                    return Ok(false);
                }
                if v[1] & 0x80 != 0 {
                    cx.s("/prefix");
                }
                if v[1] & 0x40 != 0 {
                    cx.s("/id");
                }
                if v[1] & 0x3f != 0 {
                    cx.s("/unknown");
                }
            }
        } else {
            cx.s("\n\t");
            match tlv(cx, t, v, pf) {
                Ok(()) => {}
                Err(Stop::Invalid) => {
                    cx.s(" (invalid)");
                    return Ok(false);
                }
                Err(Stop::Trunc) => cx.trunc_marker(),
            }
        }
        at += 2 + len;
    }
    Ok(true)
}

/// Centiseconds as `4.00s`.
fn centis(cx: &mut Ctx, cs: u16) {
    cx.u((cs / 100) as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, (cs % 100) as u64, 2, b'0');
    cx.b(b's');
}

/// An interval of IHU, Update and Acknowledgment Request: 0 is bogus.
fn interval(cx: &mut Ctx, cs: u16) {
    if cs == 0 {
        cx.s("0.0s (bogus)");
    } else {
        centis(cx, cs);
    }
}

/// Microseconds as `16.909060s`.
fn micros(cx: &mut Ctx, us: u32) {
    cx.u((us / 1_000_000) as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, (us % 1_000_000) as u64, 6, b'0');
    cx.b(b's');
}

fn router_id(cx: &mut Ctx, id: &[u8]) {
    for (i, b) in id.iter().enumerate() {
        if i > 0 {
            cx.b(b':');
        }
        fmt::put_hex2(cx.out, *b);
    }
}

/// A prefix (RFC 8966 4.1.5): its address of 16 bytes (an IPv4 one in the
/// first 4), whether IPv4 (None: AE 0, any), and the bytes it took.
type Prefix = (Option<([u8; 16], bool)>, usize);

fn prefix(ae: u8, plen: u8, omitted: u8, v: &[u8], pf: &Prefixes) -> Result<Prefix, Stop> {
    let (plen, omitted) = (plen as usize, omitted as usize);
    let pbytes = plen.div_ceil(8);
    let mut a = [0u8; 16];
    match ae {
        0 => Ok((None, 0)),
        1 | 2 => {
            let (size, max) = if ae == 1 { (4, 32) } else { (16, 128) };
            if plen > max || omitted > size {
                return Err(Stop::Invalid);
            }
            let default: &[u8] = if ae == 1 { &pf.v4 } else { &pf.v6 };
            a[..omitted].copy_from_slice(&default[..omitted]);
            let n = pbytes.saturating_sub(omitted);
            let bytes = v.get(..n).ok_or(Stop::Invalid)?;
            a[omitted..omitted + n].copy_from_slice(bytes);
            Ok((Some((a, ae == 1)), n))
        }
        3 => {
            if plen > 128 || omitted != 0 {
                return Err(Stop::Invalid);
            }
            a[0] = 0xfe;
            a[1] = 0x80;
            let n = pbytes.saturating_sub(8);
            let bytes = v.get(..n).ok_or(Stop::Invalid)?;
            a[8..8 + n].copy_from_slice(bytes);
            Ok((Some((a, false)), n))
        }
        _ => Err(Stop::Invalid),
    }
}

fn put_prefix(cx: &mut Ctx, p: &Option<([u8; 16], bool)>, plen: u8) {
    match p {
        None => cx.s("any"),
        Some((a, v4)) => {
            if *v4 {
                fmt::put_ipv4(cx.out, &a[..4]);
            } else {
                fmt::put_ipv6(cx.out, a);
            }
            cx.b(b'/');
            cx.u(plen as u64);
        }
    }
}

/// The size of a network address (RFC 8966 4.1.5) of IHU and Next Hop;
/// None for other encodings or too few bytes.
fn address_size(ae: u8, v: &[u8]) -> Option<usize> {
    let n = match ae {
        0 => 0,
        1 => 4,
        2 => 16,
        3 => 8,
        _ => return None,
    };
    (v.len() >= n).then_some(n)
}

/// The address `address_size` accepted.
fn address(cx: &mut Ctx, ae: u8, v: &[u8]) {
    match ae {
        0 => cx.s("any"),
        1 => fmt::put_ipv4(cx.out, &v[..4]),
        2 => fmt::put_ipv6(cx.out, &v[..16]),
        _ => {
            let mut a = [0u8; 16];
            a[0] = 0xfe;
            a[1] = 0x80;
            a[8..].copy_from_slice(&v[..8]);
            fmt::put_ipv6(cx.out, &a);
        }
    }
}

/// Whose sub-TLVs are read (what is bogus where).
#[derive(PartialEq, Eq, Clone, Copy)]
enum Parent {
    Hello,
    Ihu,
    Update,
}

fn sub_tlvs(cx: &mut Ctx, v: &[u8], parent: Parent) -> Result<(), Stop> {
    let mut at = 0;
    while at < v.len() {
        let t = v[at];
        if t == 0 {
            cx.s(" sub-pad1");
            at += 1;
            continue;
        }
        if t & 0x80 != 0 {
            cx.s(" (M)");
        }
        let Some(&len) = v.get(at + 1) else {
            return Err(Stop::Invalid);
        };
        let Some(s) = v.get(at + 2..at + 2 + len as usize) else {
            return Err(Stop::Invalid);
        };
        match t {
            1 => cx.s(" sub-padn"),
            2 => {
                cx.s(" sub-diversity ");
                if s.is_empty() {
                    cx.s("empty");
                } else {
                    for (i, &c) in s.iter().enumerate() {
                        if i > 0 {
                            cx.b(b'-');
                        }
                        if c == 0 {
                            cx.s("reserved");
                        } else {
                            cx.u(c as u64);
                        }
                    }
                    if parent != Parent::Update {
                        cx.s(" (bogus)");
                    }
                }
            }
            3 => {
                cx.s(" sub-timestamp ");
                match parent {
                    Parent::Hello if s.len() >= 4 => micros(cx, be32(s, 0)),
                    Parent::Ihu if s.len() >= 8 => {
                        micros(cx, be32(s, 0));
                        cx.b(b'|');
                        micros(cx, be32(s, 4));
                    }
                    Parent::Update => cx.s("(bogus)"),
                    _ => cx.s("(invalid)"),
                }
            }
            _ => {
                cx.s(" sub-unknown-0x");
                fmt::put_hex2(cx.out, t);
            }
        }
        at += 2 + len as usize;
    }
    Ok(())
}

fn be16(v: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([v[at], v[at + 1]])
}

fn be32(v: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([v[at], v[at + 1], v[at + 2], v[at + 3]])
}

/// One TLV's value, decoded (`-v`); its length fits the body and the
/// capture.
fn tlv(cx: &mut Ctx, t: u8, v: &[u8], pf: &mut Prefixes) -> Result<(), Stop> {
    let short = |n: usize| {
        if v.len() < n {
            Err(Stop::Invalid)
        } else {
            Ok(())
        }
    };
    match t {
        1 => {
            cx.s("Pad ");
            cx.u(v.len() as u64 + 2);
        }
        2 => {
            cx.s("Acknowledgment Request ");
            short(6)?;
            put_hex4(cx, be16(v, 2));
            cx.b(b' ');
            interval(cx, be16(v, 4));
        }
        3 => {
            cx.s("Acknowledgment ");
            short(2)?;
            put_hex4(cx, be16(v, 0));
        }
        4 => {
            cx.s("Hello ");
            short(6)?;
            if be16(v, 0) & 0x8000 != 0 {
                cx.s("(Unicast) ");
            }
            cx.s("seqno ");
            cx.u(be16(v, 2) as u64);
            let iv = be16(v, 4);
            if iv == 0 {
                cx.s(" unscheduled");
            } else {
                cx.s(" interval ");
                centis(cx, iv);
            }
            sub_tlvs(cx, &v[6..], Parent::Hello)?;
        }
        5 => {
            cx.s("IHU ");
            short(6)?;
            let Some(n) = address_size(v[0], &v[6..]) else {
                return Err(Stop::Trunc);
            };
            address(cx, v[0], &v[6..]);
            cx.s(" rxcost ");
            cx.u(be16(v, 2) as u64);
            cx.s(" interval ");
            interval(cx, be16(v, 4));
            sub_tlvs(cx, &v[6 + n..], Parent::Ihu)?;
        }
        6 => {
            cx.s("Router Id");
            short(10)?;
            cx.b(b' ');
            router_id(cx, &v[2..10]);
        }
        7 => {
            cx.s("Next Hop");
            short(2)?;
            if v[0] == 0 {
                cx.s(" invalid AE 0");
                return Ok(());
            }
            if address_size(v[0], &v[2..]).is_none() {
                return Err(Stop::Invalid);
            }
            cx.b(b' ');
            address(cx, v[0], &v[2..]);
        }
        8 => {
            cx.s("Update");
            short(10)?;
            let (ae, flags, plen, omitted) = (v[0], v[1], v[2], v[3]);
            let (p, n) = prefix(ae, plen, omitted, &v[10..], pf)?;
            if flags & 0x80 != 0 {
                cx.s("/prefix");
            }
            if flags & 0x40 != 0 {
                cx.s("/id");
            }
            if flags & 0x3f != 0 {
                cx.s("/unknown");
            }
            if flags & 0x80 != 0 {
                if let Some((a, _)) = &p {
                    match ae {
                        1 => pf.v4.copy_from_slice(&a[..4]),
                        2 => pf.v6 = *a,
                        _ => {}
                    }
                }
            }
            cx.b(b' ');
            put_prefix(cx, &p, plen);
            metric_seqno_interval(cx, v);
            sub_tlvs(cx, &v[10 + n..], Parent::Update)?;
        }
        9 => {
            cx.s("Route Request ");
            short(2)?;
            let (p, _) = prefix(v[0], v[1], 0, &v[2..], pf)?;
            cx.s("for ");
            put_prefix(cx, &p, v[1]);
        }
        10 => {
            cx.s("Seqno Request ");
            short(14)?;
            let (ae, plen) = (v[0], v[1]);
            let p = if ae == 0 {
                None
            } else {
                Some(prefix(ae, plen, 0, &v[14..], pf)?.0)
            };
            cx.b(b'(');
            cx.u(v[4] as u64);
            cx.s(" hops) for ");
            match &p {
                None => cx.s("invalid AE 0"),
                Some(p) => put_prefix(cx, p, plen),
            }
            cx.s(" seqno ");
            cx.u(be16(v, 2) as u64);
            cx.s(" id ");
            router_id(cx, &v[6..14]);
        }
        11 => {
            cx.s("TS/PC ");
            short(6)?;
            cx.s("timestamp ");
            cx.u(be32(v, 2) as u64);
            cx.s(" packetcounter ");
            cx.u(be16(v, 0) as u64);
        }
        12 => {
            cx.s("HMAC ");
            short(18)?;
            cx.s("key-id ");
            cx.u(be16(v, 0) as u64);
            cx.s(" digest-");
            cx.u(v.len() as u64 - 2);
            cx.b(b' ');
            for &b in &v[2..] {
                cx.b(b"0123456789ABCDEF"[(b >> 4) as usize]);
                cx.b(b"0123456789ABCDEF"[(b & 15) as usize]);
            }
        }
        13 => {
            cx.s("SS-Update");
            short(10)?;
            let (ae, src_plen, plen, omitted) = (v[0], v[1], v[2], v[3]);
            let (p, n) = prefix(ae, plen, omitted, &v[10..], pf)?;
            let (sp, sn) = prefix(ae, src_plen, 0, &v[10 + n..], pf)?;
            cx.b(b' ');
            put_prefix(cx, &p, plen);
            cx.s(" from ");
            put_prefix(cx, &sp, src_plen);
            metric_seqno_interval(cx, v);
            sub_tlvs(cx, &v[10 + n + sn..], Parent::Update)?;
        }
        14 => {
            cx.s("SS-Request ");
            short(3)?;
            let (ae, plen, src_plen) = (v[0], v[1], v[2]);
            cx.s("for ");
            pair(cx, ae, plen, src_plen, &v[3..], pf)?;
        }
        15 => {
            cx.s("SS-MH-Request ");
            short(14)?;
            let (ae, plen, src_plen) = (v[0], v[1], v[5]);
            // Checked before anything is printed.
            let (_, n) = prefix(ae, plen, 0, &v[14..], pf)?;
            prefix(ae, src_plen, 0, &v[14 + n..], pf)?;
            cx.b(b'(');
            cx.u(v[4] as u64);
            cx.s(" hops) for ");
            pair(cx, ae, plen, src_plen, &v[14..], pf)?;
            cx.s(" seqno ");
            cx.u(be16(v, 2) as u64);
            cx.s(" id ");
            router_id(cx, &v[6..14]);
        }
        16 => {
            cx.s("MAC len ");
            cx.u(v.len() as u64);
        }
        17 => {
            cx.s("PC");
            short(4)?;
            cx.s(" value ");
            cx.u(be32(v, 0) as u64);
            cx.s(" index len ");
            cx.u(v.len() as u64 - 4);
        }
        18 => {
            cx.s("Challenge Request len ");
            cx.u(v.len() as u64);
        }
        19 => {
            cx.s("Challenge Reply len ");
            cx.u(v.len() as u64);
        }
        _ => {
            cx.s("Unknown message type ");
            cx.u(t as u64);
        }
    }
    Ok(())
}

/// ` metric M seqno S interval I` of Update and SS-Update.
fn metric_seqno_interval(cx: &mut Ctx, v: &[u8]) {
    cx.s(" metric ");
    cx.u(be16(v, 8) as u64);
    cx.s(" seqno ");
    cx.u(be16(v, 6) as u64);
    cx.s(" interval ");
    interval(cx, be16(v, 4));
}

/// `(prefix, source prefix)` of the source-specific requests; `any` for
/// AE 0.
fn pair(cx: &mut Ctx, ae: u8, plen: u8, src_plen: u8, v: &[u8], pf: &Prefixes) -> Result<(), Stop> {
    let (p, n) = prefix(ae, plen, 0, v, pf)?;
    let (sp, _) = prefix(ae, src_plen, 0, &v[n..], pf)?;
    if ae == 0 {
        cx.s("any");
        return Ok(());
    }
    cx.b(b'(');
    put_prefix(cx, &p, plen);
    cx.s(", ");
    put_prefix(cx, &sp, src_plen);
    cx.b(b')');
    Ok(())
}

fn put_hex4(cx: &mut Ctx, n: u16) {
    fmt::put_hex2(cx.out, (n >> 8) as u8);
    fmt::put_hex2(cx.out, n as u8);
}
