//! Traffic engineering (RFC 3630, GMPLS sub-TLVs of RFC 4203, bandwidth
//! constraints of RFC 4124) and grace (RFC 3623) LSA bodies: OSPFv2
//! opaque types 1 and 3, and the OSPFv3 intra-area TE and grace LSAs.
//! Each returns false where it gives up on the LSA; a TLV not captured
//! whole is marked there (the LSA ends, the packet goes on).

use super::ospf::{dump, flags_or};
use crate::print::core::prelude::*;

static TE_TLVS: &[(u16, &str)] = &[(1, "Router Address"), (2, "Link")];

static LINK_SUBTLVS: &[(u16, &str)] = &[
    (1, "Link Type"),
    (2, "Link ID"),
    (3, "Local Interface IP address"),
    (4, "Remote Interface IP address"),
    (5, "Traffic Engineering Metric"),
    (6, "Maximum Bandwidth"),
    (7, "Maximum Reservable Bandwidth"),
    (8, "Unreserved Bandwidth"),
    (9, "Administrative Group"),
    (11, "Link Local/Remote Identifier"),
    (14, "Link Protection Type"),
    (15, "Interface Switching Capability"),
    (16, "Shared Risk Link Group"),
    (17, "Bandwidth Constraints"),
];

static LINK_TYPES: &[(u8, &str)] = &[(1, "Point-to-point"), (2, "Multi-Access")];

/// GMPLS link protection bits (RFC 4203 1.2).
static LINK_PROTECTION: &[(u32, &str)] = &[
    (0x01, "Extra Traffic"),
    (0x02, "Unprotected"),
    (0x04, "Shared"),
    (0x08, "Dedicated 1:1"),
    (0x10, "Dedicated 1+1"),
    (0x20, "Enhanced"),
    (0x40, "Reserved"),
    (0x80, "Reserved"),
];

/// GMPLS switching capabilities (RFC 3471 3.1.1).
static SWITCH_CAPS: &[(u8, &str)] = &[
    (1, "Packet-Switch Capable-1"),
    (2, "Packet-Switch Capable-2"),
    (3, "Packet-Switch Capable-3"),
    (4, "Packet-Switch Capable-4"),
    (51, "Layer-2 Switch Capable"),
    (100, "Time-Division-Multiplex"),
    (150, "Lambda-Switch Capable"),
    (200, "Fiber-Switch Capable"),
];

/// GMPLS LSP encoding types (RFC 3471 3.1.1).
static ENCODINGS: &[(u8, &str)] = &[
    (1, "Packet"),
    (2, "Ethernet V2/DIX"),
    (3, "ANSI/ETSI PDH"),
    (4, "Reserved"),
    (5, "SDH ITU-T G.707/SONET ANSI T1.105"),
    (6, "Reserved"),
    (7, "Digital Wrapper"),
    (8, "Lambda (photonic)"),
    (9, "Fiber"),
    (10, "Reserved"),
    (11, "FiberChannel"),
];

/// Diffserv-TE bandwidth constraint models (RFC 4124 4.1).
static BC_MODELS: &[(u8, &str)] = &[
    (0, "Russian dolls"),
    (1, "Maximum allocation"),
    (254, "Maximum allocation with E-LSP support"),
];

static GRACE_TLVS: &[(u16, &str)] = &[
    (1, "Grace Period"),
    (2, "Graceful restart Reason"),
    (3, "IPv4 interface address"),
];

static GRACE_REASONS: &[(u8, &str)] = &[
    (0, "Unknown"),
    (1, "Software Restart"),
    (2, "Software Reload/Upgrade"),
    (3, "Control Processor Switch"),
];

/// A bandwidth in bytes per second (an IEEE float) as megabits, to three
/// places (computed in single precision, as the snapshot does).
fn mbps(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let v = f32::from_bits(d.be32(at)?) * 8.0 / 1_000_000.0;
    if v.is_nan() {
        // As C's printf names it.
        cx.s(if v.is_sign_negative() { "-nan" } else { "nan" });
        cx.s(" Mbps");
        return Ok(());
    }
    cx.s(&format!("{:.3} Mbps", v as f64));
    Ok(())
}

