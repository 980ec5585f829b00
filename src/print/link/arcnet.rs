//! ARCNET: the BSD header (LINKTYPE_ARCNET_BSD, 7: source and destination
//! station ids, the protocol id, and for RFC 1201 ids a split flag and
//! sequence number, in an exception form when the flag is 0xff) and the
//! Linux one (LINKTYPE_ARCNET_LINUX, 129: an offset before the id).

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

/// RFC 1051 ids and diagnostics: no split flag nor sequence number.
fn short_header(t: u8) -> bool {
    matches!(t, 0xf0 | 0xf1 | 0x80)
}

/// `SRC DST TYPE [seqid N [(fragment)]] LEN: ` (`h[2]` taken as the
/// type); `split`: the flag and sequence number of an RFC 1201 header.
fn header(cx: &mut Ctx, h: &[u8], length: usize, split: Option<(u8, u16)>) {
    fmt::put_hex2(cx.out, h[0]);
    cx.b(b' ');
    fmt::put_hex2(cx.out, h[1]);
    cx.b(b' ');
    if !cx.opts.quiet {
        match tables::lookup(TYPES, h[2]) {
            Some(n) => cx.s(n),
            None => fmt::put_hex2(cx.out, h[2]),
        }
        cx.b(b' ');
        if let Some((flag, seqid)) = split {
            cx.s("seqid ");
            fmt::put_hex_padded(cx.out, seqid as u64, 4);
            cx.b(b' ');
            if flag & 1 != 0 {
                cx.s("(first of ");
                cx.u((flag as u64 + 3) / 2);
                cx.s(" fragments) ");
            } else if flag != 0 {
                cx.s("(fragment ");
                cx.u(flag as u64 / 2 + 1);
                cx.s(") ");
            }
        }
    }
    cx.u(length as u64);
    cx.s(": ");
}

/// The payload by protocol id, or a dump.
fn payload(cx: &mut Ctx, t: u8, p: &[u8], len: usize) -> R {
    let ethertype = match t {
        0xd4 | 0xf0 => 0x0800,
        0xd5 | 0xf1 | 0xd6 => 0x0806,
        0xc4 => 0x86dd,
        0xdd => return dispatch::atalk(cx, p, len),
        0xfa => {
            // IPX as such (not marked as under an EtherType).
            if let Some(ipx) = dispatch::llc_sap(0xe0) {
                ipx(cx, p, len)?;
            }
            return Ok(());
        }
        _ => {
            cx.default_print(p);
            return Ok(());
        }
    };
    dispatch::ethertype(cx, ethertype, p, len)?;
    Ok(())
}

pub fn arcnet(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "arcnet";
    let h = d.range(0, 3)?;
    let t = h[2];
    let mut hdrlen = 3;
    let mut split = None;
    if !short_header(t) {
        let Ok(flag) = d.u8_at(3).and_then(|f| d.range(0, 6).map(|_| f)) else {
            header(cx, h, length, None);
            cx.s(" phds");
            return Err(Trunc);
        };
        if flag == 0xff {
            let Ok(x) = d.range(0, 10) else {
                header(cx, h, length, None);
                cx.s(" phds extended");
                return Err(Trunc);
            };
            split = Some((x[7], x.be16(8)?));
            hdrlen = 10;
        } else {
            split = Some((flag, d.be16(4)?));
            hdrlen = 6;
        }
    }
    if cx.opts.link_header {
        header(cx, h, length, split);
    }
    *ll_len = hdrlen;
    if let Some((flag, _)) = split {
        if flag != 0 && flag & 1 == 0 {
            // A middle fragment: nothing to decode.
            return Ok(());
        }
    }
    payload(cx, t, &d[hdrlen..], length - hdrlen)
}

pub fn arcnet_linux(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "arcnet_linux";
    let h = d.range(0, 5)?;
    let t = h[4];
    let hdrlen = if short_header(t) { 5 } else { 8 };
    d.range(0, hdrlen)?;
    *ll_len = hdrlen;
    if cx.opts.link_header {
        // tcpdump reads the id where the BSD header has it: the offset.
        header(cx, h, length, None);
    }
    payload(cx, t, &d[hdrlen..], length - hdrlen)
}
