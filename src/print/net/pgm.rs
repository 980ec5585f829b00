//! PGM (RFC 3208), natively on IP (protocol 113) or in UDP with `-T pgm`:
//! the header, and with `-v` the packet type's fields and the options.
//! ODATA and RDATA payloads go to ZMTP/1.0 with `-T pgm_zmtp1`.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload};
use crate::print::PacketType;

const HDR: usize = 16;
const AFNUM_IP: u16 = 1;
const AFNUM_IP6: u16 = 2;

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    pgm(cx, p.data, p.length, &p.net, true)
}

/// PGM in UDP (`-T pgm`, `-T pgm_zmtp1`): the ports are PGM's own.
pub fn print_udp(cx: &mut Ctx, d: &[u8], length: usize, net: &NetHeader) -> R {
    pgm(cx, d, length, net, false)
}

/// A network-layer address of family `afi` at `at`, formatted, and the
/// bytes it took; `None` for another family.
fn nla(d: &[u8], at: usize, afi: u16) -> R<Option<(Vec<u8>, usize)>> {
    let mut out = Vec::new();
    match afi {
        AFNUM_IP => {
            fmt::put_ipv4(&mut out, d.range(at, 4)?);
            Ok(Some((out, 4)))
        }
        AFNUM_IP6 => {
            fmt::put_ipv6(&mut out, d.range(at, 16)?);
            Ok(Some((out, 16)))
        }
        _ => Ok(None),
    }
}

