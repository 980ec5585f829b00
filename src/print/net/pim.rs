//! PIM version 2 (RFC 7761; bootstrap RFC 5059, bidirectional RFC 5015,
//! dense mode RFC 3973): the message type, and with `-v` the checksum and
//! each message's fields. PIM version 1 (carried in IGMP) in [`pimv1`].

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload};

static TYPES: &[(u8, &str)] = &[
    (0, "Hello"),
    (1, "Register"),
    (2, "Register Stop"),
    (3, "Join / Prune"),
    (4, "Bootstrap"),
    (5, "Assert"),
    (6, "Graft"),
    (7, "Graft Acknowledgement"),
    (8, "Candidate RP Advertisement"),
    (9, "Prune Refresh"),
    (10, "DF Election"),
    (11, "ECMP Redirect"),
];

static HELLO_OPTIONS: &[(u16, &str)] = &[
    (1, "Hold Time"),
    (2, "LAN Prune Delay"),
    (18, "DR Priority (Old)"),
    (19, "DR Priority"),
    (20, "Generation ID"),
    (21, "State Refresh Capability"),
    (22, "Bi-Directional Capability"),
    (24, "Address List"),
    (65001, "Address List (Old)"),
];

static DF_SUBTYPES: &[(u8, &str)] = &[(1, "Offer"), (2, "Winner"), (3, "Backoff"), (4, "Pass")];

static V1_TYPES: &[(u8, &str)] = &[
    (0, "Query"),
    (1, "Register"),
    (2, "Register-Stop"),
    (3, "Join/Prune"),
    (4, "RP-reachable"),
    (5, "Assert"),
    (6, "Graft"),
    (7, "Graft-ACK"),
];

/// The message gave out where the decoder checks the length itself: the
/// marker, and the packet ends normally.
struct Short;

type M<T = ()> = Result<Result<T, Short>, Trunc>;

/// Ends the message with the marker if a step ran out of length.
/// The snapshot's own check that bytes were captured: the marker, and
/// the packet ends normally.
macro_rules! captured {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(Trunc) => return Ok(Err(Short)),
        }
    };
}

macro_rules! short {
    ($e:expr) => {
        if let Err(Short) = $e {
            return Ok(Err(Short));
        }
    };
}

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "pim";
    let d = p.data;
    let first = d.u8_at(0)?;
    let version = first >> 4;
    let t = first & 0x0f;
    cx.s("PIMv");
    cx.u(version as u64);
    if version != 2 {
        cx.s(", length ");
        cx.u(p.length as u64);
        return Ok(());
    }
    let name = tables::lookup(TYPES, t).unwrap_or("Unknown Type");
    if cx.opts.verbose == 0 {
        cx.s(", ");
        cx.s(name);
        cx.s(", length ");
        cx.u(p.length as u64);
        return Ok(());
    }
    cx.s(", length ");
    cx.u(p.length as u64);
    cx.s("\n\t");
    cx.s(name);
    cx.proto = "pimv2";
    if let Err(Short) = v2(cx, p, t)? {
        cx.trunc_marker();
    }
    Ok(())
}

/// Whether the checksum over the first `len` bytes is right (`None`:
/// not all captured).
fn cksum_ok(p: &IpPayload, len: usize) -> Option<bool> {
    let m = p.data.get(..len)?;
    let sum = if p.net.is_v6() {
        p.net.transport_cksum(103, m)
    } else {
        fold(ones_sum(m))
    };
    Some(sum == 0)
}

