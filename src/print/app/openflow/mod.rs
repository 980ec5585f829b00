//! OpenFlow on TCP ports 6653 and 6633: every message of the segment
//! (version, type, length, transaction id), and with `-v` the OpenFlow
//! 1.0 message bodies (`of10.rs`, `of10_stats.rs`) and some OpenFlow 1.3
//! ones (`of13.rs`). Other versions show their header only.

mod names;
mod names13;
mod of10;
mod of10_stats;
mod of13;

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const HEADER_LEN: u32 = 8;

/// A read position in the segment and the bytes left of the current
/// structure (tcpdump's `cp` and `len`).
#[derive(Clone, Copy)]
pub(super) struct Cur<'a> {
    pub d: &'a [u8],
    pub at: usize,
    pub len: u32,
}

impl Cur<'_> {
    pub fn fwd(&mut self, n: u32) {
        self.at += n as usize;
        self.len = self.len.wrapping_sub(n);
    }
    /// Check that `n` bytes were captured, then move past them.
    pub fn chk_fwd(&mut self, n: u32) -> R {
        self.d.range(self.at, n as usize)?;
        self.fwd(n);
        Ok(())
    }
    pub fn u8(&self, off: usize) -> R<u8> {
        self.d.u8_at(self.at + off)
    }
    pub fn u16(&self, off: usize) -> R<u16> {
        self.d.be16(self.at + off)
    }
    pub fn u32(&self, off: usize) -> R<u32> {
        self.d.be32(self.at + off)
    }
    pub fn u64(&self, off: usize) -> R<u64> {
        Ok(((self.u32(off)? as u64) << 32) | self.u32(off + 4)? as u64)
    }
    pub fn bytes(&self, off: usize, n: usize) -> R<&[u8]> {
        self.d.range(self.at + off, n)
    }
    /// ` (invalid)`, then the truncation check of what is left.
    pub fn invalid(&self, cx: &mut Ctx) -> R {
        invalid(cx, self.d, self.at, self.len as usize)
    }
}

/// What a message type must look like, and how its body prints.
pub(super) struct Message {
    pub name: &'static str,
    decode: Option<fn(&mut Ctx, Cur) -> R>,
    /// Body length: exactly (`true`) or at least (`false`) this.
    fixed: bool,
    min: u32,
}

pub(super) const fn m(
    name: &'static str,
    decode: Option<fn(&mut Ctx, Cur) -> R>,
    fixed: bool,
    min: u32,
) -> Message {
    Message {
        name,
        decode,
        fixed,
        min,
    }
}

/// A message body: checked against its type's length rule, decoded with
/// `-v`.
fn body(cx: &mut Ctx, c: Cur, info: Option<&Message>) -> R {
    let Some(mi) = info else {
        c.bytes(0, c.len as usize)?;
        return Ok(());
    };
    if (mi.fixed && c.len != mi.min) || (!mi.fixed && c.len < mi.min) {
        return c.invalid(cx);
    }
    match mi.decode {
        Some(decode) if cx.opts.verbose > 0 => decode(cx, c),
        _ => {
            c.bytes(0, c.len as usize)?;
            Ok(())
        }
    }
}

