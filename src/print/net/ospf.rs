//! OSPF (IP protocol 89). OSPFv2 (RFC 2328) here: the header with its
//! authentication, hellos, database descriptions, LS requests, updates
//! and acknowledgements, and link-local signalling (RFC 5613) after a
//! hello or description; the LSAs are in `ospf_lsa`, the opaque ones in
//! `ospf_opaque` and `ospf_te`. OSPFv3 (over IPv6) is in `ospf6`.
//!
//! How a short or damaged packet ends follows the snapshot: a field it
//! reads through its accessors ends the packet (`Err(Trunc)`, one
//! marker); where it checks a structure of an LSA before printing it the
//! LSA is marked and then the packet (two markers).

use crate::print::core::prelude::*;

pub(super) static TYPES: &[(u8, &str)] = &[
    (1, "Hello"),
    (2, "Database Description"),
    (3, "LS-Request"),
    (4, "LS-Update"),
    (5, "LS-Ack"),
];

/// Options of hellos, descriptions and LSA headers (RFC 2328 A.2,
/// RFC 4915, 5613, 4576).
pub(super) static OPTIONS: &[(u32, &str)] = &[
    (0x01, "MultiTopology"),
    (0x02, "External"),
    (0x04, "Multicast"),
    (0x08, "NSSA"),
    (0x10, "LLS"),
    (0x20, "Demand Circuit"),
    (0x40, "Opaque"),
    (0x80, "Up/Down"),
];

/// Database description flags, in the order they are named.
static DD_FLAGS: &[(u32, &str)] = &[
    (0x04, "Init"),
    (0x02, "More"),
    (0x01, "Master"),
    (0x08, "OOBResync"),
];

static AUTH_TYPES: &[(u16, &str)] = &[(0, "none"), (1, "simple"), (2, "MD5")];

/// Link-local signalling TLVs (RFC 5613) and extended option bits
/// (RFC 4811, 4812).
static LLS_TLVS: &[(u16, &str)] = &[(1, "Extended Options"), (2, "MD5 Authentication")];
static LLS_EO_FLAGS: &[(u32, &str)] = &[(0x01, "LSDB resync"), (0x02, "Restart")];

const HDR: usize = 24;
/// The digest RFC 2328 D.3 appends after a packet with cryptographic
/// authentication, outside the packet's own length.
const MD5_DIGEST: u32 = 16;
const AUTH_MD5: u16 = 2;
const OPTION_L: u8 = 0x10;

/// OSPF over IPv4 or IPv6 (`ip_version`): the IPv6 one is OSPFv3.
pub fn ospf(cx: &mut Ctx, bp: &[u8], length: usize, ip_version: u8) -> R {
    if ip_version == 6 {
        cx.proto = "ospf3";
        return super::ospf6::ospf6(cx, bp, length);
    }
    cx.proto = "ospf2";
    ospf2(cx, bp, length as u32)
}

/// The names of the bits of `v` set, `, `-separated, or `none_name`.
pub(super) fn flags_or(cx: &mut Ctx, v: u32, table: &[(u32, &str)], none_name: &str) {
    if table.iter().any(|&(bit, _)| v & bit != 0) {
        cx.flag_names(v, table);
    } else {
        cx.s(none_name);
    }
}

/// A dump of up to `len` bytes from `at` of the captured `d`, each line
/// after `indent`; false (and a complaint) when `at` is past the capture.
pub(super) fn dump(cx: &mut Ctx, d: &[u8], at: usize, indent: &str, len: usize) -> bool {
    match d.get(at..) {
        Some(rest) => {
            unknown_data(cx, rest, indent, len);
            true
        }
        None => {
            cx.s(indent);
            cx.s("Dissector error: print_unknown_data() called with pointer past end of packet");
            false
        }
    }
}

