//! Cisco HDLC (LINKTYPE_C_HDLC, 104): address, control and an EtherType,
//! with SLARP (0x8035) in place of Reverse ARP.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const SLARP: u16 = 0x8035;

pub fn chdlc(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "chdlc";
    let h = d.range(0, 4)?;
    let proto = h.be16(2)?;
    *ll_len = 4;
    if cx.opts.link_header {
        match h[0] {
            0x0f => cx.s("unicast"),
            0x8f => cx.s("bcast"),
            a => {
                cx.s("0x");
                fmt::put_hex2(cx.out, a);
            }
        }
        cx.s(", ethertype ");
        cx.s(ethertype_name(proto).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.s("), length ");
        cx.u(length as u64);
        cx.s(": ");
    }
    let (p, len) = (&d[4..], length.saturating_sub(4));
    if proto == SLARP {
        return slarp(cx, p, len);
    }
    if proto == 0xfefe {
        // OSI (CLNP, ES-IS, IS-IS), after an optional fudge byte.
        let (p, len) = match p.get(1) {
            Some(0x81..=0x83) => (&p[1..], len.saturating_sub(1)),
            _ => (p, len),
        };
        dispatch::osi(cx, p, len)?;
        return Ok(());
    }
    if !dispatch::ethertype(cx, proto, p, len)? && !cx.opts.link_header {
        cx.s("unknown CHDLC protocol (0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.b(b')');
    }
    Ok(())
}

/// Cisco's serial line address resolution and keepalives.
fn slarp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "chdlc_slarp";
    cx.s("SLARP (length: ");
    cx.u(length as u64);
    cx.s("), ");
    // The message without the link uptime is checked whole first.
    if !d.has(0, 14) {
        return Err(Trunc);
    }
    match d.be32(0)? {
        0 => {
            cx.s("request");
        }
        1 => {
            cx.s("reply ");
            cx.ipv4(d.range(4, 4)?);
            cx.b(b'/');
            cx.ipv4(d.range(8, 4)?);
        }
        2 => {
            cx.s("keepalive: mineseen=0x");
            fmt::put_hex_padded(cx.out, d.be32(4)? as u64, 8);
            cx.s(", yourseen=0x");
            fmt::put_hex_padded(cx.out, d.be32(8)? as u64, 8);
            cx.s(", reliability=0x");
            fmt::put_hex_padded(cx.out, d.be16(12)? as u64, 4);
            if length >= 18 {
                // Milliseconds, shown in days, hours, minutes, seconds.
                let mut up = d.be32(14)? / 1000;
                cx.s(", link uptime=");
                for (unit, c) in [(86400, b'd'), (3600, b'h'), (60, b'm'), (1, b's')] {
                    cx.u((up / unit) as u64);
                    cx.b(c);
                    up %= unit;
                }
            }
        }
        code => {
            cx.s("0x");
            fmt::put_hex_padded(cx.out, code as u64, 2);
            cx.s(" unknown");
            unknown_data(cx, &d[4..], "\n\t", length - 4);
            return Ok(());
        }
    }
    // Past -v, a message of the short form is shown in hex as well.
    if cx.opts.verbose > 1 && length == 14 {
        unknown_data(cx, &d[4..], "\n\t", length - 4);
    }
    Ok(())
}
