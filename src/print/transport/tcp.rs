//! TCP (RFC 9293): flags, sequence numbers relative to the first seen
//! per conversation (unless `-S`), window, options, length; then the
//! payload decoders picked by port.

use super::tcp_md5::Verdict;
use crate::print::core::prelude::*;
use crate::print::dispatch;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const FIN: u8 = 0x01;
const SYN: u8 = 0x02;
const RST: u8 = 0x04;
const PUSH: u8 = 0x08;
const ACK: u8 = 0x10;
const URG: u8 = 0x20;
const ECE: u8 = 0x40;
const CWR: u8 = 0x80;

/// TCP failure causes of a reset's diagnostic payload.
const FAILURE_CAUSES: [&str; 18] = [
    "Reserved",
    "Illegal option length",
    "Desynchronized state",
    "New data is received after CLOSE is called",
    "ABORT process",
    "Unexpected ACK received by non-synchronized state connection",
    "Unexpected SYN in the window",
    "Unexpected security compartment",
    "Malformed message",
    "Not authorized",
    "Resource exceeded",
    "Network failure",
    "Reset received from the peer",
    "Destination unreachable",
    "Connection timeout",
    "Too much outstanding data",
    "Unacceptable performance",
    "Middlebox interference",
];

/// A conversation, both directions under one key: addresses (IPv4 in the
/// first 4 bytes) and ports, ordered so the lower port comes first.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct FlowKey {
    src: [u8; 16],
    dst: [u8; 16],
    ports: u32,
    v6: bool,
}

/// FNV-1a: the keys are short and not attacker-chosen in a way that
/// matters here, and SipHash would dominate the per-packet cost.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf29ce484222325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

/// The sequence-number bases tcpdump records per conversation.
#[derive(Default)]
pub struct SeqTable {
    flows: HashMap<FlowKey, (u32, u32), BuildHasherDefault<Fnv>>,
}

fn key_bytes(a: &[u8]) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..a.len().min(16)].copy_from_slice(&a[..a.len().min(16)]);
    k
}

