//! BSD/Darwin packet filter logs (LINKTYPE_PFLOG, 117): a header of 61
//! (NetBSD, DragonFly, Darwin), 69 (FreeBSD) or 100 (OpenBSD) bytes
//! naming the rule, reason, action, direction and interface (shown with
//! `-e`), then the IPv4 or IPv6 packet.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const LEN_FREEBSD: u8 = 69;
const LEN_OPENBSD: u8 = 100;
const MIN_HDRLEN: usize = 61;
const MAX_HDRLEN: usize = 100;

/// Reasons every system shares (0-14).
static REASONS: &[(u8, &str)] = &[
    (0, "0(match)"),
    (1, "1(bad-offset)"),
    (2, "2(fragment)"),
    (3, "3(short)"),
    (4, "4(normalize)"),
    (5, "5(memory)"),
    (6, "6(bad-timestamp)"),
    (7, "7(congestion)"),
    (8, "8(ip-option)"),
    (9, "9(proto-cksum)"),
    (10, "10(state-mismatch)"),
    (11, "11(state-insert)"),
    (12, "12(state-limit)"),
    (13, "13(src-limit)"),
    (14, "14(synproxy)"),
];
static REASONS_FREEBSD: &[(u8, &str)] = &[(15, "15(map-failed)")];
static REASONS_OPENBSD: &[(u8, &str)] = &[(15, "15(translate)"), (16, "16(no-route)")];
static REASONS_OTHER: &[(u8, &str)] = &[
    (15, "15(state-locked (NetBSD)/dummynet(Darwin)"),
    (16, "16(invalid-port (Darwin))"),
];

/// Actions every system shares (0-10).
static ACTIONS: &[(u8, &str)] = &[
    (0, "pass"),
    (1, "block"),
    (2, "scrub"),
    (3, "noscrub"),
    (4, "nat"),
    (5, "nonat"),
    (6, "binat"),
    (7, "nobinat"),
    (8, "rdr"),
    (9, "nordr"),
    (10, "synproxy-drop"),
];
static ACTIONS_FREEBSD: &[(u8, &str)] = &[(11, "defer"), (12, "match")];
static ACTIONS_OPENBSD: &[(u8, &str)] = &[
    (11, "defer"),
    (12, "match"),
    (13, "divert"),
    (14, "rt"),
    (15, "afrt"),
];
static ACTIONS_DARWIN: &[(u8, &str)] = &[
    (11, "dummynet (Darwin)"),
    (12, "nodummynet (Darwin)"),
    (13, "nat64 (Darwin)"),
    (14, "nonat64 (Darwin)"),
];

static DIRECTIONS: &[(u8, &str)] = &[(0, "in/out"), (1, "in"), (2, "out")];
static DIRECTIONS_OPENBSD: &[(u8, &str)] = &[(3, "fwd")];

type Table = &'static [(u8, &'static str)];

/// A value's name in the shared table or the system's own, else
/// `unkn(N)`.
fn named(cx: &mut Ctx, v: u8, common: &[(u8, &'static str)], own: &[(u8, &'static str)]) {
    match tables::lookup(common, v).or_else(|| tables::lookup(own, v)) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unkn(");
            cx.u(v as u64);
            cx.b(b')');
        }
    }
}

/// A NUL-terminated name of at most `n` bytes, shown safely.
fn name(cx: &mut Ctx, s: &[u8]) {
    for &c in s.iter().take_while(|&&c| c != 0) {
        fmt::put_safe_char(cx.out, c);
    }
}

/// The rewritten address and port (OpenBSD): `src A:P`.
fn pf_addr(cx: &mut Ctx, naf: u8, a: &[u8], port: u16) {
    cx.s("src ");
    match naf {
        2 => fmt::put_ipv4(cx.out, &a[..4]),
        24 => fmt::put_ipv6(cx.out, a),
        _ => cx.b(b'?'),
    }
    cx.b(b':');
    cx.u(port as u64);
}

/// The header as `-e` shows it (`h`: the whole header, at least 61
/// bytes): `rule N.RULESET.SUB/REASON [uid U]: ACTION DIR on IF: `.
fn header(cx: &mut Ctx, h: &[u8]) -> R {
    let len = h[0];
    let rulenr = h.be32(36)?;
    let subrulenr = h.be32(40)?;
    cx.s("rule ");
    if rulenr != u32::MAX {
        cx.u(rulenr as u64);
        if h[20] != 0 {
            cx.b(b'.');
            name(cx, &h[20..36]);
        }
        if subrulenr != u32::MAX {
            cx.b(b'.');
            cx.u(subrulenr as u64);
        }
    }
    cx.b(b'/');
    let (reasons, actions, dirs): (Table, Table, Table) = match len {
        LEN_FREEBSD => (REASONS_FREEBSD, ACTIONS_FREEBSD, &[]),
        LEN_OPENBSD => (REASONS_OPENBSD, ACTIONS_OPENBSD, DIRECTIONS_OPENBSD),
        _ => (REASONS_OTHER, ACTIONS_DARWIN, &[]),
    };
    named(cx, h[3], REASONS, reasons);
    let uid = h.be32(44)?;
    let bsd = len == LEN_FREEBSD || len == LEN_OPENBSD;
    if uid != u32::MAX && (bsd || uid != 0x7fff_ffff) {
        cx.s(" [uid ");
        cx.u(uid as u64);
        cx.b(b']');
    }
    if len == LEN_FREEBSD {
        let rid = h.be32(64)?;
        if rid != 0 {
            cx.s(" [ridentifier ");
            cx.u(rid as u64);
            cx.b(b']');
        }
    }
    cx.s(": ");
    named(cx, h[2], ACTIONS, actions);
    cx.b(b' ');
    named(cx, h[60], DIRECTIONS, dirs);
    cx.s(" on ");
    name(cx, &h[4..20]);
    cx.s(": ");
    if len == LEN_OPENBSD && cx.opts.verbose > 0 && h[61] != 0 {
        let naf = h[62];
        cx.s("[rewritten: ");
        pf_addr(cx, naf, &h[64..80], h.be16(96)?);
        cx.s(", ");
        pf_addr(cx, naf, &h[80..96], h.be16(98)?);
        cx.s("; ");
    }
    Ok(())
}

pub fn pflog(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "pflog";
    if length < MIN_HDRLEN {
        cx.bad_len("length", length as u64, "<", MIN_HDRLEN as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    let hdrlen = d.u8_at(0)? as usize;
    if hdrlen < MIN_HDRLEN {
        cx.bad_len("hdrlen", hdrlen as u64, "<", MIN_HDRLEN as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    if hdrlen > MAX_HDRLEN {
        cx.bad_len("hdrlen", hdrlen as u64, ">", MAX_HDRLEN as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    let hdrlen = (hdrlen + 3) & !3;
    let h = d.range(0, hdrlen)?;
    *ll_len = hdrlen;
    if cx.opts.link_header {
        header(cx, h)?;
    }
    let (p, length) = (&d[hdrlen..], length.saturating_sub(hdrlen));
    match h[1] {
        2 => {
            dispatch::ethertype(cx, 0x0800, p, length)?;
        }
        24 | 28 | 30 => {
            dispatch::ethertype(cx, 0x86dd, p, length)?;
        }
        _ => {
            if !cx.opts.link_header {
                header(cx, h)?;
            }
            cx.default_print_unless_dumped(p);
        }
    }
    Ok(())
}
