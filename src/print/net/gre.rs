//! GRE (RFC 2784, RFC 2890; source routes RFC 1701), version 0: flags,
//! key, sequence number, then the carried packet; version 1 (PPTP's
//! enhanced GRE, RFC 2637, and MikroTik's EoIP): call id, sequence and
//! acknowledgement numbers.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const GRE_CP: u16 = 0x8000;
const GRE_RP: u16 = 0x4000;
const GRE_KP: u16 = 0x2000;
const GRE_SP: u16 = 0x1000;
const GRE_AP: u16 = 0x0080;

/// MikroTik's Ethernet over IP.
const EOIP: u16 = 0x6400;

static FLAGS: &[(u32, &str)] = &[
    (GRE_CP as u32, "checksum present"),
    (GRE_RP as u32, "routing present"),
    (GRE_KP as u32, "key present"),
    (GRE_SP as u32, "sequence# present"),
    (0x0800, "source routing present"),
    (GRE_AP as u32, "ack present"),
];

/// A length check failed: ` [len N < M]`; the caller ends with
/// ` (invalid)`.
struct Invalid;

type V<T = ()> = Result<Result<T, Invalid>, Trunc>;

/// ` [len N < M]` when fewer than `need` bytes are left.
fn check(cx: &mut Ctx, len: usize, need: usize) -> Result<(), Invalid> {
    if len < need {
        cx.bad_len("len", len as u64, "<", need as u64);
        return Err(Invalid);
    }
    Ok(())
}

macro_rules! check {
    ($cx:expr, $len:expr, $need:expr) => {
        if check($cx, $len, $need).is_err() {
            return Ok(Err(Invalid));
        }
    };
}

pub fn print(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    cx.proto = "gre";
    cx.s("GRE");
    if length < 2 {
        cx.bad_len("length", length as u64, "<", 2);
        cx.s(" (invalid)");
        return Ok(());
    }
    let vers = bp.be16(0)? & 7;
    cx.b(b'v');
    cx.u(vers as u64);
    let r = match vers {
        0 => version0(cx, bp, length)?,
        1 => version1(cx, bp, length)?,
        _ => {
            cx.s(" ERROR: unknown-version");
            Ok(())
        }
    };
    if r.is_err() {
        cx.s(" (invalid)");
    }
    Ok(())
}

fn flags(cx: &mut Ctx, flags: u16) {
    if cx.opts.verbose > 0 {
        cx.s(", Flags [");
        cx.flag_names(flags as u32, FLAGS);
        cx.b(b']');
    }
}

