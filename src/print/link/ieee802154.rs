//! IEEE 802.15.4 MAC frames (LINKTYPE 195 and 230, and inside the TAP
//! header and ZEP): the 2003/2006/2015 frame formats (frame type and
//! version, `-vvv` flags, `-v` sequence number unless suppressed, PAN ids
//! by the PAN ID compression rules, addresses), the auxiliary security
//! header and MIC, the header and payload IEs (`ieee802154_ie`), the FCS
//! check (4 bytes, else 2; a frame whose FCS does not match is taken as
//! having none), beacon fields, MAC command fields, multipurpose frames,
//! and the payload in hex.

use super::ieee802154_ie as ie;
use crate::print::core::prelude::*;

const SECURITY: u16 = 0x0008;
const FRAME_PENDING: u16 = 0x0010;
const ACK_REQUEST: u16 = 0x0020;
const PAN_ID_COMPRESSION: u16 = 0x0040;
const SEQ_SUPPRESSION: u16 = 0x0100;
const IE_PRESENT: u16 = 0x0200;

static TYPES: [&str; 8] = [
    "Beacon",
    "Data",
    "ACK",
    "Command",
    "Reserved",
    "Multipurpose",
    "Fragment",
    "Extended",
];

/// A reflected CRC starting from 0, not inverted, over `d`.
fn reflected_crc(d: &[u8], poly: u32) -> u32 {
    let mut crc: u32 = 0;
    for &b in d {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ poly
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// CRC-16/KERMIT, the 802.15.4 FCS.
fn crc16(d: &[u8]) -> u16 {
    reflected_crc(d, 0x8408) as u16
}

/// The 4-byte FCS: CRC-32 reflected, starting from 0, not inverted.
fn crc32(d: &[u8]) -> u32 {
    reflected_crc(d, 0xedb8_8320)
}

/// Which PAN ids a frame carries (destination, source).
fn pans(version: u8, fc: u16, dst_mode: u8, src_mode: u8) -> (bool, bool) {
    let comp = fc & PAN_ID_COMPRESSION != 0;
    if version < 2 {
        return (dst_mode != 0, src_mode != 0 && !comp);
    }
    match (dst_mode != 0, src_mode != 0) {
        (false, false) => (comp, false),
        (false, true) => (false, !comp),
        (true, false) => (!comp, false),
        (true, true) => {
            if dst_mode == 3 && src_mode == 3 {
                (!comp, false)
            } else if dst_mode == 2 && src_mode == 3 {
                // tcpdump follows the 6TiSCH implementations here: no
                // source PAN id.
                (true, false)
            } else {
                (true, !comp)
            }
        }
    }
}

/// An address of `mode` (0 none, 2 short, 3 extended), little-endian on
/// the wire.
pub(super) fn address(cx: &mut Ctx, a: &[u8]) {
    match a.len() {
        0 => cx.s("none"),
        2 => fmt::put_hex_padded(cx.out, u16::from_le_bytes([a[0], a[1]]) as u64, 4),
        _ => {
            for (i, &b) in a.iter().rev().enumerate() {
                if i > 0 {
                    cx.b(b':');
                }
                fmt::put_hex2(cx.out, b);
            }
        }
    }
}

pub fn ieee802154(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    let caplen = d.len().min(length);
    frame(cx, d, caplen, ll_len)
}

/// A frame inside another protocol (ZEP), `len` bytes long by its
/// header; `ll_len` is set to the MAC header's length when it was read
/// whole.
pub fn ieee802154_inner(cx: &mut Ctx, d: &[u8], len: usize, ll_len: &mut usize) -> R {
    frame(cx, d, len, ll_len)
}

/// The frame in `d[..caplen]`; the FCS candidates at its end are read
/// first, so a frame cut short of `caplen` stops there. `ll_len` is what
/// tcpdump's printer returns (the dump starts there): 1 for a standard
/// frame, 0 where it gave up.
fn frame(cx: &mut Ctx, d: &[u8], caplen: usize, ll_len: &mut usize) -> R {
    cx.proto = "802.15.4";
    if caplen < 2 {
        cx.trunc_marker();
        *ll_len = caplen;
        return Ok(());
    }
    let fc = u16::from_le_bytes([d.u8_at(0)?, d.u8_at(1)?]);
    let ftype = (fc & 0x07) as usize;
    let version = ((fc >> 12) & 0x03) as u8;
    cx.s("IEEE 802.15.4 ");
    cx.s(TYPES[ftype]);
    cx.s(" packet ");
    *ll_len = 0;
    match ftype {
        // Reserved, fragment and extended frames are not decoded.
        4 | 6 | 7 => return Ok(()),
        5 => return multipurpose(cx, d, caplen, fc, ll_len),
        _ => {}
    }
    // The FCS: 4 bytes, else 2, else none (a frame too short for one
    // shows an empty one).
    let mut end = caplen;
    let (mut stored, mut computed) = (0u32, 0u32);
    if caplen >= 4 {
        let f = d.range(caplen - 4, 4)?;
        stored = u32::from_le_bytes([f[0], f[1], f[2], f[3]]);
        computed = crc32(&d[..caplen - 4]);
        if stored == computed {
            end -= 4;
        } else {
            stored = u16::from_le_bytes([f[2], f[3]]) as u32;
            computed = crc16(&d[..caplen - 2]) as u32;
            if stored == computed {
                end -= 2;
            }
        }
    }
    let full = d;
    let d = &d[..end.min(d.len())];
    cx.b(b'v');
    cx.u(version as u64);
    cx.b(b' ');
    if cx.opts.verbose > 2 {
        for (bit, name) in [
            (SECURITY, "Security Enabled, "),
            (FRAME_PENDING, "Frame Pending, "),
            (ACK_REQUEST, "AR, "),
            (PAN_ID_COMPRESSION, "PAN ID Compression, "),
            (SEQ_SUPPRESSION, "Sequence Number Suppression, "),
            (IE_PRESENT, "IE present, "),
        ] {
            if fc & bit != 0 {
                cx.s(name);
            }
        }
    }
    let mut at = 2;
    if fc & SEQ_SUPPRESSION != 0 {
        if version < 2 {
            cx.s("[ERROR: Sequence number suppressed on frames where version < 2]");
        }
        if cx.opts.verbose > 0 {
            cx.s("seq suppressed ");
        }
        if end < 2 {
            cx.trunc_marker();
            return Ok(());
        }
    } else {
        let seq = full.u8_at(2)?;
        if cx.opts.verbose > 0 {
            cx.s("seq ");
            fmt::put_hex2(cx.out, seq);
            cx.b(b' ');
        }
        if end < 3 {
            cx.trunc_marker();
            return Ok(());
        }
        at = 3;
    }
    let dst_mode = ((fc >> 10) & 0x03) as u8;
    let src_mode = ((fc >> 14) & 0x03) as u8;
    if src_mode == 1 {
        cx.s("[ERROR: Invalid src address mode]");
        return Ok(());
    }
    if dst_mode == 1 {
        cx.s("[ERROR: Invalid dst address mode]");
        return Ok(());
    }
    if version < 2 && fc & PAN_ID_COMPRESSION != 0 && (dst_mode == 0 || src_mode == 0) {
        cx.s("[ERROR: PAN ID Compression != 0, and only one address with frame version < 2]");
    }
    let (dst_pan, src_pan) = pans(version, fc, dst_mode, src_mode);
    // Lengths are checked against the frame's (`end`), the bytes read
    // from what was captured.
    let mut part = |cx: &mut Ctx, pan: bool, mode: u8| -> R<bool> {
        if pan {
            if at + 2 > end {
                // tcpdump names the destination for either PAN and
                // either address.
                cx.s("[ERROR: Truncated before dst_pan]");
                return Ok(false);
            }
            let p = d.range(at, 2)?;
            fmt::put_hex_padded(cx.out, u16::from_le_bytes([p[0], p[1]]) as u64, 4);
            cx.b(b':');
            at += 2;
        } else {
            cx.s("-:");
        }
        let n = addr_len(mode);
        if at + n > end {
            cx.s("[ERROR: Truncated before dst_addr]");
            return Ok(false);
        }
        address(cx, d.range(at, n)?);
        at += n;
        Ok(true)
    };
    if !part(cx, dst_pan, dst_mode)? {
        return Ok(());
    }
    cx.s(" < ");
    if !part(cx, src_pan, src_mode)? {
        return Ok(());
    }
    cx.b(b' ');
    let Some((at, pend)) = after_addresses(
        cx,
        d,
        full,
        at,
        fc & SECURITY != 0,
        fc & IE_PRESENT != 0,
        (stored, computed),
    )?
    else {
        return Ok(());
    };
    *ll_len = 1;
    let payload = &d[at..pend];
    match ftype {
        0 if version < 2 => beacon(cx, payload)?,
        3 => command(cx, payload, full.get(at + 1..).unwrap_or(&[]))?,
        _ => {
            if !payload.is_empty() {
                cx.default_print_unless_dumped(payload);
            }
        }
    }
    Ok(())
}

/// What follows the addresses in both frame formats: the auxiliary
/// security header, the header and payload IEs, then (`-vvv`) the MIC and
/// the FCS check (`fcs`: stored and computed). The payload's range in
/// `d`, `None` where tcpdump gives up. `all`: every captured byte (tcpdump
/// reads some elements past their end).
fn after_addresses(
    cx: &mut Ctx,
    d: &[u8],
    all: &[u8],
    mut at: usize,
    security: bool,
    ies: bool,
    fcs: (u32, u32),
) -> R<Option<(usize, usize)>> {
    let mut level = 0;
    if security {
        let Some((n, l)) = aux_security(cx, &d[at..]) else {
            return Ok(None);
        };
        at += n;
        level = l;
    }
    let mic = match level & 3 {
        0 => 0,
        1 => 4,
        2 => 8,
        _ => 16,
    };
    let mut pend = d.len();
    if mic > 0 {
        if pend - at < mic {
            cx.s("[ERROR: Truncated before MIC]");
            return Ok(None);
        }
        pend -= mic;
    }
    let mut payload_ies = false;
    if ies {
        let Some((n, more)) = ie::header_ies(cx, &all[at..], pend - at)? else {
            return Ok(None);
        };
        at += n;
        payload_ies = more;
    }
    if payload_ies {
        if level >= 4 {
            cx.s("Payload IEs present, but encrypted, cannot print ");
        } else {
            let Some(n) = ie::payload_ies(cx, &all[at..], pend - at)? else {
                return Ok(None);
            };
            at += n;
        }
    }
    if cx.opts.verbose > 2 {
        if mic > 0 {
            cx.s("\n\tMIC ");
            for &b in &d[pend..pend + mic] {
                fmt::put_hex2(cx.out, b);
            }
            cx.b(b' ');
        }
        let (stored, computed) = fcs;
        if stored == computed {
            cx.s("FCS ");
            fmt::put_hex(cx.out, stored as u64);
            cx.b(b' ');
        } else {
            cx.s("wrong FCS ");
            fmt::put_hex(cx.out, stored as u64);
            cx.s(" vs ");
            fmt::put_hex(cx.out, computed as u64);
            cx.s(" (assume no FCS stored) ");
        }
    }
    Ok(Some((at, pend)))
}

/// A multipurpose frame: a short (1-byte) or long frame control, its
/// own address modes, and the payload in hex.
fn multipurpose(cx: &mut Ctx, d: &[u8], caplen: usize, fc: u16, ll_len: &mut usize) -> R {
    // The FCS: none below 3 bytes, 2 up to 4, else 4 or 2.
    let mut end = caplen;
    let (mut stored, mut computed) = (0u32, 0u32);
    if caplen >= 3 {
        if caplen > 4 {
            let f = d.range(caplen - 4, 4)?;
            stored = u32::from_le_bytes([f[0], f[1], f[2], f[3]]);
            computed = crc32(&d[..caplen - 4]);
        }
        if caplen > 4 && stored == computed {
            end -= 4;
        } else {
            let f = d.range(caplen - 2, 2)?;
            stored = u16::from_le_bytes([f[0], f[1]]) as u32;
            computed = crc16(&d[..caplen - 2]) as u32;
            if stored == computed {
                end -= 2;
            }
        }
    }
    let full = d;
    let d = &d[..end.min(d.len())];
    let long = fc & 0x08 != 0;
    let (mut pan, mut security, mut ies) = (false, false, false);
    let at;
    if long {
        cx.b(b'v');
        cx.u(((fc >> 12) & 0x03) as u64);
        cx.b(b' ');
        pan = fc & 0x0100 != 0;
        ies = fc & 0x8000 != 0;
        security = fc & 0x0200 != 0;
        if cx.opts.verbose > 2 {
            for (on, name) in [
                (security, "Security Enabled, "),
                (fc & 0x0800 != 0, "Frame Pending, "),
                (fc & 0x4000 != 0, "AR, "),
                (pan, "PAN ID Present, "),
                (fc & 0x0400 != 0, "Sequence Number Suppression, "),
                (ies, "IE present, "),
            ] {
                if on {
                    cx.s(name);
                }
            }
        }
        if fc & 0x0400 != 0 {
            if end < 2 {
                cx.trunc_marker();
                return Ok(());
            }
            at = 2;
        } else {
            let seq = full.u8_at(2)?;
            if cx.opts.verbose > 0 {
                cx.s("seq ");
                fmt::put_hex2(cx.out, seq);
                cx.b(b' ');
            }
            if end < 3 {
                cx.trunc_marker();
                return Ok(());
            }
            at = 3;
        }
    } else {
        let seq = full.u8_at(1)?;
        if cx.opts.verbose > 0 {
            cx.s("seq ");
            fmt::put_hex2(cx.out, seq);
            cx.b(b' ');
        }
        at = 2;
    }
    let mut at = at.min(d.len());
    let dst_mode = ((fc >> 4) & 0x03) as u8;
    let src_mode = ((fc >> 6) & 0x03) as u8;
    if src_mode == 1 {
        cx.s("[ERROR: Invalid src address mode]");
        return Ok(());
    }
    if dst_mode == 1 {
        cx.s("[ERROR: Invalid dst address mode]");
        return Ok(());
    }
    if pan {
        let Some(p) = d.get(at..at + 2) else {
            cx.s("[ERROR: Truncated before dst_pan]");
            return Ok(());
        };
        fmt::put_hex_padded(cx.out, u16::from_le_bytes([p[0], p[1]]) as u64, 4);
        cx.b(b':');
        at += 2;
    } else {
        cx.s("-:");
    }
    for (i, mode) in [dst_mode, src_mode].into_iter().enumerate() {
        if i == 1 {
            cx.s(" <  -:");
        }
        let n = addr_len(mode);
        let Some(a) = d.get(at..at + n) else {
            cx.s("[ERROR: Truncated before dst_addr]");
            return Ok(());
        };
        address(cx, a);
        at += n;
    }
    cx.b(b' ');
    let Some((at, pend)) = after_addresses(cx, d, full, at, security, ies, (stored, computed))?
    else {
        return Ok(());
    };
    *ll_len = 1;
    let payload = &d[at..pend];
    if !payload.is_empty() {
        cx.default_print_unless_dumped(payload);
    }
    Ok(())
}

/// The length of an address of `mode` (0 none, 2 short, 3 extended).
fn addr_len(mode: u8) -> usize {
    match mode {
        2 => 2,
        3 => 8,
        _ => 0,
    }
}

/// The auxiliary security header: its length and the security level,
/// `None` when it is cut short (the error is printed).
fn aux_security(cx: &mut Ctx, d: &[u8]) -> Option<(usize, u8)> {
    let Some(&sc) = d.first() else {
        cx.s("[ERROR: Truncated before Aux Security Header]");
        return None;
    };
    let (level, mode) = (sc & 0x07, (sc >> 3) & 0x03);
    let v = cx.opts.verbose;
    if v > 0 {
        cx.s("\n\tSecurity Level ");
        cx.u(level as u64);
        cx.s(", Key Id Mode ");
        cx.u(mode as u64);
        cx.s(", ");
    }
    let mut at = 1;
    if sc & 0x20 == 0 {
        let Some(c) = d.get(1..5) else {
            cx.s("[ERROR: Truncated before Frame Counter]");
            return None;
        };
        if v > 1 {
            cx.s("Frame Counter 0x");
            fmt::put_hex_padded(
                cx.out,
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as u64,
                8,
            );
            cx.b(b' ');
        }
        at = 5;
    }
    match mode {
        0 => {
            if v > 1 {
                cx.s("Implicit");
            }
            return Some((at, level));
        }
        2 => {
            let Some(k) = d.get(at..at + 4) else {
                cx.s("[ERROR: Truncated before Key Source]");
                return None;
            };
            if v > 1 {
                // tcpdump's format shows the second half without padding,
                // followed by "4x".
                cx.s("KeySource 0x");
                fmt::put_hex_padded(cx.out, u16::from_le_bytes([k[0], k[1]]) as u64, 4);
                cx.b(b':');
                fmt::put_hex(cx.out, u16::from_le_bytes([k[2], k[3]]) as u64);
                cx.s("4x, ");
            }
            at += 4;
        }
        3 => {
            let Some(k) = d.get(at..at + 8) else {
                cx.s("[ERROR: Truncated before Key Source]");
                return None;
            };
            if v > 1 {
                cx.s("KeySource ");
                address(cx, k);
                cx.s(", ");
            }
            // tcpdump steps over only half of the extended key source.
            at += 4;
        }
        _ => {}
    }
    let Some(&index) = d.get(at) else {
        cx.s("[ERROR: Truncated before Key Index]");
        return None;
    };
    if v > 1 {
        cx.s("KeyIndex 0x");
        fmt::put_hex2(cx.out, index);
        cx.s(", ");
    }
    Some((at + 1, level))
}

static COMMANDS: &[(u8, &str)] = &[
    (0x01, "Association Request command"),
    (0x02, "Association Response command"),
    (0x03, "Disassociation Notification command"),
    (0x04, "Data Request command"),
    (0x05, "PAN ID Conflict Notification command"),
    (0x06, "Orphan Notification command"),
    (0x07, "Beacon Request command"),
    (0x08, "Coordinator realignment command"),
    (0x09, "GTS request command"),
    (0x0a, "TRLE Management Request command"),
    (0x0b, "TRLE Management Response command"),
    (0x13, "DSME Association Request command"),
    (0x14, "DSME Association Response command"),
    (0x15, "DSME GTS Request command"),
    (0x16, "DSME GTS Response command"),
    (0x17, "DSME GTS Notify command"),
    (0x18, "DSME Information Request command"),
    (0x19, "DSME Information Response command"),
    (0x1a, "DSME Beacon Allocation Notification command"),
    (0x1b, "DSME Beacon Collision Notification command"),
    (0x1c, "DSME Link Report command"),
    (0x20, "RIT Data Request command"),
    (0x21, "DBS Request command"),
    (0x22, "DBS Response command"),
    (0x23, "RIT Data Response command"),
    (0x24, "Vendor Specific command"),
];

/// A MAC command: its id, the fields of the commands tcpdump decodes,
/// the data of the others, then what is left in hex. `after`: the
/// captured bytes from the command's data on (tcpdump reads one field
/// past the frame).
fn command(cx: &mut Ctx, p: &[u8], after: &[u8]) -> R {
    let Some(&id) = p.first() else {
        cx.s("[ERROR: Truncated before Command ID]");
        return Ok(());
    };
    cx.s("Command ID = ");
    match tables::lookup(COMMANDS, id) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Reserved 0x");
            fmt::put_hex2(cx.out, id);
        }
    }
    cx.b(b' ');
    let data = &p[1..];
    let mut rest = data;
    if !data.is_empty() {
        if let Some(n) = command_data(cx, id, data, after)? {
            rest = &data[n..];
        }
    }
    if !rest.is_empty() {
        cx.default_print_unless_dumped(rest);
    }
    Ok(())
}

