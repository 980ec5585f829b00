//! Link-layer headers: Ethernet (with 802.1Q tags), Linux cooked v1/v2,
//! raw IP, BSD NULL and OpenBSD LOOP; then the network-layer dispatch.

use super::{arp, ip, ip6, Bytes, Ctx, R};
use crate::LinkType;

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_ARP: u16 = 0x0806;
const ETHERTYPE_REVARP: u16 = 0x8035;
const ETHERTYPE_IPV6: u16 = 0x86dd;
const ETHERTYPE_8021Q: u16 = 0x8100;
const ETHERTYPE_8021Q9100: u16 = 0x9100;
const ETHERTYPE_8021Q9200: u16 = 0x9200;
const ETHERTYPE_8021QINQ: u16 = 0x88a8;
const ETHERTYPE_MACSEC: u16 = 0x88e5;
/// Type/length values up to this are 802.3 lengths.
const MAX_ETHERNET_LENGTH: u16 = 1500;

/// tcpdump's names for Ethernet types.
pub fn ethertype_name(t: u16) -> Option<&'static str> {
    Some(match t {
        0x0800 => "IPv4",
        0x8847 => "MPLS unicast",
        0x8848 => "MPLS multicast",
        0x86dd => "IPv6",
        0x8100 => "802.1Q",
        0x9100 => "802.1Q-9100",
        0x88a8 => "802.1Q-QinQ",
        0x9200 => "802.1Q-9200",
        0x88e5 => "802.1AE MACsec",
        0x0200 => "PUP",
        0x0806 => "ARP",
        0x8035 => "Reverse ARP",
        0x0600 => "NS",
        0x0500 => "Sprite",
        0x1000 => "Trail",
        0x6001 => "MOP DL",
        0x6002 => "MOP RC",
        0x6003 => "DN",
        0x6004 => "LAT",
        0x6007 => "SCA",
        0x6558 => "TEB",
        0x8038 => "Lanbridge",
        0x803c => "DEC DNS",
        0x803e => "DEC DTS",
        0x805b => "VEXP",
        0x805c => "VPROD",
        0x809b => "Appletalk",
        0x80f3 => "Appletalk ARP",
        0x8137 => "IPX",
        0x880b => "PPP",
        0x8808 => "MPCP",
        0x8809 => "Slow Protocols",
        0x8863 => "PPPoE D",
        0x8864 => "PPPoE S",
        0x888e => "EAPOL",
        0x8899 => "Realtek protocols",
        0x886f => "MS NLB heartbeat",
        0x8870 => "Jumbo",
        0x894f => "NSH",
        0x9000 => "Loopback",
        0xfefe => "OSI",
        0x00fe => "GRE-OSI",
        0xabcd => "CFM (old)",
        0x8902 => "CFM",
        0x893a => "IEEE1905.1",
        0x88cc => "LLDP",
        0x88ca => "TIPC",
        0x0707 => "GeoNet (old)",
        0x8947 => "GeoNet",
        0x1111 => "CALM FAST",
        0x88a2 => "AoE",
        0x88f7 => "PTP",
        0xd28b => "Arista Vendor Specific Protocol",
        _ => return None,
    })
}

/// `ethertype NAME (0x0800)`, or the `-q` form.
fn ethertype_print(cx: &mut Ctx, t: u16) {
    if !cx.opts.quiet {
        cx.s("ethertype ");
        cx.s(ethertype_name(t).unwrap_or("Unknown"));
        cx.s(" (0x");
        super::fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.b(b')');
    } else {
        match ethertype_name(t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown Ethertype (0x");
                super::fmt::put_hex_padded(cx.out, t as u64, 4);
                cx.b(b')');
            }
        }
    }
}

