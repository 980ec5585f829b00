//! VRRP (RFC 3768 version 2, RFC 5798 version 3), IP protocol 112.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

static AUTH_TYPES: &[(u8, &str)] = &[(0, "none"), (1, "simple"), (2, "ah")];

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "vrrp";
    let d = p.data;
    cx.s("VRRP");
    let first = d.u8_at(0)?;
    let version = first >> 4;
    let t = first & 0x0f;
    cx.b(b'v');
    cx.u(version as u64);
    cx.s(", ");
    if t == 1 {
        cx.s("Advertisement");
    } else {
        cx.s("unknown type (");
        cx.u(t as u64);
        cx.b(b')');
    }
    let ttl = p.net.ttl();
    if ttl != 255 {
        cx.s(", (ttl ");
        cx.u(ttl as u64);
        cx.b(b')');
    }
    if !(2..=3).contains(&version) || t != 1 {
        return Ok(());
    }
    let vrid = d.u8_at(1)?;
    let prio = d.u8_at(2)?;
    cx.s(", vrid ");
    cx.u(vrid as u64);
    cx.s(", prio ");
    cx.u(prio as u64);
    let mut auth = 0;
    if version == 2 {
        auth = d.u8_at(4)?;
        cx.s(", authtype ");
        match tables::lookup(AUTH_TYPES, auth) {
            Some(n) => cx.s(n),
            None => {
                cx.b(b'#');
                cx.u(auth as u64);
            }
        }
        let intvl = d.u8_at(5)?;
        cx.s(", intvl ");
        cx.u(intvl as u64);
        cx.s("s, length ");
    } else {
        let intvl = ((d.u8_at(4)? as u16 & 0x0f) << 8) | d.u8_at(5)? as u16;
        cx.s(", intvl ");
        cx.u(intvl as u64);
        cx.s("cs, length ");
    }
    cx.u(p.length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    let count = d.u8_at(3)? as usize;
    if let Some(m) = d.get(..p.length) {
        // Version 3's checksum covers a pseudo-header too.
        let sum = if version == 2 {
            fold(ones_sum(m))
        } else {
            p.net.transport_cksum(112, m)
        };
        if sum != 0 {
            let ck = d.be16(6)?;
            cx.s(", (bad vrrp cksum ");
            fmt::put_hex(cx.out, ck as u64);
            cx.b(b')');
        }
    }
    cx.s(", addrs");
    if count > 1 {
        cx.b(b'(');
        cx.u(count as u64);
        cx.b(b')');
    }
    cx.b(b':');
    let alen = if p.version == 4 { 4 } else { 16 };
    for i in 0..count {
        let a = d.range(8 + i * alen, alen)?;
        cx.b(if i == 0 { b' ' } else { b',' });
        if alen == 4 {
            cx.ipv4(a);
        } else {
            cx.ipv6(a);
        }
    }
    if version == 2 && auth == 1 {
        cx.s(" auth \"");
        let at = 8 + count * alen;
        for i in 0..8 {
            let c = d.u8_at(at + i)?;
            if c == 0 {
                break;
            }
            fmt::put_safe_char(cx.out, c);
        }
        cx.b(b'"');
    }
    Ok(())
}