fn v2(cx: &mut Ctx, p: &IpPayload, t: u8) -> M {
    let d = p.data;
    let len = p.length;
    if len < 2 {
        cx.s("[length ");
        cx.u(len as u64);
        cx.s(" < 2] (invalid)");
        return Ok(Ok(()));
    }
    let rsv = d.u8_at(1)?;
    let alen = (rsv & 0x0f) as usize;
    if alen != 0 {
        cx.s(", RFC2117-encoding");
    }
    if len < 4 {
        cx.s("[length ");
        cx.u(len as u64);
        cx.s(" < 4] (invalid)");
        return Ok(Ok(()));
    }
    let cksum = d.be16(2)?;
    cx.s(", cksum 0x");
    fmt::put_hex_padded(cx.out, cksum as u64, 4);
    let ok = if cksum == 0 {
        None
    } else if t == 1 {
        // A Register's covers its header, or (some senders) all of it.
        match cksum_ok(p, 8) {
            Some(false) => cksum_ok(p, len),
            r => r,
        }
    } else {
        cksum_ok(p, len)
    };
    cx.s(match ok {
        Some(true) => " (correct)",
        Some(false) => " (incorrect)",
        None => " (unverified)",
    });
    let b = d.get(4..).unwrap_or(&[]);
    let mut a = Addrs {
        b,
        at: 0,
        len: len - 4,
        alen,
    };
    match t {
        0 => hello(cx, &mut a),
        1 => register(cx, &mut a),
        2 => {
            cx.s(" group=");
            short!(a.addr(cx, Kind::Group)?);
            cx.s(" source=");
            a.addr(cx, Kind::Unicast)
        }
        3 | 6 | 7 => join_prune(cx, &mut a, t),
        4 => bootstrap(cx, &mut a),
        5 => {
            cx.s(" group=");
            short!(a.addr(cx, Kind::Group)?);
            cx.s(" src=");
            short!(a.addr(cx, Kind::Unicast)?);
            if a.len < 8 {
                return Ok(Err(Short));
            }
            let v = captured!(a.b.range(a.at, 8));
            if v[0] & 0x80 != 0 {
                cx.s(" RPT");
            }
            cx.s(" pref=");
            cx.u((v.be32(0)? & 0x7fff_ffff) as u64);
            cx.s(" metric=");
            cx.u(v.be32(4)? as u64);
            Ok(Ok(()))
        }
        8 => candidate_rp(cx, &mut a),
        9 => {
            cx.s(" src=");
            short!(a.addr(cx, Kind::Unicast)?);
            cx.s(" grp=");
            short!(a.addr(cx, Kind::Group)?);
            cx.s(" forwarder=");
            short!(a.addr(cx, Kind::Unicast)?);
            if a.len < 2 {
                return Ok(Err(Short));
            }
            cx.s(" TUNR ");
            cx.relts(a.b.be16(a.at)? as u32);
            Ok(Ok(()))
        }
        10 => df_election(cx, &mut a, rsv >> 4),
        _ => {
            cx.s(" [type ");
            cx.u(t as u64);
            cx.b(b']');
            Ok(Ok(()))
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unicast,
    Group,
    Source,
}

/// A cursor over the message body: the captured bytes, the offset, the
/// length left by the header (a 32-bit count, as the snapshot keeps it),
/// and the RFC 2117 address length (0: encoded addresses).
struct Addrs<'a> {
    b: &'a [u8],
    at: usize,
    len: usize,
    alen: usize,
}

impl Addrs<'_> {
    fn skip(&mut self, n: usize) {
        self.at += n;
        self.len = (self.len as u32).wrapping_sub(n as u32) as usize;
    }

    /// An address, encoded (family and encoding first) or of the RFC
    /// 2117 length; a family, encoding or length not understood, or one
    /// past the length, ends the message with the marker.
    fn addr(&mut self, cx: &mut Ctx, kind: Kind) -> M {
        let (v6, hdr) = if self.alen == 0 {
            if self.len < 2 {
                return Ok(Err(Short));
            }
            let v6 = match self.b.u8_at(self.at)? {
                1 => false,
                2 => true,
                _ => return Ok(Err(Short)),
            };
            if self.b.u8_at(self.at + 1)? != 0 {
                return Ok(Err(Short));
            }
            (v6, 2)
        } else {
            match self.alen {
                4 => (false, 0),
                16 => (true, 0),
                _ => return Ok(Err(Short)),
            }
        };
        let n = if v6 { 16 } else { 4 };
        let at = self.at + hdr;
        let left = self.len - hdr;
        if kind == Kind::Unicast {
            if left < n {
                return Ok(Err(Short));
            }
            let a = captured!(self.b.range(at, n));
            if v6 {
                cx.ipv6(a);
            } else {
                cx.ipv4(a);
            }
            self.skip(hdr + n);
            return Ok(Ok(()));
        }
        if left < n + 2 {
            return Ok(Err(Short));
        }
        let f = captured!(self.b.range(at, n + 2));
        if v6 {
            cx.ipv6(&f[2..]);
        } else {
            cx.ipv4(&f[2..]);
        }
        if f[1] != if v6 { 128 } else { 32 } {
            cx.b(b'/');
            cx.u(f[1] as u64);
        }
        let flags = f[0];
        if flags != 0 {
            if kind == Kind::Group {
                cx.s("(0x");
                fmt::put_hex2(cx.out, flags);
                cx.b(b')');
            } else {
                cx.b(b'(');
                for (bit, c) in [(4u8, b'S'), (2, b'W'), (1, b'R')] {
                    if flags & bit != 0 {
                        cx.b(c);
                    }
                }
                if flags & 0xf8 != 0 {
                    cx.s("+0x");
                    fmt::put_hex2(cx.out, flags & 0xf8);
                }
                cx.b(b')');
            }
        }
        self.skip(hdr + n + 2);
        Ok(Ok(()))
    }
}

