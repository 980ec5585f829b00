//! The IS-IS TLVs `-v` decodes (see `isis_v.rs` for the PDU headers).

use super::isis_v::{cksum, dump, idl, isonsap_l, nlpid};
use crate::print::core::prelude::*;

/// What the TLV loop does after a TLV.
pub enum Next {
    /// The next TLV.
    Go,
    /// Stop the PDU quietly.
    Stop,
    /// Stop the PDU with the truncation marker.
    Trunc,
}

const IE: &[u8] = b"\n\t      ";

/// The snapshot's own check that `n` bytes at `p` were captured (it ends
/// the PDU with the marker, a normal end, where they were not).
macro_rules! need {
    ($d:expr, $p:expr, $n:expr) => {
        if !$d.has($p, $n) {
            return Ok(Next::Trunc);
        }
    };
}

fn ext_or_int(cx: &mut Ctx, m: u8) {
    cx.s(if m & 0x40 != 0 {
        "External"
    } else {
        "Internal"
    });
}

/// The default metric and those of the delay, expense and error metrics
/// that are supported.
fn metric_block(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let m = d.range(at, 4)?;
    cx.s(", Default Metric: ");
    cx.u((m[0] & 0x3f) as u64);
    cx.s(", ");
    ext_or_int(cx, m[0]);
    for (i, name) in [(1, "Delay"), (2, "Expense"), (3, "Error")] {
        if m[i] & 0x80 == 0 {
            cx.s("\n\t\t  ");
            cx.s(name);
            cx.s(" Metric: ");
            cx.u((m[i] & 0x3f) as u64);
            cx.s(", ");
            ext_or_int(cx, m[i]);
        }
    }
    Ok(())
}

