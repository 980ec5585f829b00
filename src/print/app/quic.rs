//! QUIC (RFC 9000, RFC 8999 invariants) on UDP port 443 (when the fixed
//! bit is set), or `-T quic`: every packet of the datagram (coalesced
//! packets, zero padding skipped between them); long headers (type,
//! version, connection ids, token, length) and short headers (their
//! destination id, when a long header showed it before).

use crate::print::core::prelude::*;
use crate::print::core::QuicCids;
use crate::print::dispatch::PortPayload;

const MAX_CID: usize = 20;
const CID_SLOTS: usize = 512;

fn hex(cx: &mut Ctx, b: &[u8]) {
    for &c in b {
        fmt::put_hex2(cx.out, c);
    }
}

/// A variable-length integer (RFC 9000 section 16) at `at`: value and
/// its length.
fn varint(d: &[u8], at: usize) -> R<(u64, usize)> {
    let first = d.u8_at(at)?;
    let n = 1usize << (first >> 6);
    let mut v = (first & 0x3f) as u64;
    for i in 1..n {
        v = (v << 8) | d.u8_at(at + i)? as u64;
    }
    Ok((v, n))
}

/// The slot of a known id that `cid` starts with, moved to the front
/// (most recently used first).
fn lookup(ids: &mut QuicCids, cid: &[u8]) -> Option<usize> {
    if ids.ids.len() < CID_SLOTS {
        ids.ids.resize(CID_SLOTS, ([0; MAX_CID], 0));
    }
    for i in 0..CID_SLOTS {
        let (id, len) = ids.ids[i];
        let len = len as usize;
        if len > cid.len() {
            continue;
        }
        if len == 0 {
            break;
        }
        if id[..len] == cid[..len] {
            ids.ids.swap(0, i);
            return Some(0);
        }
    }
    None
}

fn register(ids: &mut QuicCids, cid: &[u8]) {
    if cid.is_empty() || lookup(ids, cid).is_some() {
        return;
    }
    let mut id = [0u8; MAX_CID];
    id[..cid.len()].copy_from_slice(cid);
    let slot = ids.next % CID_SLOTS;
    ids.ids[slot] = (id, cid.len() as u8);
    ids.next = (slot + 1) % CID_SLOTS;
}

/// On port 443: only datagrams with the fixed bit set are QUIC.
pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    if p.length < 1 || p.body.u8_at(0)? & 0x40 == 0 {
        return Ok(false);
    }
    print(cx, p)
}

/// `-T quic`: the payload is QUIC whatever its first byte.
pub fn print(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "quic";
    cx.s("quic");
    let d = p.captured;
    let end = d.len();
    let mut at = 0;
    while at < end {
        at = packet(cx, d, at, end)?;
        while at < end && d[at] == 0 {
            at += 1;
        }
    }
    Ok(true)
}

/// One packet at `at`; the offset after it.
fn packet(cx: &mut Ctx, d: &[u8], mut at: usize, end: usize) -> R<usize> {
    let first = d.u8_at(at)?;
    at += 1;
    if first & 0x80 == 0 {
        cx.s(", protected");
        if end - at > 16 {
            if let Some(i) = lookup(&mut cx.state.quic_cids, &d[at..end]) {
                let (id, len) = cx.state.quic_cids.ids[i];
                cx.s(", dcid ");
                hex(cx, &id[..len as usize]);
            }
        } else {
            cx.trunc_marker();
        }
        return Ok(end);
    }
    let t = (first >> 4) & 3;
    let version = d.be32(at)?;
    at += 4;
    if version == 0 {
        cx.s(", version negotiation");
    } else {
        cx.s(match t {
            0 => ", initial",
            1 => ", 0-rtt",
            2 => ", handshake",
            _ => ", retry",
        });
    }
    if version != 0 && version != 1 {
        cx.s(", v");
        fmt::put_hex(cx.out, version as u64);
    }
    for name in [", dcid ", ", scid "] {
        let len = d.u8_at(at)? as usize;
        at += 1;
        if len > 0 && len <= MAX_CID {
            let cid = d.range(at, len)?;
            at += len;
            cx.s(name);
            hex(cx, cid);
            register(&mut cx.state.quic_cids, cid);
        }
    }
    if version == 0 {
        while at < end {
            if !d.has(at, 4) {
                cx.trunc_marker();
                return Ok(end);
            }
            cx.s(", version 0x");
            fmt::put_hex(cx.out, d.be32(at)? as u64);
            at += 4;
        }
        return Ok(at);
    }
    if t == 0 {
        let (len, n) = varint(d, at)?;
        at += n;
        if len > 0 && len < 1000 {
            let token = d.range(at, len as usize)?;
            at += len as usize;
            cx.s(", token ");
            hex(cx, token);
        }
    }
    if t == 3 {
        cx.s(", token ");
        if end > at && end - at > 16 {
            hex(cx, &d[at..end - 16]);
        } else {
            cx.trunc_marker();
        }
        return Ok(end);
    }
    let (len, n) = varint(d, at)?;
    at += n;
    cx.s(", length ");
    cx.u(len);
    if (end - at.min(end)) as u64 >= len {
        Ok(at + len as usize)
    } else {
        cx.trunc_marker();
        Ok(end)
    }
}
