//! What PPP carries besides network layers: the control protocols sharing
//! LCP's packet format (RFC 1661: LCP, IPCP, IP6CP, CCP, BACP, OSICP,
//! MPLSCP) with the configuration options of each, CHAP (RFC 1994), PAP
//! (RFC 1334), BAP (shown as nothing) and the multilink header (RFC 1990).
//! Protocols reach here through `dispatch::PPP_PROTOS`; `d[at..]` is the
//! payload and the bytes before it are the PPP header.

use super::ppp::name as ppp_name;
use crate::print::core::prelude::*;

static CODES: &[(u8, &str)] = &[
    (0, "Vendor-Extension"),
    (1, "Conf-Request"),
    (2, "Conf-Ack"),
    (3, "Conf-Nack"),
    (4, "Conf-Reject"),
    (5, "Term-Request"),
    (6, "Term-Ack"),
    (7, "Code-Reject"),
    (8, "Prot-Reject"),
    (9, "Echo-Request"),
    (10, "Echo-Reply"),
    (11, "Disc-Req"),
    (12, "Ident"),
    (13, "Time-Rem"),
    (14, "Reset-Req"),
    (15, "Reset-Ack"),
];

/// LCP option names, by number (RFC 1661 and its successors).
static LCP_OPTS: [&str; 31] = [
    "Vend-Ext",
    "MRU",
    "ACCM",
    "Auth-Prot",
    "Qual-Prot",
    "Magic-Num",
    "deprecated(6)",
    "PFC",
    "ACFC",
    "FCS-Alt",
    "SDP",
    "Num-Mode",
    "deprecated(12)",
    "Call-Back",
    "deprecated(14)",
    "deprecated(15)",
    "deprecated(16)",
    "MRRU",
    "12-Bit seq #",
    "End-Disc",
    "Proprietary",
    "DCE-Id",
    "MP+",
    "Link-Disc",
    "LCP-Auth-Opt",
    "COBS",
    "Prefix-elision",
    "Multilink-header-Form",
    "I18N",
    "SDL-over-SONET/SDH",
    "PPP-Muxing",
];

static IPCP_OPTS: &[(u8, &str)] = &[
    (1, "IP-Addrs"),
    (2, "IP-Comp"),
    (3, "IP-Addr"),
    (4, "Home-Addr"),
    (129, "Pri-DNS"),
    (130, "Pri-NBNS"),
    (131, "Sec-DNS"),
    (132, "Sec-NBNS"),
];

static IP6CP_OPTS: &[(u8, &str)] = &[(1, "Interface-ID")];

static CCP_OPTS: &[(u8, &str)] = &[
    (0, "OUI"),
    (1, "Pred-1"),
    (2, "Pred-2"),
    (3, "Puddle"),
    (16, "HP-PPC"),
    (17, "Stac-LZS"),
    (18, "MPPC"),
    (19, "Gand-FZA"),
    (20, "V.42bis"),
    (21, "BSD-Comp"),
    (23, "LZS-DCP"),
    (24, "MVRCA"),
    (25, "DEC"),
    (26, "Deflate"),
    (255, "Reserved"),
];

static BACP_OPTS: &[(u8, &str)] = &[(1, "Favored-Peer")];

static AUTH_ALGS: &[(u8, &str)] = &[(5, "MD5"), (128, "MS-CHAPv1"), (129, "MS-CHAPv2")];

static CALLBACKS: &[(u8, &str)] = &[
    (0, "UserAuth"),
    (1, "DialString"),
    (2, "LocalID"),
    (3, "E.164"),
    (4, "X.500"),
    (6, "CBCP"),
];

static CHAP_CODES: &[(u8, &str)] = &[
    (1, "Challenge"),
    (2, "Response"),
    (3, "Success"),
    (4, "Fail"),
];

static PAP_CODES: &[(u8, &str)] = &[(1, "Auth-Req"), (2, "Auth-ACK"), (3, "Auth-NACK")];

/// What an option printer makes of an option: how far to advance (0
/// stops the list).
type OptPrinter = fn(&mut Ctx, &[u8], usize, usize) -> R<usize>;

