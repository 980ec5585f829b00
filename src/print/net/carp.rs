//! CARP (the OpenBSD Common Address Redundancy Protocol), which shares
//! IP protocol 112 with VRRP: decoded with `-T carp`.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "carp";
    let d = p.data;
    cx.s("CARP");
    let first = d.u8_at(0)?;
    let (version, t) = (first >> 4, first & 0x0f);
    cx.b(b'v');
    cx.u(version as u64);
    cx.s(if t == 1 { "-advertise " } else { "-unknown " });
    cx.u(p.length as u64);
    cx.s(": ");
    let ttl = p.net.ttl();
    if ttl != 255 {
        cx.s("[ttl=");
        cx.u(ttl as u64);
        cx.s("!] ");
    }
    if version != 2 || t != 1 {
        return Ok(());
    }
    let vhid = d.u8_at(1)?;
    let advbase = d.u8_at(5)?;
    let advskew = d.u8_at(2)?;
    let authlen = d.u8_at(3)?;
    for (name, v) in [
        ("vhid=", vhid),
        (" advbase=", advbase),
        (" advskew=", advskew),
        (" authlen=", authlen),
    ] {
        cx.s(name);
        cx.u(v as u64);
    }
    cx.b(b' ');
    if cx.opts.verbose > 0 {
        if let Some(m) = d.get(..p.length) {
            if fold(ones_sum(m)) != 0 {
                let ck = d.be16(6)?;
                cx.s(" (bad carp cksum ");
                fmt::put_hex(cx.out, ck as u64);
                cx.s("!)");
            }
        }
    }
    let hi = d.be32(8)? as u64;
    let lo = d.be32(12)? as u64;
    cx.s("counter=");
    cx.u(hi << 32 | lo);
    Ok(())
}
