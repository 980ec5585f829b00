//! EIGRP (RFC 7868): the opcode, and with `-v` the header and TLVs.

use crate::print::core::prelude::*;

static OPCODES: &[(u8, &str)] = &[
    (1, "Update"),
    (2, "Request"),
    (3, "Query"),
    (4, "Reply"),
    (5, "Hello"),
    (6, "IPX SAP"),
    (10, "SIA Query"),
    (11, "SIA Reply"),
];

static FLAGS: &[(u32, &str)] = &[
    (0x01, "Init"),
    (0x02, "Conditionally Received"),
    (0x04, "Restart"),
    (0x08, "End-of-Table"),
];

static TLVS: &[(u16, &str)] = &[
    (0x0001, "General Parameters"),
    (0x0002, "Authentication"),
    (0x0003, "Sequence"),
    (0x0004, "Software Version"),
    (0x0005, "Next Multicast Sequence"),
    (0x0102, "IP Internal routes"),
    (0x0103, "IP External routes"),
];

pub fn eigrp(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    cx.proto = "eigrp";
    if bp.len() < 20 {
        cx.trunc_marker();
        return Ok(());
    }
    let version = bp[0];
    if cx.opts.verbose == 0 {
        if version != 2 {
            cx.s("EIGRP version ");
            cx.u(version as u64);
            cx.s(" packet not supported");
            return Ok(());
        }
        cx.s("EIGRP ");
        match tables::lookup(OPCODES, bp[1]) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown (");
                cx.u(bp[1] as u64);
                cx.b(b')');
            }
        }
        cx.s(", length: ");
        cx.u(length as u64);
        return Ok(());
    }
    cx.s("\n\tEIGRP v");
    cx.u(version as u64);
    if version != 2 {
        cx.s(", packet not supported");
        return Ok(());
    }
    let op = bp[1];
    cx.s(", opcode: ");
    cx.s(tables::lookup(OPCODES, op).unwrap_or("unknown"));
    cx.s(" (");
    cx.u(op as u64);
    cx.s("), chksum: 0x");
    fmt::put_hex_padded(cx.out, bp.be16(2)? as u64, 4);
    cx.s(", Flags: [");
    cx.flag_names(bp.be32(4)?, FLAGS);
    cx.s("]\n\tseq: 0x");
    fmt::put_hex_padded(cx.out, bp.be32(8)? as u64, 8);
    cx.s(", ack: 0x");
    fmt::put_hex_padded(cx.out, bp.be32(12)? as u64, 8);
    cx.s(", VRID: ");
    cx.u(bp.be16(16)? as u64);
    cx.s(", AS: ");
    cx.u(bp.be16(18)? as u64);
    cx.s(", length: ");
    cx.u(length.saturating_sub(20) as u64);
    let d = &bp[..bp.len().min(length)];
    let mut at = 20;
    while at + 4 <= d.len() {
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as usize;
        cx.s("\n\t  ");
        cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
        cx.s(" TLV (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.s("), length: ");
        cx.u(l as u64);
        if l < 4 {
            cx.s(" (invalid)");
            return Ok(());
        }
        let v = d.range(at + 4, l - 4)?;
        tlv(cx, t, v)?;
        at += l;
    }
    Ok(())
}

fn tlv(cx: &mut Ctx, t: u16, v: &[u8]) -> R {
    match t {
        0x0001 if v.len() >= 8 => {
            cx.s("\n\t    holdtime: ");
            cx.u(v.be16(6)? as u64);
            cx.s("s, k1 ");
            cx.u(v[0] as u64);
            cx.s(", k2 ");
            cx.u(v[1] as u64);
            cx.s(", k3 ");
            cx.u(v[2] as u64);
            cx.s(", k4 ");
            cx.u(v[3] as u64);
            cx.s(", k5 ");
            cx.u(v[4] as u64);
        }
        0x0004 if v.len() >= 4 => {
            cx.s("\n\t    IOS version: ");
            cx.u(v[0] as u64);
            cx.b(b'.');
            cx.u(v[1] as u64);
            cx.s(", EIGRP version ");
            cx.u(v[2] as u64);
            cx.b(b'.');
            cx.u(v[3] as u64);
        }
        0x0102 if v.len() >= 21 => {
            let plen = v[20] as usize;
            let n = plen.div_ceil(8).min(4);
            let mut prefix = [0u8; 4];
            prefix[..n].copy_from_slice(v.range(21, n)?);
            let mut text = Vec::new();
            fmt::put_ipv4(&mut text, &prefix);
            cx.s("\n\t    IPv4 prefix: ");
            for _ in text.len()..15 {
                cx.b(b' ');
            }
            cx.out.extend_from_slice(&text);
            cx.b(b'/');
            cx.u(plen as u64);
            cx.s(", nexthop: ");
            if v[..4] == [0, 0, 0, 0] {
                cx.s("self");
            } else {
                cx.ipv4(&v[..4]);
            }
            let delay = v.be32(4)?;
            let bw = v.be32(8)?;
            cx.s("\n\t      delay ");
            cx.u((delay / 100) as u64);
            cx.s(" ms, bandwidth ");
            cx.u(bw as u64);
            cx.s(" Kbps, mtu ");
            cx.u(((v[12] as u64) << 16) | ((v[13] as u64) << 8) | v[14] as u64);
            cx.s(", hop ");
            cx.u(v[15] as u64);
            cx.s(", reliability ");
            cx.u(v[16] as u64);
            cx.s(", load ");
            cx.u(v[17] as u64);
        }
        _ => {
            hexdump::hex(cx.out, b"\n\t    ", v, 0);
        }
    }
    Ok(())
}
