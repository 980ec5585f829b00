//! QUIC (RFC 9000, RFC 8999 invariants) on UDP port 443, or `-T quic`:
//! long headers (type, version, connection ids, length) and short headers
//! (their destination id, when a long header showed it before).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const MAX_CIDS: usize = 64;
const VERSION_2: u32 = 0x6b33_43cf;

fn hex(cx: &mut Ctx, b: &[u8]) {
    for &c in b {
        fmt::put_hex2(cx.out, c);
    }
}

/// A variable-length integer (RFC 9000 16) at `at`: value, next offset.
fn varint(d: &[u8], at: usize) -> R<(u64, usize)> {
    let first = d.u8_at(at)?;
    let n = 1usize << (first >> 6);
    let b = d.range(at, n)?;
    let mut v = (first & 0x3f) as u64;
    for &c in &b[1..] {
        v = (v << 8) | c as u64;
    }
    Ok((v, at + n))
}

fn remember(cx: &mut Ctx, cid: &[u8]) {
    if cid.is_empty() || cx.state.quic_cids.iter().any(|c| c == cid) {
        return;
    }
    if cx.state.quic_cids.len() >= MAX_CIDS {
        cx.state.quic_cids.remove(0);
    }
    cx.state.quic_cids.push(cid.to_vec());
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "quic";
    let d = p.body;
    let first = d.u8_at(0)?;
    cx.s("quic");
    if first & 0x80 == 0 {
        cx.s(", protected");
        let rest = d.get(1..).unwrap_or(&[]);
        let known = cx
            .state
            .quic_cids
            .iter()
            .filter(|c| rest.starts_with(c))
            .max_by_key(|c| c.len())
            .cloned();
        if let Some(cid) = known {
            cx.s(", dcid ");
            hex(cx, &cid);
        }
        return Ok(true);
    }
    let version = d.be32(1)?;
    let dlen = d.u8_at(5)? as usize;
    let dcid = d.range(6, dlen)?;
    let slen = d.u8_at(6 + dlen)? as usize;
    let scid = d.range(7 + dlen, slen)?;
    let mut at = 7 + dlen + slen;
    if version == 0 {
        cx.s(", version negotiation");
        if !dcid.is_empty() {
            cx.s(", dcid ");
            hex(cx, dcid);
        }
        if !scid.is_empty() {
            cx.s(", scid ");
            hex(cx, scid);
        }
        while at + 4 <= d.len() {
            cx.s(", version 0x");
            fmt::put_hex(cx.out, d.be32(at)? as u64);
            at += 4;
        }
        return Ok(true);
    }
    let mut t = (first >> 4) & 3;
    if version == VERSION_2 {
        // RFC 9369: the types are rotated by one.
        t = (t + 3) & 3;
    }
    cx.s(match t {
        0 => ", initial",
        1 => ", 0rtt",
        2 => ", handshake",
        _ => ", retry",
    });
    if version != 1 {
        cx.s(", v");
        fmt::put_hex(cx.out, version as u64);
    }
    if !dcid.is_empty() {
        cx.s(", dcid ");
        hex(cx, dcid);
    }
    if !scid.is_empty() {
        cx.s(", scid ");
        hex(cx, scid);
    }
    remember(cx, dcid);
    remember(cx, scid);
    if t == 3 {
        // Retry: a token and a 16-byte integrity tag.
        let token = d.get(at..d.len().saturating_sub(16)).unwrap_or(&[]);
        if !token.is_empty() {
            cx.s(", token ");
            hex(cx, token);
        }
        return Ok(true);
    }
    if t == 0 {
        let (token_len, next) = varint(d, at)?;
        let token = d.range(next, token_len as usize)?;
        if !token.is_empty() {
            cx.s(", token ");
            hex(cx, token);
        }
        at = next + token.len();
    }
    let (len, next) = varint(d, at)?;
    cx.s(", length ");
    cx.u(len);
    if (d.len() - next.min(d.len())) < len as usize {
        cx.trunc_marker();
    }
    Ok(true)
}
