//! VRRP (RFC 3768 version 2, RFC 5798 version 3), IP protocol 112.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "vrrp";
    let d = p.data;
    let Some(&first) = d.first() else {
        cx.s("VRRP");
        return Err(Trunc);
    };
    let version = first >> 4;
    let t = first & 0x0f;
    cx.s("VRRPv");
    cx.u(version as u64);
    cx.s(", ");
    match t {
        1 => cx.s("Advertisement"),
        _ => {
            cx.s("unknown type (");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
    cx.s(", (ttl ");
    cx.u(p.net.ttl() as u64);
    cx.b(b')');
    if version != 2 && version != 3 || t != 1 {
        return Ok(());
    }
    let vrid = d.u8_at(1)?;
    let prio = d.u8_at(2)?;
    cx.s(", vrid ");
    cx.u(vrid as u64);
    cx.s(", prio ");
    cx.u(prio as u64);
    let count = d.u8_at(3)? as usize;
    let mut auth = 0;
    if version == 2 {
        auth = d.u8_at(4)?;
        cx.s(", authtype ");
        match auth {
            0 => cx.s("none"),
            1 => cx.s("simple"),
            2 => cx.s("ah"),
            _ => {
                cx.b(b'#');
                cx.u(auth as u64);
            }
        }
        cx.s(", intvl ");
        cx.u(d.u8_at(5)? as u64);
        cx.s("s, length ");
    } else {
        let intvl = d.be16(4)? & 0x0fff;
        cx.s(", intvl ");
        cx.u(intvl as u64);
        cx.s("cs, length ");
    }
    cx.u(p.length as u64);
    if cx.opts.verbose > 0
        && !p.fragmented
        && d.len() >= p.length
        && version == 2
        && fold(ones_sum(&d[..p.length])) != 0
    {
        let ck = d.be16(6)?;
        cx.s(", (bad vrrp cksum ");
        fmt::put_hex(cx.out, ck as u64);
        cx.s(")");
    }
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    if p.length < 8 {
        return Err(Trunc);
    }
    if count <= 1 {
        cx.s(", addrs");
    } else {
        cx.s(", addrs(");
        cx.u(count as u64);
        cx.b(b')');
    }
    cx.b(b':');
    let alen = if p.net.is_v6() { 16 } else { 4 };
    for i in 0..count {
        let a = d.range(8 + i * alen, alen)?;
        if i > 0 {
            cx.b(b',');
        }
        cx.b(b' ');
        if alen == 4 {
            cx.ipv4(a);
        } else {
            cx.ipv6(a);
        }
    }
    if version == 2 && auth == 1 {
        let pw = d.range(8 + count * alen, 8)?;
        cx.s(" auth \"");
        for &c in pw.iter().take_while(|&&c| c != 0) {
            fmt::put_safe_char(cx.out, c);
        }
        cx.b(b'"');
    }
    Ok(())
}