/// Decode one packet of `linktype`; `ll_len` receives the link-layer
/// header length (what `-x` skips).
pub fn print(
    cx: &mut Ctx,
    linktype: LinkType,
    data: &[u8],
    wire_len: u32,
    ll_len: &mut usize,
) -> R {
    let length = wire_len as usize;
    match linktype.0 {
        1 => ether(cx, data, length, ll_len),
        113 => sll(cx, data, length, ll_len),
        276 => sll2(cx, data, length, ll_len),
        0 => null(cx, data, length, ll_len, false),
        108 => null(cx, data, length, ll_len, true),
        // RAW, and IPV4/IPV6, which tcpdump decodes by the version nibble
        // too (so an IPv6 packet in an IPV4 file still prints as IPv6).
        12 | 14 | 101 | 228 | 229 => {
            cx.proto = "raw";
            if cx.opts.link_header {
                cx.s("ip: ");
            }
            ip_by_version(cx, data, length)
        }
        _ => {
            cx.s("[unsupported link type ");
            cx.u(linktype.0 as u64);
            cx.s("], length ");
            cx.u(length as u64);
            cx.s(": ");
            cx.default_print(data);
            Ok(())
        }
    }
}

fn ip_by_version(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    cx.proto = "ip";
    let v = data.u8_at(0)? >> 4;
    match v {
        4 => ip::print(cx, data, length),
        6 => ip6::print(cx, data, length),
        _ => {
            cx.s("unknown ip ");
            cx.u(v as u64);
            Ok(())
        }
    }
}

/// Hand a network-layer payload to its decoder; `false` if there is none.
fn ethertype_dispatch(cx: &mut Ctx, t: u16, data: &[u8], length: usize) -> R<bool> {
    match t {
        ETHERTYPE_IPV4 => ip::print(cx, data, length)?,
        ETHERTYPE_IPV6 => ip6::print(cx, data, length)?,
        ETHERTYPE_ARP | ETHERTYPE_REVARP => arp::print(cx, data, length)?,
        0x88a2 => super::l2::aoe(cx, data, length)?,
        0x8809 if cx.opts.verbose == 0 && super::l2::is_slow_known(data) => {
            super::l2::slow(cx, data, length)?
        }
        0x88cc if cx.opts.verbose == 0 => super::l2::lldp(cx, data, length)?,
        0x88f7 if super::l2::is_ptp_v2(data, length) => super::l2::ptp(cx, data)?,
        _ => return Ok(false),
    }
    Ok(true)
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

fn ether(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
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
    if caplen < 14 {
        *ll_len = caplen;
        cx.trunc_marker();
        return Ok(());
    }
    if length < 14 {
        *ll_len = length;
        cx.trunc_marker();
        return Ok(());
    }
    let orig_length = length;
    let mut hdrlen = 14;
    let mut p = &data[12..];
    let mut length = length - 12;
    let mut length_type = p.be16(0)?;
    p = &p[2..];
    length -= 2;
    // With -e: the addresses; the first type and the frame length come
    // with the first tag (or the final type), each tag after it.
    let mut printed_length = false;
    if cx.opts.link_header {
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
        // The SecTAG, then the inner type (6 + 2 bytes at least).
        if p.len() < 8 || length < 8 {
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
                    super::fmt::put_hex2(cx.out, b);
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
                ether_addresses(cx, data);
                cx.s("802.1AE MACsec, ");
                macsec_header(cx);
            }
            *ll_len = hdrlen;
            cx.default_print(after);
            return Ok(());
        }
        // The integrity check value at the end is not payload.
        if length < 16 {
            *ll_len = hdrlen + after.len();
            cx.trunc_marker();
            return Ok(());
        }
        length -= 16;
        let after = &after[..after.len().min(length)];
        cx.proto = "ether";
        length_type = after.be16(0)?;
        p = &after[2..];
        length -= 2;
        hdrlen += 2;
    }
    *ll_len = hdrlen;
    if length_type <= MAX_ETHERNET_LENGTH {
        // An 802.3 length: LLC follows.
        let len = length_type as usize;
        let cap = &p[..p.len().min(len)];
        if cx.opts.verbose == 0 && super::l2::is_llc_isis(cap, len) {
            if cx.opts.link_header {
                cx.s("802.3, length ");
                cx.u(len as u64);
                cx.s(": ");
            }
            // The hex dumps start after the LLC header too.
            *ll_len += 3;
            super::l2::llc(cx, cap, len)?;
            return Ok(());
        }
        if cx.opts.link_header {
            cx.s("802.3");
            cx.s(", length ");
            cx.u(len as u64);
            cx.s(": ");
        } else {
            ether_addresses(cx, data);
            cx.s("802.3, length ");
            cx.u(len as u64);
            cx.s(": ");
        }
        cx.default_print(cap);
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
    if !ethertype_dispatch(cx, length_type, p, length)? {
        if !cx.opts.link_header {
            ether_addresses(cx, data);
            ethertype_print(cx, length_type);
            cx.s(", length ");
            cx.u(orig_length as u64);
            cx.s(": ");
        }
        cx.default_print(p);
    }
    Ok(())
}

/// An 802.1Q tag: `vlan 10, p 0` (`, DEI` when set).
fn tci(cx: &mut Ctx, tag: u16) {
    cx.s("vlan ");
    cx.u((tag & 0x0fff) as u64);
    cx.s(", p ");
    cx.u((tag >> 13) as u64);
    if tag & 0x1000 != 0 {
        cx.s(", DEI");
    }
}

fn pkttype_name(t: u16) -> &'static str {
    match t {
        0 => "In",
        1 => "B",
        2 => "M",
        3 => "P",
        4 => "Out",
        _ => "?",
    }
}