fn option_len_bad(cx: &mut Ctx, olen: usize, want: u64) -> M {
    cx.s("[option length ");
    cx.u(olen as u64);
    cx.s(" != ");
    cx.u(want);
    cx.s("] (invalid)");
    Ok(Ok(()))
}

fn hello(cx: &mut Ctx, a: &mut Addrs) -> M {
    let v = cx.opts.verbose;
    while a.len != 0 {
        if a.len < 4 {
            return Ok(Err(Short));
        }
        let t = a.b.be16(a.at)?;
        let olen = a.b.be16(a.at + 2)? as usize;
        cx.s("\n\t  ");
        cx.s(tables::lookup(HELLO_OPTIONS, t).unwrap_or("Unknown"));
        cx.s(" Option (");
        cx.u(t as u64);
        cx.s("), length ");
        cx.u(olen as u64);
        cx.s(", Value: ");
        a.skip(4);
        if a.len < olen {
            return Ok(Err(Short));
        }
        let o = captured!(a.b.range(a.at, olen));
        match t {
            1 if olen != 2 => return option_len_bad(cx, olen, 2),
            1 => cx.relts(o.be16(0)? as u32),
            2 if olen != 4 => return option_len_bad(cx, olen, 4),
            2 => {
                let delay = o.be16(0)?;
                cx.s("\n\t    T-bit=");
                cx.u((delay >> 15) as u64);
                cx.s(", LAN delay ");
                cx.u((delay & 0x7fff) as u64);
                cx.s("ms, Override interval ");
                cx.u(o.be16(2)? as u64);
                cx.s("ms");
            }
            18 | 19 => match olen {
                0 => cx.s("Bi-Directional Capability (Old)"),
                4 => cx.u(o.be32(0)? as u64),
                _ => return option_len_bad(cx, olen, 4),
            },
            20 | 21 if olen != 4 => return option_len_bad(cx, olen, 4),
            20 => {
                cx.s("0x");
                fmt::put_hex_padded(cx.out, o.be32(0)? as u64, 8);
            }
            21 => {
                cx.b(b'v');
                cx.u(o[0] as u64);
                if o[1] != 0 {
                    cx.s(", interval ");
                    cx.relts(o[1] as u32);
                }
                let rest = o.be16(2)?;
                if rest != 0 {
                    cx.s(" ?0x");
                    fmt::put_hex_padded(cx.out, rest as u64, 4);
                    cx.b(b'?');
                }
            }
            22 => {}
            24 | 65001 => {
                if v > 1 {
                    // The addresses are bounded by what is left of the
                    // message, read while inside the option.
                    let mut l = Addrs {
                        b: a.b,
                        at: a.at,
                        len: a.len,
                        alen: a.alen,
                    };
                    while l.at < a.at + olen {
                        cx.s("\n\t    ");
                        short!(l.addr(cx, Kind::Unicast)?);
                    }
                }
            }
            _ => {
                if v <= 1 {
                    unknown_data(cx, o, "\n\t    ", olen);
                }
            }
        }
        if v > 1 {
            unknown_data(cx, o, "\n\t    ", olen);
        }
        a.skip(olen);
    }
    Ok(Ok(()))
}

fn register(cx: &mut Ctx, a: &mut Addrs) -> M {
    if a.len < 4 {
        return Ok(Err(Short));
    }
    let flags = captured!(a.b.be32(a.at));
    cx.s(", Flags [ ");
    cx.s(match flags {
        0x8000_0000 => "Border",
        0x4000_0000 => "Null",
        _ => "none",
    });
    cx.s(" ]\n\t");
    a.skip(4);
    if a.len == 0 {
        return Ok(Err(Short));
    }
    let inner = &a.b[a.at..];
    let first = inner.u8_at(0)?;
    match first >> 4 {
        0 => {
            let (src, dst) = (inner.range(12, 4)?, inner.range(16, 4)?);
            cx.s("IP-Null-header ");
            cx.ipv4(src);
            cx.s(" > ");
            cx.ipv4(dst);
        }
        4 | 6 => {
            cx.net_names = !cx.opts.link_header;
            let t = if first >> 4 == 4 { 0x0800 } else { 0x86dd };
            dispatch::ethertype(cx, t, inner, a.len)?;
        }
        v => {
            cx.s("IP ver ");
            cx.u(v as u64);
        }
    }
    Ok(Ok(()))
}

