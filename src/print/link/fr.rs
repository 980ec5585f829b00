//! Frame Relay (LINKTYPE_FRELAY, 107): the Q.922 address (2, 3 or 4
//! bytes), then either Cisco's EtherType encapsulation or an RFC 2427 UI
//! frame with an NLPID (IP, IPv6, SNAP, OSI, Q.933 signalling, FRF.15
//! fragments). A frame whose EtherType is not decoded is read again as
//! the RFC 2427 form, as tcpdump does.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// A decoded Q.922 address.
#[derive(Clone, Copy)]
pub struct Q922 {
    pub len: usize,
    pub dlci: u32,
    /// C/R, DE, BECN, FECN, and the D/C bit of a 3- or 4-byte address.
    pub flags: [bool; 5],
}

/// Parse a Q.922 address; `Ok(None)` if no byte of the first four ends it
/// (or the first does).
pub fn q922(d: &[u8]) -> R<Option<Q922>> {
    let b0 = d.u8_at(0)?;
    if b0 & 0x01 != 0 {
        return Ok(None);
    }
    let b1 = d.u8_at(1)?;
    let flags = [
        b0 & 0x02 != 0,
        b1 & 0x02 != 0,
        b1 & 0x04 != 0,
        b1 & 0x08 != 0,
        false,
    ];
    let mut dlci = ((b0 as u32 >> 2) << 4) | (b1 as u32 >> 4);
    if b1 & 0x01 != 0 {
        return Ok(Some(Q922 {
            len: 2,
            dlci,
            flags,
        }));
    }
    let b2 = d.u8_at(2)?;
    if b2 & 0x01 != 0 {
        dlci = (dlci << 6) | (b2 as u32 >> 2);
        let mut flags = flags;
        flags[4] = b2 & 0x02 != 0;
        return Ok(Some(Q922 {
            len: 3,
            dlci,
            flags,
        }));
    }
    let b3 = d.u8_at(3)?;
    if b3 & 0x01 == 0 {
        return Ok(None);
    }
    dlci = (dlci << 7) | (b2 as u32 >> 1);
    dlci = (dlci << 6) | (b3 as u32 >> 2);
    let mut flags = flags;
    flags[4] = b3 & 0x02 != 0;
    Ok(Some(Q922 {
        len: 4,
        dlci,
        flags,
    }))
}

