//! EIGRP (RFC 7868): the opcode, and with `-v` the header and TLVs.

use crate::print::core::prelude::*;

static OPCODES: &[(u8, &str)] = &[
    (1, "Update"),
    (3, "Query"),
    (4, "Reply"),
    (5, "Hello"),
    (6, "IPX SAP"),
    (7, "Probe"),
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

/// Where an external route came from (RFC 7868 6.9.3).
static EXT_PROTOS: &[(u8, &str)] = &[
    (1, "IGRP"),
    (2, "EIGRP"),
    (3, "Static"),
    (4, "RIP"),
    (5, "Hello"),
    (6, "OSPF"),
    (7, "IS-IS"),
    (8, "EGP"),
    (9, "BGP"),
    (10, "IDRP"),
    (11, "Connected"),
];

pub fn eigrp(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    cx.proto = "eigrp";
    body(cx, bp, length)?;
    // Whatever stops the decoder short of the end, the packet must have
    // been captured to its declared length.
    if bp.len() < length {
        return Err(Trunc);
    }
    Ok(())
}

fn opcode(cx: &mut Ctx, op: u8) {
    cx.s("EIGRP ");
    match tables::lookup(OPCODES, op) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown (");
            cx.u(op as u64);
            cx.b(b')');
        }
    }
    cx.s(", length: ");
}

fn body(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    if length < 20 {
        opcode(cx, bp.u8_at(1)?);
        cx.u(length as u64);
        cx.s(" (too short, < 20)");
        return Ok(());
    }
    let version = bp.u8_at(0)?;
    if version != 2 {
        cx.s("EIGRP version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(());
    }
    if cx.opts.verbose == 0 {
        opcode(cx, bp.u8_at(1)?);
        cx.u(length as u64);
        return Ok(());
    }
    bp.range(0, 20)?;
    let op = bp[1];
    cx.s("\n\tEIGRP v");
    cx.u(version as u64);
    cx.s(", opcode: ");
    match tables::lookup(OPCODES, op) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown, type: ");
            cx.u(op as u64);
        }
    }
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
    cx.u((length - 20) as u64);
    let mut at = 20;
    let mut left = length - 20;
    while left >= 4 {
        let t = bp.be16(at)?;
        let l = bp.be16(at + 2)? as usize;
        cx.s("\n\t  ");
        cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
        cx.s(" TLV (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.s("), length: ");
        cx.u(l as u64);
        if l < 4 || l > left {
            cx.s(" (invalid)");
            return Ok(());
        }
        let min = match t {
            0x0001 => 12,
            0x0004 => 8,
            0x0102 => 26,
            0x0103 => 46,
            _ => 0,
        };
        if l < min {
            cx.s(" (too short, < ");
            cx.u(min as u64);
            cx.b(b')');
        } else {
            tlv(cx, t, bp, at + 4, l - 4)?;
        }
        at += l;
        left -= l;
    }
    if left > 0 {
        cx.s("\n\t  (only ");
        cx.u(left as u64);
        cx.s(" bytes of data) (invalid)");
    }
    Ok(())
}

/// A route's prefix: its length at `at`, as many bytes as it needs after
/// it (read past the TLV if the TLV ends first); `None` (after saying
/// so) for a length over 32.
fn prefix(cx: &mut Ctx, bp: &[u8], at: usize) -> R<Option<()>> {
    let plen = bp.u8_at(at)? as usize;
    if plen > 32 {
        cx.s("\n\t    illegal prefix length ");
        cx.u(plen as u64);
        return Ok(None);
    }
    let n = plen.div_ceil(8);
    let mut prefix = [0u8; 4];
    prefix[..n].copy_from_slice(bp.range(at + 1, n)?);
    let mut text = Vec::new();
    fmt::put_ipv4(&mut text, &prefix);
    cx.s("\n\t    IPv4 prefix: ");
    for _ in text.len()..15 {
        cx.b(b' ');
    }
    cx.out.extend_from_slice(&text);
    cx.b(b'/');
    cx.u(plen as u64);
    Ok(Some(()))
}

fn nexthop(cx: &mut Ctx, a: &[u8]) {
    cx.s(", nexthop: ");
    if a == [0, 0, 0, 0] {
        cx.s("self");
    } else {
        cx.ipv4(a);
    }
}

/// The metric shared by internal and external routes, at `m`.
fn metric(cx: &mut Ctx, m: &[u8]) -> R {
    cx.s("\n\t      delay ");
    cx.u((m.be32(0)? / 100) as u64);
    cx.s(" ms, bandwidth ");
    cx.u(m.be32(4)? as u64);
    cx.s(" Kbps, mtu ");
    cx.u(((m[8] as u64) << 16) | ((m[9] as u64) << 8) | m[10] as u64);
    cx.s(", hop ");
    cx.u(m[11] as u64);
    cx.s(", reliability ");
    cx.u(m[12] as u64);
    cx.s(", load ");
    cx.u(m[13] as u64);
    Ok(())
}

/// A TLV's value, `len` bytes at `at` in `bp` (long enough for its type).
fn tlv(cx: &mut Ctx, t: u16, bp: &[u8], at: usize, len: usize) -> R {
    match t {
        0x0001 => {
            let v = bp.range(at, 8)?;
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
        0x0004 => {
            let v = bp.range(at, 4)?;
            cx.s("\n\t    IOS version: ");
            cx.u(v[0] as u64);
            cx.b(b'.');
            cx.u(v[1] as u64);
            cx.s(", EIGRP version ");
            cx.u(v[2] as u64);
            cx.b(b'.');
            cx.u(v[3] as u64);
        }
        0x0102 => {
            let v = bp.range(at, 20)?;
            if prefix(cx, bp, at + 20)?.is_some() {
                nexthop(cx, &v[..4]);
                metric(cx, &v[4..18])?;
            }
        }
        0x0103 => {
            let v = bp.range(at, 40)?;
            if prefix(cx, bp, at + 40)?.is_some() {
                nexthop(cx, &v[..4]);
                cx.s("\n\t      origin-router ");
                cx.ipv4(&v[4..8]);
                cx.s(", origin-as ");
                cx.u(v.be32(8)? as u64);
                cx.s(", origin-proto ");
                cx.s(tables::lookup(EXT_PROTOS, v[22]).unwrap_or("unknown"));
                cx.s(", flags [0x");
                fmt::put_hex_padded(cx.out, v[23] as u64, 2);
                cx.s("], tag 0x");
                fmt::put_hex_padded(cx.out, v.be32(12)? as u64, 8);
                cx.s(", metric ");
                cx.u(v.be32(16)? as u64);
                metric(cx, &v[24..38])?;
            }
        }
        _ => {
            hexdump::hex(cx.out, b"\n\t    ", bp.range(at, len)?, 0);
            return Ok(());
        }
    }
    if cx.opts.verbose > 1 {
        hexdump::hex(cx.out, b"\n\t    ", bp.range(at, len)?, 0);
    }
    Ok(())
}