/// Join/Prune (3), Graft (6) and Graft-Ack (7, without the upstream
/// neighbor and hold time).
fn join_prune(cx: &mut Ctx, a: &mut Addrs, t: u8) -> M {
    if t != 7 {
        cx.s(", upstream-neighbor: ");
        short!(a.addr(cx, Kind::Unicast)?);
    }
    if a.len < 4 {
        return Ok(Err(Short));
    }
    let h = captured!(a.b.range(a.at, 4));
    let ngroup = h[1];
    let hold = h.be16(2)?;
    cx.s("\n\t  ");
    cx.u(ngroup as u64);
    cx.s(" group(s)");
    if t != 7 {
        cx.s(", holdtime: ");
        if hold == 0xffff {
            cx.s("infinite");
        } else {
            cx.relts(hold as u32);
        }
    }
    a.skip(4);
    for i in 0..ngroup as u64 {
        cx.s("\n\t    group #");
        cx.u(i + 1);
        cx.s(": ");
        short!(a.addr(cx, Kind::Group)?);
        if a.len < 4 {
            return Ok(Err(Short));
        }
        let c = captured!(a.b.range(a.at, 4));
        let (njoin, nprune) = (c.be16(0)?, c.be16(2)?);
        cx.s(", joined sources: ");
        cx.u(njoin as u64);
        cx.s(", pruned sources: ");
        cx.u(nprune as u64);
        a.skip(4);
        for (n, what) in [(njoin, "joined"), (nprune, "pruned")] {
            for j in 0..n as u64 {
                cx.s("\n\t      ");
                cx.s(what);
                cx.s(" source #");
                cx.u(j + 1);
                cx.s(": ");
                short!(a.addr(cx, Kind::Source)?);
            }
        }
    }
    Ok(Ok(()))
}

fn bootstrap(cx: &mut Ctx, a: &mut Addrs) -> M {
    if a.len < 2 {
        return Ok(Err(Short));
    }
    let tag = a.b.be16(a.at)?;
    cx.s(" tag=");
    fmt::put_hex(cx.out, tag as u64);
    a.skip(2);
    if a.len < 1 {
        return Ok(Err(Short));
    }
    let hashmlen = a.b.u8_at(a.at)?;
    cx.s(" hashmlen=");
    cx.u(hashmlen as u64);
    if a.len < 2 {
        return Ok(Err(Short));
    }
    // The snapshot checks one byte further than the priority.
    captured!(a.b.u8_at(a.at + 2));
    let prio = a.b.u8_at(a.at + 1)?;
    cx.s(" BSRprio=");
    cx.u(prio as u64);
    a.skip(2);
    cx.s(" BSR=");
    short!(a.addr(cx, Kind::Unicast)?);
    let mut i = 0u64;
    while a.len > 0 {
        cx.s(" (group");
        cx.u(i);
        cx.s(": ");
        short!(a.addr(cx, Kind::Group)?);
        if a.len < 1 {
            return Ok(Err(Short));
        }
        let rpcnt = a.b.u8_at(a.at)?;
        cx.s(" RPcnt=");
        cx.u(rpcnt as u64);
        if a.len < 2 {
            return Ok(Err(Short));
        }
        let frpcnt = a.b.u8_at(a.at + 1)?;
        cx.s(" FRPcnt=");
        cx.u(frpcnt as u64);
        if a.len < 4 {
            return Ok(Err(Short));
        }
        a.skip(4);
        let mut j = 0;
        while j < frpcnt && a.len > 0 {
            cx.s(" RP");
            cx.u(j as u64);
            cx.b(b'=');
            short!(a.addr(cx, Kind::Unicast)?);
            if a.len < 2 {
                return Ok(Err(Short));
            }
            cx.s(",holdtime=");
            cx.relts(a.b.be16(a.at)? as u32);
            if a.len < 3 {
                return Ok(Err(Short));
            }
            let prio = a.b.u8_at(a.at + 2)?;
            cx.s(",prio=");
            cx.u(prio as u64);
            if a.len < 4 {
                return Ok(Err(Short));
            }
            a.skip(4);
            j += 1;
        }
        cx.b(b')');
        i += 1;
    }
    Ok(Ok(()))
}