/// Characters up to `n` or a NUL, made printable; every one must have
/// been captured.
pub(super) fn safe_chars(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        let c = d.u8_at(at + i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    Ok(())
}

/// An IPv4 address read at `at`, after `label`.
pub(super) fn addr(cx: &mut Ctx, label: &str, d: &[u8], at: usize) -> R {
    let a = d.range(at, 4)?;
    cx.s(label);
    cx.ipv4(a);
    Ok(())
}

/// OSPFv2. `length` is the IP payload's; with MD5 authentication the
/// digest is left out of it and of the bytes decoded (the length can
/// wrap, as the snapshot's does).
fn ospf2(cx: &mut Ctx, bp: &[u8], mut length: u32) -> R {
    let auth = bp.be16(14)?;
    let mut d = bp;
    if auth == AUTH_MD5 {
        length = length.wrapping_sub(MD5_DIGEST);
        d = &bp[..bp.len().saturating_sub(MD5_DIGEST as usize)];
    }
    let t = d.u8_at(1)?;
    let version = d.u8_at(0)?;
    cx.s("OSPFv");
    cx.u(version as u64);
    cx.s(", ");
    let known = tables::lookup(TYPES, t);
    match known {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown LS-type ");
            cx.u(t as u64);
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    if known.is_none() || cx.opts.verbose == 0 {
        return Ok(());
    }
    let ospf_len = d.be16(2)? as u32;
    if length != ospf_len {
        cx.s(" [len ");
        cx.u(ospf_len as u64);
        cx.b(b']');
    }
    let dataend = length.min(ospf_len) as usize;
    addr(cx, "\n\tRouter-ID ", d, 4)?;
    let area = d.range(8, 4)?;
    if area == [0, 0, 0, 0] {
        cx.s(", Backbone Area");
    } else {
        cx.s(", Area ");
        cx.ipv4(area);
    }
    if !d.has(16, 8) {
        return Err(Trunc);
    }
    cx.s(", Authentication Type: ");
    cx.s(tables::lookup(AUTH_TYPES, auth).unwrap_or("unknown"));
    cx.s(" (");
    cx.u(auth as u64);
    cx.b(b')');
    match auth {
        0 => {}
        1 => {
            cx.s("\n\tSimple text password: ");
            safe_chars(cx, d, 16, 8)?;
        }
        AUTH_MD5 => {
            cx.s("\n\tKey-ID: ");
            cx.u(d[18] as u64);
            cx.s(", Auth-Length: ");
            cx.u(d[19] as u64);
            cx.s(", Crypto Sequence Number: 0x");
            fmt::put_hex_padded(cx.out, d.be32(20)? as u64, 8);
        }
        _ => return Ok(()),
    }
    if version != 2 {
        cx.s(" ospf [version ");
        cx.u(version as u64);
        cx.b(b']');
        return Ok(());
    }
    match t {
        1 => hello(cx, d, dataend)?,
        2 => dbdesc(cx, d, dataend)?,
        3 => ls_request(cx, d, dataend)?,
        4 => ls_update(cx, d)?,
        _ => {
            let mut at = HDR;
            while at < dataend {
                super::ospf_lsa::header(cx, d, at)?;
                at += 20;
            }
        }
    }
    if length > ospf_len {
        lls(cx, d, t, length)?;
    }
    Ok(())
}

fn hello(cx: &mut Ctx, d: &[u8], dataend: usize) -> R {
    let opts = d.u8_at(HDR + 6)?;
    cx.s("\n\tOptions [");
    cx.flag_names(opts as u32, OPTIONS);
    cx.b(b']');
    let hello_int = d.be16(HDR + 4)?;
    let dead_int = d.be32(HDR + 8)?;
    let mask = d.range(HDR, 4)?;
    let prio = d.u8_at(HDR + 7)?;
    cx.s("\n\t  Hello Timer ");
    cx.u(hello_int as u64);
    cx.s("s, Dead Timer ");
    cx.u(dead_int as u64);
    cx.s("s, Mask ");
    cx.ipv4(mask);
    cx.s(", Priority ");
    cx.u(prio as u64);
    if d.be32(HDR + 12)? != 0 {
        addr(cx, "\n\t  Designated Router ", d, HDR + 12)?;
    }
    if d.be32(HDR + 16)? != 0 {
        addr(cx, ", Backup Designated Router ", d, HDR + 16)?;
    }
    let mut at = HDR + 20;
    if at < dataend {
        cx.s("\n\t  Neighbor List:");
    }
    while at < dataend {
        addr(cx, "\n\t    ", d, at)?;
        at += 4;
    }
    Ok(())
}

fn dbdesc(cx: &mut Ctx, d: &[u8], dataend: usize) -> R {
    let opts = d.u8_at(HDR + 2)?;
    cx.s("\n\tOptions [");
    cx.flag_names(opts as u32, OPTIONS);
    cx.b(b']');
    let flags = d.u8_at(HDR + 3)?;
    cx.s(", DD Flags [");
    cx.flag_names(flags as u32, DD_FLAGS);
    cx.b(b']');
    let mtu = d.be16(HDR)?;
    if mtu != 0 {
        cx.s(", MTU: ");
        cx.u(mtu as u64);
    }
    let seq = d.be32(HDR + 4)?;
    cx.s(", Sequence: 0x");
    fmt::put_hex_padded(cx.out, seq as u64, 8);
    // LSA headers up to the end, or one with a bogus length.
    let mut at = HDR + 8;
    while at < dataend && super::ospf_lsa::header(cx, d, at)?.is_some() {
        at += 20;
    }
    Ok(())
}

/// Requests (type, state id, advertising router), each checked whole.
fn ls_request(cx: &mut Ctx, d: &[u8], dataend: usize) -> R {
    let mut at = HDR;
    while at < dataend {
        let r = d.range(at, 12)?;
        let lt = r.be32(0)?;
        cx.s("\n\t  Advertising Router: ");
        cx.ipv4(&r[8..12]);
        cx.s(", ");
        let name = u8::try_from(lt)
            .ok()
            .and_then(|t| tables::lookup(super::ospf_lsa::LSA_TYPES, t));
        cx.s(name.unwrap_or("unknown"));
        cx.s(" LSA (");
        cx.u(lt as u64);
        cx.b(b')');
        if (9..=11).contains(&lt) {
            cx.s(", Opaque-Type: ");
            cx.s(super::ospf_lsa::opaque_type_name(r[4]));
            cx.s(" LSA (");
            cx.u(r[4] as u64);
            cx.s("), Opaque-ID: ");
            cx.u(u32::from_be_bytes([0, r[5], r[6], r[7]]) as u64);
        } else {
            cx.s(", LSA-ID: ");
            cx.ipv4(&r[4..8]);
        }
        at += 12;
    }
    Ok(())
}

/// As many LSAs as the count says, each at the end of the one before.
fn ls_update(cx: &mut Ctx, d: &[u8]) -> R {
    let n = d.be32(HDR)?;
    cx.s(", ");
    cx.u(n as u64);
    cx.s(if n == 1 { " LSA" } else { " LSAs" });
    let mut at = HDR + 4;
    for i in 1..=n as u64 {
        cx.s("\n\t  LSA #");
        cx.u(i);
        at = super::ospf_lsa::lsa(cx, d, at)?;
    }
    Ok(())
}

/// Link-local signalling after a hello or description with the L
/// option: the data block past the packet's length (and past the digest
/// with MD5), read to the end of the IP payload.
fn lls(cx: &mut Ctx, d: &[u8], t: u8, length: u32) -> R {
    let opts = match t {
        1 => d.u8_at(HDR + 6)?,
        2 => d.u8_at(HDR + 2)?,
        _ => return Ok(()),
    };
    if opts & OPTION_L == 0 {
        return Ok(());
    }
    let mut len2 = d.be16(2)? as u32;
    if d.be16(14)? == AUTH_MD5 {
        len2 += d.u8_at(19)? as u32;
    }
    if len2 >= length {
        cx.s("\n\t[LLS truncated]");
        return Ok(());
    }
    let mut p = len2 as usize;
    let ck = d.be16(p)?;
    cx.s("\n\t  LLS: checksum: 0x");
    fmt::put_hex_padded(cx.out, ck as u64, 4);
    let l = d.be16(p + 2)?;
    cx.s(", length: ");
    cx.u(l as u64);
    p += 4;
    let end = length as usize;
    while p < end {
        let lt = d.be16(p)?;
        cx.s("\n\t    ");
        cx.s(tables::lookup(LLS_TLVS, lt).unwrap_or("Unknown TLV"));
        cx.s(" (");
        cx.u(lt as u64);
        cx.b(b')');
        let mut ll = d.be16(p + 2)? as usize;
        cx.s(", length: ");
        cx.u(ll as u64);
        p += 4;
        match lt {
            1 => {
                if ll != 4 {
                    cx.s(" [should be 4]");
                    ll = 4;
                }
                let fl = d.be32(p)?;
                cx.s("\n\t      Options: 0x");
                fmt::put_hex_padded(cx.out, fl as u64, 8);
                cx.s(" [");
                flags_or(cx, fl, LLS_EO_FLAGS, "?");
                cx.b(b']');
            }
            2 => {
                if ll != 20 {
                    cx.s(" [should be 20]");
                    ll = 20;
                }
                let seq = d.be32(p)?;
                cx.s("\n\t      Sequence number: 0x");
                fmt::put_hex_padded(cx.out, seq as u64, 8);
            }
            _ => {}
        }
        p += ll;
    }
    Ok(())
}