/// With -e, the carried protocol's EtherType.
fn proto_name(cx: &mut Ctx, prot: u16) {
    if cx.opts.link_header {
        cx.s(", proto ");
        cx.s(ethertype_name(prot).unwrap_or("unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, prot as u64, 4);
        cx.b(b')');
    }
}

fn version0(cx: &mut Ctx, bp: &[u8], length: usize) -> V {
    let mut len = length;
    let fl = bp.be16(0)?;
    flags(cx, fl);
    len -= 2;
    check!(cx, len, 2);
    let prot = bp.be16(2)?;
    let mut at = 4;
    len -= 2;
    if fl & (GRE_CP | GRE_RP) != 0 {
        check!(cx, len, 2);
        let sum = bp.be16(at)?;
        if cx.opts.verbose > 0 {
            cx.s(", sum 0x");
            fmt::put_hex(cx.out, sum as u64);
        }
        at += 2;
        len -= 2;
        check!(cx, len, 2);
        let off = bp.be16(at)?;
        cx.s(", off 0x");
        fmt::put_hex(cx.out, off as u64);
        at += 2;
        len -= 2;
    }
    if fl & GRE_KP != 0 {
        check!(cx, len, 4);
        let key = bp.be32(at)?;
        at += 4;
        len -= 4;
        cx.s(", key=0x");
        fmt::put_hex(cx.out, key as u64);
    }
    if fl & GRE_SP != 0 {
        check!(cx, len, 4);
        let seq = bp.be32(at)?;
        cx.s(", seq ");
        cx.u(seq as u64);
        at += 4;
        len -= 4;
    }
    if fl & GRE_RP != 0 {
        loop {
            check!(cx, len, 4);
            let af = bp.be16(at)?;
            let off = bp.u8_at(at + 2)? as usize;
            let sre_len = bp.u8_at(at + 3)? as usize;
            at += 4;
            len -= 4;
            if af == 0 && sre_len == 0 {
                break;
            }
            if let Err(Invalid) = source_route(cx, af, off, sre_len, bp, at, len)? {
                return Ok(Err(Invalid));
            }
            check!(cx, len, sre_len);
            at += sre_len;
            len -= sre_len;
        }
    }
    proto_name(cx, prot);
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(if cx.opts.verbose < 1 { ": " } else { "\n\t" });
    let inner = bp.get(at..).unwrap_or(&[]);
    let decoded = match prot {
        0x0000 => {
            cx.s("keep-alive");
            true
        }
        0x88be => dispatch::erspan(cx, inner, len, fl & GRE_SP != 0)?,
        0x00fe => dispatch::osi(cx, inner, len)?,
        0x809b => {
            dispatch::atalk_ddp(cx, inner, len)?;
            true
        }
        // MPLS, IPX and NSH as on Ethernet.
        0x8847 | 0x8848 | 0x8137 | 0x894f => dispatch::ethertype(cx, prot, inner, len)?,
        _ => dispatch::encap_proto(cx, prot, inner, len)?,
    };
    if !decoded {
        cx.s("gre-proto-0x");
        fmt::put_hex(cx.out, prot as u64);
    }
    Ok(Ok(()))
}

/// A source route entry's addresses (IPv4) or AS numbers, the one at the
/// entry's offset starred; other families by number.
fn source_route(
    cx: &mut Ctx,
    af: u16,
    off: usize,
    sre_len: usize,
    bp: &[u8],
    at: usize,
    mut len: usize,
) -> V {
    let size = match af {
        0x0800 => 4,
        0xfffe => 2,
        _ => {
            cx.s(", (rtaf=0x");
            fmt::put_hex(cx.out, af as u64);
            cx.b(b')');
            return Ok(Ok(()));
        }
    };
    cx.s(if size == 4 {
        ", (rtaf=ip"
    } else {
        ", (rtaf=asn"
    });
    let bad = if !off.is_multiple_of(size) {
        cx.s(", badoffset=");
        cx.u(off as u64);
        true
    } else if !sre_len.is_multiple_of(size) {
        cx.s(", badlength=");
        cx.u(sre_len as u64);
        true
    } else if off >= sre_len {
        cx.s(", badoff/len=");
        cx.u(off as u64);
        cx.b(b'/');
        cx.u(sre_len as u64);
        true
    } else {
        false
    };
    let mut ok = !bad;
    let mut i = 0;
    while ok && i < sre_len {
        if check(cx, len, size).is_err() {
            ok = false;
            break;
        }
        let e = bp.range(at + i, size)?;
        cx.b(b' ');
        if i == off {
            cx.b(b'*');
        }
        if size == 4 {
            fmt::put_ipv4(cx.out, e);
        } else {
            fmt::put_hex(cx.out, e.be16(0)? as u64);
        }
        i += size;
        len -= size;
    }
    cx.b(b')');
    Ok(if ok { Ok(()) } else { Err(Invalid) })
}

fn version1(cx: &mut Ctx, bp: &[u8], length: usize) -> V {
    let mut len = length;
    let fl = bp.be16(0)?;
    len -= 2;
    flags(cx, fl);
    check!(cx, len, 2);
    let prot = bp.be16(2)?;
    let mut at = 4;
    len -= 2;
    if prot == EOIP && fl & !7 != GRE_KP {
        cx.s(" unknown-eoip-flags-");
        fmt::put_hex_padded(cx.out, fl as u64, 4);
        cx.b(b'!');
        return Ok(Ok(()));
    }
    if fl & GRE_KP != 0 {
        // The payload length, not shown.
        check!(cx, len, 2);
        bp.range(at, 2)?;
        at += 2;
        len -= 2;
        check!(cx, len, 2);
        let id = bp.be16(at)?;
        cx.s(if prot == EOIP {
            ", tunnel-id "
        } else {
            ", call "
        });
        cx.u(id as u64);
        at += 2;
        len -= 2;
    } else {
        cx.s(", (ERROR: K flag not set)");
    }
    for (bit, name) in [(GRE_SP, ", seq "), (GRE_AP, ", ack ")] {
        if fl & bit != 0 {
            check!(cx, len, 4);
            let n = bp.be32(at)?;
            cx.s(name);
            cx.u(n as u64);
            at += 4;
            len -= 4;
        }
    }
    // Without a sequence number PPTP carries no payload (EoIP does).
    let payload = prot == EOIP || fl & GRE_SP != 0;
    if !payload {
        cx.s(", no-payload");
    }
    proto_name(cx, prot);
    cx.s(", length ");
    cx.u(length as u64);
    if !payload {
        return Ok(Ok(()));
    }
    cx.s(if cx.opts.verbose < 1 { ": " } else { "\n\t" });
    let inner = bp.get(at..).unwrap_or(&[]);
    match prot {
        0x880b => dispatch::ppp_frame(cx, inner, len)?,
        EOIP if len == 0 => cx.s("keepalive"),
        EOIP => {
            dispatch::encap_proto(cx, 0x6558, inner, len)?;
        }
        _ => {
            cx.s("gre-proto-0x");
            fmt::put_hex(cx.out, prot as u64);
        }
    }
    Ok(Ok(()))
}

/// WCCP redirection (GRE protocol 0x883e): a WCCPv2 redirect header
/// before the redirected IPv4 packet; WCCPv1 sends the packet alone.
pub fn wccp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.s("wccp ");
    if check(cx, length, 1).is_err() {
        cx.s(" (invalid)");
        return Ok(true);
    }
    let b0 = d.u8_at(0)?;
    let (mut at, mut len) = (0, length);
    if b0 >> 4 != 4 {
        if check(cx, length, 4).is_err() {
            cx.s(" (invalid)");
            return Ok(true);
        }
        let h = d.range(0, 4)?;
        for (name, bit) in [("T:", 0x80), (" A:", 0x40), (" U:", 0x20)] {
            cx.s(name);
            cx.b(if b0 & bit != 0 { b'1' } else { b'0' });
        }
        cx.s(" SId:");
        cx.u(h[1] as u64);
        cx.s(" Alt:");
        cx.u(h[2] as u64);
        cx.s(" Pri:");
        cx.u(h[3] as u64);
        cx.s(": ");
        at = 4;
        len = len.saturating_sub(4);
    }
    dispatch::ethertype(cx, 0x0800, &d[at..], len)?;
    Ok(true)
}
