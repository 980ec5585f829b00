//! ICMPv6 messages outside RFC 4443 proper that tcpdump decodes: node
//! information queries and replies (RFC 4620, types 139/140) and RPL
//! control messages (RFC 6550, type 155).

use crate::print::core::prelude::*;

/// Node-address flag letters, in tcpdump's order (bits of the flags field).
const NODEADDR_FLAGS: [(u16, u8); 6] = [
    (0x01, b'T'),
    (0x02, b'A'),
    (0x04, b'C'),
    (0x08, b'L'),
    (0x10, b'S'),
    (0x20, b'G'),
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
        d.range(0, NI_HEADER)?;
        cx.s(" (");
        let qtype = d.be16(4)?;
        let flags = d.be16(6)?;
        match qtype {
            0 => cx.s("noop"),
            2 => cx.s("node name"),
            3 | 4 => {
                cx.s(if qtype == 3 {
                    "node addresses"
                } else {
                    "ipv4 addresses"
                });
                if flags != 0 {
                    // IPv4 addresses have only the T and A flags.
                    nodeaddr_flags(cx, flags, if qtype == 3 { 6 } else { 2 });
                }
                if flags & 0x01 != 0 {
                    cx.s(" [invalid flag Truncate present]");
                }
            }
            _ => cx.s("unknown"),
        }
        if qtype == 0 {
            if siz != NI_HEADER && cx.opts.verbose > 0 {
                cx.s(", invalid len");
            }
            cx.b(b')');
            return Ok(());
        }
        let subject = &d[NI_HEADER..];
        match d.u8_at(1)? {
            0 => subject_addr(cx, subject, 16),
            1 => {
                cx.s(", subject=DNS name");
                dns_labels(cx, subject);
            }
            2 => subject_addr(cx, subject, 4),
            _ => cx.s(", unknown subject"),
        }
        cx.b(b')');
        return Ok(());
    }
    // Reply.
    if length > siz {
        return Err(Trunc);
    }
    d.range(0, NI_HEADER)?;
    cx.s(" (");
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
        2 => {
            cx.s("node name");
            let name = d.get(NI_HEADER + 4..).unwrap_or(&[]);
            dns_labels(cx, name);
            if flags & 0x01 != 0 {
                cx.s(" [TTL=");
                cx.u(d.be32(NI_HEADER)? as u64);
                cx.b(b']');
            }
        }
        q @ (3 | 4) => {
            cx.s(if q == 3 {
                "node addresses"
            } else {
                "ipv4 addresses"
            });
            if flags != 0 {
                nodeaddr_flags(cx, flags, 6);
            }
            // Each address after its TTL: whole IPv6 entries only, IPv4
            // entries up to where the capture ends.
            let mut i = NI_HEADER;
            while i < siz {
                if q == 3 && i + 20 > siz {
                    break;
                }
                let ttl = d.be32(i)?;
                let alen = if q == 3 { 16 } else { 4 };
                let addr = d.range(i + 4, alen)?;
                cx.b(b' ');
                if q == 3 {
                    cx.ipv6(addr);
                } else {
                    cx.ipv4(addr);
                }
                cx.b(b'(');
                cx.u(ttl as u64);
                cx.b(b')');
                i += 4 + alen;
            }
        }
        _ => cx.s("unknown"),
    }
    cx.b(b')');
    Ok(())
}

/// ` [letters]` from the first `known` entries of the flag table, or
/// ` [none]` when none of those is set.
fn nodeaddr_flags(cx: &mut Ctx, flags: u16, known: usize) {
    cx.s(" [");
    let mut any = false;
    for &(bit, letter) in &NODEADDR_FLAGS[..known] {
        if flags & bit != 0 {
            cx.b(letter);
            any = true;
        }
    }
    if !any {
        cx.s("none");
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
                fmt::put_safe_char(cx.out, c);
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
