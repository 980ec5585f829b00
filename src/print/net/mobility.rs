//! The IPv6 mobility header (RFC 6275): binding refresh requests,
//! return routability tests, binding updates, acknowledgements and
//! errors, and their mobility options (with `-v`).

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

const PROTO_NONE: u8 = 59;

/// The message names by MH type.
static TYPES: [&str; 8] = ["BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE"];

/// The shortest header each MH type fits in.
static MIN_LEN: [usize; 8] = [8, 16, 16, 24, 24, 16, 16, 24];

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    mobility(cx, p.data)
}

fn invalid_remaining(cx: &mut Ctx, remaining: usize, need: usize) {
    cx.s(" [remaining length ");
    cx.u(remaining as u64);
    cx.s(" < ");
    cx.u(need as u64);
    cx.s("] (invalid)");
}

/// `d`: the captured bytes from the mobility header on.
pub fn mobility(cx: &mut Ctx, d: &[u8]) -> R {
    cx.proto = "mobility";
    cx.s("mobility: ");
    let pproto = d.u8_at(0)?;
    if pproto != PROTO_NONE {
        cx.s("(payload protocol ");
        cx.u(pproto as u64);
        cx.s(" should be 59) ");
    }
    let mhlen = (d.u8_at(1)? as usize + 1) << 3;
    let ty = d.u8_at(2)?;
    match TYPES.get(ty as usize) {
        Some(name) => cx.s(name),
        None => {
            cx.s("type-#");
            cx.u(ty as u64);
        }
    }
    if let Some(&min) = MIN_LEN.get(ty as usize) {
        if mhlen < min {
            cx.s(" (header length ");
            cx.u(mhlen as u64);
            cx.s(" < ");
            cx.u(min as u64);
            cx.s(") (invalid)");
            return Ok(());
        }
    }
    let v = cx.opts.verbose > 0;
    let cookie = |cx: &mut Ctx, who: &str, what: &str, at: usize| -> R {
        let (a, b) = (d.be32(at)?, d.be32(at + 4)?);
        cx.b(b' ');
        cx.s(who);
        cx.s(what);
        fmt::put_hex_padded(cx.out, a as u64, 8);
        cx.b(b':');
        fmt::put_hex_padded(cx.out, b as u64, 8);
        Ok(())
    };
    let hlen = match ty {
        0 => 8,
        1 | 2 => {
            if v {
                let who = if ty == 1 { "Home" } else { "Care-of" };
                cookie(cx, who, " Init Cookie=", 8)?;
            }
            16
        }
        3 | 4 => {
            let id = d.be16(6)?;
            cx.s(" nonce id=0x");
            fmt::put_hex(cx.out, id as u64);
            if v {
                let who = if ty == 3 { "Home" } else { "Care-of" };
                cookie(cx, who, " Init Cookie=", 8)?;
                cookie(cx, who, " Keygen Token=", 16)?;
            }
            24
        }
        5 => {
            let seq = d.be16(6)?;
            cx.s(" seq#=");
            cx.u(seq as u64);
            let bits = d.u8_at(8)? >> 4;
            if bits != 0 {
                cx.b(b' ');
                for (bit, c) in [(8, b'A'), (4, b'H'), (2, b'L'), (1, b'K')] {
                    if bits & bit != 0 {
                        cx.b(c);
                    }
                }
            }
            let life = d.be16(10)?;
            cx.s(" lifetime=");
            cx.u((life as u64) << 2);
            12
        }
        6 => {
            let status = d.u8_at(6)?;
            cx.s(" status=");
            cx.u(status as u64);
            if d.u8_at(7)? & 0x80 != 0 {
                cx.s(" K");
            }
            let seq = d.be16(8)?;
            cx.s(" seq#=");
            cx.u(seq as u64);
            let life = d.be16(10)?;
            cx.s(" lifetime=");
            cx.u((life as u64) << 2);
            12
        }
        7 => {
            let status = d.u8_at(6)?;
            cx.s(" status=");
            cx.u(status as u64);
            let a = d.range(8, 16)?;
            cx.s(" homeaddr ");
            cx.ipv6(a);
            24
        }
        _ => {
            cx.s(" len=");
            cx.u(d.u8_at(1)? as u64);
            return Ok(());
        }
    };
    if v {
        options(cx, d, hlen, mhlen.saturating_sub(hlen))?;
    }
    Ok(())
}

/// Mobility options from `at`, `len` bytes.
fn options(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    let mut i = 0;
    while i < len {
        let t = d.u8_at(at + i)?;
        if t == 0 {
            cx.s("(pad1)");
            i += 1;
            continue;
        }
        if i + 1 >= len {
            invalid_remaining(cx, len - i, 2);
            return Ok(());
        }
        let optlen = d.u8_at(at + i + 1)? as usize + 2;
        if i + optlen > len {
            invalid_remaining(cx, len - i, optlen);
            return Ok(());
        }
        let p = at + i;
        d.range(p, optlen)?;
        let need = |cx: &mut Ctx, min: usize| -> bool {
            if len - i < min {
                invalid_remaining(cx, len - i, min);
                return false;
            }
            true
        };
        match t {
            1 => cx.s("(padn)"),
            2 => {
                cx.s("(refresh: ");
                if !need(cx, 4) {
                    return Ok(());
                }
                cx.u((d.be16(p + 2)? as u64) << 2);
                cx.b(b')');
            }
            3 => {
                cx.s("(alt-CoA: ");
                if !need(cx, 18) {
                    return Ok(());
                }
                cx.ipv6(d.range(p + 2, 16)?);
                cx.b(b')');
            }
            4 => {
                cx.s("(ni: ");
                if !need(cx, 6) {
                    return Ok(());
                }
                let (ho, co) = (d.be16(p + 2)?, d.be16(p + 4)?);
                cx.s("ho=0x");
                fmt::put_hex_padded(cx.out, ho as u64, 4);
                cx.s(" co=0x");
                fmt::put_hex_padded(cx.out, co as u64, 4);
                cx.b(b')');
            }
            5 => {
                cx.s("(auth)");
                if !need(cx, 12) {
                    return Ok(());
                }
            }
            _ => {
                cx.s("(unknown: type-#");
                cx.u(t as u64);
                cx.s(" len=");
                cx.u(d.u8_at(p + 1)? as u64);
                cx.b(b')');
            }
        }
        i += optlen;
    }
    Ok(())
}
