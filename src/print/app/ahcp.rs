//! AHCP, the Ad-Hoc Configuration Protocol (version 1), on UDP port
//! 5359: the header with `-v`, the options with `-vv`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const MAGIC: u8 = 43;
const HDR: usize = 24;

fn msg_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "Discover",
        1 => "Offer",
        2 => "Request",
        3 => "Ack",
        4 => "Nack",
        5 => "Release",
        _ => return None,
    })
}

fn opt_name(o: u8) -> Option<&'static str> {
    Some(match o {
        0 => "Pad",
        1 => "Mandatory",
        2 => "Origin Time",
        3 => "Expires",
        4 => "My-IPv6-Address",
        5 => "My-IPv4-Address",
        6 => "IPv6 Prefix",
        7 => "IPv4 Prefix",
        8 => "IPv6 Address",
        9 => "IPv4 Address",
        10 => "IPv6 Prefix Delegation",
        11 => "IPv4 Prefix Delegation",
        12 => "Name Server",
        13 => "NTP Server",
        _ => return None,
    })
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    ahcp(cx, p.body, p.length)?;
    Ok(true)
}

/// ` (invalid)`, then the rest must have been captured.
fn invalid(cx: &mut Ctx, d: &[u8], cp: usize, ep: usize) -> R {
    cx.s(" (invalid)");
    if ep > cp {
        d.range(cp, ep - cp)?;
    }
    Ok(())
}

fn ahcp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "ahcp";
    cx.s("AHCP");
    let ep = length;
    if length < 2 || d.u8_at(0)? != MAGIC {
        return invalid(cx, d, 0, ep);
    }
    let version = d.u8_at(1)?;
    if version != 1 {
        cx.s(" Version ");
        cx.u(version as u64);
        cx.s(" (unknown)");
        if length > 2 {
            d.range(2, length - 2)?;
        }
        return Ok(());
    }
    cx.s(" Version 1");
    if length < HDR {
        return invalid(cx, d, 2, ep);
    }
    if cx.opts.verbose == 0 {
        d.range(2, HDR - 2)?;
    } else {
        let hc = d.u8_at(2)?;
        cx.s("\n\tHopcount ");
        cx.u(hc as u64);
        let ohc = d.u8_at(3)?;
        cx.s(", Original Hopcount ");
        cx.u(ohc as u64);
        let nonce = d.be32(4)?;
        cx.s(", Nonce 0x");
        fmt::put_hex_padded(cx.out, nonce as u64, 8);
        for (label, at) in [(", Source Id ", 8), (", Destination Id ", 16)] {
            let id = d.range(at, 8)?;
            cx.s(label);
            for (i, &b) in id.iter().enumerate() {
                if i > 0 {
                    cx.b(b':');
                }
                fmt::put_hex2(cx.out, b);
            }
        }
    }
    body(cx, d, HDR, ep)
}

fn body(cx: &mut Ctx, d: &[u8], mut cp: usize, ep: usize) -> R {
    if cp + 4 > ep {
        return invalid(cx, d, cp, ep);
    }
    let t = d.u8_at(cp)?;
    let mbz = d.u8_at(cp + 1)?;
    let len = d.be16(cp + 2)? as usize;
    cp += 4;
    if cx.opts.verbose > 0 {
        cx.s("\n\t");
        match msg_name(t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown-");
                cx.u(t as u64);
            }
        }
        if mbz != 0 {
            cx.s(", MBZ ");
            cx.u(mbz as u64);
        }
        cx.s(", Length ");
        cx.u(len as u64);
    }
    if cp + len > ep {
        return invalid(cx, d, cp, ep);
    }
    if cx.opts.verbose >= 2 {
        options(cx, d, cp, cp + len)
    } else {
        d.range(cp, len)?;
        Ok(())
    }
}

fn options(cx: &mut Ctx, d: &[u8], mut cp: usize, ep: usize) -> R {
    while cp < ep {
        let o = d.u8_at(cp)?;
        cp += 1;
        cx.s("\n\t ");
        match opt_name(o) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown-");
                cx.u(o as u64);
            }
        }
        if o == 0 || o == 1 {
            continue;
        }
        if cp + 1 > ep {
            return invalid(cx, d, cp, ep);
        }
        let l = d.u8_at(cp)? as usize;
        cp += 1;
        if cp + l > ep {
            return invalid(cx, d, cp, ep);
        }
        let vend = cp + l;
        match o {
            2 | 3 => {
                if l != 4 {
                    invalid(cx, d, cp, vend)?;
                } else {
                    let v = d.be32(cp)?;
                    cx.s(": ");
                    if o == 2 {
                        let mut s = Vec::new();
                        fmt::put_utc_iso(&mut s, v as i64);
                        for c in &mut s {
                            if *c == b'T' {
                                *c = b' ';
                            }
                        }
                        s.pop();
                        cx.out.extend_from_slice(&s);
                        cx.s(" UTC");
                    } else {
                        cx.u(v as u64);
                        cx.b(b's');
                    }
                }
            }
            4 | 5 | 8 | 9 | 12 | 13 => {
                let alen = if matches!(o, 5 | 9) { 4 } else { 16 };
                addresses(cx, d, cp, vend, alen, false)?;
            }
            // (IPv4 Prefix has no decoder in the snapshot.)
            6 | 10 | 11 => {
                let alen = if o == 11 { 4 } else { 16 };
                addresses(cx, d, cp, vend, alen, true)?;
            }
            _ => {
                cx.s(" (Length ");
                cx.u(l as u64);
                cx.b(b')');
                d.range(cp, l)?;
            }
        }
        cp = vend;
    }
    Ok(())
}

/// `: A, B, ...` (with `/LEN` when `prefixes`).
fn addresses(cx: &mut Ctx, d: &[u8], mut cp: usize, ep: usize, alen: usize, prefixes: bool) -> R {
    let step = alen + usize::from(prefixes);
    let mut sep = ": ";
    while cp < ep {
        if cp + step > ep {
            return invalid(cx, d, cp, ep);
        }
        let a = d.range(cp, alen)?;
        let plen = if prefixes {
            Some(d.u8_at(cp + alen)?)
        } else {
            None
        };
        cx.s(sep);
        if alen == 4 {
            cx.ipv4(a);
        } else {
            cx.ipv6(a);
        }
        if let Some(n) = plen {
            cx.b(b'/');
            cx.u(n as u64);
        }
        cp += step;
        sep = ", ";
    }
    Ok(())
}