/// A TLV of type `t`, `l` bytes at `at`; `length` the PDU's length.
pub fn tlv(cx: &mut Ctx, d: &[u8], t: u8, at: usize, l: usize, length: usize) -> R<Next> {
    let mut p = at;
    let mut left = l;
    match t {
        1 => {
            while left != 0 {
                let alen = d.u8_at(p)? as usize;
                p += 1;
                left -= 1;
                if left < alen {
                    return Ok(Next::Go);
                }
                d.range(p, alen)?;
                cx.s("\n\t      Area address (length: ");
                cx.u(alen as u64);
                isonsap_l(cx, "): ", d, p, alen)?;
                p += alen;
                left -= alen;
            }
        }
        6 => {
            while left != 0 {
                if left < 6 {
                    return Ok(Next::Go);
                }
                need!(d, p, 6);
                idl(cx, "\n\t      SNPA: ", d, p, 6)?;
                p += 6;
                left -= 6;
            }
        }
        7 => {
            if left < 4 {
                return Ok(Next::Go);
            }
            let n = (left - 2) / 2;
            let v = d.be16(p)?;
            cx.s("\n\t      Instance ID: ");
            cx.u(v as u64);
            cx.s(", ITIDs(");
            cx.u(n as u64);
            cx.b(b')');
            if n > 0 {
                cx.b(b':');
            }
            cx.b(b' ');
            p += 2;
            for i in 0..n {
                cx.u(d.be16(p)? as u64);
                if i + 1 < n {
                    cx.s(", ");
                }
                p += 2;
            }
        }
        8 => {}
        22 | 24 | 222 => {
            if t == 222 {
                let n = mtid(cx, d, p, left)?;
                if n == 0 {
                    return Ok(Next::Trunc);
                }
                p += n;
                left -= n;
            }
            while left != 0 {
                let n = super::isis_sub::ext_is_reach(cx, d, p, t, left)?;
                if n == 0 {
                    return Ok(Next::Trunc);
                }
                if left < n {
                    remaining(cx, left, n);
                    break;
                }
                left -= n;
                p += n;
            }
        }
        2 => {
            if left < 1 {
                return Ok(Next::Go);
            }
            let v = d.u8_at(p)?;
            cx.s("\n\t      ");
            match v {
                0 => cx.s("IsNotVirtual"),
                1 => cx.s("IsVirtual"),
                _ => {
                    cx.s("bogus virtual flag 0x");
                    fmt::put_hex2(cx.out, v);
                }
            }
            p += 1;
            left -= 1;
            while left != 0 {
                if left < 11 {
                    return Ok(Next::Go);
                }
                need!(d, p, 11);
                idl(cx, "\n\t      IS Neighbor: ", d, p + 4, 7)?;
                metric_block(cx, d, p)?;
                left -= 11;
                p += 11;
            }
        }
        3 => {
            while left != 0 {
                if left < 10 {
                    return Ok(Next::Go);
                }
                need!(d, p, 10);
                idl(cx, "\n\t      ES Neighbor: ", d, p + 4, 6)?;
                metric_block(cx, d, p)?;
                left -= 10;
                p += 10;
            }
        }
        128 | 130 => {
            if !ip_reach(cx, d, p, left)? {
                return Ok(Next::Stop);
            }
        }
        135 | 235 | 236 | 237 => {
            if t == 235 || t == 237 {
                let n = mtid(cx, d, p, left)?;
                if n == 0 {
                    return Ok(Next::Trunc);
                }
                p += n;
                left -= n;
            }
            let v6 = t == 236 || t == 237;
            while left != 0 {
                let n = super::isis_sub::extd_ip_reach(cx, d, p, v6)?;
                if n == 0 {
                    return Ok(Next::Trunc);
                }
                if left < n {
                    remaining(cx, left, n);
                    break;
                }
                left -= n;
                p += n;
            }
        }
        232 => {
            while left != 0 {
                if left < 16 {
                    return Ok(Next::Go);
                }
                let a = d.range(p, 16)?;
                cx.s("\n\t      IPv6 interface address: ");
                cx.ipv6(a);
                p += 16;
                left -= 16;
            }
        }
        10 => {
            if left < 1 {
                return Ok(Next::Go);
            }
            let at_ = d.u8_at(p)?;
            p += 1;
            left -= 1;
            cx.s("\n\t      ");
            match at_ {
                1 => cx.s("simple text password"),
                3 => cx.s("Generic Crypto key-id"),
                54 => cx.s("HMAC-MD5 password"),
                255 => cx.s("Routing Domain private password"),
                _ => {
                    cx.s("unknown Authentication type 0x");
                    fmt::put_hex2(cx.out, at_);
                }
            }
            cx.s(": ");
            match at_ {
                1 => {
                    for i in 0..left {
                        fmt::put_safe_char(cx.out, d.u8_at(p + i)?);
                    }
                }
                54 => {
                    for i in 0..left {
                        fmt::put_hex2(cx.out, d.u8_at(p + i)?);
                    }
                    if left != 16 {
                        cx.s(", (invalid subTLV) ");
                    }
                    cx.s(" (unchecked)");
                }
                3 => {
                    if left < 2 {
                        return Ok(Next::Go);
                    }
                    cx.u(d.be16(p)? as u64);
                    cx.s(", password: ");
                    for i in 2..left {
                        fmt::put_hex2(cx.out, d.u8_at(p + i)?);
                    }
                }
                _ => dump(cx, d, p, left, b"\n\t\t  "),
            }
        }
        240 => {
            if left >= 1 {
                let s = d.u8_at(p)?;
                cx.s("\n\t      Adjacency State: ");
                cx.s(match s {
                    0 => "Up",
                    1 => "Initializing",
                    2 => "Down",
                    _ => "unknown",
                });
                cx.s(" (");
                cx.u(s as u64);
                cx.b(b')');
                left -= 1;
            }
            if left > 4 {
                let v = d.be32(p + 1)?;
                cx.s("\n\t      Extended Local circuit-ID: 0x");
                fmt::put_hex_padded(cx.out, v as u64, 8);
                left -= 4;
            }
            if left >= 6 {
                need!(d, p + 5, 6);
                idl(cx, "\n\t      Neighbor System-ID: ", d, p + 5, 6)?;
                left -= 6;
            }
            if left >= 4 {
                let v = d.be32(p + 11)?;
                cx.s("\n\t      Neighbor Extended Local circuit-ID: 0x");
                fmt::put_hex_padded(cx.out, v as u64, 8);
            }
        }
        129 => {
            cx.s("\n\t      NLPID(s): ");
            while left != 0 {
                let n = d.u8_at(p)?;
                cx.s(nlpid(n));
                cx.s(" (0x");
                fmt::put_hex2(cx.out, n);
                cx.b(b')');
                if left > 1 {
                    cx.s(", ");
                }
                p += 1;
                left -= 1;
            }
        }
        143 => {
            if left < 2 {
                return Ok(Next::Go);
            }
            let v = d.be16(p)?;
            cx.s("\n\t       RES: ");
            cx.u((v >> 12) as u64);
            cx.s(", MTID(s): ");
            cx.u((v & 0x0fff) as u64);
            p += 2;
            left -= 2;
            if left > 0 && !super::isis_sub::mt_port_cap(cx, d, p, left)? {
                return Ok(Next::Trunc);
            }
        }
        144 => {
            if left < 2 {
                return Ok(Next::Go);
            }
            let v = d.be16(p)?;
            cx.s("\n\t      O: ");
            cx.u(((v >> 15) & 1) as u64);
            cx.s(", RES: ");
            cx.u(((v >> 12) & 7) as u64);
            cx.s(", MTID(s): ");
            cx.u((v & 0x0fff) as u64);
            p += 2;
            left -= 2;
            if left > 0 && !super::isis_sub::mt_capability(cx, d, p, left)? {
                return Ok(Next::Trunc);
            }
        }
        134 => {
            let a = d.range(p, 4)?;
            cx.s("\n\t      Traffic Engineering Router ID: ");
            cx.ipv4(a);
        }
        132 => {
            while left != 0 {
                if left < 4 {
                    return Ok(Next::Go);
                }
                let a = d.range(p, 4)?;
                cx.s("\n\t      IPv4 interface address: ");
                cx.ipv4(a);
                p += 4;
                left -= 4;
            }
        }
        137 => {
            cx.s("\n\t      Hostname: ");
            for i in 0..left {
                let c = d.u8_at(p + i)?;
                if c == 0 {
                    break;
                }
                fmt::put_safe_char(cx.out, c);
            }
        }
        138 => {
            if left >= 7 {
                need!(d, p, 7);
            }
            srlg(cx, d, p, left)?
        }
        9 => {
            while left != 0 {
                if left < 16 {
                    return Ok(Next::Go);
                }
                need!(d, p + 9, 1);
                idl(cx, "\n\t      lsp-id: ", d, p + 2, 8)?;
                let seq = d.be32(p + 10)?;
                cx.s(", seq: 0x");
                fmt::put_hex_padded(cx.out, seq as u64, 8);
                let life = d.be16(p)?;
                cx.s(", lifetime: ");
                fmt::put_padded_u64(cx.out, life as u64, 5, b' ');
                cx.b(b's');
                let ck = d.be16(p + 14)?;
                cx.s(", chksum: 0x");
                fmt::put_hex_padded(cx.out, ck as u64, 4);
                left -= 16;
                p += 16;
            }
        }
        12 => {
            if left < 2 {
                return Ok(Next::Go);
            }
            need!(d, p, 2);
            let ck = d.be16(p)?;
            cx.s("\n\t      checksum: 0x");
            fmt::put_hex_padded(cx.out, ck as u64, 4);
            cx.b(b' ');
            cksum(cx, d, 0, ck, p, length);
        }
        13 => {
            if left < 1 {
                return Ok(Next::Go);
            }
            let n = d.u8_at(p)?;
            p += 1;
            left -= 1;
            if n == 0 {
                cx.s(" No system IDs supplied");
            } else {
                if left < 6 {
                    return Ok(Next::Go);
                }
                need!(d, p, 6);
                idl(cx, "\n\t      Purge Originator System-ID: ", d, p, 6)?;
                p += 6;
                left -= 6;
                if n > 1 {
                    if left < 6 {
                        return Ok(Next::Go);
                    }
                    need!(d, p, 13);
                    idl(cx, "\n\t      Received from System-ID: ", d, p, 6)?;
                }
            }
        }
        229 => {
            while left != 0 {
                if left != 1 {
                    let n = mtid(cx, d, p, left)?;
                    if n == 0 {
                        return Ok(Next::Trunc);
                    }
                    p += n;
                    left -= n;
                } else {
                    cx.s("\n\t      invalid MT-ID");
                    break;
                }
            }
        }
        211 => {
            if left < 1 {
                return Ok(Next::Go);
            }
            need!(d, p, 1);
            let flags = d.u8_at(p)?;
            cx.s("\n\t      Flags [");
            cx.flag_names(
                flags as u32,
                &[
                    (0x01, "Restart Request"),
                    (0x02, "Restart Acknowledgement"),
                    (0x04, "Suppress adjacency advertisement"),
                ],
            );
            cx.b(b']');
            p += 1;
            left -= 1;
            if left == 0 {
                return Ok(Next::Go);
            }
            if left < 2 {
                return Ok(Next::Go);
            }
            need!(d, p, 2);
            let v = d.be16(p)?;
            cx.s(", Remaining holding time ");
            cx.u(v as u64);
            cx.b(b's');
            p += 2;
            left -= 2;
            if left == 6 {
                need!(d, p, 6);
                idl(cx, ", for ", d, p, 6)?;
            }
        }
        131 => {
            if left < 1 {
                return Ok(Next::Go);
            }
            let it = d.u8_at(p)?;
            cx.s("\n\t      Inter-Domain Information Type: ");
            match it {
                0 => cx.s("Reserved for future expansion"),
                1 => cx.s("Routing-Domain Specific"),
                2 => cx.s("AS Number Tag"),
                _ => {
                    cx.s("Unknown (0x");
                    fmt::put_hex2(cx.out, it);
                    cx.b(b')');
                }
            }
            p += 1;
            left -= 1;
            if it == 2 {
                if left < 2 {
                    return Ok(Next::Go);
                }
                let v = d.be16(p)?;
                cx.s("AS Number: ");
                cx.u(v as u64);
            } else {
                dump(cx, d, p, left, IE);
            }
        }
        14 => {
            if left < 2 {
                return Ok(Next::Go);
            }
            let v = d.be16(p)?;
            cx.s("\n\t      LSP Buffersize: ");
            cx.u(v as u64);
        }
        4 => {
            while left != 0 {
                if left < 6 {
                    return Ok(Next::Go);
                }
                need!(d, p, 6);
                idl(cx, "\n\t      ", d, p, 6)?;
                p += 6;
                left -= 6;
            }
        }
        5 => {
            if left < 4 {
                return Ok(Next::Go);
            }
            need!(d, p, 4);
            cx.s("\n\t      Metric Block");
            metric_block(cx, d, p)?;
            p += 4;
            left -= 4;
            while left != 0 {
                let plen = d.u8_at(p)? as usize;
                p += 1;
                left -= 1;
                if plen < 2 {
                    cx.s("\n\t\tAddress: prefix length ");
                    cx.u(plen as u64);
                    cx.s(" < 2");
                    break;
                }
                if left < plen / 2 {
                    break;
                }
                isonsap_l(cx, "\n\t\tAddress: ", d, p, plen / 2)?;
                cx.b(b'/');
                cx.u((plen * 4) as u64);
                p += plen / 2;
                left -= plen / 2;
            }
        }
        241 => {
            if left < 4 {
                return Ok(Next::Go);
            }
            let v = d.be32(p)?;
            cx.s("\n\t      Sequence number: ");
            cx.u(v as u64);
        }
        242 => return super::isis_sub::router_capability(cx, d, p, left),
        250 => {
            if left < 3 {
                return Ok(Next::Go);
            }
            let b = d.range(p, 3)?;
            let oui = u32::from_be_bytes([0, b[0], b[1], b[2]]);
            cx.s("\n\t      Vendor: ");
            cx.s(match oui {
                0x000000 => "Ethernet",
                0x00000c => "Cisco",
                0x000d9d => "Hewlett-Packard",
                0x0014e4 => "Juniper",
                _ => "Unknown",
            });
            cx.s(" (");
            cx.u(oui as u64);
            cx.b(b')');
            if left > 3 {
                dump(cx, d, p + 3, left - 3, b"\n\t\t");
            }
        }
        _ => {
            if cx.opts.verbose <= 1 {
                dump(cx, d, at, l, b"\n\t\t");
            }
        }
    }
    Ok(Next::Go)
}

