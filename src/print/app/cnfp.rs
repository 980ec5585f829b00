//! Cisco NetFlow versions 1, 5 and 6 (`-T cnfp`): the export header and
//! each flow record.
//!
//! As in tcpdump, the record count is read as 32 bits (the count and the
//! uptime's high half) and version 5 records are stepped by 52 bytes (the
//! version 6 layout), so the capture's end usually ends the list.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static TCP_FLAGS: &[(u8, &str)] = &[
    (0x01, "F"),
    (0x02, "S"),
    (0x04, "R"),
    (0x08, "P"),
    (0x10, "."),
    (0x20, "U"),
    (0x40, "E"),
    (0x80, "W"),
];

fn ms(cx: &mut Ctx, v: u32) {
    cx.u((v / 1000) as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, (v % 1000) as u64, 3, b'0');
}

fn endpoint(
    cx: &mut Ctx,
    d: &[u8],
    r: usize,
    prefix: &str,
    addr: usize,
    mask_as: Option<(usize, usize)>,
    port: usize,
) -> R {
    let a = d.range(r + addr, 4)?;
    let extra = match mask_as {
        Some((m, asn)) => Some((d.u8_at(r + m)?, d.be16(r + asn)?)),
        None => None,
    };
    let p = d.be16(r + port)?;
    cx.s(prefix);
    fmt::put_ipv4(cx.out, a);
    if let Some((m, asn)) = extra {
        cx.b(b'/');
        cx.u(m as u64);
        cx.b(b':');
        cx.u(asn as u64);
    }
    cx.b(b':');
    cx.u(p as u64);
    cx.b(b' ');
    Ok(())
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "cnfp";
    let d = p.captured;
    let ver = d.be16(0)?;
    let (hdr, rec, proto_at, flags_at) = match ver {
        1 => (16, 48, 38, 40),
        5 | 6 => (24, 52, 38, 37),
        _ => {
            cx.s("NetFlow v");
            fmt::put_hex(cx.out, ver as u64);
            return Ok(true);
        }
    };
    let mut nrecs = d.be32(2)?;
    let (up, sec, nsec) = (d.be32(4)?, d.be32(8)?, d.be32(12)?);
    cx.s("NetFlow v");
    fmt::put_hex(cx.out, ver as u64);
    cx.s(", ");
    ms(cx, up);
    cx.s(" uptime, ");
    cx.u(sec as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, nsec as u64, 9, b'0');
    cx.s(", ");
    if ver != 1 {
        let seq = d.be32(16)?;
        cx.b(b'#');
        cx.u(seq as u64);
        cx.s(", ");
        d.range(0, hdr)?;
    }
    fmt::put_padded_u64(cx.out, nrecs as u64, 2, b' ');
    cx.s(" recs");
    let mut r = hdr;
    while nrecs != 0 {
        let (start, last) = (d.be32(r + 24)?, d.be32(r + 28)?);
        cx.s("\n  started ");
        ms(cx, start);
        cx.s(", last ");
        ms(cx, last);
        let v1 = ver == 1;
        endpoint(cx, d, r, "\n    ", 0, (!v1).then_some((44, 40)), 32)?;
        endpoint(cx, d, r, "> ", 4, (!v1).then_some((45, 42)), 34)?;
        let nhop = d.range(r + 8, 4)?;
        cx.s(">> ");
        fmt::put_ipv4(cx.out, nhop);
        cx.s("\n    ");
        let proto = d.u8_at(r + proto_at)?;
        match names::Names::protocol(proto).filter(|_| cx.opts.numeric == 0) {
            Some(n) => cx.s(n),
            None => cx.u(proto as u64),
        }
        cx.b(b' ');
        if proto == 6 {
            let flags = d.u8_at(r + flags_at)?;
            if flags != 0 {
                for &(bit, n) in TCP_FLAGS {
                    if flags & bit != 0 {
                        cx.s(n);
                    }
                }
                cx.b(b' ');
            }
        }
        let (tos, pkts, octets) = (d.u8_at(r + 39)?, d.be32(r + 16)?, d.be32(r + 20)?);
        let encaps = if ver == 6 {
            Some(d.be16(r + 46)?)
        } else {
            None
        };
        cx.s("tos ");
        cx.u(tos as u64);
        cx.s(", ");
        cx.u(pkts as u64);
        cx.s(" (");
        cx.u(octets as u64);
        cx.s(" octets)");
        if let Some(f) = encaps {
            cx.s(" (");
            cx.u((f >> 8) as u64);
            cx.s("<>");
            cx.u((f & 0xff) as u64);
            cx.s(" encaps)");
        }
        d.range(r, rec)?;
        r += rec;
        nrecs -= 1;
    }
    Ok(true)
}
