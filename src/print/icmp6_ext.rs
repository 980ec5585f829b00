//! ICMPv6 messages outside RFC 4443 proper that tcpdump decodes: node
//! information queries and replies (RFC 4620, types 139/140) and RPL
//! control messages (RFC 6550, type 155).

use super::app::put_safe_char;
use super::{Bytes, Ctx, R};

/// Node-address flag letters, in tcpdump's order (bits of the flags field).
const NODEADDR_FLAGS: [(u16, u8); 7] = [
    (0x40, b'a'),
    (0x20, b'G'),
    (0x10, b'S'),
    (0x08, b'L'),
    (0x04, b'C'),
    (0x02, b'A'),
    (0x01, b'T'),
];

/// ICMP header (8 bytes) plus the nonce (8 bytes).
const NI_HEADER: usize = 16;

/// Types 139/140: `d` holds the captured ICMPv6 message (its length is
/// what tcpdump measures the message by), `length` the length on the wire.
pub fn nodeinfo(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let siz = d.len();
    let t = d.u8_at(0)?;
    if t == 139 {
        if siz == 8 + 4 {
            // KAME who-are-you
            cx.s(" who-are-you request");
            return Ok(());
        }
        cx.s(" node information query");
        d.range(0, NI_HEADER)?;
        cx.s(" (");
        let qtype = d.be16(4)?;
        let flags = d.be16(6)?;
        match qtype {
            0 => cx.s("noop"),
            1 => {
                cx.s("supported qtypes");
                suptypes_flags(cx, flags);
            }
            2 => cx.s("DNS name"),
            3 => {
                cx.s("node addresses");
                if flags != 0 {
                    nodeaddr_flags(cx, flags & !0x01);
                }
            }
            _ => cx.s("unknown"),
        }
        if qtype == 0 || qtype == 1 {
            if siz != NI_HEADER && cx.opts.verbose > 0 {
                cx.s(", invalid len");
            }
            cx.b(b')');
            return Ok(());
        }
        if siz == NI_HEADER {
            cx.s(", 03 draft)");
            return Ok(());
        }
        let subject = &d[NI_HEADER..];
        match d.u8_at(1)? {
            0 => subject_addr(cx, subject, 16),
            1 => {
                cx.s(", subject=DNS name");
                name_or_pascal(cx, subject)?;
            }
            2 => subject_addr(cx, subject, 4),
            _ => cx.s(", unknown subject"),
        }
        cx.b(b')');
        return Ok(());
    }
    // Reply.
    if length > siz {
        return Err(super::Trunc);
    }
    d.range(0, NI_HEADER)?;
    cx.s(" node information reply (");
    let code = d.u8_at(1)?;
    let mut needcomma = false;
    match code {
        0 if cx.opts.verbose > 0 => {
            cx.s("success");
            needcomma = true;
        }
        1 | 2 => {
            cx.s(if code == 1 { "refused" } else { "unknown" });
            needcomma = true;
            if siz != NI_HEADER && cx.opts.verbose > 0 {
                cx.s(", invalid length");
            }
        }
        _ => {}
    }
    if code != 0 {
        cx.b(b')');
        return Ok(());
    }
    if needcomma {
        cx.s(", ");
    }
    let flags = d.be16(6)?;
    match d.be16(4)? {
        0 => {
            cx.s("noop");
            if siz != NI_HEADER && cx.opts.verbose > 0 {
                cx.s(", invalid length");
            }
        }
        1 => {
            cx.s("supported qtypes");
            suptypes_flags(cx, flags);
        }
        2 => {
            cx.s("DNS name");
            let name = d.get(NI_HEADER + 4..).unwrap_or(&[]);
            name_or_pascal(cx, name)?;
            if flags & 0x01 != 0 {
                cx.s(" [TTL=");
                cx.u(d.be32(NI_HEADER)? as u64);
                cx.b(b']');
            }
        }
        3 => {
            cx.s("node addresses");
            let mut i = NI_HEADER;
            while i + 20 <= siz {
                cx.b(b' ');
                cx.ipv6(&d[i + 4..i + 20]);
                cx.b(b'(');
                cx.u(d.be32(i)? as u64);
                cx.b(b')');
                i += 20;
            }
            if flags != 0 {
                nodeaddr_flags(cx, flags);
            }
        }
        _ => cx.s("unknown"),
    }
    cx.b(b')');
    Ok(())
}

