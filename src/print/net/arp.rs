//! ARP and RARP (RFC 826, RFC 903, inverse ARP RFC 2390).

use crate::print::core::prelude::*;

const ARPHRD_FRELAY: u16 = 15;
const ETHERTYPE_IP: u16 = 0x0800;
const ETHERTYPE_TRAIL: u16 = 0x1000;

fn hardware_name(h: u16) -> Option<&'static str> {
    Some(match h {
        1 => "Ethernet",
        6 => "TokenRing",
        7 => "ArcNet",
        15 => "FrameRelay",
        19 => "ATM",
        23 => "Strip",
        24 => "IEEE 1394",
        32 => "InfiniBand",
        _ => return None,
    })
}

fn op_name(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "Request",
        2 => "Reply",
        3 => "Reverse Request",
        4 => "Reverse Reply",
        8 => "Inverse Request",
        9 => "Inverse Reply",
        10 => "NACK Reply",
        _ => return None,
    })
}

/// A hardware address of any length: colon-separated hex bytes (Frame
/// Relay DLCIs get their own form).
fn linkaddr(cx: &mut Ctx, a: &[u8], hrd: u16) {
    if hrd == ARPHRD_FRELAY && a.len() == 2 {
        // Q.922 address: the DLCI.
        let dlci = ((a[0] as u32 & 0xfc) << 2) | ((a[1] as u32 & 0xf0) >> 4);
        cx.s("DLCI ");
        cx.u(dlci as u64);
        return;
    }
    if a.is_empty() {
        cx.s("<empty>");
        return;
    }
    cx.mac(a);
}

fn proto_addr(cx: &mut Ctx, a: &[u8], pro: u16) {
    if pro != ETHERTYPE_IP && pro != ETHERTYPE_TRAIL {
        cx.s("<wrong proto type>");
    } else if a.len() != 4 {
        cx.s("<wrong len>");
    } else {
        cx.ipv4(a);
    }
}