pub fn print(cx: &mut Ctx, data: &[u8], length: usize, net: NetHeader, fragmented: bool) -> R {
    cx.proto = "tcp";
    // A header cut short ends the packet as the snapshot's accessors end
    // it (the -x dump then starts at the first byte).
    if data.len() < 4 {
        net.print_addrs(cx);
        cx.b(b':');
        return Err(Trunc);
    }
    let sport = data.be16(0)?;
    let dport = data.be16(2)?;
    if net.header_proto() == PROTO_TCP {
        print_endpoint(cx, &net, true, sport);
        cx.s(" > ");
        print_endpoint(cx, &net, false, dport);
        cx.s(": ");
    } else {
        cx.tcp_port(sport);
        cx.s(" > ");
        cx.tcp_port(dport);
        cx.s(": ");
    }
    // The header length is judged before the rest of the header must
    // have been captured; a header cut short ends the packet as the
    // snapshot's accessors end it.
    let Some(&off) = data.get(12) else {
        return Err(Trunc);
    };
    let mut hlen = (off >> 4) as usize * 4;
    if hlen >= 20 && data.len() < 20 {
        return Err(Trunc);
    }
    if hlen < 20 {
        cx.s(" tcp ");
        cx.u(length.wrapping_sub(hlen) as u32 as u64);
        cx.s(" [bad hdr length ");
        cx.u(hlen as u64);
        cx.s(" - too short, < 20] (invalid)");
        return Ok(());
    }
    let mut seq = data.be32(4)?;
    let mut ack = data.be32(8)?;
    let win = data.be16(14)?;
    let urp = data.be16(18)?;
    if cx.opts.quiet {
        cx.s("tcp ");
        cx.u(length.wrapping_sub(hlen) as u32 as u64);
        if hlen > length {
            cx.s(" [bad hdr length ");
            cx.u(hlen as u64);
            cx.s(" - too long, > ");
            cx.u(length as u64);
            cx.s("] (invalid)");
        }
        return Ok(());
    }
    let flags = data[13];
    cx.s("Flags [");
    // RFC 9768's AE bit, the lowest of the reserved ones, prints as `e`.
    let ae = data.u8_at(12)? & 0x01 != 0;
    if flags == 0 && !ae {
        cx.s("none");
    }
    for (bit, c) in [
        (FIN, b'F'),
        (SYN, b'S'),
        (RST, b'R'),
        (PUSH, b'P'),
        (ACK, b'.'),
        (URG, b'U'),
        (ECE, b'E'),
        (CWR, b'W'),
    ] {
        if flags & bit != 0 {
            cx.b(c);
        }
    }
    if ae {
        cx.b(b'e');
    }
    cx.b(b']');

    let (mut rev, mut base_seq, mut base_ack) = (false, 0u32, 0u32);
    if !cx.opts.absolute_seq && flags & ACK != 0 {
        let (src, dst) = (net.src(), net.dst());
        rev = sport > dport || (sport == dport && src > dst);
        let key = if rev {
            FlowKey {
                src: key_bytes(dst),
                dst: key_bytes(src),
                ports: (dport as u32) << 16 | sport as u32,
                v6: net.is_v6(),
            }
        } else {
            FlowKey {
                src: key_bytes(src),
                dst: key_bytes(dst),
                ports: (sport as u32) << 16 | dport as u32,
                v6: net.is_v6(),
            }
        };
        let known = cx.tcp_seqs.flows.get(&key).copied();
        let (th_seq, th_ack) = match known {
            Some(bases) if flags & SYN == 0 => {
                if rev {
                    seq = seq.wrapping_sub(bases.1);
                    ack = ack.wrapping_sub(bases.0);
                } else {
                    seq = seq.wrapping_sub(bases.0);
                    ack = ack.wrapping_sub(bases.1);
                }
                bases
            }
            _ => {
                let bases = if rev {
                    (ack.wrapping_sub(1), seq)
                } else {
                    (seq, ack.wrapping_sub(1))
                };
                cx.tcp_seqs.flows.insert(key, bases);
                bases
            }
        };
        base_seq = th_seq;
        base_ack = th_ack;
    }
    if hlen > length {
        cx.s(" [bad hdr length ");
        cx.u(hlen as u64);
        cx.s(" - too long, > ");
        cx.u(length as u64);
        cx.s("] (invalid)");
        return Ok(());
    }
    if cx.opts.verbose > 0 && !fragmented && data.len() >= length {
        let tcp_sum = data.be16(16)?;
        let sum = net.transport_cksum(PROTO_TCP, &data[..length]);
        cx.s(", cksum 0x");
        fmt::put_hex_padded(cx.out, tcp_sum as u64, 4);
        if sum != 0 {
            cx.s(" (incorrect -> 0x");
            fmt::put_hex_padded(cx.out, cksum_shouldbe(tcp_sum, sum) as u64, 4);
            cx.b(b')');
        } else {
            cx.s(" (correct)");
        }
    }
    let payload = length - hlen;
    if cx.opts.verbose > 1 || payload > 0 || flags & (SYN | FIN | RST) != 0 {
        cx.s(", seq ");
        cx.u(seq as u64);
        if payload > 0 {
            cx.b(b':');
            cx.u(seq.wrapping_add(payload as u32) as u64);
        }
    }
    if flags & ACK != 0 {
        cx.s(", ack ");
        cx.u(ack as u64);
    } else if cx.opts.verbose > 1 && ack != 0 {
        // RFC 9293: the field should be zero without the flag.
        cx.s(", [ack ");
        cx.u(ack as u64);
        cx.s(" != 0 while ACK flag not set]");
    }
    cx.s(", win ");
    cx.u(win as u64);
    if flags & URG != 0 {
        cx.s(", urg ");
        cx.u(urp as u64);
    } else if cx.opts.verbose > 1 && urp != 0 {
        cx.s(", [urg ");
        cx.u(urp as u64);
        cx.s(" != 0 while URG flag not set]");
    }
    if hlen > 20 {
        cx.s(", options [");
        hlen -= 20;
        match options(
            cx,
            &data[20..],
            hlen,
            flags,
            rev,
            base_seq,
            base_ack,
            &super::tcp_md5::Segment {
                tcp: data,
                payload,
                net,
            },
        ) {
            Ok(OptEnd::Done) => cx.b(b']'),
            Ok(OptEnd::Bad { any }) => {
                // tcpdump stops the line here, without the length.
                cx.s("[bad opt]");
                if any {
                    cx.b(b']');
                }
                return Ok(());
            }
            // Options cut off by the capture: the snapshot's accessors
            // jump straight out to the top level.
            Err(_) => return Err(Trunc),
        }
    }
    cx.s(", length ");
    cx.u(payload as u64);
    if payload == 0 {
        return Ok(());
    }
    let header_len = (data[12] >> 4) as usize * 4;
    if data.len() < header_len {
        cx.s(" [remaining caplen(");
        cx.u(data.len() as u64);
        cx.s(") < header length(");
        cx.u(header_len as u64);
        cx.s(")]");
        return Err(Trunc);
    }
    let body = &data[header_len..];
    if flags & RST != 0 && cx.opts.verbose > 0 {
        // RFC 9293 3.5.3: a reset may carry diagnostic text; eight bytes
        // after the magic 0x33AA are a failure cause and an enterprise
        // number instead.
        cx.s(" [RST");
        if payload > 30 {
            cx.b(b'+');
        }
        if payload == 8 && body.be16(0)? == 0x33aa {
            cx.s(": ");
            let code = body.be16(2)?;
            let pen = body.be32(4)?;
            match FAILURE_CAUSES.get(code as usize) {
                Some(c) if cx.opts.verbose > 1 && pen == 0 => cx.s(c),
                _ => {
                    cx.s("code ");
                    cx.u(code as u64);
                    cx.s(", pen ");
                    cx.u(pen as u64);
                }
            }
        } else {
            cx.b(b' ');
            for k in 0..payload.min(30) {
                fmt::put_safe_char(cx.out, body.u8_at(k)?);
            }
        }
        cx.b(b']');
        // Data cut short ends the packet as the snapshot's accessors end
        // it (-x then dumps from the first byte).
        if body.len() < payload {
            return Err(Trunc);
        }
        return Ok(());
    }
    if flags & RST != 0 {
        // Without -v a reset's data is not decoded.
        if body.len() < payload {
            return Err(Trunc);
        }
        return Ok(());
    }
    let p = dispatch::PortPayload {
        body,
        captured: body,
        length: payload,
        sport,
        dport,
        net,
    };
    // -T TYPE: the payload is that protocol if it can ride on TCP;
    // with any other type tcpdump decodes nothing after the header.
    if let Some(t) = cx.opts.packet_type {
        if let Some(decode) = dispatch::tcp_packet_type(t) {
            decode(cx, &p)?;
        }
        return Ok(());
    }
    dispatch::tcp_port(cx, &p)?;
    Ok(())
}

