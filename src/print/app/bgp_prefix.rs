//! BGP prefix lists: plain and labeled (RFC 8277) prefixes, and ADD-PATH
//! (RFC 7911), a 4-byte path identifier before each prefix. Nothing in an
//! UPDATE says whether its prefixes carry one, so the lists are tried both
//! ways, as the reference does: with identifiers when every length fits
//! that reading and the plain reading has a zero or oversized length or
//! runs past the list.

use crate::print::core::prelude::*;

/// Whether the `len` bytes of prefixes of up to `max_bits` starting at
/// `b` (the captured bytes; a scan stops where they end) read as ADD-PATH.
pub fn guess(b: &[u8], len: usize, max_bits: u8) -> bool {
    if len < 5 {
        return false;
    }
    // Each prefix's length byte after a path id, then its address bytes.
    let step = |plen: u8| 1 + (plen as usize).div_ceil(8);
    let mut at = 0;
    while at < len {
        at += 4;
        let Some(&plen) = b.get(at) else { break };
        if plen > max_bits {
            return false;
        }
        at += step(plen);
    }
    if at > len {
        return false;
    }
    at = 0;
    while at < len {
        let Some(&plen) = b.get(at) else { break };
        if plen == 0 || plen > max_bits {
            return true;
        }
        at += step(plen);
    }
    at > len
}

/// One prefix of `alen` address bytes at `at` of `b` (masked to its
/// length) after `sep`; its size, or `None` for an illegal length.
fn prefix(cx: &mut Ctx, b: &[u8], at: usize, alen: usize, sep: &str) -> R<Option<usize>> {
    let plen = b.u8_at(at)? as usize;
    if plen > alen * 8 {
        return Ok(None);
    }
    let n = plen.div_ceil(8);
    let mut addr = [0u8; 16];
    addr[..n].copy_from_slice(b.range(at + 1, n)?);
    if !plen.is_multiple_of(8) {
        addr[n - 1] &= (0xff00u16 >> (plen % 8)) as u8;
    }
    cx.s(sep);
    if alen == 4 {
        cx.ipv4(&addr[..4]);
    } else {
        cx.ipv6(&addr);
    }
    cx.b(b'/');
    cx.u(plen as u64);
    Ok(Some(1 + n))
}

fn path_id(cx: &mut Ctx, id: u32) {
    cx.s("   Path Id: ");
    cx.u(id as u64);
}

/// An UPDATE's withdrawn routes (`withdrawn`: true) or announced IPv4
/// routes with path ids; false when the list stopped before its end.
pub fn update_list(cx: &mut Ctx, b: &[u8], withdrawn: bool) -> R<bool> {
    let mut at = 0;
    while at < b.len() {
        if b.len() - at < 4 {
            // Withdrawn routes pass over a stump; announced ones are cut.
            if withdrawn {
                return Ok(false);
            }
            return Err(Trunc);
        }
        let id = b.be32(at)?;
        at += 4;
        // The prefix must lie within the list.
        let Some(n) = prefix(cx, b, at, 4, "\n\t    ")? else {
            cx.s("\n\t    (illegal prefix length)");
            return Ok(false);
        };
        path_id(cx, id);
        at += n;
    }
    Ok(true)
}

/// MP_REACH/MP_UNREACH unicast and multicast prefixes with path ids:
/// `b` the NLRI, `more` it and the rest of the capture. An illegal length
/// is shown with its path id and the list goes on 3 bytes later.
pub fn mp_list(cx: &mut Ctx, b: &[u8], more: &[u8], alen: usize) -> R {
    let mut at = 0;
    while at < b.len() {
        let id = more.be32(at)?;
        match prefix(cx, more, at + 4, alen, "\n\t      ")? {
            Some(n) => at += 4 + n,
            None => {
                cx.s("\n\t    (illegal prefix length)");
                at += 3;
            }
        }
        path_id(cx, id);
    }
    Ok(())
}

/// Prefixes (length in bits, then the bytes), optionally after a label
/// stack (RFC 8277); each after `sep`.
pub fn prefixes(cx: &mut Ctx, b: &[u8], alen: usize, labeled: bool, sep: &str) -> R {
    prefix_list(cx, b, alen, labeled, sep).map(|_| ())
}

/// As `prefixes`; false when an illegal prefix length stopped the list.
pub fn prefix_list(cx: &mut Ctx, b: &[u8], alen: usize, labeled: bool, sep: &str) -> R<bool> {
    let mut at = 0;
    while at < b.len() {
        let mut plen = b[at] as usize;
        at += 1;
        let mut label = None;
        if labeled {
            // One label (24 bits) before the prefix.
            let l = b.range(at, 3)?;
            label = Some((
                ((l[0] as u32) << 12) | ((l[1] as u32) << 4) | (l[2] as u32 >> 4),
                l[2] & 1 != 0,
            ));
            at += 3;
            plen = plen.saturating_sub(24);
        }
        if plen > alen * 8 {
            cx.s("\n\t    (illegal prefix length)");
            return Ok(false);
        }
        let n = plen.div_ceil(8);
        let bytes = b.range(at, n)?;
        let mut addr = [0u8; 16];
        addr[..n].copy_from_slice(bytes);
        // Bits past the length are cleared.
        if !plen.is_multiple_of(8) {
            addr[n - 1] &= (0xff00u16 >> (plen % 8)) as u8;
        }
        cx.s(sep);
        if alen == 4 {
            cx.ipv4(&addr[..4]);
        } else {
            cx.ipv6(&addr);
        }
        cx.b(b'/');
        cx.u(plen as u64);
        if let Some((label, bottom)) = label {
            cx.s(", label:");
            cx.u(label as u64);
            cx.s(if bottom {
                " (bottom)"
            } else {
                " (BOGUS: Bottom of Stack NOT set!)"
            });
        }
        at += n;
    }
    Ok(true)
}