fn candidate_rp(cx: &mut Ctx, a: &mut Addrs) -> M {
    if a.len < 1 {
        return Ok(Err(Short));
    }
    let cnt = a.b.u8_at(a.at)?;
    cx.s(" prefix-cnt=");
    cx.u(cnt as u64);
    if a.len < 2 {
        return Ok(Err(Short));
    }
    let prio = a.b.u8_at(a.at + 1)?;
    cx.s(" prio=");
    cx.u(prio as u64);
    if a.len < 4 {
        return Ok(Err(Short));
    }
    cx.s(" holdtime=");
    cx.relts(a.b.be16(a.at + 2)? as u32);
    a.skip(4);
    cx.s(" RP=");
    short!(a.addr(cx, Kind::Unicast)?);
    let mut i = 0;
    while i < cnt && a.len > 0 {
        cx.s(" Group");
        cx.u(i as u64);
        cx.b(b'=');
        short!(a.addr(cx, Kind::Group)?);
        i += 1;
    }
    Ok(Ok(()))
}

fn df_election(cx: &mut Ctx, a: &mut Addrs, sub: u8) -> M {
    cx.s("\n\t  ");
    cx.s(tables::lookup(DF_SUBTYPES, sub).unwrap_or("Unknown"));
    cx.s(", rpa=");
    short!(a.addr(cx, Kind::Unicast)?);
    let pref = a.b.be32(a.at)?;
    cx.s(" sender pref=");
    cx.u(pref as u64);
    let metric = a.b.be32(a.at + 4)?;
    cx.s(" sender metric=");
    cx.u(metric as u64);
    a.skip(8);
    if sub == 3 || sub == 4 {
        let what = if sub == 3 { "offer" } else { "new winner" };
        cx.s("\n\t  ");
        cx.s(what);
        cx.s(" addr=");
        short!(a.addr(cx, Kind::Unicast)?);
        for (k, name) in [(0, " pref="), (4, " metric=")] {
            let v = a.b.be32(a.at + k)?;
            cx.b(b' ');
            cx.s(what);
            cx.s(name);
            cx.u(v as u64);
        }
        a.skip(8);
        if sub == 3 {
            let iv = a.b.be16(a.at)?;
            cx.s(" interval ");
            cx.u(iv as u64);
            cx.s("ms");
        }
    }
    Ok(Ok(()))
}

/// PIM version 1 (IGMP type 0x14): `d` from the IGMP header on.
pub fn pimv1(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    cx.proto = "pimv1";
    let t = d.u8_at(1)?;
    cx.b(b' ');
    match tables::lookup(V1_TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("[type ");
            cx.u(t as u64);
            cx.b(b']');
        }
    }
    let v = cx.opts.verbose;
    match t {
        0 => {
            if let Some(&m) = d.get(8) {
                match m >> 4 {
                    0 => cx.s(" Dense-mode"),
                    1 => cx.s(" Sparse-mode"),
                    2 => cx.s(" Sparse-Dense-mode"),
                    n => {
                        cx.s(" mode-");
                        cx.u(n as u64);
                    }
                }
            }
            if v > 0 {
                cx.s(" (Hold-time ");
                cx.relts(d.be16(10)? as u32);
                cx.b(b')');
            }
        }
        1 => {
            // The snapshot's own check: the marker, and no version.
            if !d.has(8, 20) {
                cx.trunc_marker();
                return Ok(());
            }
            for_pair(cx, d, 20, 24)?;
        }
        2 => for_pair(cx, d, 8, 12)?,
        4 if v > 0 => {
            let group = d.range(8, 4)?;
            cx.s(" group ");
            cx.ipv4(group);
            mask(cx, d, 12)?;
            let rp = d.range(16, 4)?;
            cx.s(" RP ");
            cx.ipv4(rp);
            cx.s(" hold ");
            cx.relts(d.be16(22)? as u32);
        }
        5 => {
            for_pair(cx, d, 16, 8)?;
            mask(cx, d, 12)?;
            let pref = d.be32(20)?;
            let metric = d.be32(24)?;
            cx.s(if pref & 0x8000_0000 != 0 {
                " RP-tree"
            } else {
                " SPT"
            });
            cx.s(" pref ");
            cx.u((pref & 0x7fff_ffff) as u64);
            cx.s(" metric ");
            cx.u(metric as u64);
        }
        3 | 6 | 7 if v > 0 => {
            if len < 8 {
                cx.trunc_marker();
                return Ok(());
            }
            if !v1_join_prune(cx, d.get(8..).unwrap_or(&[]), len - 8)? {
                cx.trunc_marker();
            }
        }
        _ => {}
    }
    let ver = d.u8_at(4)? >> 4;
    if ver != 1 {
        cx.s(" [v");
        cx.u(ver as u64);
        cx.b(b']');
    }
    Ok(())
}