pub fn print(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    cx.proto = "arp";
    data.range(0, 8)?;
    let hrd = data.be16(0)?;
    let pro = data.be16(2)?;
    let hln = data[4] as usize;
    let pln = data[5] as usize;
    let op = data.be16(6)?;
    if hrd == 19 {
        return atmarp(cx, data, length);
    }
    let sha = 8;
    let spa = sha + hln;
    let tha = spa + pln;
    let tpa = tha + hln;
    if !data.has(tpa, pln) {
        return Err(Trunc);
    }
    if !cx.opts.link_header {
        cx.s("ARP, ");
    }
    let verbose = cx.opts.verbose > 0;
    if (pro != ETHERTYPE_IP && pro != ETHERTYPE_TRAIL) || pln != 4 || hln == 0 || verbose {
        match hardware_name(hrd) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown Hardware (");
                cx.u(hrd as u64);
                cx.b(b')');
            }
        }
        cx.s(" (len ");
        cx.u(hln as u64);
        cx.s("), ");
        match ethertype_name(pro) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown Protocol (0x");
                fmt::put_hex_padded(cx.out, pro as u64, 4);
                cx.b(b')');
            }
        }
        cx.s(" (len ");
        cx.u(pln as u64);
        cx.b(b')');
        if !verbose {
            cx.s(", length ");
            cx.u(length as u64);
            return Ok(());
        }
    }
    if verbose {
        cx.s(", ");
    }
    match op_name(op) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown (");
            cx.u(op as u64);
            cx.b(b')');
        }
    }
    cx.b(b' ');
    let sha_b = &data[sha..sha + hln];
    let spa_b = &data[spa..spa + pln];
    let tha_b = &data[tha..tha + hln];
    let tpa_b = &data[tpa..tpa + pln];
    match op {
        1 => {
            cx.s("who-has ");
            proto_addr(cx, tpa_b, pro);
            if tha_b.iter().any(|&b| b != 0) {
                cx.s(" (");
                linkaddr(cx, tha_b, hrd);
                cx.b(b')');
            }
            cx.s(" tell ");
            proto_addr(cx, spa_b, pro);
        }
        2 => {
            proto_addr(cx, spa_b, pro);
            cx.s(" is-at ");
            linkaddr(cx, sha_b, hrd);
        }
        3 | 8 => {
            cx.s("who-is ");
            linkaddr(cx, tha_b, hrd);
            cx.s(" tell ");
            linkaddr(cx, sha_b, hrd);
        }
        4 => {
            linkaddr(cx, tha_b, hrd);
            cx.s(" at ");
            proto_addr(cx, tpa_b, pro);
        }
        9 => {
            linkaddr(cx, sha_b, hrd);
            cx.s(" at ");
            proto_addr(cx, spa_b, pro);
        }
        _ => {
            cx.default_print(data);
            return Ok(());
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    Ok(())
}

/// ATM ARP (RFC 2225): variable-length ATM numbers and subaddresses.
/// Only the summary tcpdump prints without `-v` for the common operations.
fn atmarp(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    data.range(0, 12)?;
    let pro = data.be16(2)?;
    let shln = (data[4] & 0x3f) as usize;
    let ssln = (data[5] & 0x3f) as usize;
    let op = data.be16(6)?;
    let spln = data[8] as usize;
    let thln = (data[9] & 0x3f) as usize;
    let tsln = (data[10] & 0x3f) as usize;
    let tpln = data[11] as usize;
    let sha = 12;
    let ssa = sha + shln;
    let spa = ssa + ssln;
    let tha = spa + spln;
    let tsa = tha + thln;
    let tpa = tsa + tsln;
    if !data.has(tpa, tpln) {
        return Err(Trunc);
    }
    if !cx.opts.link_header {
        cx.s("ARP, ");
    }
    let atm_addr = |cx: &mut Ctx, at: usize, len: usize, sub_at: usize, sub_len: usize| {
        if len == 0 {
            cx.s("<No address>");
        } else {
            cx.mac(&data[at..at + len]);
            if sub_len != 0 {
                cx.s(",");
                cx.mac(&data[sub_at..sub_at + sub_len]);
            }
        }
    };
    if (pro != ETHERTYPE_IP && pro != ETHERTYPE_TRAIL)
        || spln != 4
        || tpln != 4
        || cx.opts.verbose > 0
    {
        cx.s("ATM (len ");
        cx.u(shln as u64);
        cx.s("), ");
        match ethertype_name(pro) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown Protocol (0x");
                fmt::put_hex_padded(cx.out, pro as u64, 4);
                cx.b(b')');
            }
        }
        cx.s(" (len ");
        cx.u(spln as u64);
        cx.b(b')');
        if cx.opts.verbose == 0 {
            cx.s(", length ");
            cx.u(length as u64);
            return Ok(());
        }
        cx.s(", ");
    }
    match op_name(op) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown (");
            cx.u(op as u64);
            cx.b(b')');
        }
    }
    cx.b(b' ');
    match op {
        1 => {
            cx.s("who-has ");
            proto_addr(cx, &data[tpa..tpa + tpln], pro);
            if thln != 0 {
                cx.s(" (");
                atm_addr(cx, tha, thln, tsa, tsln);
                cx.b(b')');
            }
            cx.s(" tell ");
            proto_addr(cx, &data[spa..spa + spln], pro);
        }
        2 => {
            proto_addr(cx, &data[spa..spa + spln], pro);
            cx.s(" is-at ");
            atm_addr(cx, sha, shln, ssa, ssln);
        }
        8 => {
            cx.s("who-is ");
            atm_addr(cx, tha, thln, tsa, tsln);
            cx.s(" tell ");
            atm_addr(cx, sha, shln, ssa, ssln);
        }
        9 => {
            atm_addr(cx, sha, shln, ssa, ssln);
            cx.s(" at ");
            proto_addr(cx, &data[spa..spa + spln], pro);
        }
        10 => {
            cx.s("for ");
            proto_addr(cx, &data[spa..spa + spln], pro);
        }
        _ => {
            cx.default_print(data);
            return Ok(());
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    Ok(())
}