/// A command's data: how much was decoded, `None` for a wrong length.
fn command_data(cx: &mut Ctx, id: u8, data: &[u8], after: &[u8]) -> R<Option<usize>> {
    let invalid = |cx: &mut Ctx, name: &str| {
        cx.s("Invalid ");
        cx.s(name);
        cx.s(" command length");
        Ok(None)
    };
    match id {
        0x01 => {
            let [c] = data else {
                return invalid(cx, "Association request");
            };
            cx.s(if c & 0x02 != 0 { "FFD, " } else { "RFD, " });
            for (bit, name) in [
                (0x04, "AC powered, "),
                (0x08, "Receiver on when idle, "),
                (0x10, "Fast association, "),
                (0x40, "Security supported, "),
                (0x80, "Allocate address, "),
            ] {
                if c & bit != 0 {
                    cx.s(name);
                }
            }
        }
        0x02 => {
            if data.len() != 3 {
                return invalid(cx, "Association response");
            }
            cx.s("Short address = ");
            address(cx, &data[..2]);
            match tables::lookup(ASSOC_STATUS, data[2]) {
                Some(n) => cx.s(n),
                None => {
                    cx.s(", Status = 0x");
                    fmt::put_hex2(cx.out, data[2]);
                }
            }
        }
        0x03 => {
            if data.len() != 1 {
                return invalid(cx, "Disassociation Notification");
            }
            match data[0] {
                0 => cx.s("Reserved"),
                1 => cx.s("Reason = The coordinator wishes the device to leave PAN"),
                2 => cx.s("Reason = The device wishes to leave the PAN"),
                _ => {
                    // tcpdump shows the byte two places on.
                    let b = after.u8_at(2)?;
                    cx.s("Reason = 0x");
                    fmt::put_hex2(cx.out, b);
                }
            }
        }
        0x04..=0x07 => return Ok(Some(0)),
        0x08 => {
            if !(7..=8).contains(&data.len()) {
                return invalid(cx, "Coordinator Realignment");
            }
            cx.s("Pan ID = 0x");
            fmt::put_hex_padded(cx.out, u16::from_le_bytes([data[0], data[1]]) as u64, 4);
            cx.s(", Coordinator short address = ");
            address(cx, &data[2..4]);
            let mut channel = data[4] as u16;
            let page = data.get(7).copied().unwrap_or(0x80);
            cx.s(", Channel Number = ");
            if page & 0x80 != 0 {
                channel |= ((page & 0x7f) as u16) << 8;
                cx.u(channel as u64);
            } else {
                cx.u(channel as u64);
                cx.s(", page = ");
                cx.u(page as u64);
            }
            cx.s(", Short address = ");
            address(cx, &data[5..7]);
        }
        0x09 => {
            let [g] = data else {
                return invalid(cx, "GTS Request");
            };
            cx.s("GTS Length = ");
            cx.u((g & 0x0f) as u64);
            cx.s(if g & 0x10 != 0 {
                ", Receive-only GTS, "
            } else {
                ", Transmit-only GTS, "
            });
            cx.s(if g & 0x20 != 0 {
                "GTS allocation"
            } else {
                "GTS deallocations"
            });
        }
        _ => {
            cx.s("Command Data = ");
            for &b in data {
                fmt::put_hex2(cx.out, b);
                cx.b(b' ');
            }
            return Ok(Some(0));
        }
    }
    Ok(Some(data.len()))
}

