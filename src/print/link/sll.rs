//! Linux cooked capture headers, v1 and v2.

use super::ether::{ethertype_print, tci, ETHERTYPE_8021Q, MAX_ETHERNET_LENGTH};
use crate::print::core::prelude::*;
use crate::print::dispatch;

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
                fmt::put_hex_padded(cx.out, ether_type as u64, 4);
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

pub fn sll(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "sll";
    if data.len() < 16 {
        // tcpdump's accessors jump out here: the dump starts at byte 0.
        return Err(Trunc);
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
            if !dispatch::ethertype(cx, ether_type, p, length)? {
                if !cx.opts.link_header {
                    header(cx, length + base_hdrlen);
                }
                // Left to the -x/-X dump when there is one, as on Ethernet.
                cx.default_print_unless_dumped(p);
            }
            return Ok(());
        }
    }
}

fn if_name(index: u32) -> Option<String> {
    let list = nix::net::if_::if_nameindex().ok()?;
    list.iter()
        .find(|i| i.index() == index)
        .map(|i| i.name().to_string_lossy().into_owned())
}

pub fn sll2(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "sll2";
    if data.len() < 20 {
        // tcpdump's accessors jump out here: the dump starts at byte 0.
        return Err(Trunc);
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
