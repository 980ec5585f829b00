//! RPL (RFC 6550) control messages in ICMPv6.

use crate::print::core::prelude::*;

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
        cx.s(",flags:");
        fmt::put_hex_padded(cx.out, flags as u64, 2);
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
            // The snapshot checks these lengths itself: the marker, and
            // its -x dump then starts at the IP header.
            if length < 2 {
                cx.trunc_marker();
                return Ok(());
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
            let Ok(body) = opts.range(at, optlen) else {
                cx.trunc_marker();
                return Ok(());
            };
            if length < optlen {
                cx.trunc_marker();
                return Ok(());
            }
            if cx.opts.verbose > 2 {
                hexdump::hex(cx.out, b" ", &body[2..], 0);
            }
        }
        at += optlen;
        length -= optlen.min(length);
    }
    Ok(())
}