static ASSOC_STATUS: &[(u8, &str)] = &[
    (0x00, ", Association successful"),
    (0x01, ", PAN at capacity"),
    (0x02, ", PAN access denied"),
    (0x03, ", Hooping sequence offset duplication"),
    (0x80, ", Fast association successful"),
];

/// A beacon's superframe specification (`-v`), GTS and pending address
/// fields (their lists with `-vv`), then its payload in hex.
fn beacon(cx: &mut Ctx, p: &[u8]) -> R {
    let v = cx.opts.verbose;
    let Some(sf) = p.get(0..2) else {
        cx.s("[ERROR: Truncated before beacon information]");
        return Ok(());
    };
    superframe_spec(cx, u16::from_le_bytes([sf[0], sf[1]]));
    let Some(&gts) = p.get(2) else {
        cx.s("[ERROR: Truncated before GTS info]");
        return Ok(());
    };
    let count = (gts & 0x07) as usize;
    let mut at = 3;
    if count == 0 {
        if v > 0 {
            cx.s("\n\tGTS Descriptor Count = 0, ");
        }
    } else {
        let n = 2 + 3 * count;
        let Some(g) = p.get(2..2 + n) else {
            cx.s(" [ERROR: Truncated GTS Info List]");
            return Ok(());
        };
        if v > 1 {
            cx.s("GTS Descriptor Count = ");
            cx.u(count as u64);
            cx.s(", GTS Directions Mask = ");
            fmt::put_hex2(cx.out, g[1] & 0x7f);
            cx.s(", [ ");
            for i in 0..count {
                let o = 2 + 3 * i;
                cx.s("[ ");
                address(cx, &g[o..o + 2]);
                // tcpdump takes the slot and length from the byte after
                // the address's first.
                cx.s(", Start slot = ");
                cx.u((g[o + 1] & 0x0f) as u64);
                cx.s(", Length = ");
                cx.u((g[o + 1] >> 4) as u64);
                cx.s(" ] ");
            }
            cx.b(b']');
        }
        at = 2 + n;
    }
    let Some(&pending) = p.get(at) else {
        cx.s("[ERROR: Truncated before pending addresses]");
        return Ok(());
    };
    let Some(n) = pending_addresses(cx, pending, &p[at..]) else {
        return Ok(());
    };
    let rest = &p[at + n..];
    if !rest.is_empty() {
        cx.default_print_unless_dumped(rest);
    }
    Ok(())
}

