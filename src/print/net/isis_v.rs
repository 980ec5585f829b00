//! IS-IS with `-v`: the PDU headers (hello, LSP, sequence number PDUs)
//! and their TLVs (ISO 10589, RFC 1195, 5305, 5308, 5120, 5303, 7981,
//! 8667).

use crate::print::core::prelude::*;

const COMMON: usize = 8;

/// An IS-IS id: system id (6 bytes) `xxxx.xxxx.xxxx`, node id (7)
/// `.xx`, LSP id (8) `-xx`.
pub fn put_id(cx: &mut Ctx, id: &[u8]) {
    for (i, &b) in id.iter().take(6).enumerate() {
        fmt::put_hex2(cx.out, b);
        if i == 1 || i == 3 {
            cx.b(b'.');
        }
    }
    if let Some(&b) = id.get(6) {
        cx.b(b'.');
        fmt::put_hex2(cx.out, b);
    }
    if let Some(&b) = id.get(7) {
        cx.b(b'-');
        fmt::put_hex2(cx.out, b);
    }
}

/// `label` then an id, once the id's bytes are known to be there.
pub(super) fn idl(cx: &mut Ctx, label: &str, d: &[u8], at: usize, id_len: usize) -> R {
    let b = d.range(at, id_len)?;
    cx.s(label);
    put_id(cx, b);
    Ok(())
}

/// `label` then an NSAP address, once its bytes are known to be there.
pub(super) fn isonsap_l(cx: &mut Ctx, label: &str, d: &[u8], at: usize, len: usize) -> R {
    d.range(at, len)?;
    cx.s(label);
    isonsap(cx, d, at, len)
}

/// An NSAP address: hex, a dot after the first byte and every second
/// byte after it.
pub(super) fn isonsap(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    let b = d.range(at, len)?;
    if len < 1 || len > 20 {
        cx.s("isonsap_string: illegal length");
        return Ok(());
    }
    for (i, &c) in b.iter().enumerate() {
        fmt::put_hex2(cx.out, c);
        if i % 2 == 0 && i + 1 < len {
            cx.b(b'.');
        }
    }
    Ok(())
}

/// The hex dump tcpdump gives data it does not decode (what was
/// captured of it).
pub(super) fn unknown_data(cx: &mut Ctx, d: &[u8], at: usize, len: usize, ident: &[u8]) {
    let start = at.min(d.len());
    let end = at.saturating_add(len).min(d.len());
    hexdump::hex(cx.out, ident, &d[start..end], 0);
}

fn tlv_name(t: u8) -> &'static str {
    match t {
        1 => "Area address(es)",
        2 => "IS Reachability",
        3 => "ES Neighbor(s)",
        4 => "Partition DIS",
        5 => "Prefix Neighbors",
        6 => "IS Neighbor(s)",
        7 => "Instance Identifier",
        8 => "Padding",
        9 => "LSP entries",
        10 => "Authentication",
        12 => "Checksum",
        13 => "Purge Originator Identifier",
        14 => "LSP Buffersize",
        22 => "Extended IS Reachability",
        24 => "IS Alias ID",
        42 => "DECnet Phase IV",
        66 => "Lucent Proprietary",
        128 => "IPv4 Internal Reachability",
        129 => "Protocols supported",
        130 => "IPv4 External Reachability",
        131 => "Inter-Domain Information Type",
        132 => "IPv4 Interface address(es)",
        133 => "IPv4 authentication (deprecated)",
        134 => "Traffic Engineering Router ID",
        135 => "Extended IPv4 Reachability",
        137 => "Hostname",
        138 => "Shared Risk Link Group",
        143 => "Multi-Topology-Aware Port Capability",
        144 => "Multi-Topology Capability",
        176 | 177 => "Nortel Proprietary",
        211 => "Restart Signaling",
        222 => "Multi Topology IS Reachability",
        229 => "Multi Topology",
        232 => "IPv6 Interface address(es)",
        235 => "Multi-Topology IPv4 Reachability",
        236 => "IPv6 reachability",
        237 => "Multi-Topology IP6 Reachability",
        240 => "Point-to-point Adjacency State",
        241 => "Hello PDU Sequence Number",
        242 => "IS-IS Router Capability",
        250 => "Vendor Private",
        _ => "unknown",
    }
}

pub(super) fn nlpid_name(n: u8) -> &'static str {
    match n {
        0x00 => "NULL",
        0x08 => "Q.933",
        0x09 => "LMI",
        0x80 => "SNAP",
        0x81 => "CLNP",
        0x82 => "ES-IS",
        0x83 => "IS-IS",
        0x84 => "CONS",
        0x85 => "IDRP",
        0x8a => "X25 ES-IS",
        0x8e => "IPv6",
        0xb1 => "FRF.15",
        0xc1 => "ISIS_SPB",
        0xcc => "IPv4",
        0xcf => "PPP",
        _ => "unknown",
    }
}