fn suptypes_flags(cx: &mut Ctx, flags: u16) {
    if flags != 0 {
        cx.s(if flags & 0x01 != 0 { " [C]" } else { " []" });
    }
}

fn nodeaddr_flags(cx: &mut Ctx, flags: u16) {
    cx.s(" [");
    for (bit, letter) in NODEADDR_FLAGS {
        if flags & bit != 0 {
            cx.b(letter);
        }
    }
    cx.b(b']');
}

/// An address subject: printed only when the message is exactly that long.
fn subject_addr(cx: &mut Ctx, subject: &[u8], len: usize) {
    if subject.len() < len {
        return;
    }
    if subject.len() != len {
        if cx.opts.verbose > 0 {
            cx.s(", invalid subject len");
        }
        return;
    }
    cx.s(", subject=");
    if len == 4 {
        cx.ipv4(subject);
    } else {
        cx.ipv6(subject);
    }
}

/// A name that is either a length-prefixed string filling the rest of the
/// message (the old draft's form) or uncompressed DNS labels.
fn name_or_pascal(cx: &mut Ctx, name: &[u8]) -> R {
    let first = name.u8_at(0)?;
    if first as usize == name.len() - 1 {
        if cx.opts.verbose > 0 {
            cx.s(", 03 draft");
        }
        cx.s(", \"");
        for &c in &name[1..] {
            put_safe_char(cx.out, c);
        }
        cx.b(b'"');
    } else {
        dns_labels(cx, name);
    }
    Ok(())
}

/// tcpdump's `dnsname_print`: labels without compression, `???` where the
/// name is malformed.
fn dns_labels(cx: &mut Ctx, name: &[u8]) {
    cx.s(", \"");
    let end = name.len();
    let mut at = 0;
    while at < end {
        let n = name[at] as usize;
        at += 1;
        if n != 0 {
            if n > end - at {
                cx.s("???");
                break;
            }
            for &c in &name[at..at + n] {
                put_safe_char(cx.out, c);
            }
            at += n;
            if at + 1 < end && name[at] != 0 {
                cx.b(b'.');
            }
        } else {
            if at == end {
                cx.b(b'.');
            } else if !(at + 1 == end && name[at] == 0) {
                cx.s("???");
            }
            break;
        }
    }
    cx.b(b'"');
}

/// Type 155, RPL: `d` is the whole ICMPv6 message; the RPL base header
/// starts after the 4-byte ICMP header.
pub fn rpl(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let code = d.u8_at(1)?;
    if code & 0x80 != 0 {
        cx.s(", (SEC) [worktodo]");
        return Ok(());
    }
    cx.s(", (CLR)");
    let body = d.get(4..).unwrap_or(&[]);
    let blen = length.saturating_sub(4);
    let verbose = cx.opts.verbose > 0;
    match code & 0x7f {
        0 => cx.s("DODAG Information Solicitation"),
        1 => {
            cx.s("DODAG Information Object");
            if verbose {
                rpl_dio(cx, body, blen)?;
            }
        }
        2 => {
            cx.s("Destination Advertisement Object");
            if verbose {
                rpl_dao(cx, body, blen, false)?;
            }
        }
        3 => {
            cx.s("Destination Advertisement Object Ack");
            if verbose {
                rpl_dao(cx, body, blen, true)?;
            }
        }
        _ => {
            cx.s("RPL message, unknown code ");
            cx.u(code as u64);
        }
    }
    Ok(())
}