fn print_endpoint(cx: &mut Ctx, net: &NetHeader, src: bool, port: u16) {
    match net {
        NetHeader::V4 { .. } => cx.ipv4(if src { net.src() } else { net.dst() }),
        NetHeader::V6 { .. } => cx.ipv6(if src { net.src() } else { net.dst() }),
    }
    cx.b(b'.');
    cx.tcp_port(port);
}

enum OptEnd {
    Done,
    Bad { any: bool },
}

fn option_name(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0 => "eol",
        1 => "nop",
        2 => "mss",
        3 => "wscale",
        4 => "sackOK",
        5 => "sack",
        6 => "echo",
        7 => "echoreply",
        8 => "TS",
        11 => "cc",
        12 => "ccnew",
        13 => "ccecho",
        19 => "md5",
        20 => "scps",
        28 => "uto",
        29 => "tcp-ao",
        30 => "mptcp",
        34 => "tfo",
        254 => "exp",
        _ => return None,
    })
}

#[allow(clippy::too_many_arguments)]
fn options(
    cx: &mut Ctx,
    opts: &[u8],
    mut hlen: usize,
    flags: u8,
    rev: bool,
    base_seq: u32,
    base_ack: u32,
    seg: &super::tcp_md5::Segment,
) -> R<OptEnd> {
    let mut i = 0usize;
    let mut any = false;
    while hlen > 0 {
        if any {
            cx.b(b',');
        }
        let kind = opts.u8_at(i)?;
        i += 1;
        let len;
        if kind == 0 || kind == 1 {
            len = 1;
        } else {
            len = opts.u8_at(i)? as usize;
            i += 1;
            if len < 2 || len > hlen {
                return Ok(OptEnd::Bad { any });
            }
            hlen -= 1;
        }
        hlen -= 1;
        match option_name(kind) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown-");
                cx.u(kind as u64);
            }
        }
        let mut datalen = 0usize;
        // Bail out if `l` bytes of option data are not there or not captured.
        macro_rules! lencheck {
            ($l:expr) => {
                if $l > hlen {
                    return Ok(OptEnd::Bad { any });
                }
                opts.range(i, $l)?;
            };
        }
        match kind {
            2 => {
                datalen = 2;
                lencheck!(datalen);
                cx.b(b' ');
                cx.u(opts.be16(i)? as u64);
            }
            3 => {
                datalen = 1;
                lencheck!(datalen);
                cx.b(b' ');
                cx.u(opts.u8_at(i)? as u64);
            }
            5 => {
                datalen = len - 2;
                if datalen % 8 != 0 {
                    cx.s(" invalid sack");
                } else {
                    cx.b(b' ');
                    cx.u((datalen / 8) as u64);
                    cx.b(b' ');
                    let mut j = 0;
                    while j < datalen {
                        lencheck!(j + 4);
                        let mut s = opts.be32(i + j)?;
                        lencheck!(j + 8);
                        let mut e = opts.be32(i + j + 4)?;
                        if rev {
                            s = s.wrapping_sub(base_seq);
                            e = e.wrapping_sub(base_seq);
                        } else {
                            s = s.wrapping_sub(base_ack);
                            e = e.wrapping_sub(base_ack);
                        }
                        cx.b(b'{');
                        cx.u(s as u64);
                        cx.b(b':');
                        cx.u(e as u64);
                        cx.b(b'}');
                        j += 8;
                    }
                }
            }
            6 | 7 | 11 | 12 | 13 => {
                datalen = 4;
                lencheck!(datalen);
                cx.b(b' ');
                cx.u(opts.be32(i)? as u64);
            }
            8 => {
                datalen = 8;
                lencheck!(datalen);
                cx.s(" val ");
                cx.u(opts.be32(i)? as u64);
                cx.s(" ecr ");
                cx.u(opts.be32(i + 4)? as u64);
            }
            19 => {
                datalen = 16;
                lencheck!(datalen);
                cx.b(b' ');
                let secret = cx.opts.tcp_md5_secret.as_deref();
                match super::tcp_md5::verify(secret, seg, &opts[i..i + 16]) {
                    Verdict::Valid => cx.s("valid"),
                    Verdict::Invalid => cx.s(" (invalid)"),
                    Verdict::CantCheck(why) => {
                        cx.s(why);
                        cx.s("can't check - ");
                        for k in 0..16 {
                            fmt::put_hex2(cx.out, opts[i + k]);
                        }
                    }
                }
            }
            20 => {
                datalen = 2;
                lencheck!(datalen);
                cx.s(" cap ");
                fmt::put_hex2(cx.out, opts[i]);
                cx.s(" id ");
                cx.u(opts[i + 1] as u64);
            }
            0 | 1 | 4 => {}
            28 => {
                datalen = 2;
                lencheck!(datalen);
                let mut v = opts.be16(i)? as u32;
                cx.s(" 0x");
                fmt::put_hex(cx.out, v as u64);
                if v & 1 != 0 {
                    v = (v >> 1) * 60;
                } else {
                    v >>= 1;
                }
                cx.b(b' ');
                cx.u(v as u64);
            }
            29 => {
                datalen = len - 2;
                if datalen < 2 {
                    cx.s(" (invalid)");
                } else {
                    let keyid = opts.u8_at(i)?;
                    cx.s(" keyid ");
                    cx.u(keyid as u64);
                    let rnext = opts.u8_at(i + 1)?;
                    cx.s(" rnextkeyid ");
                    cx.u(rnext as u64);
                    if datalen > 2 {
                        cx.s(" mac 0x");
                        for k in 2..datalen {
                            fmt::put_hex2(cx.out, opts.u8_at(i + k)?);
                        }
                    }
                }
            }
            30 => {
                datalen = len - 2;
                lencheck!(datalen);
                if !super::mptcp::mptcp(cx, &opts[i - 2..i - 2 + len], flags) {
                    return Ok(OptEnd::Bad { any });
                }
            }
            34 => {
                datalen = len - 2;
                lencheck!(datalen);
                cx.b(b' ');
                fastopen(cx, &opts[i..i + datalen], false);
            }
            254 => {
                datalen = len - 2;
                lencheck!(datalen);
                if datalen < 2 {
                    return Ok(OptEnd::Bad { any });
                }
                let magic = opts.be16(i)?;
                cx.b(b'-');
                if magic == 0xf989 {
                    fastopen(cx, &opts[i + 2..i + datalen], true);
                } else {
                    fmt::put_hex_padded(cx.out, magic as u64, 4);
                }
            }
            _ => {
                datalen = len - 2;
                if datalen > 0 {
                    cx.s(" 0x");
                }
                for k in 0..datalen {
                    lencheck!(k + 1);
                    fmt::put_hex2(cx.out, opts[i + k]);
                }
            }
        }
        i += datalen;
        hlen -= datalen;
        let mut spec = datalen + 1;
        if kind > 1 {
            spec += 1;
        }
        if spec != len {
            cx.s("[len ");
            cx.u(len as u64);
            cx.b(b']');
        }
        any = true;
        if kind == 0 {
            break;
        }
    }
    Ok(OptEnd::Done)
}

/// TCP Fast Open cookie option (RFC 7413).
fn fastopen(cx: &mut Ctx, cookie: &[u8], exp: bool) {
    if exp {
        cx.s("tfo");
    }
    if cookie.is_empty() {
        cx.s(" cookiereq");
    } else if cookie.len() % 2 != 0 || cookie.len() < 4 || cookie.len() > 16 {
        cx.s(" (invalid)");
    } else {
        cx.s(" cookie ");
        for &b in cookie {
            fmt::put_hex2(cx.out, b);
        }
    }
}