/// The `-e` part of a Linux cooked header, after the packet type.
fn sll_proto_and_length(cx: &mut Ctx, ether_type: u16, length: usize) {
    if cx.opts.quiet {
        return;
    }
    if ether_type <= MAX_ETHERNET_LENGTH {
        match ether_type {
            1 => cx.s("802.3"),
            4 => cx.s("802.2"),
            _ => {
                cx.s("ethertype Unknown (0x");
                super::fmt::put_hex_padded(cx.out, ether_type as u64, 4);
                cx.b(b')');
            }
        }
    } else {
        ethertype_print(cx, ether_type);
    }
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

fn sll_header(cx: &mut Ctx, h: &[u8], length: usize) {
    let pkttype = pkttype_name(u16::from_be_bytes([h[0], h[1]]));
    for _ in pkttype.len()..3 {
        cx.b(b' ');
    }
    cx.s(pkttype);
    cx.b(b' ');
    if u16::from_be_bytes([h[4], h[5]]) == 6 {
        cx.mac(&h[6..12]);
        cx.b(b' ');
    }
    sll_proto_and_length(cx, u16::from_be_bytes([h[14], h[15]]), length);
}

fn sll(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "sll";
    if data.len() < 16 {
        // tcpdump's accessors jump out here: the dump starts at byte 0.
        return Err(super::Trunc);
    }
    let header = &data[..16];
    if cx.opts.link_header {
        sll_header(cx, header, length);
    }
    let ether_type = data.be16(14)?;
    sll_payload(
        cx,
        data,
        16,
        length.saturating_sub(16),
        ether_type,
        ll_len,
        |cx, len| sll_header(cx, header, len),
    )
}

/// What follows a Linux cooked header (v1 or v2): 802.1Q tags, then the
/// network layer; `header` reprints the cooked header for undecoded types.
fn sll_payload(
    cx: &mut Ctx,
    data: &[u8],
    mut hdrlen: usize,
    mut length: usize,
    mut ether_type: u16,
    ll_len: &mut usize,
    header: impl Fn(&mut Ctx, usize),
) -> R {
    let base_hdrlen = hdrlen;
    loop {
        let p = &data[hdrlen..];
        *ll_len = hdrlen;
        if ether_type <= MAX_ETHERNET_LENGTH {
            if !cx.opts.link_header {
                header(cx, length + base_hdrlen);
            }
            cx.default_print(p);
            return Ok(());
        } else if ether_type == ETHERTYPE_8021Q {
            if p.len() < 4 {
                cx.proto = "vlan";
                *ll_len = hdrlen + p.len();
                cx.trunc_marker();
                return Ok(());
            }
            if cx.opts.link_header {
                tci(cx, p.be16(0)?);
                cx.s(", ");
            }
            ether_type = p.be16(2)?;
            if ether_type <= MAX_ETHERNET_LENGTH {
                ether_type = 4;
            }
            if !cx.opts.quiet {
                cx.s("ethertype ");
                cx.s(ethertype_name(ether_type).unwrap_or("Unknown"));
                cx.s(", ");
            }
            hdrlen += 4;
            length = length.saturating_sub(4);
        } else {
            if !ethertype_dispatch(cx, ether_type, p, length)? {
                if !cx.opts.link_header {
                    header(cx, length + base_hdrlen);
                }
                cx.default_print(p);
            }
            return Ok(());
        }
    }
}

fn if_name(index: u32) -> Option<String> {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: if_indextoname writes at most IF_NAMESIZE bytes (NUL included)
    // into the buffer we pass, which is that long.
    let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: on success the buffer holds a NUL-terminated name.
    let name = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
    Some(name.to_string_lossy().into_owned())
}

fn sll2(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "sll2";
    if data.len() < 20 {
        // tcpdump's accessors jump out here: the dump starts at byte 0.
        return Err(super::Trunc);
    }
    let header = &data[..20];
    let if_index = data.be32(4)?;
    // Interface names are looked up once per index (a system call).
    let name = cx.names.interface(if_index, if_name);
    let name_len = name.len();
    cx.out.extend_from_slice(name.as_bytes());
    for _ in name_len..5 {
        cx.b(b' ');
    }
    cx.b(b' ');
    let pkttype = pkttype_name(data[10] as u16);
    cx.s(pkttype);
    for _ in pkttype.len()..3 {
        cx.b(b' ');
    }
    cx.b(b' ');
    let sll2_header = |cx: &mut Ctx, length: usize| {
        cx.s("ifindex ");
        cx.u(u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as u64);
        cx.b(b' ');
        if header[11] == 6 {
            cx.mac(&header[12..18]);
            cx.b(b' ');
        }
        sll_proto_and_length(cx, u16::from_be_bytes([header[0], header[1]]), length);
    };
    if cx.opts.link_header {
        sll2_header(cx, length);
    }
    let ether_type = data.be16(0)?;
    sll_payload(
        cx,
        data,
        20,
        length.saturating_sub(20),
        ether_type,
        ll_len,
        sll2_header,
    )
}

fn af_name(family: u32) -> &'static str {
    match family {
        2 => "IPv4",
        7 => "ISO",
        16 => "Appletalk",
        23 => "IPX",
        24 | 28 | 30 => "IPv6",
        _ => "Unknown",
    }
}