/// A superframe specification (`-v`): beacon and superframe order, final
/// CAP slot and flags.
pub(super) fn superframe_spec(cx: &mut Ctx, sf: u16) {
    if cx.opts.verbose == 0 {
        return;
    }
    cx.s("\n\tBeacon order = ");
    cx.u((sf & 0x0f) as u64);
    cx.s(", Superframe order = ");
    cx.u(((sf >> 4) & 0x0f) as u64);
    cx.s(", Final CAP Slot = ");
    cx.u(((sf >> 8) & 0x0f) as u64);
    for (bit, name) in [
        (0x1000, ", BLE enabled"),
        (0x4000, ", PAN Coordinator"),
        (0x8000, ", Association Permit"),
    ] {
        if sf & bit != 0 {
            cx.s(name);
        }
    }
}

/// A pending address specification (`pending`) and its address lists in
/// `list` (which starts with the specification): the counts with `-v`,
/// the lists with `-vv`. The length, `None` when the lists are cut short.
pub(super) fn pending_addresses(cx: &mut Ctx, pending: u8, list: &[u8]) -> Option<usize> {
    let v = cx.opts.verbose;
    let (shorts, longs) = ((pending & 0x07) as usize, ((pending >> 4) & 0x07) as usize);
    let n = 1 + 2 * shorts + 8 * longs;
    if v > 0 {
        cx.s("\n\tPending address list, # short addresses = ");
        cx.u(shorts as u64);
        cx.s(", # extended addresses = ");
        cx.u(longs as u64);
    }
    let Some(list) = list.get(..n) else {
        cx.s(" [ERROR: Pending address list truncated]");
        return None;
    };
    if v > 1 {
        for (count, size, o, name) in [
            (shorts, 2, 1, ", Short address list = [ "),
            (longs, 8, 1 + 2 * shorts, ", Extended address list = [ "),
        ] {
            if count > 0 {
                cx.s(name);
                for i in 0..count {
                    address(cx, &list[o + i * size..o + (i + 1) * size]);
                    cx.b(b' ');
                }
                cx.b(b']');
            }
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fcs_is_crc16_kermit() {
        assert_eq!(crc16(b"123456789"), 0x2189);
        assert_eq!(crc16(&[]), 0);
    }

    #[test]
    fn four_byte_fcs_is_crc32_from_zero() {
        assert_eq!(crc32(b"123456789"), 0x2dfd_2d88);
        assert_eq!(crc32(&[]), 0);
    }

    #[test]
    fn pan_ids_by_version_and_modes() {
        assert_eq!(pans(0, PAN_ID_COMPRESSION, 2, 2), (true, false));
        assert_eq!(pans(1, 0, 2, 3), (true, true));
        assert_eq!(pans(2, 0, 2, 3), (true, false));
        assert_eq!(pans(2, 0, 3, 2), (true, true));
        assert_eq!(pans(2, PAN_ID_COMPRESSION, 3, 3), (false, false));
        assert_eq!(pans(2, 0, 0, 0), (false, false));
    }
}