/// `n` rounded up to a multiple of 4.
pub(super) fn padded(n: u32) -> u32 {
    n + (4 - n % 4) % 4
}

/// The type and length of the next TLV of an LSA body, its header stepped
/// over; `None` (said so) when less than a header is left of the LSA.
pub(super) fn lsa_tlv(
    cx: &mut Ctx,
    d: &[u8],
    at: &mut usize,
    left: &mut u32,
) -> R<Option<(u16, u32)>> {
    if *left < 4 {
        cx.s("\n\t    Remaining LS length ");
        cx.u(*left as u64);
        cx.s(" < 4");
        return Ok(None);
    }
    let t = d.be16(*at)?;
    let l = d.be16(*at + 2)? as u32;
    *at += 4;
    *left -= 4;
    Ok(Some((t, l)))
}

/// `\n\t    Bogus length L OP N`.
fn bogus(cx: &mut Ctx, what: &str, l: u32, op: &str, n: u32) {
    cx.s("\n\t    Bogus ");
    cx.s(what);
    cx.s("length ");
    cx.u(l as u64);
    cx.s(op);
    cx.u(n as u64);
}

/// The next TLV of a TE or grace LSA, its header stepped over and shown
/// as `NAME TLV (T), lengthSEPL`; `None` (said so) when its header is not
/// captured or not within the LSA.
fn titled_tlv(
    cx: &mut Ctx,
    d: &[u8],
    at: &mut usize,
    left: &mut u32,
    names: &[(u16, &'static str)],
    sep: &str,
) -> R<Option<(u16, u32)>> {
    if !d.has(*at, 4) {
        cx.trunc_marker();
        return Ok(None);
    }
    let Some((t, l)) = lsa_tlv(cx, d, at, left)? else {
        return Ok(None);
    };
    cx.s("\n\t    ");
    cx.s(tables::lookup(names, t).unwrap_or("unknown"));
    cx.s(" TLV (");
    cx.u(t as u64);
    cx.s("), length");
    cx.s(sep);
    cx.u(l as u64);
    Ok(Some((t, l)))
}

/// A TE LSA's TLVs (router address, link) over `blen` bytes from `at`.
pub(super) fn te(cx: &mut Ctx, d: &[u8], mut at: usize, blen: u32) -> R<bool> {
    let mut left = blen;
    while left != 0 {
        let Some((t, mut l)) = titled_tlv(cx, d, &mut at, &mut left, TE_TLVS, ": ")? else {
            return Ok(false);
        };
        if l > left {
            bogus(cx, "", l, " > ", left);
            cx.s(" (invalid)");
            return Ok(false);
        }
        if t == 0 || l == 0 {
            cx.s(" (invalid) (invalid)");
            return Ok(false);
        }
        match t {
            2 => {
                if !link(cx, d, at, l)? {
                    return Ok(false);
                }
            }
            1 => {
                if l < 4 {
                    cx.s("\n\t    TLV length ");
                    cx.u(l as u64);
                    cx.s(" < 4 (invalid)");
                    return Ok(false);
                }
                let a = d.range(at, 4)?;
                cx.s(", ");
                cx.ipv4(a);
            }
            _ => {
                if cx.opts.verbose <= 1 && !dump(cx, d, at, "\n\t      ", l as usize) {
                    cx.s(" (invalid)");
                    return Ok(false);
                }
            }
        }
        if l % 4 != 0 {
            l = padded(l);
            if l > left {
                bogus(cx, "padded ", l, " > ", left);
                cx.s(" (invalid)");
                return Ok(false);
            }
        }
        left -= l;
        at += l as usize;
    }
    Ok(true)
}

/// A link TLV's sub-TLVs over `tlv_len` bytes from `p`.
fn link(cx: &mut Ctx, d: &[u8], mut p: usize, tlv_len: u32) -> R<bool> {
    let mut left = tlv_len;
    while left != 0 {
        if left < 4 {
            cx.s("\n\t    Remaining TLV length ");
            cx.u(left as u64);
            cx.s(" < 4");
            return Ok(false);
        }
        let st = d.be16(p)?;
        let mut sl = d.be16(p + 2)? as u32;
        p += 4;
        left -= 4;
        if st == 0 || sl == 0 {
            cx.s(" (invalid)");
            return Ok(false);
        }
        cx.s("\n\t      ");
        cx.s(tables::lookup(LINK_SUBTLVS, st).unwrap_or("unknown"));
        cx.s(" subTLV (");
        cx.u(st as u64);
        cx.s("), length: ");
        cx.u(sl as u64);
        if left < sl {
            cx.s("\n\t    Remaining TLV length ");
            cx.u(left as u64);
            cx.s(" < ");
            cx.u(sl as u64);
            return Ok(false);
        }
        if !d.has(p, sl as usize) {
            cx.trunc_marker();
            return Ok(false);
        }
        // A length the sub-TLV cannot have: what it should be, then
        // " (invalid)".
        let bad = |cx: &mut Ctx, why: &str| {
            cx.s(why);
            cx.s(" (invalid)");
            Ok(false)
        };
        // Where the next sub-TLV is read (the shared risk groups are
        // stepped over twice, as the snapshot steps over them).
        let mut next = p;
        match st {
            9 => {
                if sl != 4 {
                    return bad(cx, " != 4");
                }
                cx.s(", 0x");
                fmt::put_hex_padded(cx.out, d.be32(p)? as u64, 8);
            }
            2 | 11 => {
                if sl != 4 && sl != 8 {
                    return bad(cx, " != 4 && != 8");
                }
                for k in 0..(sl as usize / 4) {
                    let a = d.range(p + 4 * k, 4)?;
                    cx.s(", ");
                    cx.ipv4(a);
                    cx.s(" (0x");
                    fmt::put_hex_padded(cx.out, d.be32(p + 4 * k)? as u64, 8);
                    cx.b(b')');
                }
            }
            3 | 4 => {
                if sl != 4 {
                    return bad(cx, " != 4");
                }
                let a = d.range(p, 4)?;
                cx.s(", ");
                cx.ipv4(a);
            }
            6 | 7 => {
                if sl != 4 {
                    return bad(cx, " != 4");
                }
                cx.s(", ");
                mbps(cx, d, p)?;
            }
            8 => {
                if sl != 32 {
                    return bad(cx, " != 32");
                }
                for c in 0..8 {
                    cx.s("\n\t\tTE-Class ");
                    cx.u(c as u64);
                    cx.s(": ");
                    mbps(cx, d, p + 4 * c)?;
                }
            }
            17 => {
                if sl < 4 {
                    return bad(cx, " < 4");
                }
                let model = d.u8_at(p)?;
                cx.s("\n\t\tBandwidth Constraints Model ID: ");
                cx.s(tables::lookup(BC_MODELS, model).unwrap_or("unknown"));
                cx.s(" (");
                cx.u(model as u64);
                cx.b(b')');
                if sl % 4 != 0 {
                    cx.s("\n\t\tlength ");
                    cx.u(sl as u64);
                    return bad(cx, " != N x 4");
                }
                if sl > 36 {
                    cx.s("\n\t\tlength ");
                    cx.u(sl as u64);
                    return bad(cx, " > 36");
                }
                for c in 0..(sl as usize - 4) / 4 {
                    cx.s("\n\t\t  Bandwidth constraint CT");
                    cx.u(c as u64);
                    cx.s(": ");
                    mbps(cx, d, p + 4 + 4 * c)?;
                }
            }
            5 => {
                if sl != 4 {
                    return bad(cx, " != 4");
                }
                cx.s(", Metric ");
                cx.u(d.be32(p)? as u64);
            }
            14 => {
                if sl != 4 {
                    return bad(cx, " != 4");
                }
                cx.s(", ");
                flags_or(cx, d.u8_at(p)? as u32, LINK_PROTECTION, "none");
            }
            15 => {
                if sl < 36 {
                    return bad(cx, " < 36");
                }
                let cap = d.u8_at(p)?;
                cx.s("\n\t\tInterface Switching Capability: ");
                cx.s(tables::lookup(SWITCH_CAPS, cap).unwrap_or("Unknown"));
                let enc = d.u8_at(p + 1)?;
                cx.s("\n\t\tLSP Encoding: ");
                cx.s(tables::lookup(ENCODINGS, enc).unwrap_or("Unknown"));
                cx.s("\n\t\tMax LSP Bandwidth:");
                for l in 0..8 {
                    cx.s("\n\t\t  priority level ");
                    cx.u(l as u64);
                    cx.s(": ");
                    mbps(cx, d, p + 4 + 4 * l)?;
                }
            }
            1 => {
                if sl != 1 {
                    return bad(cx, " != 1");
                }
                let lt = d.u8_at(p)?;
                cx.s(", ");
                cx.s(tables::lookup(LINK_TYPES, lt).unwrap_or("unknown"));
                cx.s(" (");
                cx.u(lt as u64);
                cx.b(b')');
            }
            16 => {
                if sl % 4 != 0 {
                    return bad(cx, " != N x 4");
                }
                let n = sl as usize / 4;
                if n != 0 {
                    cx.s("\n\t\t  Shared risk group: ");
                }
                for k in 0..n {
                    if k != 0 {
                        cx.s(", ");
                    }
                    cx.u(d.be32(p + 4 * k)? as u64);
                }
                next += 4 * n;
            }
            _ => {
                if cx.opts.verbose <= 1 && !dump(cx, d, p, "\n\t\t", sl as usize) {
                    return Ok(false);
                }
            }
        }
        if sl % 4 != 0 {
            sl = padded(sl);
            if left < sl {
                cx.s("\n\t    Remaining TLV length ");
                cx.u(left as u64);
                cx.s(" < ");
                cx.u(sl as u64);
                return Ok(false);
            }
        }
        left -= sl;
        p = next + sl as usize;
    }
    Ok(true)
}

/// A grace LSA's TLVs (period, reason, interface address) over `blen`
/// bytes from `at`.
pub(super) fn grace(cx: &mut Ctx, d: &[u8], mut at: usize, blen: u32) -> R<bool> {
    let mut left = blen;
    while left != 0 {
        let Some((t, mut l)) = titled_tlv(cx, d, &mut at, &mut left, GRACE_TLVS, " ")? else {
            return Ok(false);
        };
        cx.s(", value: ");
        if l > left {
            bogus(cx, "", l, " > ", left);
            return Ok(false);
        }
        if t == 0 || l == 0 {
            cx.s(" (invalid)");
            return Ok(false);
        }
        if !d.has(at, l as usize) {
            cx.trunc_marker();
            return Ok(false);
        }
        match t {
            1 | 3 => {
                if l != 4 {
                    bogus(cx, "", l, " != ", 4);
                    return Ok(false);
                }
                if t == 1 {
                    cx.u(d.be32(at)? as u64);
                    cx.b(b's');
                } else {
                    let a = d.range(at, 4)?;
                    cx.ipv4(a);
                }
            }
            2 => {
                if l != 1 {
                    bogus(cx, "", l, " != ", 1);
                    return Ok(false);
                }
                let r = d.u8_at(at)?;
                cx.s(tables::lookup(GRACE_REASONS, r).unwrap_or("Unknown"));
                cx.s(" (");
                cx.u(r as u64);
                cx.b(b')');
            }
            _ => {
                if cx.opts.verbose <= 1 && !dump(cx, d, at, "\n\t      ", l as usize) {
                    return Ok(false);
                }
            }
        }
        if l % 4 != 0 {
            l = padded(l);
            if l > left {
                bogus(cx, "padded ", l, " > ", left);
                return Ok(false);
            }
        }
        left -= l;
        at += l as usize;
    }
    Ok(true)
}