/// The fixed header and the TLVs of a PDU (`p`: from the common header
/// on; `length`: the PDU's length).
pub fn pdu(cx: &mut Ctx, p: &[u8], length: usize, pdu_type: u8) -> R<bool> {
    let fixed_len = p[1] as usize;
    let li = p[3];
    let id_length = if li == 0 { 6 } else { li };
    let max_area_raw = p[7];
    let max_area = if max_area_raw == 0 { 3 } else { max_area_raw };
    cx.s(if cx.opts.link_header { "" } else { ", " });
    cx.s("length ");
    cx.u(length as u64);
    cx.s("\n\t");
    let (name, header) = super::isis::pdu_kind(pdu_type);
    if header == 0 {
        cx.s("unknown, type ");
        cx.u(pdu_type as u64);
    } else {
        cx.s(name);
    }
    cx.s(", hlen: ");
    cx.u(fixed_len as u64);
    cx.s(", v: ");
    cx.u(p[2] as u64);
    cx.s(", pdu-v: ");
    cx.u(p[5] as u64);
    cx.s(", sys-id-len: ");
    cx.u(id_length as u64);
    cx.s(" (");
    cx.u(li as u64);
    cx.s("), max-area: ");
    cx.u(max_area as u64);
    cx.s(" (");
    cx.u(max_area_raw as u64);
    cx.b(b')');
    if cx.opts.verbose > 1 {
        unknown_data(cx, p, 0, COMMON, b"\n\t");
    }
    if header == 0 {
        unknown_data(cx, p, COMMON, length, b"\n\t  ");
        return Ok(false);
    }
    if fixed_len != COMMON + header {
        // As tcpdump words it: LSPs give their own header size, PSNPs
        // start with a dash.
        let lsp = matches!(pdu_type, 18 | 20);
        cx.s(if matches!(pdu_type, 26 | 27) {
            "- "
        } else {
            ", "
        });
        cx.s("bogus fixed header length ");
        cx.u(fixed_len as u64);
        cx.s(" should be ");
        cx.u(if lsp { header } else { COMMON + header } as u64);
        return Ok(false);
    }
    let h = COMMON;
    // The PDU's own header is checked whole: the marker ends it normally.
    if !p.has(h, header) {
        cx.trunc_marker();
        return Ok(true);
    }
    if length < COMMON + header {
        cx.s(" [packet length ");
        cx.u(length as u64);
        cx.s(" < ");
        cx.u((COMMON + header) as u64);
        cx.s("] (invalid)");
        return Ok(true);
    }
    let mut length = length;
    let mut packet_len = length;
    let pdu_len_at = match pdu_type {
        15 | 16 | 17 => h + 9,
        _ => h,
    };
    let pdu_len = p.be16(pdu_len_at)? as usize;
    if packet_len > pdu_len {
        packet_len = pdu_len;
        length = pdu_len;
    }
    match pdu_type {
        15 | 16 | 17 => {
            let lan = pdu_type != 17;
            idl(cx, "\n\t  source-id: ", p, h + 1, 6)?;
            cx.s(if lan {
                ",  holding time: "
            } else {
                ", holding time: "
            });
            cx.u(p.be16(h + 7)? as u64);
            cx.s("s, Flags: [");
            let ct = p.u8_at(h)?;
            match ct {
                1 => cx.s("Level 1 only"),
                2 => cx.s("Level 2 only"),
                3 => cx.s("Level 1, Level 2"),
                _ => {
                    cx.s("unknown circuit type 0x");
                    fmt::put_hex2(cx.out, ct);
                }
            }
            cx.b(b']');
            if lan {
                idl(cx, "\n\t  lan-id:    ", p, h + 12, 7)?;
                cx.s(", Priority: ");
                cx.u((p.u8_at(h + 11)? & 0x7f) as u64);
            } else {
                cx.s("\n\t  circuit-id: 0x");
                fmt::put_hex2(cx.out, p.u8_at(h + 11)?);
            }
            cx.s(", PDU length: ");
            cx.u(pdu_len as u64);
        }
        18 | 20 => {
            idl(cx, "\n\t  lsp-id: ", p, h + 4, 8)?;
            cx.s(", seq: 0x");
            fmt::put_hex_padded(cx.out, p.be32(h + 12)? as u64, 8);
            cx.s(", lifetime: ");
            fmt::put_padded_u64(cx.out, p.be16(h + 2)? as u64, 5, b' ');
            let ck = p.be16(h + 16)?;
            cx.s("s\n\t  chksum: 0x");
            fmt::put_hex_padded(cx.out, ck as u64, 4);
            osi_cksum(cx, p, h + 4, ck, 12, length.wrapping_sub(12));
            cx.s(", PDU length: ");
            cx.u(pdu_len as u64);
            cx.s(", Flags: [ ");
            let tb = p.u8_at(h + 18)?;
            if tb & 0x04 != 0 {
                cx.s("Overload bit set, ");
            }
            if tb & 0x78 != 0 {
                for (bit, s) in [
                    (0x08, "default "),
                    (0x10, "delay "),
                    (0x20, "expense "),
                    (0x40, "error "),
                ] {
                    if tb & bit != 0 {
                        cx.s(s);
                    }
                }
                cx.s("ATT bit set, ");
            }
            if tb & 0x80 != 0 {
                cx.s("P bit set, ");
            }
            cx.s(match tb & 0x03 {
                0 => "Unused 0x0 (invalid)",
                1 => "L1 IS",
                2 => "Unused 0x2 (invalid)",
                _ => "L2 IS",
            });
            cx.s(" ]");
        }
        24 | 25 => {
            idl(cx, "\n\t  source-id:    ", p, h + 2, 7)?;
            cx.s(", PDU length: ");
            cx.u(pdu_len as u64);
            idl(cx, "\n\t  start lsp-id: ", p, h + 9, 8)?;
            idl(cx, "\n\t  end lsp-id:   ", p, h + 17, 8)?;
        }
        _ => {
            idl(cx, "\n\t  source-id:    ", p, h + 2, 7)?;
            cx.s(", PDU length: ");
            cx.u(pdu_len as u64);
        }
    }
    if cx.opts.verbose > 1 {
        unknown_data(cx, p, h, header, b"\n\t  ");
    }
    let start = COMMON + header;
    if packet_len < start {
        cx.s(" [packet length ");
        cx.u(packet_len as u64);
        cx.s(" < ");
        cx.u(start as u64);
        cx.s("] (invalid)");
        return Ok(true);
    }
    tlvs(cx, p, start, packet_len - start, length)?;
    Ok(true)
}