/// A name from a table in table order (tcpdump's `tok2str`).
pub(super) fn tok(table: &[(u32, &'static str)], v: u32) -> Option<&'static str> {
    table.iter().find(|e| e.0 == v).map(|e| e.1)
}

/// `tok2str` with a `%u` fallback.
pub(super) fn tok_or_num(cx: &mut Ctx, table: &[(u32, &'static str)], v: u32) {
    match tok(table, v) {
        Some(n) => cx.s(n),
        None => cx.u(v as u64),
    }
}

/// `tok2str` with a `prefix (0x%0Nx)` fallback.
pub(super) fn tok_or_hex(
    cx: &mut Ctx,
    table: &[(u32, &'static str)],
    v: u32,
    prefix: &str,
    width: usize,
) {
    match tok(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.s(prefix);
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, v as u64, width);
            cx.b(b')');
        }
    }
}

/// `label` and a number (read before anything is printed, as tcpdump's
/// `ND_PRINT` arguments are).
pub(super) fn lu(cx: &mut Ctx, label: &str, v: u64) {
    cx.s(label);
    cx.u(v);
}

pub(super) fn hex32(cx: &mut Ctx, v: u32) {
    cx.s("0x");
    fmt::put_hex_padded(cx.out, v as u64, 8);
}

/// The names of the assigned bits set in `v`, and ` (bogus)` if an
/// unassigned one is.
pub(super) fn bitmap(cx: &mut Ctx, table: &[(u32, &'static str)], v: u32, unassigned: u32) {
    if v & !unassigned != 0 {
        cx.s(" (");
        let mut sep = "";
        for &(bits, name) in table {
            if bits != 0 && v & bits == bits {
                cx.s(sep);
                cx.s(name);
                sep = ", ";
            }
        }
        cx.b(b')');
    }
    if v & unassigned != 0 {
        cx.s(" (bogus)");
    }
}

/// The vendor of an id: an OUI, or an ONF experimenter id.
pub(super) fn vendor_name(cx: &mut Ctx, vendor: u32) {
    let name = if vendor & 0xff00_0000 == 0 {
        tables::oui_name(vendor)
    } else {
        tables::lookup(names::ONF_EXPERIMENTERS, vendor)
    };
    cx.s(name.unwrap_or("unknown"));
}

/// Opaque data: its length, and with `-vv` a hex and ASCII dump.
pub(super) fn data(cx: &mut Ctx, c: Cur) -> R {
    if c.len == 0 {
        return Ok(());
    }
    cx.s("\n\t data (");
    cx.u(c.len as u64);
    cx.s(" octets)");
    let bytes = c.bytes(0, c.len as usize);
    if cx.opts.verbose >= 2 {
        let avail = &c.d[c.at.min(c.d.len())..];
        hexdump::hex_and_ascii(
            cx.out,
            b"\n\t  ",
            &avail[..avail.len().min(c.len as usize)],
            0,
        );
        bytes?;
    } else {
        bytes?;
    }
    Ok(())
}

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "openflow";
    cx.s(": OpenFlow");
    let mut c = Cur {
        d: p.captured,
        at: 0,
        len: p.length as u32,
    };
    while c.len != 0 {
        let version = c.u8(0)?;
        c.fwd(1);
        cx.s("\n\tversion ");
        match version {
            1 => cx.s("1.0"),
            2 => cx.s("1.1"),
            3 => cx.s("1.2"),
            4 => cx.s("1.3"),
            5 => cx.s("1.4"),
            6 => cx.s("1.5"),
            v => {
                cx.s("unknown (0x");
                fmt::put_hex_padded(cx.out, v as u64, 2);
                cx.b(b')');
            }
        }
        if c.len < 1 {
            return partial(cx, c);
        }
        let t = c.u8(0)?;
        c.fwd(1);
        let info = match version {
            1 => of10::message(t),
            4 => of13::message(t),
            _ => None,
        };
        match info {
            Some(m) => {
                cx.s(", type ");
                cx.s(m.name);
            }
            None => {
                cx.s(", type unknown (0x");
                fmt::put_hex_padded(cx.out, t as u64, 2);
                cx.b(b')');
            }
        }
        if c.len < 2 {
            return partial(cx, c);
        }
        let length = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(", length ");
        cx.u(length as u64);
        if length < HEADER_LEN {
            cx.s(" (too short!)");
        }
        if c.len < 4 {
            return partial(cx, c);
        }
        let xid = c.u32(0)?;
        cx.s(", xid ");
        hex32(cx, xid);
        c.fwd(4);
        if length < HEADER_LEN {
            return c.invalid(cx).map(|_| true);
        }
        let body = Cur {
            len: length - HEADER_LEN,
            ..c
        };
        self::body(cx, body, info)?;
        if length - HEADER_LEN > c.len {
            break;
        }
        c.fwd(length - HEADER_LEN);
    }
    Ok(true)
}

fn partial(cx: &mut Ctx, c: Cur) -> R<bool> {
    cx.s(" (end of TCP payload)");
    c.bytes(0, c.len as usize)?;
    Ok(true)
}
