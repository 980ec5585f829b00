//! Frame Relay (LINKTYPE_FRELAY, 107): the Q.922 address, then either an
//! RFC 2427 UI frame with an NLPID, or Cisco's EtherType encapsulation.

use crate::print::core::prelude::*;
use crate::print::dispatch;

static NLPIDS: &[(u8, &str)] = &[
    (0x08, "Q.933"),
    (0x80, "SNAP"),
    (0x81, "CLNP"),
    (0x82, "ES-IS"),
    (0x83, "IS-IS"),
    (0x8e, "IPv6"),
    (0xb0, "FRF.15"),
    (0xb1, "FRF.16"),
    (0xcc, "IPv4"),
];

pub fn fr(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "fr";
    let b0 = d.u8_at(0)?;
    let b1 = d.u8_at(1)?;
    if b0 & 0x01 != 0 || b1 & 0x01 == 0 {
        // Only two-byte addresses are decoded.
        cx.s("Q.922, invalid address");
        return Ok(());
    }
    let dlci = ((b0 as u32 >> 2) << 4) | (b1 as u32 >> 4);
    let header = |cx: &mut Ctx| {
        cx.s("Q.922, hdr-len 2, DLCI ");
        cx.u(dlci as u64);
        cx.s(", Flags [");
        let mut any = false;
        for (set, name) in [
            (b0 & 0x02 != 0, "C!"),
            (b1 & 0x08 != 0, "FECN"),
            (b1 & 0x04 != 0, "BECN"),
            (b1 & 0x02 != 0, "DE"),
        ] {
            if set {
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
    };
    let c = d.u8_at(2)?;
    if c != 0x03 {
        // Cisco: an EtherType after the address.
        let t = d.be16(2)?;
        *ll_len = 4;
        if cx.opts.link_header {
            header(cx);
            cx.s("cisco-ethertype ");
            cx.s(ethertype_name(t).unwrap_or("Unknown"));
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, t as u64, 4);
            cx.s("), length ");
            cx.u(length as u64);
            cx.s(": ");
        }
        let (p, len) = (&d[4..], length.saturating_sub(4));
        if !dispatch::ethertype(cx, t, p, len)? {
            cx.default_print(&p[..p.len().min(len)]);
        }
        return Ok(());
    }
    // UI frame: an optional pad byte, then the NLPID.
    let mut at = 3;
    if d.u8_at(at)? == 0 {
        at += 1;
    }
    let nlpid = d.u8_at(at)?;
    at += 1;
    *ll_len = at;
    if cx.opts.link_header {
        header(cx);
        cx.s("NLPID ");
        cx.s(tables::lookup(NLPIDS, nlpid).unwrap_or("unknown"));
        cx.s(" (0x");
        fmt::put_hex2(cx.out, nlpid);
        cx.s("), length ");
        cx.u(length as u64);
        cx.s(": ");
    }
    let (p, len) = (&d[at..], length.saturating_sub(at));
    let t = match nlpid {
        0xcc => 0x0800,
        0x8e => 0x86dd,
        _ => {
            if !cx.opts.link_header {
                header(cx);
                cx.s("NLPID ");
                cx.s(tables::lookup(NLPIDS, nlpid).unwrap_or("unknown"));
                cx.s(" (0x");
                fmt::put_hex2(cx.out, nlpid);
                cx.s("), length ");
                cx.u(length as u64);
                cx.s(": ");
            }
            cx.default_print(&p[..p.len().min(len)]);
            return Ok(());
        }
    };
    dispatch::ethertype(cx, t, p, len)?;
    Ok(())
}
