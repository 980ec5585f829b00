//! AppleTalk: DDP with a long header (EtherTalk and the other LANs, GRE,
//! BSD loopback), LLAP frames with a short or long DDP header (LocalTalk,
//! and AppleTalk in UDP, KIP), NBP and ATP inside DDP, and AARP.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// A long DDP header: length, checksum, networks, nodes, sockets, type.
const DDP_LONG: usize = 13;
/// A short DDP header: length, sockets, type.
const DDP_SHORT: usize = 5;
/// An LLAP header: destination node, source node, LLAP type.
const LLAP: usize = 3;
/// AARP over Ethernet: hardware and protocol types and sizes, operation,
/// then two (MAC, AppleTalk address) pairs.
const AARP: usize = 28;

/// DDP types shown by name when their payload is not decoded.
static DDP_TYPES: &[(u8, &str)] = &[
    (1, "rtmp"),
    (4, "echo"),
    (5, "rtmpReq"),
    (22, "IP"),
    (23, "ARP"),
    (0x4b, "KLAP"),
];

/// Well-known DDP sockets, named without `-n`.
static SOCKETS: &[(u8, &str)] = &[(1, "rtmp"), (2, "nis"), (4, "echo"), (6, "zip")];

/// NBP functions (the control byte's high nibble).
static NBP_FUNCS: &[(u8, &str)] = &[(0x10, "brRq"), (0x20, "lkup"), (0x30, "reply")];

// ATP control bits.
const ATP_XO: u8 = 0x20;
const ATP_EOM: u8 = 0x10;
const ATP_STS: u8 = 0x08;

/// An AppleTalk address: `net.node`, or the network alone for node 255
/// (the broadcast node).
fn address(cx: &mut Ctx, net: u16, node: u8) {
    cx.u(net as u64);
    if node != 255 {
        cx.b(b'.');
        cx.u(node as u64);
    }
}

fn socket(cx: &mut Ctx, skt: u8) {
    match tables::lookup(SOCKETS, skt) {
        Some(name) if cx.opts.numeric == 0 => cx.s(name),
        _ => cx.u(skt as u64),
    }
}

/// `net.node.socket`.
fn endpoint(cx: &mut Ctx, net: u16, node: u8, skt: u8) {
    address(cx, net, node);
    cx.b(b'.');
    socket(cx, skt);
}

/// The sender of a DDP datagram, which NBP tuples are compared with.
#[derive(Clone, Copy)]
struct Sender {
    net: u16,
    node: u8,
    skt: u8,
}

/// AppleTalk on an EtherType (or SNAP, ARCNET): `et1 ` with `-v`, then
/// the DDP datagram.
pub fn ether(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    if cx.opts.verbose > 0 {
        cx.s("et1 ");
    }
    atalk(cx, d, length)
}

