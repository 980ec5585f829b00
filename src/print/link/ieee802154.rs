//! IEEE 802.15.4 with FCS (LINKTYPE_IEEE802_15_4_WITHFCS, 195): the MAC
//! header (frame type and version, `-vvv` flags, `-v` sequence number,
//! PAN ids and addresses), the FCS check (a frame whose FCS does not
//! match is taken as having none), and the payload in hex.

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

/// CRC-16/KERMIT, the 802.15.4 FCS.
fn crc16(d: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in d {
        crc ^= b as u16;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x8408
            } else {
                crc >> 1
            };
        }
    }
    crc
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
            } else {
                (true, !comp)
            }
        }
    }
}

/// An address of `mode` (0 none, 2 short, 3 extended), little-endian on
/// the wire.
fn address(cx: &mut Ctx, a: &[u8]) {
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
/// first, so a frame cut short of `caplen` stops there.
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
    if ftype != 5 && caplen >= 4 && d.len() < caplen {
        return Err(Trunc);
    }
    cx.b(b'v');
    cx.u(version as u64);
    cx.b(b' ');
    if ftype == 5 {
        // The multipurpose frame's short frame control is not decoded.
        cx.trunc_marker();
        return Ok(());
    }
    let d = &d[..caplen.min(d.len())];
    if cx.opts.verbose > 2 {
        for (bit, name) in [
            (SECURITY, "Security Enabled, "),
            (FRAME_PENDING, "Frame Pending, "),
            (ACK_REQUEST, "AR, "),
            (PAN_ID_COMPRESSION, "PAN ID Compression, "),
            (SEQ_SUPPRESSION, "Sequence Number Suppression, "),
            (IE_PRESENT, "IE present, "),
        ] {
            if fc & bit != 0 && (version == 2 || bit < SEQ_SUPPRESSION) {
                cx.s(name);
            }
        }
    }
    let mut at = 2;
    if version == 2 && fc & SEQ_SUPPRESSION != 0 {
        if cx.opts.verbose > 0 {
            cx.s("seq suppressed ");
        }
    } else {
        let Some(&seq) = d.get(at) else {
            cx.s("[ERROR: Truncated before seq_no]");
            return Ok(());
        };
        at += 1;
        if cx.opts.verbose > 0 {
            cx.s("seq ");
            fmt::put_hex2(cx.out, seq);
            cx.b(b' ');
        }
    }
    let dst_mode = ((fc >> 10) & 0x03) as u8;
    let src_mode = ((fc >> 14) & 0x03) as u8;
    let alen = |mode: u8| match mode {
        2 => 2,
        3 => 8,
        _ => 0,
    };
    let (dst_pan, src_pan) = pans(version, fc, dst_mode, src_mode);
    let mut part = |cx: &mut Ctx, pan: bool, mode: u8, which: &str| -> bool {
        if pan {
            let Some(p) = d.get(at..at + 2) else {
                cx.s("[ERROR: Truncated before ");
                cx.s(which);
                cx.s("_pan]");
                return false;
            };
            fmt::put_hex_padded(cx.out, u16::from_le_bytes([p[0], p[1]]) as u64, 4);
            cx.b(b':');
            at += 2;
        } else {
            cx.s("-:");
        }
        let n = alen(mode);
        let Some(a) = d.get(at..at + n) else {
            // tcpdump names the destination for either address.
            cx.s("[ERROR: Truncated before dst_addr]");
            return false;
        };
        address(cx, a);
        at += n;
        true
    };
    if !part(cx, dst_pan, dst_mode, "dst") {
        return Ok(());
    }
    cx.s(" < ");
    if !part(cx, src_pan, src_mode, "src") {
        return Ok(());
    }
    cx.b(b' ');
    *ll_len = at;
    // The FCS, if the last two bytes are one.
    let mut end = d.len();
    if d.len() > at && d.len() >= 2 {
        let stored = u16::from_le_bytes([d[end - 2], d[end - 1]]);
        let computed = crc16(&d[..end - 2]);
        if stored == computed {
            end -= 2;
            if cx.opts.verbose > 2 {
                cx.s("FCS ");
                fmt::put_hex(cx.out, stored as u64);
                cx.b(b' ');
            }
        } else if cx.opts.verbose > 2 {
            cx.s("wrong FCS ");
            fmt::put_hex(cx.out, stored as u64);
            cx.s(" vs ");
            fmt::put_hex(cx.out, computed as u64);
            cx.s(" (assume no FCS stored) ");
        }
    }
    if d.len() == at && cx.opts.verbose > 2 {
        // Nothing after the header: tcpdump shows an empty FCS.
        cx.s("FCS 0 ");
    }
    let payload = &d[at.min(end)..end];
    match ftype {
        0 if version < 2 => beacon(cx, payload),
        3 if version < 2 => command(cx, payload),
        _ => {
            if !payload.is_empty() {
                cx.default_print_unless_dumped(payload);
            }
        }
    }
    Ok(())
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

/// A MAC command: its id, and the data of one this printer does not
/// decode.
fn command(cx: &mut Ctx, p: &[u8]) {
    let Some(&id) = p.first() else {
        cx.s("[ERROR: Truncated before Command ID]");
        return;
    };
    cx.s("Command ID = ");
    let data = &p[1..];
    match tables::lookup(COMMANDS, id).filter(|_| id != 0x24) {
        Some(n) => {
            cx.s(n);
            cx.b(b' ');
            if id == 0x01 {
                // Association request: the capability information.
                match data {
                    [] => {}
                    [c] => {
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
                    _ => {
                        cx.s("Invalid Association request command length");
                        cx.default_print_unless_dumped(data);
                    }
                }
            } else if !matches!(id, 0x04..=0x07) && !data.is_empty() {
                // Commands without a payload are complete; the others'
                // fields are not decoded.
                cx.default_print_unless_dumped(data);
            }
        }
        None => {
            if id == 0x24 {
                cx.s("Vendor Specific command");
            } else {
                cx.s("Reserved 0x");
                fmt::put_hex2(cx.out, id);
            }
            cx.s(" Command Data = ");
            for &b in data {
                fmt::put_hex2(cx.out, b);
                cx.b(b' ');
            }
            if !data.is_empty() {
                cx.default_print_unless_dumped(data);
            }
        }
    }
}

/// A beacon's superframe specification, GTS and pending address fields
/// (shown with `-v`), then its payload in hex.
fn beacon(cx: &mut Ctx, p: &[u8]) {
    let (Some(sf), Some(&gts)) = (p.get(0..2), p.get(2)) else {
        cx.default_print_unless_dumped(p);
        return;
    };
    let sf = u16::from_le_bytes([sf[0], sf[1]]);
    let mut at = 3;
    let count = (gts & 0x07) as usize;
    if count > 0 {
        at += 1 + 3 * count;
    }
    let Some(&pending) = p.get(at) else {
        return;
    };
    at += 1;
    let (shorts, longs) = ((pending & 0x07) as usize, ((pending >> 4) & 0x07) as usize);
    at += 2 * shorts + 8 * longs;
    if cx.opts.verbose > 0 {
        cx.s("\n\tBeacon order = ");
        cx.u((sf & 0x0f) as u64);
        cx.s(", Superframe order = ");
        cx.u(((sf >> 4) & 0x0f) as u64);
        cx.s(", Final CAP Slot = ");
        cx.u(((sf >> 8) & 0x0f) as u64);
        if sf & 0x1000 != 0 {
            cx.s(", BLE enabled");
        }
        if sf & 0x4000 != 0 {
            cx.s(", PAN Coordinator");
        }
        if sf & 0x8000 != 0 {
            cx.s(", Association Permit");
        }
        cx.s("\n\tGTS Descriptor Count = ");
        cx.u(count as u64);
        cx.s(", ");
        cx.s("\n\tPending address list, # short addresses = ");
        cx.u(shorts as u64);
        cx.s(", # extended addresses = ");
        cx.u(longs as u64);
    }
    if let Some(rest) = p.get(at..).filter(|r| !r.is_empty()) {
        cx.default_print_unless_dumped(rest);
    }
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
    fn pan_ids_by_version_and_modes() {
        assert_eq!(pans(0, PAN_ID_COMPRESSION, 2, 2), (true, false));
        assert_eq!(pans(1, 0, 2, 3), (true, true));
        assert_eq!(pans(2, 0, 2, 3), (true, true));
        assert_eq!(pans(2, PAN_ID_COMPRESSION, 3, 3), (false, false));
        assert_eq!(pans(2, 0, 0, 0), (false, false));
    }
}
