//! Ethernet (802.3 framing, 802.1Q tags, MACsec).

use crate::print::core::prelude::*;
use crate::print::dispatch;

pub const ETHERTYPE_8021Q: u16 = 0x8100;

pub const ETHERTYPE_8021Q9100: u16 = 0x9100;

pub const ETHERTYPE_8021Q9200: u16 = 0x9200;

pub const ETHERTYPE_8021QINQ: u16 = 0x88a8;

pub const ETHERTYPE_MACSEC: u16 = 0x88e5;

/// Type/length values up to this are 802.3 lengths.
pub const MAX_ETHERNET_LENGTH: u16 = 1500;

/// `ethertype NAME (0x0800)`, or the `-q` form.
pub fn ethertype_print(cx: &mut Ctx, t: u16) {
    if !cx.opts.quiet {
        cx.s("ethertype ");
        cx.s(ethertype_name(t).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.b(b')');
    } else {
        match ethertype_name(t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown Ethertype (0x");
                fmt::put_hex_padded(cx.out, t as u64, 4);
                cx.b(b')');
            }
        }
    }
}

fn ether_addresses(cx: &mut Ctx, data: &[u8]) {
    cx.mac(&data[6..12]);
    cx.s(" > ");
    cx.mac(&data[0..6]);
    cx.s(", ");
}

/// An Ethernet frame carried inside another protocol (GRE's TEB).
pub fn ether_inner(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    ether(cx, &data[..data.len().min(length)], length, ll_len)
}

pub fn ether(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    frame(cx, data, length, ll_len, 12, None, data.get(..12))
}

/// What follows a header that ends in an EtherType (Arista's): that
/// EtherType is at `type_at` in `data`, the bytes before it are not
/// addresses and are not printed; `shown_length` is the length to print.
/// `macs`: the outer frame's destination and source addresses (12 bytes),
/// named when the payload is not decoded.
pub fn after_type(
    cx: &mut Ctx,
    macs: Option<&[u8]>,
    data: &[u8],
    length: usize,
    ll_len: &mut usize,
    type_at: usize,
    shown_length: usize,
) -> R {
    frame(cx, data, length, ll_len, type_at, Some(shown_length), macs)
}

fn frame(
    cx: &mut Ctx,
    data: &[u8],
    length: usize,
    ll_len: &mut usize,
    type_at: usize,
    inner: Option<usize>,
    macs: Option<&[u8]>,
) -> R {
    let macs = macs.filter(|m| m.len() >= 12);
    cx.proto = "ether";
    let caplen = data.len();
    if length < caplen {
        cx.s("[length ");
        cx.u(length as u64);
        cx.s(" < caplen ");
        cx.u(caplen as u64);
        cx.s("] (invalid)");
        *ll_len = length;
        return Ok(());
    }
    if caplen < type_at + 2 {
        *ll_len = caplen;
        cx.trunc_marker();
        return Ok(());
    }
    if length < type_at + 2 {
        *ll_len = length;
        cx.trunc_marker();
        return Ok(());
    }
    let orig_length = inner.unwrap_or(length);
    let mut hdrlen = type_at + 2;
    let mut p = &data[type_at..];
    let mut length = length - type_at;
    let mut length_type = p.be16(0)?;
    p = &p[2..];
    length -= 2;
    // With -e: the addresses; the first type and the frame length come
    // with the first tag (or the final type), each tag after it.
    let mut printed_length = false;
    if cx.opts.link_header && inner.is_none() {
        ether_addresses(cx, data);
    }
    while matches!(
        length_type,
        ETHERTYPE_8021Q | ETHERTYPE_8021Q9100 | ETHERTYPE_8021Q9200 | ETHERTYPE_8021QINQ
    ) {
        if p.len() < 4 || length < 4 {
            cx.proto = "vlan";
            *ll_len = hdrlen + p.len().min(length);
            cx.trunc_marker();
            return Ok(());
        }
        if cx.opts.link_header {
            if !printed_length {
                ethertype_print(cx, length_type);
                cx.s(", length ");
                cx.u(orig_length as u64);
                cx.s(": ");
                printed_length = true;
            }
            tci(cx, p.be16(0)?);
            cx.s(", ");
        }
        length_type = p.be16(2)?;
        p = &p[4..];
        length -= 4;
        hdrlen += 4;
    }
    if length_type == ETHERTYPE_MACSEC {
        if cx.opts.link_header {
            ethertype_print(cx, length_type);
            if printed_length {
                cx.s(", ");
            } else {
                cx.s(", length ");
                cx.u(orig_length as u64);
                cx.s(": ");
                printed_length = true;
            }
        }
        cx.proto = "macsec";
        // The SecTAG: 6 bytes, 14 with the secure channel id.
        if p.len() < 6 || length < 6 {
            *ll_len = hdrlen + p.len();
            cx.trunc_marker();
            return Ok(());
        }
        let tci = p[0];
        let sectag_len = if tci & 0x20 != 0 { 14 } else { 6 };
        if p.len() < sectag_len || length < sectag_len {
            *ll_len = hdrlen + p.len();
            cx.trunc_marker();
            return Ok(());
        }
        if p[1] & 0xc0 != 0 || tci & 0x80 != 0 {
            // The bits above the short length are reserved; version 0
            // only. Nothing is dumped after it.
            *ll_len = hdrlen + p.len();
            cx.s(" (invalid)");
            return Ok(());
        }
        let short_length = (p[1] & 0x3f) as u32;
        let macsec_header = |cx: &mut Ctx| {
            cx.s("an ");
            cx.u((tci & 3) as u64);
            cx.s(", pn ");
            cx.u(u32::from_be_bytes([p[2], p[3], p[4], p[5]]) as u64);
            cx.s(", flags ");
            let mut any = false;
            for (bit, c) in [
                (0x08u8, b'E'),
                (0x04, b'C'),
                (0x40, b'S'),
                (0x10, b'B'),
                (0x20, b'I'),
            ] {
                if tci & bit != 0 {
                    cx.b(c);
                    any = true;
                }
            }
            if !any {
                cx.s("none");
            }
            if short_length != 0 {
                cx.s(", sl ");
                cx.u(short_length as u64);
            }
            if tci & 0x20 != 0 {
                cx.s(", sci ");
                for &b in &p[6..14] {
                    fmt::put_hex2(cx.out, b);
                }
            }
            cx.s(", ");
        };
        if cx.opts.link_header {
            macsec_header(cx);
        }
        let after = &p[sectag_len..];
        hdrlen += sectag_len;
        length -= sectag_len;
        if tci & 0x0c != 0 {
            // Encrypted or changed: the payload cannot be decoded.
            if !cx.opts.link_header {
                if let Some(m) = macs {
                    cx.mac(&m[6..12]);
                    cx.s(" > ");
                    cx.mac(&m[0..6]);
                    cx.b(b' ');
                }
                cx.s("802.1AE MACsec, ");
                macsec_header(cx);
            }
            *ll_len = hdrlen;
            cx.default_print_unless_dumped(after);
            return Ok(());
        }
        // The integrity check value at the end is not payload. With a
        // short length (a frame padded to the minimum), the data and the
        // check value after it must both have been captured.
        if short_length != 0 && after.len() < short_length as usize + 16 {
            *ll_len = hdrlen + after.len();
            cx.trunc_marker();
            return Ok(());
        }
        if length < 16 {
            *ll_len = hdrlen + after.len();
            cx.trunc_marker();
            return Ok(());
        }
        // The check value is taken off what was captured too.
        if after.len() < 16 {
            *ll_len = hdrlen + after.len();
            cx.trunc_marker();
            return Ok(());
        }
        // A short length is the length of the data.
        length = if short_length != 0 {
            short_length as usize
        } else {
            length - 16
        };
        // The type is read before the data is cut to its length.
        let unclamped = &after[..after.len() - 16];
        let after = &unclamped[..unclamped.len().min(length)];
        cx.proto = "ether";
        length_type = unclamped.be16(0)?;
        if after.len() < 2 {
            cx.bad_len("caplen", after.len() as u64, "<", 2);
            *ll_len = hdrlen;
            return Ok(());
        }
        p = &after[2..];
        length -= 2;
        hdrlen += 2;
    }
    *ll_len = hdrlen;
    if length_type <= MAX_ETHERNET_LENGTH {
        // An 802.3 length: LLC follows (no longer than the frame).
        let len = (length_type as usize).min(length);
        // With -e: `802.3, length N: `, or `802.3` alone after a tag (whose
        // line gave the frame's length already).
        let dot3 = |cx: &mut Ctx| {
            if cx.opts.link_header {
                cx.s("802.3");
                if !printed_length {
                    cx.s(", length ");
                    cx.u(len as u64);
                    cx.s(": ");
                }
            }
        };
        let cap = &p[..p.len().min(len)];
        // An I or S frame's control field takes 2 bytes.
        let need = if cap.len() >= 3 && cap[2] & 3 != 3 {
            4
        } else {
            3
        };
        if len < need || cap.len() < need {
            // Too short for an LLC header: tcpdump's LLC printer says so.
            dot3(cx);
            *ll_len += if cap.len() < need { cap.len() } else { len };
            cx.proto = "llc";
            cx.trunc_marker();
            cx.default_print(cap);
            return Ok(());
        }
        let addrs = macs.map(|m| (&m[6..12], &m[0..6]));
        if cap[..2] == [0xff, 0xff] {
            // Novell's raw 802.3: IPX with its checksum field all ones
            // where the LLC header would be.
            dot3(cx);
            if cx.opts.link_header {
                cx.s("IPX 802.3: ");
            }
            crate::print::net::ipx::ipx(cx, cap, len)?;
            return Ok(());
        }
        if cap[..3] == [0xaa, 0xaa, 0x03] {
            dot3(cx);
            *ll_len += super::llc::snap_ui(cx, addrs, cap, len)?;
            return Ok(());
        }
        if super::llc::decodes(cx, cap, len) {
            dot3(cx);
            // The hex dumps start after the LLC header too.
            *ll_len += super::llc::header_len(cap);
            super::llc::llc(cx, cap, len)?;
            return Ok(());
        }
        dot3(cx);
        *ll_len += super::llc::generic(cx, addrs, cap, len, true)?;
        return Ok(());
    }
    if length_type == 0xd28b && p.len() < 2 {
        // Arista's subtype is read before anything is shown (with -e, the
        // addresses only); -x dumps nothing after it.
        cx.proto = "arista";
        cx.s("[|arista]");
        *ll_len += p.len();
        return Ok(());
    }
    if cx.opts.link_header {
        ethertype_print(cx, length_type);
        if printed_length {
            cx.s(", ");
        } else {
            cx.s(", length ");
            cx.u(orig_length as u64);
            cx.s(": ");
        }
    }
    // CALM FAST and GeoNetworking name the frame's source address.
    let src = macs.map(|m| &m[6..12]);
    let decoded = match length_type {
        0x1111 => dispatch::calm_fast(cx, src, p, length)?,
        0x8947 => dispatch::geonet(cx, src, p, length)?,
        0x8899 => dispatch::realtek(cx, macs.map(|m| (&m[6..12], &m[..6])), p, length)?,
        0xd28b => {
            let mut inner = 0;
            let decoded = super::arista::arista_in(cx, macs, p, length, &mut inner)?;
            *ll_len += inner;
            decoded
        }
        _ => dispatch::ethertype(cx, length_type, p, length)?,
    };
    if !decoded {
        if !cx.opts.link_header {
            if let Some(m) = macs {
                ether_addresses(cx, m);
            }
            ethertype_print(cx, length_type);
            cx.s(", length ");
            cx.u(orig_length as u64);
            cx.s(": ");
        }
        cx.default_print_unless_dumped(p);
    }
    Ok(())
}

/// An 802.1Q tag: `vlan 10, p 0` (`, DEI` when set).
pub fn tci(cx: &mut Ctx, tag: u16) {
    cx.s("vlan ");
    cx.u((tag & 0x0fff) as u64);
    cx.s(", p ");
    cx.u((tag >> 13) as u64);
    if tag & 0x1000 != 0 {
        cx.s(", DEI");
    }
}
