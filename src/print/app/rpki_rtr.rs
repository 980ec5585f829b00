//! RPKI-Router protocol (RFC 6810) on TCP port 323: with `-v` each PDU
//! of the segment (version 0; later versions are only named).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const HDR: usize = 8;

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "rpki_rtr";
    if cx.opts.verbose == 0 {
        cx.s(", RPKI-RTR");
        return Ok(true);
    }
    let mut d = p.body;
    let mut len = p.length;
    while len > 0 {
        let used = pdu(cx, d, len, true, 8)?;
        len -= used;
        d = d.get(used..).unwrap_or(&[]);
    }
    Ok(true)
}

/// `\n`, then `n / 8` tabs and `n % 8` spaces.
fn indent(cx: &mut Ctx, n: usize) {
    cx.b(b'\n');
    for _ in 0..n / 8 {
        cx.b(b'\t');
    }
    for _ in 0..n % 8 {
        cx.b(b' ');
    }
}

fn pdu_name(t: u8) -> &'static str {
    match t {
        0 => "Serial Notify",
        1 => "Serial Query",
        2 => "Reset Query",
        3 => "Cache Response",
        4 => "IPV4 Prefix",
        6 => "IPV6 Prefix",
        7 => "End of Data",
        8 => "Cache Reset",
        10 => "Error Report",
        _ => "Unknown",
    }
}

fn error_name(c: u16) -> &'static str {
    match c {
        0 => "Corrupt Data",
        1 => "Internal Error",
        2 => "No Data Available",
        3 => "Invalid Request",
        4 => "Unsupported Protocol Version",
        5 => "Unsupported PDU Type",
        6 => "Withdrawal of Unknown Record",
        7 => "Duplicate Announcement Received",
        _ => "Unknown",
    }
}

/// One PDU of at most `len` bytes; how many bytes it used (all of `len`
/// when it is not understood).
fn pdu(cx: &mut Ctx, d: &[u8], len: usize, recurse: bool, ind: usize) -> R<usize> {
    if len < HDR {
        cx.b(b'(');
        cx.u(len as u64);
        cx.s(" bytes is too few to decode)");
        return invalid(cx, d, len);
    }
    let version = d.u8_at(0)?;
    if version != 0 {
        indent(cx, 8);
        cx.s("RPKI-RTRv");
        cx.u(version as u64);
        cx.s(" (unknown)");
        return Ok(len);
    }
    d.range(0, HDR)?;
    let ty = d.u8_at(1)?;
    let pdu_len = d.be32(4)? as usize;
    indent(cx, 8);
    cx.s("RPKI-RTRv0, ");
    cx.s(pdu_name(ty));
    cx.s(" PDU (");
    cx.u(ty as u64);
    cx.s("), length: ");
    cx.u(pdu_len as u64);
    if pdu_len < HDR || pdu_len > len {
        return invalid(cx, d, len);
    }
    let session = d.be16(2)?;
    match ty {
        0 | 1 | 7 => {
            if pdu_len != HDR + 4 {
                return invalid(cx, d, len);
            }
            let serial = d.be32(8)?;
            indent(cx, ind + 2);
            cx.s("Session ID: 0x");
            fmt::put_hex_padded(cx.out, session as u64, 4);
            cx.s(", Serial: ");
            cx.u(serial as u64);
        }
        2 | 8 => {
            if pdu_len != HDR {
                return invalid(cx, d, len);
            }
        }
        3 => {
            if pdu_len != HDR {
                return invalid(cx, d, len);
            }
            indent(cx, ind + 2);
            cx.s("Session ID: 0x");
            fmt::put_hex_padded(cx.out, session as u64, 4);
        }
        4 | 6 => {
            let alen = if ty == 4 { 4 } else { 16 };
            if pdu_len != HDR + 8 + alen {
                return invalid(cx, d, len);
            }
            let flags = d.u8_at(8)?;
            let plen = d.u8_at(9)?;
            let maxlen = d.u8_at(10)?;
            let addr = d.range(12, alen)?;
            let asn = d.be32(12 + alen)?;
            indent(cx, ind + 2);
            if ty == 4 {
                cx.s("IPv4 Prefix ");
                cx.ipv4(addr);
            } else {
                cx.s("IPv6 Prefix ");
                cx.ipv6(addr);
            }
            cx.b(b'/');
            cx.u(plen as u64);
            cx.b(b'-');
            cx.u(maxlen as u64);
            cx.s(", origin-as ");
            cx.u(asn as u64);
            cx.s(", flags 0x");
            fmt::put_hex2(cx.out, flags);
        }
        10 => {
            let mut tlen = HDR;
            if pdu_len < tlen + 4 {
                return invalid(cx, d, len);
            }
            let encap_len = d.be32(tlen)? as usize;
            tlen += 4;
            indent(cx, ind + 2);
            cx.s("Error code: ");
            cx.s(error_name(session));
            cx.s(" (");
            cx.u(session as u64);
            cx.s("), Encapsulated PDU length: ");
            cx.u(encap_len as u64);
            if encap_len > 0 {
                if pdu_len < tlen + encap_len {
                    return invalid(cx, d, len);
                }
                if recurse {
                    indent(cx, ind + 4);
                    cx.s("-----encapsulated PDU-----");
                    let inner = d.get(tlen..).unwrap_or(&[]);
                    pdu(cx, inner, encap_len, false, ind + 2)?;
                }
                tlen += encap_len;
            }
            if pdu_len < tlen + 4 {
                return invalid(cx, d, len);
            }
            let text_len = d.be32(tlen)? as usize;
            tlen += 4;
            if text_len > 0 {
                if pdu_len < tlen + text_len {
                    return invalid(cx, d, len);
                }
                indent(cx, ind + 2);
                cx.s("Error text: ");
                for i in 0..text_len {
                    let c = d.u8_at(tlen + i)?;
                    fmt::put_safe_char(cx.out, c);
                }
            }
        }
        _ => {
            // Unknown PDUs are dumped, once all captured.
            let b = d.range(0, pdu_len)?;
            hexdump::hex(cx.out, b"\n\t  ", b, 0);
            return Ok(pdu_len);
        }
    }
    if cx.opts.verbose > 1 {
        let b = &d[..pdu_len.min(d.len())];
        hexdump::hex(cx.out, b"\n\t  ", b, 0);
    }
    Ok(pdu_len)
}

/// ` (invalid)`, then the rest of `len` is skipped (if it was captured).
fn invalid(cx: &mut Ctx, d: &[u8], len: usize) -> R<usize> {
    cx.s(" (invalid)");
    d.range(0, len)?;
    Ok(len)
}