/// ` (correct)`, ` (incorrect should be 0x...)` or ` (unverified)`: the
/// ISO 8473 checksum `ck` of `len` bytes at `at`, its field at `off`.
pub(super) fn osi_cksum(cx: &mut Ctx, d: &[u8], at: usize, ck: u16, off: usize, len: usize) {
    if ck == 0 || !d.has(at + off, 2) || off > len || !d.has(at, len) {
        cx.s(" (unverified)");
        return;
    }
    let calc = create_osi_cksum(&d[at..at + len], off);
    if calc == ck {
        cx.s(" (correct)");
    } else {
        cx.s(" (incorrect should be 0x");
        fmt::put_hex_padded(cx.out, calc as u64, 4);
        cx.b(b')');
    }
}

/// The Fletcher checksum (ISO 8473 annex C) that belongs in the two
/// bytes at `off` of `b`.
fn create_osi_cksum(b: &[u8], off: usize) -> u16 {
    let (mut c0, mut c1) = (0u64, 0u64);
    for (i, &v) in b.iter().enumerate() {
        if i != off && i != off + 1 {
            c0 += v as u64;
        }
        c1 += c0;
    }
    let c0 = (c0 % 255) as i64;
    let c1 = (c1 % 255) as i64;
    let mul = (b.len() as i64 - off as i64) * c0;
    let mut x = (mul - c0 - c1).rem_euclid(255);
    let mut y = (c1 - mul).rem_euclid(255);
    if x == 0 {
        x = 255;
    }
    if y == 0 {
        y = 255;
    }
    ((x as u16 & 0xff) << 8) | (y as u16 & 0xff)
}

/// The TLVs from `at`, `packet_len` bytes.
fn tlvs(cx: &mut Ctx, p: &[u8], mut at: usize, mut packet_len: usize, length: usize) -> R {
    while packet_len > 0 {
        if !p.has(at, 2) {
            cx.trunc_marker();
            return Ok(());
        }
        if packet_len < 2 {
            cx.trunc_marker();
            return Ok(());
        }
        let t = p[at];
        let l = p[at + 1] as usize;
        at += 2;
        packet_len -= 2;
        cx.s("\n\t    ");
        cx.s(tlv_name(t));
        cx.s(" TLV #");
        cx.u(t as u64);
        cx.s(", length: ");
        cx.u(l as u64);
        if packet_len < l {
            cx.trunc_marker();
            return Ok(());
        }
        match super::isis_tlv::tlv(cx, p, t, at, l, length)? {
            super::isis_tlv::Next::Stop => return Ok(()),
            super::isis_tlv::Next::Trunc => {
                cx.trunc_marker();
                return Ok(());
            }
            super::isis_tlv::Next::Go => {}
        }
        if cx.opts.verbose > 1 {
            unknown_data(cx, p, at, l, b"\n\t      ");
        }
        at += l;
        packet_len -= l;
    }
    Ok(())
}

pub(super) use {nlpid_name as nlpid, osi_cksum as cksum, unknown_data as dump};
