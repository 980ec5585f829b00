//! BOOTP/DHCP (RFC 951, RFC 2131): the summary line, and with `-v` the
//! header fields and the vendor area (DHCP options, `options`, or CMU's
//! vendor layout).

mod options;

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// The DHCP magic cookie.
const RFC1048: [u8; 4] = [99, 130, 83, 99];
const CMU: [u8; 4] = *b"CMU\0";
const VENDOR: usize = 236;

/// The client, your, server and gateway addresses.
const ADDRESSES: [(usize, &str); 4] = [
    (12, "Client-IP"),
    (16, "Your-IP"),
    (20, "Server-IP"),
    (24, "Gateway-IP"),
];

/// The CMU vendor layout's addresses after its flags: offset, label.
const CMU_ADDRESSES: [(usize, &str); 8] = [
    (12, "DG"),
    (8, "SM"),
    (16, "NS1"),
    (20, "NS2"),
    (24, "IEN1"),
    (28, "IEN2"),
    (32, "TS1"),
    (36, "TS2"),
];

fn bootp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "bootp";
    let op = d.u8_at(0)?;
    cx.s("BOOTP/DHCP, ");
    match op {
        1 => cx.s("Request"),
        2 => cx.s("Reply"),
        _ => {
            cx.s("unknown (0x");
            fmt::put_hex2(cx.out, op);
            cx.b(b')');
        }
    }
    let (htype, hlen) = (d.u8_at(1)?, d.u8_at(2)?);
    let ether = htype == 1 && hlen == 6;
    if ether && op == 1 {
        let chaddr = d.range(28, 6)?;
        cx.s(" from ");
        cx.mac(chaddr);
    }
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    d.range(8, 2)?;
    if htype != 1 {
        cx.s(", htype ");
        cx.u(htype as u64);
    }
    if !ether {
        cx.s(", hlen ");
        cx.u(hlen as u64);
    }
    let (hops, xid, secs) = (d[3], d.be32(4)?, d.be16(8)?);
    if hops != 0 {
        cx.s(", hops ");
        cx.u(hops as u64);
    }
    if xid != 0 {
        cx.s(", xid 0x");
        fmt::put_hex(cx.out, xid as u64);
    }
    if secs != 0 {
        cx.s(", secs ");
        cx.u(secs as u64);
    }
    let flags = d.be16(10)?;
    cx.s(", Flags [");
    cx.s(if flags & 0x8000 != 0 {
        "Broadcast"
    } else {
        "none"
    });
    cx.b(b']');
    if cx.opts.verbose > 1 {
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, flags as u64, 4);
        cx.b(b')');
    }
    for (at, name) in ADDRESSES {
        let a = d.range(at, 4)?;
        if a != [0; 4] {
            cx.s("\n\t  ");
            cx.s(name);
            cx.b(b' ');
            cx.ipv4(a);
        }
    }
    if ether {
        let chaddr = d.range(28, 6)?;
        cx.s("\n\t  Client-Ethernet-Address ");
        cx.mac(chaddr);
    }
    for (at, size, name) in [(44, 64, "sname"), (108, 128, "file")] {
        if d.u8_at(at)? == 0 {
            continue;
        }
        cx.s("\n\t  ");
        cx.s(name);
        cx.s(" \"");
        // Up to a NUL, which must come within the field.
        let mut ended = false;
        for i in 0..size {
            let c = d.u8_at(at + i)?;
            if c == 0 {
                ended = true;
                break;
            }
            fmt::put_safe_char(cx.out, c);
        }
        cx.b(b'"');
        if !ended {
            cx.s(" (invalid)");
            return Ok(());
        }
    }
    let magic = d.range(VENDOR, 4)?;
    if magic == RFC1048 {
        options::options(cx, &d[VENDOR..])
    } else if magic == CMU {
        cmu(cx, &d[VENDOR..])
    } else {
        let v = d.be32(VENDOR)?;
        if v != 0 {
            cx.s("\n\t  Vendor-#0x");
            fmt::put_hex(cx.out, v as u64);
        }
        Ok(())
    }
}

/// CMU's vendor layout: unknown flag bits, and the addresses set.
fn cmu(cx: &mut Ctx, v: &[u8]) -> R {
    cx.s(" vend-cmu");
    v.range(4, 4)?;
    let flags = v[4];
    if flags & !1 != 0 {
        cx.s(" F:0x");
        fmt::put_hex(cx.out, flags as u64);
    }
    for (at, label) in CMU_ADDRESSES {
        let a = v.range(at, 4)?;
        if a != [0; 4] {
            cx.b(b' ');
            cx.s(label);
            if at == 8 && flags & 1 == 0 {
                // The subnet mask without its valid flag.
                cx.b(b'*');
            }
            cx.b(b':');
            cx.ipv4(a);
        }
    }
    Ok(())
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    bootp(cx, p.captured, p.length)?;
    Ok(true)
}
