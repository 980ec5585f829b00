//! Domain names in DNS wire form (RFC 1035 labels and compression
//! pointers, RFC 2673 bit-string labels), skipped or printed as the
//! snapshot prints them.
//!
//! The functions work on `m`, the captured bytes (their end is the end of
//! the capture); `base` is where compression offsets count from (the
//! message start, or for names outside a message the end of their field).
//! `Ok(None)` is a name the printer gives up on (cut short or bad),
//! `Err(Trunc)` a cut inside a bit-string label, where the snapshot's
//! accessors give up on the whole packet.

use crate::print::core::prelude::*;

const TYPE_MASK: u8 = 0xc0;
const INDIR: u8 = 0xc0;
const EDNS0: u8 = 0x40;
const RESERVED: u8 = 0x80;
const BITLABEL: u8 = 0x01;
/// The longest name printed in full.
const MAXCDNAME: usize = 255;

/// The bytes a bit-string label's data takes, from its bit count byte.
fn bitlabel_bytes(bitlen: u8) -> usize {
    let bits = if bitlen == 0 { 256 } else { bitlen as usize };
    bits.div_ceil(8)
}

/// What a label takes after its first byte (a pointer: its low byte's
/// value, unused); `None` for an unknown label type, with the complaint
/// printed, or when the capture ends.
fn label_len(cx: &mut Ctx, m: &[u8], at: usize) -> Option<usize> {
    let i = *m.get(at)?;
    match i & TYPE_MASK {
        EDNS0 => {
            let elt = i & !TYPE_MASK;
            if elt != BITLABEL {
                cx.s("<ELT ");
                cx.u(elt as u64);
                cx.b(b'>');
                return None;
            }
            Some(bitlabel_bytes(*m.get(at + 1)?) + 1)
        }
        RESERVED => {
            cx.s("<BAD LABEL TYPE>");
            None
        }
        _ => Some(i as usize),
    }
}

/// Skip the name at `at`: the offset after it (after a pointer's two
/// bytes), `None` if it is bad or runs off the capture.
pub fn skip(m: &[u8], mut at: usize) -> Option<usize> {
    let mut i = *m.get(at)?;
    at += 1;
    while i != 0 {
        match i & TYPE_MASK {
            INDIR => return Some(at + 1),
            EDNS0 => {
                if i & !TYPE_MASK != BITLABEL {
                    return None;
                }
                at += 1 + bitlabel_bytes(*m.get(at)?);
            }
            RESERVED => return None,
            _ => at += i as usize,
        }
        i = *m.get(at)?;
        at += 1;
    }
    Some(at)
}

/// Print `n` bytes from `at`, unprintable ones escaped; false if the
/// capture ended first (what there was is printed).
pub fn printn(cx: &mut Ctx, m: &[u8], at: usize, n: usize) -> bool {
    let end = at.saturating_add(n);
    let avail = m.len().min(end);
    for &c in m.get(at..avail).unwrap_or(&[]) {
        fmt::put_safe_char(cx.out, c);
    }
    avail == end
}

/// A bit-string label, `at` its bit count: `\[x<hex>/<bits>]`, the bits
/// past the count masked off. `Ok(false)` if the count is not captured.
fn bitlabel(cx: &mut Ctx, m: &[u8], at: usize) -> R<bool> {
    let Some(&count) = m.get(at) else {
        return Ok(false);
    };
    let bits = if count == 0 { 256 } else { count as usize };
    cx.s("\\[x");
    let mut b = bits;
    let mut p = at + 1;
    while b > 7 {
        fmt::put_hex2(cx.out, m.u8_at(p)?);
        b -= 8;
        p += 1;
    }
    if b > 4 {
        let last = m.u8_at(p)?;
        fmt::put_hex2(cx.out, last & (0xff << (8 - b)) as u8);
    } else if b > 0 {
        let last = m.u8_at(p)?;
        let nib = (last >> 4) & (0x0f << (4 - b)) as u8;
        cx.b(b"0123456789abcdef"[nib as usize]);
    }
    cx.b(b'/');
    cx.u(bits as u64);
    cx.b(b']');
    Ok(true)
}

/// Print the name at `at` (`www.example.com.`); the offset after it where
/// it was first read.
pub fn print(cx: &mut Ctx, m: &[u8], mut at: usize, base: usize) -> R<Option<usize>> {
    let Some(mut l) = label_len(cx, m, at) else {
        return Ok(None);
    };
    // Pointers must go backwards: each one below the last.
    let mut max_offset = (at as u32).wrapping_sub(base as u32);
    let mut i = m[at];
    at += 1;
    let mut compress = false;
    // Where the name ends in the message: known at once unless it starts
    // with a pointer.
    let mut rp = (i & TYPE_MASK != INDIR).then_some(at + l);
    if i == 0 {
        cx.b(b'.');
        return Ok(rp);
    }
    let mut name_chars = 0usize;
    while i != 0 && at < m.len() {
        match i & TYPE_MASK {
            INDIR => {
                if !compress {
                    rp = Some(at + 1);
                    compress = true;
                }
                let Some(&low) = m.get(at) else {
                    return Ok(None);
                };
                let offset = ((i as u32) << 8 | low as u32) & 0x3fff;
                if offset >= max_offset {
                    cx.s("<BAD PTR>");
                    return Ok(None);
                }
                max_offset = offset;
                at = base + offset as usize;
                let Some(&next) = m.get(at) else {
                    return Ok(None);
                };
                i = next;
                let Some(n) = label_len(cx, m, at) else {
                    return Ok(None);
                };
                l = n;
                at += 1;
                continue;
            }
            EDNS0 => {
                if i & !TYPE_MASK != BITLABEL {
                    cx.s("<ELT ");
                    cx.u((i & !TYPE_MASK) as u64);
                    cx.b(b'>');
                    return Ok(None);
                }
                if !bitlabel(cx, m, at)? {
                    return Ok(None);
                }
            }
            RESERVED => {
                cx.s("<BAD LABEL TYPE>");
                return Ok(None);
            }
            _ => {
                // At most MAXCDNAME characters are printed.
                let n = l.min(MAXCDNAME.saturating_sub(name_chars));
                if n > 0 && !printn(cx, m, at, n) {
                    return Ok(None);
                }
                name_chars += l;
            }
        }
        at += l;
        if name_chars <= MAXCDNAME {
            cx.b(b'.');
        }
        name_chars += 1;
        let Some(&next) = m.get(at) else {
            return Ok(None);
        };
        i = next;
        let Some(n) = label_len(cx, m, at) else {
            return Ok(None);
        };
        l = n;
        at += 1;
        if !compress {
            rp = rp.map(|r| r + l + 1);
        }
    }
    if name_chars > MAXCDNAME {
        cx.s("<DOMAIN NAME TOO LONG>");
    }
    Ok(rp)
}