/// BSD NULL (host byte order family) and OpenBSD LOOP (network order).
fn null(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize, network_order: bool) -> R {
    cx.proto = if network_order { "loop" } else { "null" };
    if data.len() < 4 {
        *ll_len = data.len();
        cx.trunc_marker();
        return Ok(());
    }
    *ll_len = 4;
    let raw = [data[0], data[1], data[2], data[3]];
    let family = if network_order {
        u32::from_be_bytes(raw)
    } else {
        // The writer's byte order is unknown; a family fits in 16 bits, so
        // a value with high bits set was written in the other order.
        let le = u32::from_le_bytes(raw);
        if le & 0xffff_0000 != 0 {
            le.swap_bytes()
        } else {
            le
        }
    };
    let header = |cx: &mut Ctx| {
        if !cx.opts.quiet {
            cx.s("AF ");
            cx.s(af_name(family));
            cx.s(" (");
            cx.u(family as u64);
            cx.s(")");
        } else {
            cx.s(af_name(family));
        }
        cx.s(", length ");
        cx.u(length as u64);
        cx.s(": ");
    };
    if cx.opts.link_header {
        header(cx);
    }
    let p = &data[4..];
    let length = length.saturating_sub(4);
    match family {
        2 => ip::print(cx, p, length),
        24 | 28 | 30 => ip6::print(cx, p, length),
        _ => {
            if !cx.opts.link_header {
                header(cx);
            }
            cx.default_print(p);
            Ok(())
        }
    }
}