/// ` for SRC > DST` from the addresses at `s` and `t`.
fn for_pair(cx: &mut Ctx, d: &[u8], s: usize, t: usize) -> R {
    let a = d.range(s, 4)?;
    let b = d.range(t, 4)?;
    cx.s(" for ");
    cx.ipv4(a);
    cx.s(" > ");
    cx.ipv4(b);
    Ok(())
}

/// `/MASK` unless the mask at `at` is all ones.
fn mask(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let m = d.range(at, 4)?;
    if m != [0xff; 4] {
        cx.b(b'/');
        cx.ipv4(m);
    }
    Ok(())
}

/// A PIMv1 join/prune body; `Ok(false)` where its length runs out.
fn v1_join_prune(cx: &mut Ctx, b: &[u8], mut len: usize) -> R<bool> {
    let v = cx.opts.verbose;
    // One group with one source: a line of its own.
    if b.len() >= 30 && b[11] == 1 && b.be16(20)? as u32 + b.be16(22)? as u32 == 1 {
        let join = b.be16(20)? != 0;
        cx.s(" RPF ");
        cx.ipv4(&b[0..4]);
        cx.b(b' ');
        let hold = b.be16(6)?;
        if hold != 180 {
            cx.s("Hold ");
            cx.relts(hold as u32);
        }
        cx.s(if join { "Join" } else { "Prune" });
        cx.s(" (");
        cx.ipv4(&b[26..30]);
        cx.b(b'/');
        cx.u((b[25] & 0x3f) as u64);
        cx.s(", ");
        cx.ipv4(&b[12..16]);
        mask(cx, b, 16)?;
        cx.s(") ");
        cx.s(if b[24] & 1 != 0 { "Sparse" } else { "Dense" });
        cx.s(if b[25] & 0x80 != 0 { " WC" } else { "" });
        cx.s(if b[25] & 0x40 != 0 { " RP" } else { " SPT" });
        return Ok(true);
    }
    let nl = if v > 1 { "\n" } else { "" };
    if len < 4 {
        return Ok(false);
    }
    cx.s(nl);
    let nbr = b.range(0, 4)?;
    cx.s(" Upstream Nbr: ");
    cx.ipv4(nbr);
    len -= 4;
    if len < 4 {
        return Ok(false);
    }
    cx.s(nl);
    cx.s(" Hold time: ");
    cx.relts(b.be16(6)? as u32);
    if v < 2 {
        return Ok(true);
    }
    len -= 4;
    if len < 4 {
        return Ok(false);
    }
    let mut ngroups = b.u8_at(11)?;
    let mut at = 12;
    len -= 4;
    while ngroups != 0 {
        if len < 4 {
            return Ok(false);
        }
        let group = b.range(at, 4)?;
        cx.s("\n\tGroup: ");
        cx.ipv4(group);
        at += 4;
        len -= 4;
        if len < 4 {
            return Ok(false);
        }
        mask(cx, b, at)?;
        at += 4;
        len -= 4;
        if len < 4 {
            return Ok(false);
        }
        let njoin = b.be16(at)? as u32;
        let nprune = b.be16(at + 2)? as u32;
        cx.s(" joined: ");
        cx.u(njoin as u64);
        cx.s(" pruned: ");
        cx.u(nprune as u64);
        at += 4;
        len -= 4;
        for k in 0..njoin + nprune {
            if len < 6 {
                return Ok(false);
            }
            let e = b.range(at, 6)?;
            cx.s(if k < njoin {
                "\n\tJoin  "
            } else {
                "\n\tPrune "
            });
            cx.s(if e[0] & 1 != 0 { "Sparse " } else { "Dense " });
            cx.s(if e[1] & 0x80 != 0 { "WC " } else { "" });
            cx.s(if e[1] & 0x40 != 0 { "RP " } else { "SPT " });
            cx.ipv4(&e[2..6]);
            cx.b(b'/');
            cx.u((e[1] & 0x3f) as u64);
            at += 6;
            len -= 6;
        }
        ngroups -= 1;
    }
    Ok(true)
}