/// ` [remaining tlv length L < N] (invalid)`.
fn remaining(cx: &mut Ctx, left: usize, n: usize) {
    cx.s(" [remaining tlv length ");
    cx.u(left as u64);
    cx.s(" < ");
    cx.u(n as u64);
    cx.s("] (invalid)");
}

/// A multi-topology id: `\n\t      NAME Topology (0x...), Flags: [...]`;
/// the bytes used (2), 0 if short.
fn mtid(cx: &mut Ctx, d: &[u8], p: usize, left: usize) -> R<usize> {
    if left < 2 {
        return Ok(0);
    }
    let v = d.be16(p)?;
    cx.s("\n\t      ");
    let id_ = v & 0x0fff;
    cx.s(match id_ {
        // The snapshot's names (RFC 5120 names 3 to 5 otherwise).
        0 => "IPv4 unicast",
        1 => "In-Band Management",
        2 => "IPv6 unicast",
        3 => "Multicast",
        4095 => "Development, Experimental or Proprietary",
        _ => "Reserved for IETF Consensus",
    });
    cx.s(" Topology (0x");
    fmt::put_hex_padded(cx.out, id_ as u64, 3);
    cx.s("), Flags: [");
    cx.flag_names(
        v as u32,
        &[(0x8000, "Overload bit set"), (0x4000, "ATT bit set")],
    );
    cx.b(b']');
    Ok(2)
}

