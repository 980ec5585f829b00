//! OSPFv2 opaque LSAs (RFC 5250) of the router information (RFC 7770,
//! with the segment routing TLVs of RFC 8665) and extended prefix
//! (RFC 7684, 8665) types. Each returns false where it gives up on the
//! LSA (no `-vv` dump follows); TLV lengths are the snapshot's unsigned
//! ones (a value shorter than its fixed part wraps).

use super::ospf::{dump, flags_or, safe_chars};
use super::ospf_te::{lsa_tlv, padded};
use crate::print::core::prelude::*;

static RI_TLVS: &[(u16, &str)] = &[
    (1, "Router Capabilities"),
    (7, "Hostname"),
    (8, "SR-Algorithm"),
    (9, "SID/Label Range"),
    (14, "SR Local Block"),
    (15, "SRMS Preference"),
];

/// Router informational capability bits (RFC 7770 2.4), as the snapshot
/// numbers them (from the low bit).
static RI_CAPS: &[(u32, &str)] = &[
    (1, "Reserved"),
    (2, "Reserved"),
    (4, "Reserved"),
    (8, "Reserved"),
    (16, "graceful restart capable"),
    (32, "graceful restart helper"),
    (64, "Stub router support"),
    (128, "Traffic engineering"),
    (256, "p2p over LAN"),
    (512, "path computation server"),
];

static SR_ALGOS: &[(u8, &str)] = &[
    (0, "Shortest Path First"),
    (1, "Strict Shortest Path First"),
];

static EP_TLVS: &[(u16, &str)] = &[(1, "Extended Prefix"), (2, "Extended Prefix Range")];

static EP_ROUTE_TYPES: &[(u8, &str)] = &[
    (0, "Unspecified"),
    (1, "Intra-Area"),
    (3, "Inter-Area"),
    (5, "AS External"),
    (7, "NSSA External"),
];

static EP_FLAGS: &[(u32, &str)] = &[(0x80, "Inter-Area")];

static PREFIX_SID_FLAGS: &[(u32, &str)] = &[
    (0x40, "No-PHP"),
    (0x20, "Mapping-Server"),
    (0x10, "Explicit-NULL"),
    (0x08, "Value"),
    (0x04, "Local"),
];

fn be24(d: &[u8], at: usize) -> R<u32> {
    let b = d.range(at, 3)?;
    Ok(u32::from_be_bytes([0, b[0], b[1], b[2]]))
}

/// `l` rounded up to a multiple of 4; `None` (said as a bogus padded
/// length) when the rounding took it past the `left` bytes of the LSA.
fn padded_within(cx: &mut Ctx, l: u32, left: u32) -> Option<u32> {
    let p = padded(l);
    if p != l && p > left {
        cx.s("\n\t    Bogus padded length ");
        cx.u(p as u64);
        cx.s(" > ");
        cx.u(left as u64);
        return None;
    }
    Some(p)
}

/// A sub-TLV header `INDENTNAME subTLV (T), length: L, value: ` and the
/// check that it fits in what is left; `None` when it does not (said).
fn sub_head(
    cx: &mut Ctx,
    d: &[u8],
    p: usize,
    left: &mut u32,
    indent: &str,
    name: &str,
) -> R<Option<(u16, u32)>> {
    let st = d.be16(p)?;
    let sl = d.be16(p + 2)? as u32;
    *left -= 4;
    if st == 0 || sl == 0 {
        cx.s(" (invalid)");
        return Ok(None);
    }
    cx.s(indent);
    cx.s(name);
    cx.s(" subTLV (");
    cx.u(st as u64);
    cx.s("), length: ");
    cx.u(sl as u64);
    cx.s(", value: ");
    if *left < sl {
        remaining(cx, *left, sl);
        return Ok(None);
    }
    Ok(Some((st, sl)))
}

fn remaining(cx: &mut Ctx, left: u32, need: u32) {
    cx.s("\n\t    Remaining TLV length ");
    cx.u(left as u64);
    cx.s(" < ");
    cx.u(need as u64);
}

/// Steps past a (sub-)TLV value and its padding; false if the padding
/// does not fit.
fn skip_padded(cx: &mut Ctx, p: &mut usize, left: &mut u32, l: u32) -> bool {
    let l = if l % 4 != 0 {
        let l = padded(l);
        if *left < l {
            remaining(cx, *left, l);
            return false;
        }
        l
    } else {
        l
    };
    *p += l as usize;
    *left -= l;
    true
}

