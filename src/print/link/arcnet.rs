//! ARCNET with the Linux header (LINKTYPE_ARCNET_LINUX, 129): source and
//! destination station ids, an offset, then the RFC 1201 protocol id
//! (with its split flag and sequence number) or an RFC 1051 one.

use crate::print::core::prelude::*;
use crate::print::dispatch;

static TYPES: &[(u8, &str)] = &[
    (0x80, "diag"),
    (0xc4, "ipv6"),
    (0xd4, "ip"),
    (0xd5, "arp"),
    (0xd6, "rarp"),
    (0xdd, "atalk"),
    (0xf0, "oldip"),
    (0xf1, "oldarp"),
    (0xf7, "banyan"),
    (0xfa, "ipx"),
];

pub fn arcnet_linux(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "arcnet_linux";
    let h = d.range(0, 5)?;
    let t = h[4];
    // RFC 1051 ids have no split flag nor sequence number.
    let hdrlen = if matches!(t, 0xf0 | 0xf1) { 5 } else { 8 };
    d.range(0, hdrlen)?;
    *ll_len = hdrlen;
    if cx.opts.link_header {
        fmt::put_hex2(cx.out, h[0]);
        cx.b(b' ');
        fmt::put_hex2(cx.out, h[1]);
        cx.b(b' ');
        // tcpdump shows the first offset byte where the id would be.
        match tables::lookup(TYPES, h[2]) {
            Some(n) => cx.s(n),
            None => fmt::put_hex2(cx.out, h[2]),
        }
        cx.b(b' ');
        cx.u(length as u64);
        cx.s(": ");
    }
    let (p, len) = (&d[hdrlen..], length.saturating_sub(hdrlen));
    let ethertype = match t {
        0xd4 | 0xf0 => 0x0800,
        0xd5 | 0xf1 => 0x0806,
        0xd6 => 0x8035,
        0xc4 => 0x86dd,
        0xfa => 0x8137,
        0xdd => {
            dispatch::atalk(cx, p, len)?;
            return Ok(());
        }
        _ => return Ok(()),
    };
    dispatch::ethertype(cx, ethertype, p, len)?;
    Ok(())
}