/// IPv4 (internal or external) reachability: `false` when the TLV is
/// too short for an entry.
fn ip_reach(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize) -> R<bool> {
    while left > 0 {
        if left < 12 {
            cx.s("short IPv4 Reachability (");
            cx.u(left as u64);
            cx.s(" vs 12)");
            return Ok(false);
        }
        let Ok(e) = d.range(p, 12) else {
            return Ok(false);
        };
        let mask = u32::from_be_bytes([e[8], e[9], e[10], e[11]]);
        cx.s("\n\t      IPv4 prefix: ");
        let plen = mask2plen(mask);
        match plen {
            Some(n) => {
                let mut a = Vec::new();
                fmt::put_ipv4(&mut a, &e[4..8]);
                for _ in a.len()..15 {
                    cx.b(b' ');
                }
                cx.out.extend_from_slice(&a);
                cx.b(b'/');
                cx.u(n as u64);
            }
            None => {
                cx.ipv4(&e[4..8]);
                cx.s(" mask ");
                cx.ipv4(&e[8..12]);
            }
        }
        cx.s(", Distribution: ");
        cx.s(if e[0] & 0x80 != 0 { "down" } else { "up" });
        cx.s(", Metric: ");
        cx.u((e[0] & 0x3f) as u64);
        cx.s(", ");
        ext_or_int(cx, e[0]);
        for (i, name) in [(1, "Delay"), (2, "Expense"), (3, "Error")] {
            if e[i] & 0x80 == 0 {
                cx.s("\n\t        ");
                cx.s(name);
                cx.s(" Metric: ");
                cx.u((e[i] & 0x3f) as u64);
                cx.s(", ");
                ext_or_int(cx, e[i]);
            }
        }
        left -= 12;
        p += 12;
    }
    Ok(true)
}

fn mask2plen(mask: u32) -> Option<u32> {
    let n = mask.leading_ones();
    if n == 32 || mask << n == 0 {
        Some(n)
    } else {
        None
    }
}

fn srlg(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize) -> R {
    if left < 7 {
        return Ok(());
    }
    idl(cx, "\n\t      IS Neighbor: ", d, p, 7)?;
    p += 7;
    left -= 7;
    if left < 1 {
        return Ok(());
    }
    cx.s(", Flags: [");
    cx.s(if d.u8_at(p)? & 1 != 0 {
        "numbered"
    } else {
        "unnumbered"
    });
    cx.b(b']');
    p += 1;
    left -= 1;
    for label in ["IPv4 interface address: ", "IPv4 neighbor address: "] {
        if left < 4 {
            return Ok(());
        }
        let a = d.range(p, 4)?;
        cx.s("\n\t      ");
        cx.s(label);
        cx.ipv4(a);
        p += 4;
        left -= 4;
    }
    while left >= 4 {
        let v = d.be32(p)?;
        cx.s("\n\t      Link-ID: 0x");
        fmt::put_hex_padded(cx.out, v as u64, 8);
        p += 4;
        left -= 4;
    }
    Ok(())
}