/// `Q.922, hdr-len N, DLCI N, Flags [...], ` then the NLPID (a value up to
/// 0xff) or the Cisco EtherType, and the length.
fn header(cx: &mut Ctx, a: &Q922, proto: u16, length: usize) {
    if cx.opts.quiet {
        cx.s("Q.922, DLCI ");
        cx.u(a.dlci as u64);
        cx.s(", length ");
        cx.u(length as u64);
        cx.s(": ");
        return;
    }
    cx.s("Q.922, hdr-len ");
    cx.u(a.len as u64);
    cx.s(", DLCI ");
    cx.u(a.dlci as u64);
    cx.s(", Flags [");
    let mut any = false;
    for (set, name) in a.flags.iter().zip(["C!", "DE", "BECN", "FECN", "sdlcore"]) {
        if *set {
            if any {
                cx.s(", ");
            }
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
    cx.s("], ");
    if proto <= 0xff {
        cx.s("NLPID ");
        cx.s(tables::lookup(tables::NLPID_NAMES, proto as u8).unwrap_or("unknown"));
        cx.s(" (0x");
        fmt::put_hex2(cx.out, proto as u8);
    } else {
        cx.s("cisco-ethertype ");
        cx.s(ethertype_name(proto).unwrap_or("unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
    }
    cx.s("), length ");
    cx.u(length as u64);
    cx.s(": ");
}

/// The undecoded rest of a frame: what was captured of it, and the
/// truncation marker if that is not all of it.
pub fn rest(cx: &mut Ctx, p: &[u8], length: usize) {
    if !cx.suppress_default_print() {
        dump(cx, p, length);
    }
}

fn dump(cx: &mut Ctx, p: &[u8], length: usize) {
    cx.default_print(&p[..p.len().min(length)]);
    if p.len() < length {
        cx.trunc_marker();
    }
}

/// LINKTYPE_FRELAY (107): a frame shorter than the shortest header is
/// marked, and what there is counts as header (no dump).
pub fn fr_link(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    if d.len() < 4 {
        cx.proto = "fr";
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    }
    fr(cx, d, length, ll_len)
}

pub fn fr(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "fr";
    let Some(a) = q922(d)? else {
        cx.s("Q.922, invalid address");
        return Ok(());
    };
    let hl = a.len;
    // Four bytes are needed whatever the address length.
    if d.len() < 4 {
        return Err(Trunc);
    }
    let control = d.u8_at(hl)?;
    // Not UI on a DLCI other than 0: Cisco's EtherType after the address,
    // if it is one.
    let not_ui = control != 0x03 && a.dlci != 0;
    if not_ui && d.has(hl, 2) {
        let t = d.be16(hl)?;
        *ll_len = hl + 2;
        if cx.opts.link_header {
            header(cx, &a, t, length);
        }
        let (p, len) = (&d[hl + 2..], length.saturating_sub(hl + 2));
        let done = if t == 0x1111 {
            dispatch::calm_fast(cx, None, p, len)?
        } else {
            dispatch::ethertype(cx, t, p, len)?
        };
        if done {
            return Ok(());
        }
    }
    if not_ui {
        cx.s("UI ");
        fmt::put_hex2(cx.out, control);
        cx.s("! ");
    }
    // RFC 2427: a pad byte aligns the NLPID after a 3-byte address only.
    let mut at = hl + 1;
    let pad = d.u8_at(at)? == 0;
    if hl == 3 {
        if pad {
            at += 1;
        } else {
            cx.s("No pad! ");
        }
    } else if pad {
        cx.s("Pad! ");
        at += 1;
    }
    let nlpid = d.u8_at(at)?;
    if cx.opts.link_header {
        header(cx, &a, nlpid as u16, length);
    }
    at += 1;
    *ll_len = at;
    let (p, len) = (&d[at.min(d.len())..], length.saturating_sub(at));
    let q933 =
        |cx: &mut Ctx| dispatch::osi_nlpid(cx, 0x08, &d[at - 1..], length.saturating_sub(at - 1));
    let done = match nlpid {
        0xcc => dispatch::ethertype(cx, 0x0800, p, len)?,
        0x8e => dispatch::ethertype(cx, 0x86dd, p, len)?,
        0x08 => q933(cx)?,
        0x80 => snap(cx, d, at, &a, length)?,
        0x81..=0x83 => dispatch::osi(cx, &d[at - 1..], length.saturating_sub(at - 1))?,
        0xb1 => frf15(cx, p, len)?,
        0xcf => {
            dispatch::ppp_frame(cx, p, len)?;
            true
        }
        _ => false,
    };
    if !done {
        if !cx.opts.link_header {
            header(cx, &a, nlpid as u16, length);
        }
        // Only -x leaves an unknown NLPID's payload to the packet dump.
        if cx.opts.hex == 0 {
            dump(cx, p, len);
        }
    }
    Ok(())
}

/// SNAP in a UI frame (`frame[at..]`): OUI and EtherType. A cut SNAP
/// header is marked where it is (the dump then starts after the Frame
/// Relay header). A protocol not decoded is named (`SNAP, oui ...`, then
/// the Frame Relay header with all of it counted as header, unless -e
/// showed both already) and the whole frame dumped.
fn snap(cx: &mut Ctx, frame: &[u8], at: usize, a: &Q922, total: usize) -> R<bool> {
    cx.proto = "snap";
    let d = &frame[at.min(frame.len())..];
    let length = total.saturating_sub(at);
    if d.len() < 5 {
        cx.trunc_marker();
        return Ok(true);
    }
    let oui = (d[0] as u32) << 16 | (d[1] as u32) << 8 | d[2] as u32;
    let t = d.be16(3)?;
    let (p, len) = (&d[5..], length.saturating_sub(5));
    if cx.opts.link_header {
        snap_names(cx, oui, t, len);
    }
    let done = if oui == 0 {
        dispatch::ethertype(cx, t, p, len)?
    } else {
        match dispatch::snap(oui, t) {
            Some(decode) => decode(cx, p, len)?,
            None => false,
        }
    };
    if done {
        return Ok(true);
    }
    if !cx.opts.link_header {
        cx.s("SNAP, ");
        snap_names(cx, oui, t, len);
        header(cx, &Q922 { len: at, ..*a }, 0x80, total);
    }
    rest(cx, frame, total);
    Ok(true)
}

/// `oui NAME (0x...), ethertype|pid NAME (0x...), length N: `.
fn snap_names(cx: &mut Ctx, oui: u32, t: u16, length: usize) {
    cx.s("oui ");
    cx.s(tables::oui_name(oui).unwrap_or("Unknown"));
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, oui as u64, 6);
    if oui == 0 {
        cx.s("), ethertype ");
        cx.s(ethertype_name(t).unwrap_or("Unknown"));
    } else {
        cx.s("), pid ");
        let name = if oui == 0x00000c {
            tables::cisco_pid_name(t)
        } else {
            None
        };
        cx.s(name.unwrap_or("Unknown"));
    }
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, t as u64, 4);
    cx.s("), length ");
    cx.u(length as u64);
    cx.s(": ");
}

/// FRF.15 end-to-end fragmentation header.
fn frf15(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    let h = d.range(0, 2)?;
    let seq = ((h[0] as u16 & 0x0f) << 8) | h[1] as u16;
    cx.s("FRF.15, seq 0x");
    fmt::put_hex_padded(cx.out, seq as u64, 3);
    cx.s(", Flags [");
    frag_flags(cx, h[0]);
    cx.s("],");
    cx.s("End-to-End Fragmentation");
    cx.s(", length ");
    cx.u(length as u64);
    Ok(true)
}

/// The Begin, End and Control bits of an FRF.15/FRF.16 fragment header.
pub fn frag_flags(cx: &mut Ctx, b: u8) {
    let mut any = false;
    for (bit, name) in [(0x80, "Begin"), (0x40, "End"), (0x20, "Control")] {
        if b & bit != 0 {
            if any {
                cx.s(", ");
            }
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q922_addresses_of_each_length() {
        let a = q922(&[0x30, 0x11]).unwrap().unwrap();
        assert_eq!((a.len, a.dlci), (2, 193));
        let a = q922(&[0x80, 0xea, 0x9d]).unwrap().unwrap();
        assert_eq!((a.len, a.dlci), (3, 33703));
        assert_eq!(a.flags, [false, true, false, true, false]);
        let a = q922(&[0xb0, 0x00, 0x3a, 0x01]).unwrap().unwrap();
        assert_eq!((a.len, a.dlci), (4, 5769024));
        assert!(q922(&[0xd4, 0, 0, 0]).unwrap().is_none());
        assert!(q922(&[0x01, 0x01]).unwrap().is_none());
        assert_eq!(q922(&[0x00]).err(), Some(Trunc));
    }
}