fn rpl_dio(cx: &mut Ctx, b: &[u8], length: usize) -> R {
    // instance, version, rank(2), mop/prf, dtsn, flags, reserved, dagid(16)
    if length < 24 {
        cx.s(" (invalid)");
        return Ok(());
    }
    let dagid = b.range(8, 16)?;
    let mopprf = b.u8_at(4)?;
    cx.s(" [dagid:");
    cx.ipv6(dagid);
    cx.s(",seq:");
    cx.u(b.u8_at(5)? as u64);
    cx.s(",instance:");
    cx.u(b.u8_at(0)? as u64);
    cx.s(",rank:");
    cx.u(b.be16(2)? as u64);
    cx.b(b',');
    if mopprf & 0x80 != 0 {
        cx.s("grounded,");
    }
    cx.s("mop:");
    cx.s(match (mopprf >> 3) & 7 {
        0 => "nonstoring",
        1 => "storing",
        2 => "nonstoring-multicast",
        3 => "storing-multicast",
        4 => "mop4",
        5 => "mop5",
        6 => "mop6",
        _ => "mop7",
    });
    cx.s(",prf:");
    cx.u((mopprf & 7) as u64);
    cx.b(b']');
    if cx.opts.verbose > 1 {
        rpl_options(cx, b.get(24..).unwrap_or(&[]), length - 24)?;
    }
    Ok(())
}

/// DAO (instance, flags, reserved, seq) and DAO-ACK (instance, flags, seq,
/// status), each followed by the DODAG id when its D flag is set.
fn rpl_dao(cx: &mut Ctx, b: &[u8], length: usize, ack: bool) -> R {
    b.range(0, 4)?;
    if length < 4 {
        cx.s(if ack {
            " [|dao-length too short]"
        } else {
            " [|length too short]"
        });
        return Ok(());
    }
    let flags = b[1];
    let d_flag = if ack { 0x80 } else { 0x40 };
    let mut at = 4;
    let mut rest = length - 4;
    let dagid = if flags & d_flag != 0 {
        let id = b.range(4, 16)?;
        if rest < 16 {
            cx.s(if ack {
                " [|dao-length too short]"
            } else {
                " [|length too short]"
            });
            return Ok(());
        }
        at += 16;
        rest -= 16;
        Some(id)
    } else {
        None
    };
    cx.s(" [dagid:");
    match dagid {
        Some(id) => cx.ipv6(id),
        None => cx.s("<elided>"),
    }
    cx.s(",seq:");
    cx.u(b[if ack { 2 } else { 3 }] as u64);
    cx.s(",instance:");
    cx.u(b[0] as u64);
    if ack {
        cx.s(",status:");
        cx.u(b[3] as u64);
    } else {
        if flags & 0x80 != 0 {
            cx.s(",acK");
        }
        if flags & 0x40 != 0 {
            cx.s(",Dagid");
        }
        cx.b(b',');
        super::fmt::put_hex_padded(cx.out, flags as u64, 2);
    }
    cx.b(b']');
    if cx.opts.verbose > 1 {
        rpl_options(cx, b.get(at..).unwrap_or(&[]), rest)?;
    }
    Ok(())
}

fn rpl_options(cx: &mut Ctx, opts: &[u8], mut length: usize) -> R {
    let mut at = 0;
    while length != 0 {
        let t = opts.u8_at(at)?;
        let optlen;
        if t == 0 {
            optlen = 1;
            cx.s(" opt:pad1");
        } else {
            if length < 2 {
                return Err(super::Trunc);
            }
            optlen = opts.u8_at(at + 1)? as usize + 2;
            cx.s(" opt:");
            match t {
                1 => cx.s("padN"),
                2 => cx.s("metrics"),
                3 => cx.s("routinginfo"),
                4 => cx.s("config"),
                5 => cx.s("rpltarget"),
                6 => cx.s("transitinfo"),
                8 => cx.s("destprefix"),
                9 => cx.s("rpltargetdesc"),
                _ => {
                    cx.s("subopt:");
                    cx.u(t as u64);
                }
            }
            cx.s(" len:");
            cx.u(optlen as u64);
            cx.b(b' ');
            let body = opts.range(at, optlen)?;
            if length < optlen {
                return Err(super::Trunc);
            }
            if cx.opts.verbose > 2 {
                super::hexdump::hex(cx.out, b" ", &body[2..], 0);
            }
        }
        at += optlen;
        length -= optlen.min(length);
    }
    Ok(())
}