/// A DDP datagram with a long header.
pub fn atalk(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "atalk";
    if !cx.opts.link_header {
        cx.s("AT ");
    }
    if length < DDP_LONG {
        cx.bad_len("length", length as u64, "<", DDP_LONG as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    long_ddp(cx, d, length, ": ")
}

/// The addresses of a long DDP header (`sep` after them), then its
/// payload.
fn long_ddp(cx: &mut Ctx, d: &[u8], length: usize, sep: &str) -> R {
    let snet = d.be16(6)?;
    let from = Sender {
        net: snet,
        node: d.u8_at(9)?,
        skt: d.u8_at(11)?,
    };
    endpoint(cx, from.net, from.node, from.skt);
    let (dnet, dnode, dskt) = (d.be16(4)?, d.u8_at(8)?, d.u8_at(10)?);
    cx.s(" > ");
    endpoint(cx, dnet, dnode, dskt);
    cx.s(sep);
    let t = d.u8_at(12)?;
    ddp_payload(cx, &d[DDP_LONG..], length - DDP_LONG, t, from)
}

/// LocalTalk (LINKTYPE_LTALK): an LLAP frame.
pub fn ltalk(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ltalk";
    *ll_len = llap(cx, d, length)?;
    Ok(())
}

/// An LLAP frame; what `-x` skips: the LLAP and DDP headers (when the
/// length checks fail, the length left).
pub fn llap(cx: &mut Ctx, d: &[u8], length: usize) -> R<usize> {
    cx.proto = "llap";
    if length < LLAP {
        cx.bad_len("LLAP length", length as u64, "<", LLAP as u64);
        cx.s(" (invalid)");
        return Ok(length);
    }
    let left = length - LLAP;
    let p = &d[LLAP.min(d.len())..];
    match d.u8_at(2)? {
        1 => {
            cx.proto = "sddp";
            if left < DDP_SHORT {
                cx.bad_len("SDDP length", left as u64, "<", DDP_SHORT as u64);
                cx.s(" (invalid)");
                return Ok(left);
            }
            let from = Sender {
                net: 0,
                node: d.u8_at(1)?,
                skt: p.u8_at(3)?,
            };
            endpoint(cx, 0, from.node, from.skt);
            let (dnode, dskt) = (d.u8_at(0)?, p.u8_at(2)?);
            cx.s(" > ");
            endpoint(cx, 0, dnode, dskt);
            cx.b(b':');
            let t = p.u8_at(4)?;
            ddp_payload(cx, &p[DDP_SHORT..], left - DDP_SHORT, t, from)?;
            Ok(LLAP + DDP_SHORT)
        }
        2 => {
            cx.proto = "ddp";
            if left < DDP_LONG {
                cx.bad_len("DDP length", left as u64, "<", DDP_LONG as u64);
                cx.s(" (invalid)");
                return Ok(left);
            }
            long_ddp(cx, p, left, ":")?;
            Ok(LLAP + DDP_LONG)
        }
        t => {
            let (src, dst) = (d.u8_at(1)?, d.u8_at(0)?);
            cx.u(src as u64);
            cx.s(" > ");
            cx.u(dst as u64);
            cx.s(" at-lap#");
            cx.u(t as u64);
            cx.b(b' ');
            cx.u(left as u64);
            Ok(LLAP)
        }
    }
}

/// A DDP payload by DDP type.
fn ddp_payload(cx: &mut Ctx, d: &[u8], length: usize, t: u8, from: Sender) -> R {
    match t {
        2 => nbp(cx, d, length, from),
        3 => atp(cx, d, length),
        88 => dispatch::eigrp(cx, d, length),
        _ => {
            cx.s(" at-");
            match tables::lookup(DDP_TYPES, t) {
                Some(name) => cx.s(name),
                None => {
                    cx.b(b'#');
                    cx.u(t as u64);
                }
            }
            cx.b(b' ');
            cx.u(length as u64);
            Ok(())
        }
    }
}

/// The ATP response bitmap: `<0-N>` when the low bits are set without a
/// gap, else the set bits listed.
fn atp_bitmap(cx: &mut Ctx, bm: u8) {
    let b = bm as u32;
    if (b + 1) & b != 0 {
        let mut first = true;
        for i in 0..8 {
            if b & (1 << i) != 0 {
                cx.b(if first { b'<' } else { b',' });
                cx.u(i as u64);
                first = false;
            }
        }
        cx.b(b'>');
    } else {
        let n = 8 - bm.leading_zeros();
        if n > 1 {
            cx.s("<0-");
            cx.u((n - 1) as u64);
            cx.b(b'>');
        } else {
            cx.s("<0>");
        }
    }
}

/// `[A,B]` for the named control bits that are set (nothing if none).
fn atp_flags(cx: &mut Ctx, control: u8, names: &[(u8, &str)]) {
    let mut first = true;
    for &(bit, name) in names {
        if control & bit != 0 {
            cx.b(if first { b'[' } else { b',' });
            cx.s(name);
            first = false;
        }
    }
    if !first {
        cx.b(b']');
    }
}

/// ATP: a transaction request, response or release.
fn atp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "atp";
    const HDR: usize = 8;
    if length < HDR {
        cx.bad_len("ATP length", length as u64, "<", HDR as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    let left = length - HDR;
    let control = d.u8_at(0)?;
    /// Bytes a request or release carries beyond its header, if any.
    fn user_bytes(cx: &mut Ctx, left: usize) {
        if left != 0 {
            cx.s(" [len=");
            cx.u(left as u64);
            cx.b(b']');
        }
    }
    match control & 0xc0 {
        0x40 => {
            let tid = d.be16(2)?;
            cx.s(" atp-req");
            cx.s(if control & ATP_XO != 0 { "  " } else { "* " });
            cx.u(tid as u64);
            atp_bitmap(cx, d.u8_at(1)?);
            user_bytes(cx, left);
            if control & (ATP_EOM | ATP_STS) != 0 {
                cx.b(b' ');
                atp_flags(cx, control, &[(ATP_EOM, "EOM"), (ATP_STS, "STS")]);
            }
        }
        0x80 => {
            let (tid, bm) = (d.be16(2)?, d.u8_at(1)?);
            cx.s(" atp-resp");
            cx.s(if control & ATP_EOM != 0 { "*" } else { " " });
            cx.u(tid as u64);
            cx.b(b':');
            cx.u(bm as u64);
            cx.s(" (");
            cx.u(left as u64);
            cx.b(b')');
            if control & (ATP_XO | ATP_STS) != 0 {
                cx.b(b' ');
                atp_flags(cx, control, &[(ATP_XO, "XO"), (ATP_STS, "STS")]);
            }
        }
        0xc0 => {
            let tid = d.be16(2)?;
            cx.s(" atp-rel  ");
            cx.u(tid as u64);
            atp_bitmap(cx, d.u8_at(1)?);
            user_bytes(cx, left);
            // No flags belong here; any set are shown right after.
            atp_flags(
                cx,
                control,
                &[(ATP_XO, "XO"), (ATP_EOM, "EOM"), (ATP_STS, "STS")],
            );
        }
        _ => {
            let tid = d.be16(2)?;
            cx.s(" atp-0x");
            fmt::put_hex(cx.out, control as u64);
            cx.s("  ");
            cx.u(tid as u64);
            cx.s(" (");
            cx.u(left as u64);
            cx.b(b')');
        }
    }
    let user = d.be32(4)?;
    if user != 0 {
        cx.s(" 0x");
        fmt::put_hex(cx.out, user as u64);
    }
    Ok(())
}

/// NBP: a broadcast request or lookup (one tuple), or a reply (as many
/// tuples as the control byte's low nibble says).
fn nbp(cx: &mut Ctx, d: &[u8], length: usize, from: Sender) -> R {
    // Room for the header and one tuple with empty strings.
    const MIN: usize = 2 + 8;
    if length < MIN {
        cx.bad_len("undersized-nbp", length as u64, "<", MIN as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    let control = d.u8_at(0)?;
    let func = control & 0xf0;
    cx.s(" nbp-");
    match tables::lookup(NBP_FUNCS, func) {
        Some(name) => cx.s(name),
        None => {
            cx.s("0x");
            fmt::put_hex(cx.out, func as u64);
        }
    }
    let id = d.u8_at(1)?;
    cx.b(b' ');
    cx.u(id as u64);
    let count = control & 0x0f;
    let tuple = 2;
    match func {
        0x10 | 0x20 => {
            cx.b(b':');
            nbp_name(cx, d, tuple)?;
            if count != 1 {
                cx.s(" [ntup=");
                cx.u(count as u64);
                cx.b(b']');
            }
            let enumerator = d.u8_at(tuple + 4)?;
            if enumerator != 0 {
                cx.s(" [enum=");
                cx.u(enumerator as u64);
                cx.b(b']');
            }
            let (net, node, skt) = (d.be16(tuple)?, d.u8_at(tuple + 2)?, d.u8_at(tuple + 3)?);
            if net != from.net || node != from.node || skt != from.skt {
                cx.s(" [addr=");
                address(cx, net, node);
                cx.b(b'.');
                cx.u(skt as u64);
                cx.b(b']');
            }
        }
        0x30 => {
            cx.b(b':');
            let mut at = Some(tuple);
            for _ in 0..count {
                let Some(t) = at else { break };
                at = nbp_tuple(cx, d, t, from)?;
            }
        }
        _ => {
            cx.s("  (");
            cx.u((length - 2) as u64);
            cx.b(b')');
        }
    }
    Ok(())
}

/// A reply tuple: its name, then what differs from the sender; where the
/// next tuple starts (`None` after a string too long to follow).
fn nbp_tuple(cx: &mut Ctx, d: &[u8], at: usize, from: Sender) -> R<Option<usize>> {
    let next = nbp_name(cx, d, at)?;
    let enumerator = d.u8_at(at + 4)?;
    if enumerator != 1 {
        cx.b(b'(');
        cx.u(enumerator as u64);
        cx.b(b')');
    }
    let skt = d.u8_at(at + 3)?;
    if skt != from.skt {
        cx.b(b' ');
        cx.u(skt as u64);
    }
    let (net, node) = (d.be16(at)?, d.u8_at(at + 2)?);
    if net != from.net || node != from.node {
        cx.s(" [addr=");
        address(cx, net, node);
        cx.b(b']');
    }
    Ok(next)
}

/// A tuple's entity name, `"object:type@zone"`, after its 5-byte
/// address and enumerator; where the tuple ends (`None` when a string
/// claims more than 32 bytes: its length is shown and the rest given up).
fn nbp_name(cx: &mut Ctx, d: &[u8], tuple: usize) -> R<Option<usize>> {
    let mut at = tuple + 5;
    cx.s(" \"");
    for after in [":", "@", "\""] {
        let n = d.u8_at(at)? as usize;
        at += 1;
        if n > 32 {
            cx.s("[len=");
            cx.u(n as u64);
            cx.b(b']');
            d.range(at, n)?;
            return Ok(None);
        }
        for k in 0..n {
            fmt::put_safe_char(cx.out, d.u8_at(at + k)?);
        }
        at += n;
        cx.s(after);
    }
    Ok(Some(at))
}

/// AARP: a request, reply or probe, or the header's fields for another
/// hardware or protocol.
pub fn aarp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "aarp";
    cx.s("aarp ");
    if length < AARP {
        cx.bad_len("length", length as u64, "<", AARP as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let h = d.range(0, AARP)?;
    let (htype, ptype, halen, palen, op) = (h.be16(0)?, h.be16(2)?, h[4], h[5], h.be16(6)?);
    // A protocol address is a pad byte, the network and the node.
    let at =
        |cx: &mut Ctx, i: usize| address(cx, u16::from_be_bytes([h[i + 1], h[i + 2]]), h[i + 3]);
    const SRC_AT: usize = 14;
    const DST_AT: usize = 24;
    if htype == 1 && ptype == 0x809b && halen == 6 && palen == 4 {
        match op {
            1 | 3 => {
                cx.s(if op == 1 { "who-has " } else { "probe " });
                at(cx, DST_AT);
                cx.s(" tell ");
                at(cx, SRC_AT);
                return Ok(true);
            }
            2 => {
                cx.s("reply ");
                at(cx, SRC_AT);
                cx.s(" is-at ");
                cx.mac(&h[8..14]);
                return Ok(true);
            }
            _ => {}
        }
    }
    cx.s("len ");
    cx.u(length as u64);
    cx.s(" op ");
    cx.u(op as u64);
    cx.s(" htype ");
    cx.u(htype as u64);
    cx.s(" ptype ");
    if ptype != 0 {
        cx.s("0x");
    }
    fmt::put_hex(cx.out, ptype as u64);
    cx.s(" halen ");
    cx.u(halen as u64);
    cx.s(" palen ");
    cx.u(palen as u64);
    Ok(true)
}