/// A router information LSA's TLVs over `blen` bytes from `at`.
pub(super) fn router_info(cx: &mut Ctx, d: &[u8], mut at: usize, blen: u32) -> R<bool> {
    let mut left = blen;
    // A header or value not captured marks the LSA, then the packet.
    let need = |cx: &mut Ctx, at: usize, n: usize| {
        if d.has(at, n) {
            Ok(())
        } else {
            cx.trunc_marker();
            Err(Trunc)
        }
    };
    while left != 0 {
        need(cx, at, 4)?;
        let Some((t, l)) = lsa_tlv(cx, d, &mut at, &mut left)? else {
            return Ok(false);
        };
        cx.s("\n\t    ");
        cx.s(tables::lookup(RI_TLVS, t).unwrap_or("unknown"));
        cx.s(" TLV (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(l as u64);
        cx.s(", value: ");
        if l > left {
            cx.s("\n\t    Bogus length ");
            cx.u(l as u64);
            cx.s(" > remaining LS length ");
            cx.u(left as u64);
            return Ok(false);
        }
        need(cx, at, l as usize)?;
        match t {
            1 => {
                if l != 4 {
                    cx.s("\n\t    Bogus length ");
                    cx.u(l as u64);
                    cx.s(" != 4");
                    return Ok(false);
                }
                cx.s("Capabilities: ");
                let caps = d.be32(at)?;
                flags_or(cx, caps, RI_CAPS, "Unknown");
            }
            7 => {
                cx.s("\n\t      Hostname: ");
                safe_chars(cx, d, at, l as usize)?;
            }
            8 => {
                for i in 0..l as usize {
                    let a = d.u8_at(at + i)?;
                    cx.s("\n\t      ");
                    cx.s(tables::lookup(SR_ALGOS, a).unwrap_or("Unknown"));
                    cx.s(" (");
                    cx.u(a as u64);
                    cx.b(b')');
                }
            }
            9 | 14 => {
                need(cx, at, 4)?;
                cx.s("\n\t      Range size: ");
                cx.u(be24(d, at)? as u64);
                if !sid_label_range(cx, d, at + 4, l.wrapping_sub(4))? {
                    return Ok(false);
                }
            }
            15 => {
                if l != 4 {
                    cx.s("\n\t    Bogus SRMS Preference TLV length ");
                    cx.u(l as u64);
                    cx.s(" != 4");
                    return Ok(false);
                }
                cx.s("\n\t      SRMS Preference: ");
                cx.u(d.u8_at(at)? as u64);
            }
            _ => {
                if cx.opts.verbose <= 1 && !dump(cx, d, at, "\n\t      ", l as usize) {
                    return Ok(false);
                }
            }
        }
        let Some(l) = padded_within(cx, l, left) else {
            // The snapshot gives up on the packet here.
            return Err(Trunc);
        };
        at += l as usize;
        left -= l;
    }
    Ok(true)
}

/// The SID/Label sub-TLVs of a SID/Label range or SR local block.
fn sid_label_range(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: u32) -> R<bool> {
    while left >= 4 {
        let st = d.be16(p)?;
        let name = if st == 1 { "SID/Label" } else { "unknown" };
        let Some((st, sl)) = sub_head(cx, d, p, &mut left, "\n\t      ", name)? else {
            return Ok(false);
        };
        p += 4;
        if st == 1 {
            match sl {
                3 => {
                    let v = be24(d, p)?;
                    cx.s("\n\t\tLabel: ");
                    cx.u(v as u64);
                }
                4 => {
                    let v = d.be32(p)?;
                    cx.s("\n\t\tSID: ");
                    cx.u(v as u64);
                }
                _ => {
                    cx.s("\n\t\tBogus subTLV length ");
                    cx.u(sl as u64);
                }
            }
        } else if cx.opts.verbose <= 1 && !dump(cx, d, p, "\n\t\t", sl as usize) {
            return Ok(false);
        }
        if !skip_padded(cx, &mut p, &mut left, sl) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `IPv4 prefix: ADDRESS/LEN` with the address right-aligned in 15.
fn prefix4(cx: &mut Ctx, d: &[u8], at: usize, plen: u8) -> R {
    let a = d.range(at, 4)?;
    let before = cx.out.len();
    cx.ipv4(a);
    let s = cx.out.split_off(before);
    cx.s("\n\t      IPv4 prefix: ");
    for _ in s.len()..15 {
        cx.b(b' ');
    }
    cx.out.extend_from_slice(&s);
    cx.b(b'/');
    cx.u(plen as u64);
    Ok(())
}

/// The address family and prefix length checks of an extended prefix
/// (range) TLV; false when one fails (said).
fn family_ok(cx: &mut Ctx, af: u8, plen: u8) -> bool {
    if af != 0 {
        cx.s("\n\t      Bogus AF ");
        cx.u(af as u64);
        return false;
    }
    if plen > 32 {
        cx.s("\n\t      IPv4 prefix: bad bit length ");
        cx.u(plen as u64);
        return false;
    }
    true
}

/// An extended prefix LSA's TLVs over `blen` bytes from `at`.
pub(super) fn ext_prefix(cx: &mut Ctx, d: &[u8], mut at: usize, blen: u32) -> R<bool> {
    let mut left = blen;
    while left >= 4 {
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as u32;
        at += 4;
        left -= 4;
        if t == 0 || l == 0 {
            cx.s(" (invalid)");
            return Ok(false);
        }
        cx.s("\n\t    ");
        cx.s(tables::lookup(EP_TLVS, t).unwrap_or("unknown"));
        cx.s(" TLV (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(l as u64);
        cx.s(", value: ");
        if l > left {
            cx.s("\n\t    Bogus length ");
            cx.u(l as u64);
            cx.s(" > ");
            cx.u(left as u64);
            return Ok(false);
        }
        match t {
            1 => {
                let plen = d.u8_at(at + 1)?;
                let af = d.u8_at(at + 2)?;
                let rt = d.u8_at(at)?;
                let flags = d.u8_at(at + 3)?;
                if !family_ok(cx, af, plen) {
                    return Ok(false);
                }
                prefix4(cx, d, at + 4, plen)?;
                cx.s(", Route Type: ");
                cx.s(tables::lookup(EP_ROUTE_TYPES, rt).unwrap_or("Unknown"));
                cx.s(", Flags [");
                cx.flag_names(flags as u32, EP_FLAGS);
                cx.b(b']');
                if l > 12 && !prefix_subtlvs(cx, d, at + 8, l - 8)? {
                    return Ok(false);
                }
            }
            2 => {
                let plen = d.u8_at(at)?;
                let af = d.u8_at(at + 1)?;
                let size = d.be16(at + 2)?;
                let flags = d.u8_at(at + 4)?;
                if !family_ok(cx, af, plen) {
                    return Ok(false);
                }
                prefix4(cx, d, at + 8, plen)?;
                cx.s(", Range size: ");
                cx.u(size as u64);
                cx.s(", Flags [");
                cx.flag_names(flags as u32, EP_FLAGS);
                cx.b(b']');
                if l > 12 && !prefix_subtlvs(cx, d, at + 12, l - 12)? {
                    return Ok(false);
                }
            }
            _ => {
                if cx.opts.verbose <= 1 && !dump(cx, d, at, "\n\t\t", l as usize) {
                    return Ok(false);
                }
            }
        }
        let Some(l) = padded_within(cx, l, left) else {
            return Ok(false);
        };
        at += l as usize;
        left -= l;
    }
    Ok(true)
}

/// The prefix SID sub-TLVs of an extended prefix (range) TLV.
fn prefix_subtlvs(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: u32) -> R<bool> {
    while left >= 4 {
        let st = d.be16(p)?;
        let name = if st == 2 { "Prefix-SID" } else { "unknown" };
        let Some((st, sl)) = sub_head(cx, d, p, &mut left, "\n\t\t", name)? else {
            return Ok(false);
        };
        p += 4;
        if st == 2 {
            let flags = d.u8_at(p)?;
            let mt = d.u8_at(p + 2)?;
            let algo = d.u8_at(p + 3)?;
            let shown = match sl {
                7 => {
                    let v = be24(d, p + 4)?;
                    cx.s("\n\t\t  Label: ");
                    cx.u(v as u64);
                    true
                }
                8 => {
                    let v = d.be32(p + 4)?;
                    cx.s("\n\t\t  Index: ");
                    cx.u(v as u64);
                    true
                }
                _ => {
                    cx.s("\n\t\tBogus subTLV length ");
                    cx.u(sl as u64);
                    false
                }
            };
            if shown {
                cx.s(", MT-ID: ");
                cx.u(mt as u64);
                cx.s(", Algorithm: ");
                cx.s(tables::lookup(SR_ALGOS, algo).unwrap_or("Unknown"));
                cx.s(" (");
                cx.u(algo as u64);
                cx.s("), Flags [");
                cx.flag_names(flags as u32, PREFIX_SID_FLAGS);
                cx.b(b']');
            }
        } else if cx.opts.verbose <= 1 && !dump(cx, d, p, "\n\t\t", sl as usize) {
            return Ok(false);
        }
        if !skip_padded(cx, &mut p, &mut left, sl) {
            return Ok(false);
        }
    }
    Ok(true)
}