fn pgm(cx: &mut Ctx, d: &[u8], length: usize, net: &NetHeader, native: bool) -> R {
    cx.proto = "pgm";
    if !d.has(2, 2) {
        // Then a jump out of the packet: -x dumps it from its first byte.
        net.print_addrs(cx);
        cx.b(b':');
        return Err(Trunc);
    }
    let sport = d.be16(0)?;
    let dport = d.be16(2)?;
    if native {
        let (src, dst) = (net.src(), net.dst());
        if net.is_v6() {
            cx.ipv6(src);
        } else {
            cx.ipv4(src);
        }
        cx.b(b'.');
        cx.tcp_port(sport);
        cx.s(" > ");
        if net.is_v6() {
            cx.ipv6(dst);
        } else {
            cx.ipv4(dst);
        }
        cx.b(b'.');
        cx.tcp_port(dport);
        cx.s(": ");
    } else {
        cx.tcp_port(sport);
        cx.s(" > ");
        cx.tcp_port(dport);
        cx.s(": ");
    }
    d.range(0, HDR)?;
    let tsdu_len = d.be16(14)?;
    cx.s("PGM, length ");
    cx.u(tsdu_len as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    let ty = d.u8_at(4)?;
    cx.s(" 0x");
    for &b in d.range(8, 6)? {
        fmt::put_hex2(cx.out, b);
    }
    cx.b(b' ');
    let mut bp = HDR;
    match ty {
        0x00 => {
            d.range(bp, 16)?;
            let Some((addr, n)) = nla(d, bp + 16, d.be16(bp + 12)?)? else {
                cx.s(" (invalid)");
                return Ok(());
            };
            cx.s("SPM seq ");
            cx.u(d.be32(bp)? as u64);
            cx.s(" trail ");
            cx.u(d.be32(bp + 4)? as u64);
            cx.s(" lead ");
            cx.u(d.be32(bp + 8)? as u64);
            cx.s(" nla ");
            cx.out.extend_from_slice(&addr);
            bp += 16 + n;
        }
        0x01 => {
            d.range(bp, 12)?;
            let Some((addr, n)) = nla(d, bp + 12, d.be16(bp + 8)?)? else {
                cx.s(" (invalid)");
                return Ok(());
            };
            let p = bp + 12 + n;
            let (ivl, rnd, mask) = (d.be32(p)?, d.be32(p + 4)?, d.be32(p + 8)?);
            cx.s("POLL seq ");
            cx.u(d.be32(bp)? as u64);
            cx.s(" round ");
            cx.u(d.be16(bp + 4)? as u64);
            cx.s(" nla ");
            cx.out.extend_from_slice(&addr);
            cx.s(" ivl ");
            cx.u(ivl as u64);
            cx.s(" rnd 0x");
            fmt::put_hex_padded(cx.out, rnd as u64, 8);
            cx.s(" mask 0x");
            fmt::put_hex_padded(cx.out, mask as u64, 8);
            bp = p + 12;
        }
        0x02 => {
            d.range(bp, 8)?;
            cx.s("POLR seq ");
            cx.u(d.be32(bp)? as u64);
            cx.s(" round ");
            cx.u(d.be16(bp + 4)? as u64);
            bp += 8;
        }
        0x04 | 0x05 => {
            d.range(bp, 8)?;
            cx.s(if ty == 4 { "ODATA" } else { "RDATA" });
            cx.s(" trail ");
            cx.u(d.be32(bp + 4)? as u64);
            cx.s(" seq ");
            cx.u(d.be32(bp)? as u64);
            bp += 8;
        }
        0x08..=0x0a => {
            d.range(bp, 8)?;
            let Some((src, n)) = nla(d, bp + 8, d.be16(bp + 4)?)? else {
                cx.s(" (invalid)");
                return Ok(());
            };
            let g = bp + 8 + n + 4;
            let Some((grp, m)) = nla(d, g, d.be16(g)?)? else {
                cx.s(" (invalid)");
                return Ok(());
            };
            cx.s(match ty {
                0x08 => "NAK ",
                0x09 => "NNAK ",
                _ => "NCF ",
            });
            cx.b(b'(');
            cx.out.extend_from_slice(&src);
            cx.s(" -> ");
            cx.out.extend_from_slice(&grp);
            cx.s("), seq ");
            cx.u(d.be32(bp)? as u64);
            bp = g + m;
        }
        0x0b | 0x0d => {
            d.range(bp, 8)?;
            cx.s("ACK seq ");
            cx.u(d.be32(bp)? as u64);
            bp += 8;
        }
        0x0c => cx.s("SPMR"),
        _ => {
            cx.s("UNKNOWN type 0x");
            fmt::put_hex2(cx.out, ty);
        }
    }
    if d.u8_at(5)? & 0x01 != 0 && !options(cx, d, bp)? {
        return Ok(());
    }
    cx.s(" [");
    cx.u(length as u64);
    cx.b(b']');
    if cx.opts.packet_type == Some(PacketType::PgmZmtp1) && (ty == 4 || ty == 5) {
        // The options were skipped over by their lengths; the data follows
        // the type's fixed fields.
        let start = options_end(d, bp).unwrap_or(bp);
        let data = d.get(start..).unwrap_or(&[]);
        dispatch::zmtp1_datagram(cx, data, tsdu_len as usize)?;
    }
    Ok(())
}

/// Where the options starting at `bp` end (the total length of the
/// OPT_LENGTH option).
fn options_end(d: &[u8], bp: usize) -> Option<usize> {
    if d.get(4..6).is_some_and(|b| b[1] & 1 != 0) {
        let total = d.be16(bp + 2).ok()? as usize;
        return Some(bp + total);
    }
    Some(bp)
}

/// The options; `false` when they end the packet's line.
fn options(cx: &mut Ctx, d: &[u8], mut bp: usize) -> R<bool> {
    d.range(bp, 4)?;
    let t = d.u8_at(bp)?;
    if t & 0x7f != 0 {
        cx.s("[First option bad, should be PGM_OPT_LENGTH, is ");
        cx.u((t & 0x7f) as u64);
        cx.b(b']');
        return Ok(false);
    }
    let l = d.u8_at(bp + 1)?;
    if l != 4 {
        cx.s("[Bad OPT_LENGTH option, length ");
        cx.u(l as u64);
        cx.s(" != 4]");
        return Ok(false);
    }
    let mut opts_len = d.be16(bp + 2)? as usize;
    bp += 4;
    if opts_len < 4 {
        cx.s("[Bad total option length ");
        cx.u(opts_len as u64);
        cx.s(" < 4]");
        return Ok(false);
    }
    cx.s(" OPTS LEN ");
    cx.u(opts_len as u64);
    opts_len -= 4;
    let bad_len = |cx: &mut Ctx, name: &str, l: usize, want: usize, rel: &str| {
        cx.s("[Bad OPT_");
        cx.s(name);
        cx.s(" option, length ");
        cx.u(l as u64);
        cx.s(rel);
        cx.u(want as u64);
        cx.b(b']');
    };
    while opts_len > 0 {
        if opts_len < 4 {
            cx.s("[Total option length leaves no room for final option]");
            return Ok(false);
        }
        let t = d.u8_at(bp)?;
        let l = d.u8_at(bp + 1)? as usize;
        bp += 2;
        if l < 4 {
            cx.s("[Bad option, length ");
            cx.u(l as u64);
            cx.s(" < 4]");
            break;
        }
        if opts_len < l {
            cx.s("[Total option length leaves no room for final option]");
            return Ok(false);
        }
        d.range(bp, l - 2)?;
        // Options of a fixed length: name, length, what they print.
        let fixed = |want: usize| l == want;
        match t & 0x7f {
            0x00 => {
                if !fixed(4) {
                    bad_len(cx, "LENGTH", l, 4, " != ");
                    return Ok(false);
                }
                cx.s(" OPTS LEN (extra?) ");
                cx.u(d.be16(bp)? as u64);
                bp += 2;
                opts_len -= 4;
            }
            0x01 => {
                if !fixed(16) {
                    bad_len(cx, "FRAGMENT", l, 16, " != ");
                    return Ok(false);
                }
                bp += 2;
                cx.s(" FRAG seq ");
                cx.u(d.be32(bp)? as u64);
                cx.s(" off ");
                cx.u(d.be32(bp + 4)? as u64);
                cx.s(" len ");
                cx.u(d.be32(bp + 8)? as u64);
                bp += 12;
                opts_len -= 16;
            }
            0x02 => {
                bp += 2;
                let mut left = l - 4;
                cx.s(" NAK LIST");
                while left > 0 {
                    if left < 4 {
                        cx.s("[Option length not a multiple of 4]");
                        return Ok(false);
                    }
                    cx.b(b' ');
                    cx.u(d.be32(bp)? as u64);
                    bp += 4;
                    left -= 4;
                    opts_len -= 4;
                }
            }
            0x03 => {
                if !fixed(8) {
                    bad_len(cx, "JOIN", l, 8, " != ");
                    return Ok(false);
                }
                bp += 2;
                cx.s(" JOIN ");
                cx.u(d.be32(bp)? as u64);
                bp += 4;
                opts_len -= 8;
            }
            0x04 | 0x05 => {
                let name = if t & 0x7f == 4 {
                    "NAK_BO_IVL"
                } else {
                    "NAK_BO_RNG"
                };
                if !fixed(12) {
                    bad_len(cx, name, l, 12, " != ");
                    return Ok(false);
                }
                bp += 2;
                let (a, b) = (d.be32(bp)?, d.be32(bp + 4)?);
                cx.s(if t & 0x7f == 4 {
                    " BACKOFF ivl "
                } else {
                    " BACKOFF max "
                });
                cx.u(a as u64);
                cx.s(if t & 0x7f == 4 { " ivlseq " } else { " min " });
                cx.u(b as u64);
                bp += 8;
                opts_len -= 12;
            }
            0x07 | 0x12 | 0x13 => {
                let (name, fixed_len) = match t & 0x7f {
                    0x07 => ("REDIRECT", 8),
                    0x12 => ("PGMCC_DATA", 12),
                    _ => ("PGMCC_FEEDBACK", 12),
                };
                if l < fixed_len {
                    let name = if t & 0x7f == 0x13 {
                        "PGMCC_FEEDBACK"
                    } else {
                        name
                    };
                    if t & 0x7f == 0x13 {
                        cx.s("[Bad PGM_OPT_");
                        cx.s(name);
                        cx.s(" option, length ");
                        cx.u(l as u64);
                        cx.s(" < ");
                        cx.u(fixed_len as u64);
                        cx.b(b']');
                    } else {
                        bad_len(cx, name, l, fixed_len, " < ");
                    }
                    return Ok(false);
                }
                bp += 2;
                let mut offset = 0;
                if fixed_len == 12 {
                    offset = d.be32(bp)?;
                    bp += 4;
                }
                let afi = d.be16(bp)?;
                bp += 4;
                let alen = match afi {
                    AFNUM_IP => 4,
                    AFNUM_IP6 => 16,
                    _ => {
                        cx.s(" (invalid)");
                        return Ok(false);
                    }
                };
                if l != fixed_len + alen {
                    cx.s("[Bad OPT_");
                    cx.s(name);
                    cx.s(" option, length ");
                    cx.u(l as u64);
                    cx.s(" != ");
                    cx.u(fixed_len as u64);
                    cx.s(" + address size]");
                    return Ok(false);
                }
                let (addr, n) = nla(d, bp, afi)?.unwrap_or_default();
                bp += n;
                opts_len -= fixed_len + alen;
                match t & 0x7f {
                    0x07 => cx.s(" REDIRECT "),
                    0x12 => {
                        cx.s(" PGMCC DATA ");
                        cx.u(offset as u64);
                        cx.b(b' ');
                    }
                    _ => {
                        cx.s(" PGMCC FEEDBACK ");
                        cx.u(offset as u64);
                        cx.b(b' ');
                    }
                }
                cx.out.extend_from_slice(&addr);
            }
            0x08 | 0x09 | 0x0a => {
                let (name, label) = match t & 0x7f {
                    0x08 => ("PARITY_PRM", " PARITY MAXTGS "),
                    0x09 => ("PARITY_GRP", " PARITY GROUP "),
                    _ => ("CURR_TGSIZE", " PARITY ATGS "),
                };
                if !fixed(8) {
                    bad_len(cx, name, l, 8, " != ");
                    return Ok(false);
                }
                bp += 2;
                cx.s(label);
                cx.u(d.be32(bp)? as u64);
                bp += 4;
                opts_len -= 8;
            }
            0x0b | 0x0d | 0x11 => {
                let (name, label) = match t & 0x7f {
                    0x0b => ("NBR_UNREACH", " NBR_UNREACH"),
                    0x0d => ("SYN", " SYN"),
                    _ => ("CRQST", " CRQST"),
                };
                if !fixed(4) {
                    bad_len(cx, name, l, 4, " != ");
                    return Ok(false);
                }
                bp += 2;
                cx.s(label);
                opts_len -= 4;
            }
            0x0c => {
                cx.s(" PATH_NLA [");
                cx.u(l as u64);
                cx.b(b']');
                bp += l - 2;
                opts_len -= l;
            }
            0x0e | 0x0f => {
                let (name, label) = if t & 0x7f == 0x0e {
                    ("FIN", " FIN")
                } else {
                    ("RST", " RST")
                };
                if !fixed(4) {
                    bad_len(cx, name, l, 4, " != ");
                    return Ok(false);
                }
                bp += 2;
                cx.s(label);
                opts_len -= 4;
            }
            0x10 => {
                cx.s(" CR");
                bp += l - 2;
                opts_len -= l;
            }
            _ => {
                cx.s(" OPT_");
                let hex = format!("{t:02X}");
                cx.s(&hex);
                cx.s(" [");
                cx.u(l as u64);
                cx.s("] ");
                bp += l - 2;
                opts_len -= l;
            }
        }
        if t & 0x80 != 0 {
            break;
        }
    }
    Ok(true)
}