fn vendor(cx: &mut Ctx, oui: u32) {
    cx.s(tables::oui_name(oui).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(oui as u64);
    cx.b(b')');
}

fn be24(d: &[u8], at: usize) -> R<u32> {
    let b = d.range(at, 3)?;
    Ok(u32::from_be_bytes([0, b[0], b[1], b[2]]))
}

fn magic(cx: &mut Ctx, v: u32) {
    cx.s("\n\t  Magic-Num 0x");
    fmt::put_hex_padded(cx.out, v as u64, 8);
}

fn hex8(cx: &mut Ctx, v: u32) {
    cx.s("0x");
    fmt::put_hex_padded(cx.out, v as u64, 8);
}

/// A control protocol packet: code, identifier, length, then by code the
/// options, the rejected protocol, the magic number...
pub fn ctrl(cx: &mut Ctx, proto: u16, d: &[u8], at: usize, length: usize) -> R<bool> {
    let typestr = ppp_name(proto);
    let mark = |cx: &mut Ctx| {
        cx.s("[|");
        match typestr {
            Some(n) => cx.s(n),
            None => unknown_ctrl(cx, proto),
        }
        cx.b(b']');
    };
    match typestr {
        Some(n) => cx.s(n),
        None => unknown_ctrl(cx, proto),
    }
    cx.s(", ");
    if length < 4 || !d.has(at, 2) {
        mark(cx);
        return Ok(true);
    }
    let code = d[at];
    cx.s(tables::lookup(CODES, code).unwrap_or("Unknown Opcode"));
    cx.s(" (0x");
    fmt::put_hex2(cx.out, code);
    cx.s("), id ");
    cx.u(d[at + 1] as u64);
    cx.s(", length ");
    cx.u(length as u64 + 2);
    if cx.opts.verbose == 0 {
        return Ok(true);
    }
    let len = d.be16(at + 2)? as usize;
    if len < 4 {
        cx.s("\n\tencoded length ");
        cx.u(len as u64);
        cx.s(" (< 4))");
        return Ok(true);
    }
    if len > length {
        cx.s("\n\tencoded length ");
        cx.u(len as u64);
        cx.s(" (> packet length ");
        cx.u(length as u64);
        cx.s("))");
        return Ok(true);
    }
    cx.s("\n\tencoded length ");
    cx.u(len as u64);
    cx.s(" (=Option(s) length ");
    cx.u(len as u64 - 4);
    cx.b(b')');
    if len == 4 {
        return Ok(true);
    }
    let head = &d[at.saturating_sub(2)..];
    if cx.opts.verbose > 1 {
        unknown_data(cx, head, "\n\t", 6);
    }
    let t = at + 4;
    match code {
        0 => {
            if len >= 11 {
                magic(cx, d.be32(t)?);
                let oui = be24(d, t + 4)?;
                cx.s(" Vendor: ");
                vendor(cx, oui);
            }
        }
        1..=4 => {
            let printer: Option<OptPrinter> = match proto {
                0xc021 => Some(lcp_opt),
                0x8021 => Some(ipcp_opt),
                0x8057 => Some(ip6cp_opt),
                0x80fd => {
                    Some(|cx, d, o, l| simple_opt(cx, d, o, l, CCP_OPTS, "[|ccp]", ccp_value))
                }
                0xc02b => {
                    Some(|cx, d, o, l| simple_opt(cx, d, o, l, BACP_OPTS, "[|bacp]", bacp_value))
                }
                _ => None,
            };
            if let Some(printer) = printer {
                let (mut left, mut o) = (len - 4, t);
                loop {
                    let adv = printer(cx, d, o, len)?;
                    if adv == 0 {
                        break;
                    }
                    if left < adv {
                        cx.s(" [remaining options length ");
                        cx.u(left as u64);
                        cx.s(" < ");
                        cx.u(adv as u64);
                        cx.s("] (invalid)");
                        break;
                    }
                    left -= adv;
                    o += adv;
                    if left == 0 {
                        break;
                    }
                }
            }
        }
        5..=7 => {}
        8 => {
            if len >= 6 {
                let p = d.be16(t)?;
                cx.s("\n\t  Rejected ");
                cx.s(ppp_name(p).unwrap_or("unknown"));
                cx.s(" Protocol (0x");
                fmt::put_hex_padded(cx.out, p as u64, 4);
                cx.b(b')');
                if len > 6 {
                    cx.s("\n\t  Rejected Packet");
                    unknown_data(cx, &d[t + 2..], "\n\t    ", len - 2);
                }
            }
        }
        9..=11 => {
            if len >= 8 {
                magic(cx, d.be32(t)?);
                if len > 8 {
                    cx.s("\n\t  -----trailing data-----");
                    if !d.has(t + 4, len - 8) {
                        mark(cx);
                        return Ok(true);
                    }
                    unknown_data(cx, &d[t + 4..], "\n\t  ", len - 8);
                }
            }
        }
        12 => {
            if len >= 8 {
                magic(cx, d.be32(t)?);
                if len > 8 {
                    // Meant to be read by people; four bytes too many
                    // are shown.
                    cx.s("\n\t  Message\n\t    ");
                    let want = len - 4;
                    let msg = d.get(t + 4..).unwrap_or(&[]);
                    for &c in msg.iter().take(want) {
                        fmt::put_safe_char(cx.out, c);
                    }
                    if msg.len() < want {
                        mark(cx);
                    }
                }
            }
        }
        13 => {
            if len >= 12 {
                magic(cx, d.be32(t)?);
                let n = d.be32(t + 4)?;
                cx.s(", Seconds-Remaining ");
                cx.u(n as u64);
                cx.b(b's');
            }
        }
        _ => {
            if cx.opts.verbose <= 1 {
                unknown_data(cx, head, "\n\t  ", len + 2);
            }
        }
    }
    Ok(true)
}

fn unknown_ctrl(cx: &mut Ctx, proto: u16) {
    cx.s("unknown ctrl-proto (0x");
    fmt::put_hex_padded(cx.out, proto as u64, 4);
    cx.b(b')');
}

/// An option's header: `Some((type, length))` to go on with, `None`
/// when the list stops here (nothing printed).
fn opt_head(cx: &mut Ctx, d: &[u8], o: usize, total: usize, marker: &str) -> Option<(u8, usize)> {
    if total < 2 {
        return None;
    }
    if !d.has(o, 2) {
        cx.s(marker);
        return None;
    }
    let (t, l) = (d[o], d[o + 1] as usize);
    if total < l {
        return None;
    }
    Some((t, l))
}

fn opt_line(cx: &mut Ctx, name: &str, t: u8, l: usize) {
    cx.s("\n\t  ");
    cx.s(name);
    cx.s(" Option (0x");
    fmt::put_hex2(cx.out, t);
    cx.s("), length ");
    cx.u(l as u64);
}

fn bogus(cx: &mut Ctx, rel: &str, n: usize) {
    cx.s(" (length bogus, should be ");
    cx.s(rel);
    cx.b(b' ');
    cx.u(n as u64);
    cx.b(b')');
}

/// The option's value as hex: with `-vv` always (after the decoded form),
/// without it for options not decoded.
fn opt_dump(cx: &mut Ctx, d: &[u8], o: usize, l: usize, decoded: bool) {
    if !decoded || cx.opts.verbose > 1 {
        unknown_data(
            cx,
            &d[(o + 2).min(d.len())..],
            "\n\t    ",
            l.saturating_sub(2),
        );
    }
}

/// What a bad option length does: print the complaint, and advance past
/// the option (`Some(l)`) or stop the list (`Some(0)`).
enum Len {
    Ok,
    Bogus(&'static str, usize, bool),
}

fn check(cx: &mut Ctx, l: usize, r: Len) -> Option<usize> {
    match r {
        Len::Ok => None,
        Len::Bogus(rel, n, go_on) => {
            bogus(cx, rel, n);
            Some(if go_on { l } else { 0 })
        }
    }
}

fn exact(l: usize, n: usize, go_on: bool) -> Len {
    if l != n {
        Len::Bogus("=", n, go_on)
    } else {
        Len::Ok
    }
}

fn at_least(l: usize, n: usize, go_on: bool) -> Len {
    if l < n {
        Len::Bogus(">=", n, go_on)
    } else {
        Len::Ok
    }
}

fn lcp_opt(cx: &mut Ctx, d: &[u8], o: usize, total: usize) -> R<usize> {
    let Some((t, l)) = opt_head(cx, d, o, total, "[|lcp]") else {
        return Ok(0);
    };
    let name = LCP_OPTS.get(t as usize);
    if l < 2 {
        match name {
            Some(n) => {
                opt_line(cx, n, t, l);
                bogus(cx, ">=", 2);
            }
            None => unknown_lcp(cx, t),
        }
        return Ok(0);
    }
    let Some(n) = name else {
        unknown_lcp(cx, t);
        return Ok(l);
    };
    opt_line(cx, n, t, l);
    let v = o + 2;
    let rule = match t {
        0 => at_least(l, 6, true),
        1 => exact(l, 4, true),
        2 => exact(l, 6, true),
        3 => at_least(l, 4, true),
        4 => at_least(l, 4, false),
        5 => exact(l, 6, false),
        13 | 19 => at_least(l, 3, false),
        17 | 23 => exact(l, 4, false),
        _ => Len::Ok,
    };
    if let Some(adv) = check(cx, l, rule) {
        return Ok(adv);
    }
    let mut decoded = true;
    match t {
        0 => {
            let oui = be24(d, v)?;
            cx.s(": Vendor: ");
            vendor(cx, oui);
        }
        1 | 17 => {
            let n = d.be16(v)?;
            cx.s(": ");
            cx.u(n as u64);
        }
        2 | 5 => {
            let n = d.be32(v)?;
            cx.s(": ");
            hex8(cx, n);
        }
        3 => {
            let p = d.be16(v)?;
            cx.s(": ");
            // The snapshot's fallback name has no number in it.
            cx.s(ppp_name(p).unwrap_or("Unknown Auth Proto (0x04x)"));
            match p {
                0xc223 => {
                    let alg = d.u8_at(v + 2)?;
                    cx.s(", ");
                    match tables::lookup(AUTH_ALGS, alg) {
                        Some(a) => cx.s(a),
                        None => {
                            cx.s("Unknown Auth Alg ");
                            cx.u(alg as u64);
                        }
                    }
                }
                0xc023 | 0xc227 | 0xc027 | 0xc123 => {}
                _ => unknown_data(cx, &d[o..], "\n\t", l),
            }
        }
        4 => cx.s(if d.be16(v)? == 0xc025 {
            ": LQR"
        } else {
            ": unknown"
        }),
        7 | 8 => {}
        23 => {
            let n = d.be16(v)?;
            cx.s(": 0x");
            fmt::put_hex_padded(cx.out, n as u64, 4);
        }
        13 => {
            let op = d.u8_at(v)?;
            cx.s(": Callback Operation ");
            cx.s(tables::lookup(CALLBACKS, op).unwrap_or("Unknown"));
            cx.s(" (");
            cx.u(op as u64);
            cx.b(b')');
        }
        19 => {
            let class = d.u8_at(v)?;
            match class {
                0 => cx.s(": Null"),
                1 => cx.s(": Local"),
                2 => {
                    if l != 7 {
                        bogus(cx, "=", 7);
                        return Ok(0);
                    }
                    let a = d.range(v + 1, 4)?;
                    cx.s(": IPv4 ");
                    cx.ipv4(a);
                }
                3 => {
                    if l != 9 {
                        bogus(cx, "=", 9);
                        return Ok(0);
                    }
                    let a = d.range(v + 1, 6)?;
                    cx.s(": MAC ");
                    cx.mac_raw(a);
                }
                4 => cx.s(": Magic-Num-Block"),
                5 => cx.s(": PSNDN"),
                _ => {
                    cx.s(": Unknown class ");
                    cx.u(class as u64);
                }
            }
        }
        _ => decoded = false,
    }
    opt_dump(cx, d, o, l, decoded);
    Ok(l)
}

fn unknown_lcp(cx: &mut Ctx, t: u8) {
    cx.s("\n\tunknown LCP option 0x");
    fmt::put_hex2(cx.out, t);
}

/// The head of an option of IPCP, IP6CP, CCP or BACP: its name line, or
/// the complaint about a length under 2 (`None`: stop).
fn named_head(
    cx: &mut Ctx,
    d: &[u8],
    o: usize,
    total: usize,
    names: &[(u8, &'static str)],
    unknown: &str,
    marker: &str,
) -> Option<(u8, usize)> {
    let (t, l) = opt_head(cx, d, o, total, marker)?;
    opt_line(cx, tables::lookup(names, t).unwrap_or(unknown), t, l);
    if l < 2 {
        bogus(cx, ">=", 2);
        return None;
    }
    Some((t, l))
}

fn ipcp_opt(cx: &mut Ctx, d: &[u8], o: usize, total: usize) -> R<usize> {
    let Some((t, l)) = named_head(cx, d, o, total, IPCP_OPTS, "unknown", "[|ipcp]") else {
        return Ok(0);
    };
    // Where the value dump (-vv) starts, less 2: past the header
    // compression parameters when there are suboptions.
    let mut dump_at = o;
    let mut decoded = true;
    match t {
        1 => {
            if l != 10 {
                bogus(cx, "=", 10);
                return Ok(l);
            }
            let a = d.range(o + 2, 8)?;
            cx.s(": src ");
            cx.ipv4(&a[..4]);
            cx.s(", dst ");
            cx.ipv4(&a[4..]);
        }
        2 => {
            if l < 4 {
                bogus(cx, ">=", 4);
                return Ok(0);
            }
            let comp = d.be16(o + 2)?;
            cx.s(": ");
            cx.s(match comp {
                0x2d => "VJ-Comp",
                0x61 => "IP Header Compression",
                _ => "Unknown",
            });
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, comp as u64, 2);
            cx.s("):");
            if comp == 0x61 {
                if l < 14 {
                    bogus(cx, ">=", 14);
                    return Ok(0);
                }
                if !d.has(o + 2, 14) {
                    cx.s("[|ipcp]");
                    return Ok(0);
                }
                for (label, k) in [
                    ("\n\t    TCP Space ", 4),
                    (", non-TCP Space ", 6),
                    (", maxPeriod ", 8),
                    (", maxTime ", 10),
                    (", maxHdr ", 12),
                ] {
                    cx.s(label);
                    cx.u(d.be16(o + k)? as u64);
                }
                if l > 14 {
                    let mut left = l - 14;
                    dump_at = o + 14;
                    cx.s("\n\t      Suboptions, length ");
                    cx.u(left as u64);
                    while left >= 2 {
                        if !d.has(dump_at, 2) {
                            cx.s("[|ipcp]");
                            return Ok(0);
                        }
                        let (st, sl) = (d[dump_at], d[dump_at + 1] as usize);
                        if st == 0 || sl == 0 {
                            break;
                        }
                        cx.s("\n\t\t");
                        cx.s(match st {
                            1 => "RTP-Compression",
                            2 => "Enhanced RTP-Compression",
                            _ => "Unknown",
                        });
                        cx.s(" Suboption #");
                        cx.u(st as u64);
                        cx.s(", length ");
                        cx.u(sl as u64);
                        if left < sl {
                            cx.s(" [remaining suboptions length ");
                            cx.u(left as u64);
                            cx.s(" < ");
                            cx.u(sl as u64);
                            cx.s("] (invalid)");
                            break;
                        }
                        left -= sl;
                        dump_at += sl;
                    }
                }
            }
        }
        3 | 4 | 129..=132 => {
            if l != 6 {
                bogus(cx, "=", 6);
                return Ok(0);
            }
            let a = d.range(o + 2, 4)?;
            cx.s(": ");
            cx.ipv4(a);
        }
        _ => decoded = false,
    }
    if !decoded && cx.opts.verbose < 2 {
        unknown_data(cx, &d[o + 2..], "\n\t    ", l - 2);
    }
    // With -vv, only when the bytes are all there.
    if cx.opts.verbose > 1 && d.has(dump_at + 2, l - 2) {
        unknown_data(cx, &d[dump_at + 2..], "\n\t    ", l - 2);
    }
    Ok(l)
}

fn ip6cp_opt(cx: &mut Ctx, d: &[u8], o: usize, total: usize) -> R<usize> {
    let Some((t, l)) = named_head(cx, d, o, total, IP6CP_OPTS, "unknown", "[|ip6cp]") else {
        return Ok(0);
    };
    let mut decoded = false;
    if t == 1 {
        if l != 10 {
            bogus(cx, "=", 10);
            return Ok(l);
        }
        if !d.has(o + 2, 8) {
            cx.s("[|ip6cp]");
            return Ok(0);
        }
        cx.s(": ");
        for k in 0..4 {
            if k > 0 {
                cx.b(b':');
            }
            fmt::put_hex_padded(cx.out, d.be16(o + 2 + 2 * k)? as u64, 4);
        }
        decoded = true;
    }
    opt_dump(cx, d, o, l, decoded);
    Ok(l)
}

/// The value of a CCP or BACP option after its name line: `Ok(None)`
/// when it is not decoded, `Ok(Some(adv))` to return early.
type ValuePrinter = fn(&mut Ctx, &[u8], usize, u8, usize) -> R<Option<Option<usize>>>;

fn simple_opt(
    cx: &mut Ctx,
    d: &[u8],
    o: usize,
    total: usize,
    names: &[(u8, &'static str)],
    marker: &str,
    value: ValuePrinter,
) -> R<usize> {
    let Some((t, l)) = named_head(cx, d, o, total, names, "Unknown", marker) else {
        return Ok(0);
    };
    match value(cx, d, o, t, l)? {
        Some(Some(adv)) => Ok(adv),
        Some(None) => {
            opt_dump(cx, d, o, l, true);
            Ok(l)
        }
        None => {
            opt_dump(cx, d, o, l, false);
            Ok(l)
        }
    }
}

fn ccp_value(cx: &mut Ctx, d: &[u8], o: usize, t: u8, l: usize) -> R<Option<Option<usize>>> {
    let need = match t {
        21 => 3,
        24 | 26 => 4,
        _ => return Ok(None),
    };
    if l < need {
        bogus(cx, ">=", need);
        return Ok(Some(Some(l)));
    }
    let a = d.u8_at(o + 2)?;
    let b = if t == 21 { 0 } else { d.u8_at(o + 3)? };
    match t {
        21 => {
            cx.s(": Version: ");
            cx.u((a >> 5) as u64);
            cx.s(", Dictionary Bits: ");
            cx.u((a & 0x1f) as u64);
        }
        24 => {
            cx.s(": Features: ");
            cx.u((a >> 6) as u64);
            cx.s(", PxP: ");
            cx.s(if a & 0x20 != 0 { "Enabled" } else { "Disabled" });
            cx.s(", History: ");
            cx.u((a & 0x1f) as u64);
            cx.s(", #CTX-ID: ");
            cx.u(b as u64);
        }
        _ => {
            cx.s(": Window: ");
            cx.u((a >> 4) as u64);
            cx.s("K, Method: ");
            cx.s(if a & 0x0f == 8 { "zlib" } else { "unknown" });
            cx.s(" (0x");
            fmt::put_hex(cx.out, (a & 0x0f) as u64);
            cx.s("), MBZ: ");
            cx.u((b >> 2) as u64);
            cx.s(", CHK: ");
            cx.u((b & 3) as u64);
        }
    }
    Ok(Some(None))
}

fn bacp_value(cx: &mut Ctx, d: &[u8], o: usize, t: u8, l: usize) -> R<Option<Option<usize>>> {
    if t != 1 {
        return Ok(None);
    }
    if l != 6 {
        bogus(cx, "=", 6);
        return Ok(Some(Some(l)));
    }
    let n = d.be32(o + 2)?;
    cx.s(": Magic-Num ");
    hex8(cx, n);
    Ok(Some(None))
}

/// Bytes shown as text, each non-printable one escaped.
fn text(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        fmt::put_safe_char(cx.out, d.u8_at(at + i)?);
    }
    Ok(())
}

/// The multilink header: sequence number (the 12-bit form) and the
/// begin and end flags.
pub fn mlppp(cx: &mut Ctx, _proto: u16, d: &[u8], at: usize, length: usize) -> R<bool> {
    if !cx.opts.link_header {
        cx.s("MLPPP, ");
    }
    if length < 2 || !d.has(at, 2) {
        cx.s("[|mlppp]");
        return Ok(true);
    }
    let h = d.be16(at)?;
    cx.s("seq 0x");
    fmt::put_hex_padded(cx.out, (h & 0xfff) as u64, 3);
    cx.s(", Flags [");
    bits(cx, d[at] & 0xc0, &[(0x80, "begin"), (0x40, "end")]);
    cx.s("], length ");
    cx.u(length as u64);
    Ok(true)
}

/// The code, or the marker with the code when the packet is shorter
/// than a header; `None` when nothing more is shown.
fn auth_head(
    cx: &mut Ctx,
    d: &[u8],
    at: usize,
    length: usize,
    p: &str,
    names: &[(u8, &'static str)],
) -> R<Option<(u8, usize)>> {
    if length < 1 {
        cx.s("[|");
        cx.s(p);
        cx.b(b']');
        return Ok(None);
    }
    if length < 4 {
        let c = d.u8_at(at)?;
        cx.s("[|");
        cx.s(p);
        cx.s(" 0x");
        fmt::put_hex2(cx.out, c);
        cx.b(b']');
        return Ok(None);
    }
    let code = d.u8_at(at)?;
    cx.s(if p == "chap" { "CHAP, " } else { "PAP, " });
    cx.s(tables::lookup(names, code).unwrap_or("unknown"));
    cx.s(" (0x");
    fmt::put_hex2(cx.out, code);
    cx.b(b')');
    let id = d.u8_at(at + 1)?;
    cx.s(", id ");
    cx.u(id as u64);
    Ok(Some((code, d.be16(at + 2)? as usize)))
}

/// CHAP: the value and name of a challenge or response, the message of
/// a success or failure.
pub fn chap(cx: &mut Ctx, _proto: u16, d: &[u8], at: usize, length: usize) -> R<bool> {
    let Some((code, len)) = auth_head(cx, d, at, length, "chap", CHAP_CODES)? else {
        return Ok(true);
    };
    // A length shorter than what was read wraps around: the text then
    // runs to the end of the capture.
    let rest = |used: usize| len.checked_sub(used).unwrap_or(usize::MAX);
    match code {
        1 | 2 => {
            if length < 5 {
                return Ok(true);
            }
            let vs = d.u8_at(at + 4)? as usize;
            if length - 5 < vs {
                return Ok(true);
            }
            cx.s(", Value ");
            for i in 0..vs {
                fmt::put_hex2(cx.out, d.u8_at(at + 5 + i)?);
            }
            cx.s(", Name ");
            let n = rest(5 + vs);
            text(cx, d, at + 5 + vs, n.min(d.len() + 1))?;
        }
        3 | 4 => {
            cx.s(", Msg ");
            text(cx, d, at + 4, rest(4).min(d.len() + 1))?;
        }
        _ => {}
    }
    Ok(true)
}

/// PAP: the peer and password of a request, the message of an answer.
pub fn pap(cx: &mut Ctx, _proto: u16, d: &[u8], at: usize, length: usize) -> R<bool> {
    let Some((code, len)) = auth_head(cx, d, at, length, "pap", PAP_CODES)? else {
        return Ok(true);
    };
    if len > length {
        cx.s(", length ");
        cx.u(len as u64);
        cx.s(" > packet size");
        return Ok(true);
    }
    if len < 4 {
        cx.s(", length ");
        cx.u(len as u64);
        cx.s(" < PAP header length");
        return Ok(true);
    }
    match code {
        1 => {
            if len < 6 {
                cx.s("[|pap]");
                return Ok(true);
            }
            let pl = d.u8_at(at + 4)? as usize;
            if len - 5 < pl {
                return Ok(true);
            }
            cx.s(", Peer ");
            text(cx, d, at + 5, pl)?;
            if len - 5 - pl < 1 {
                return Ok(true);
            }
            let wl = d.u8_at(at + 5 + pl)? as usize;
            if len - 6 - pl < wl {
                return Ok(true);
            }
            cx.s(", Name ");
            text(cx, d, at + 6 + pl, wl)?;
        }
        2 | 3 => {
            if len < 5 {
                cx.s("[|pap]");
                return Ok(true);
            }
            let ml = d.u8_at(at + 4)? as usize;
            if len - 5 < ml {
                return Ok(true);
            }
            cx.s(", Msg ");
            text(cx, d, at + 5, ml)?;
        }
        _ => {}
    }
    Ok(true)
}
