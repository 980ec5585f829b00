//! DECnet Phase IV (EtherType 0x6003): the routing layer (a length, pad,
//! short or long data headers, and the control messages: initialization,
//! verification, test, level 1 and 2 routing, router and endnode hellos)
//! and the NSP messages a data header carries.

use crate::print::core::prelude::*;

/// A node address, little-endian: area (6 bits) and node (10 bits).
fn node(cx: &mut Ctx, a: u16) {
    cx.u((a >> 10) as u64);
    cx.b(b'.');
    cx.u((a & 0x3ff) as u64);
}

fn le16(d: &[u8], at: usize) -> R<u16> {
    let b = d.range(at, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

fn invalid(cx: &mut Ctx) -> R<bool> {
    cx.s(" (invalid)");
    Ok(true)
}

pub fn decnet(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "decnet";
    let caplen = d.len();
    if length < 6 {
        cx.s(" (length ");
        cx.u(length as u64);
        cx.s(" < 6)");
        return invalid(cx);
    }
    let pktlen = le16(d, 0)? as usize;
    if pktlen < 6 {
        cx.s(" (pktlen ");
        cx.u(pktlen as u64);
        cx.s(" < 6)");
        return invalid(cx);
    }
    if pktlen > length {
        cx.s(" (pktlen ");
        cx.u(pktlen as u64);
        cx.s(" > ");
        cx.u(length as u64);
        cx.b(b')');
        return invalid(cx);
    }
    let mut length = pktlen;
    // `ap`: where the message starts, less the 2-byte length.
    let mut ap = 0;
    let mut flags = d.u8_at(2)?;
    if flags & 0x80 != 0 {
        // Padding before the message.
        let pad = (flags & 0x7f) as usize;
        if cx.opts.verbose > 0 {
            cx.s("[pad:");
            cx.u(pad as u64);
            cx.s("] ");
        }
        if length < pad + 2 {
            cx.s(" (length ");
            cx.u(length as u64);
            cx.s(" < ");
            cx.u(pad as u64 + 2);
            cx.b(b')');
            return invalid(cx);
        }
        d.range(2, pad)?;
        ap = pad;
        length -= pad;
        flags = d.u8_at(ap + 2)?;
    }
    let cap = caplen - ap;
    let a = &d[ap..];
    let r = &d[ap + 2..];
    if flags & 0x40 != 0 {
        cx.s("future-version-decnet");
        cx.default_print(&a[..length.min(cap)]);
        return Ok(true);
    }
    if flags & 1 != 0 {
        if !control(cx, r, flags, length, cap)? {
            return invalid(cx);
        }
        return Ok(true);
    }
    let (dst, src, hops, hdr) = match flags & 7 {
        6 => {
            if length < 21 {
                cx.s(" (length ");
                cx.u(length as u64);
                cx.s(" < 21)");
                return invalid(cx);
            }
            let h = r.range(0, 21)?;
            (le16(h, 7)?, le16(h, 15)?, h[18] as u32, 21)
        }
        2 => {
            let (dst, src) = (le16(r, 1)?, le16(r, 3)?);
            (dst, src, (r.u8_at(5)? & 0x3f) as u32 + 1, 6)
        }
        _ => {
            cx.s("unknown message flags under mask");
            cx.default_print(&a[..length.min(cap)]);
            return Ok(true);
        }
    };
    node(cx, src);
    cx.s(" > ");
    node(cx, dst);
    cx.b(b' ');
    cx.u(pktlen as u64);
    cx.b(b' ');
    if cx.opts.verbose > 0 {
        for (bit, name) in [(0x08, "RQR "), (0x10, "RTS "), (0x20, "IE ")] {
            if flags & bit != 0 {
                cx.s(name);
            }
        }
        cx.u(hops as u64);
        cx.s(" hops ");
    }
    if !nsp(cx, &r[hdr.min(r.len())..], length - hdr)? {
        return invalid(cx);
    }
    Ok(true)
}

/// The node type and flags of an initialization message.
fn t_info(cx: &mut Ctx, info: u8) {
    cx.s(["reserved-ntype? ", "l2rout ", "l1rout ", "endnode "][(info & 3) as usize]);
    if info & 0x04 != 0 {
        cx.s("verif ");
    }
    if info & 0x08 != 0 {
        cx.s("blo ");
    }
}

/// The node type and flags of a hello.
fn i_info(cx: &mut Ctx, info: u8) {
    cx.s(["reserved-ntype? ", "l2rout ", "l1rout ", "endnode "][(info & 3) as usize]);
    for (bit, name) in [(0x04, "verif "), (0x20, "nomcast "), (0x40, "blo ")] {
        if info & bit != 0 {
            cx.s(name);
        }
    }
}

/// A routing layer control message at `r`; `false` when it is too short.
fn control(cx: &mut Ctx, r: &[u8], flags: u8, length: usize, cap: usize) -> R<bool> {
    let (name, min) = match flags & 0x0f {
        0x01 => ("init ", 12),
        0x03 => ("verification ", 4),
        0x05 => ("test ", 4),
        0x07 => ("lev-1-routing ", 4),
        0x09 => ("lev-2-routing ", 4),
        0x0b => ("router-hello ", 18),
        0x0d => ("endnode-hello ", 32),
        _ => {
            cx.s("unknown control message");
            // From the routing header, as many bytes as there are from
            // the message's start: two too many when all were captured.
            let n = length.min(cap);
            cx.default_print(&r[..n.min(r.len())]);
            r.range(0, n)?;
            return Ok(true);
        }
    };
    cx.s(name);
    if length < min {
        return Ok(false);
    }
    let h = r.range(0, min)?;
    match flags & 0x0f {
        0x01 => {
            t_info(cx, h[3]);
            cx.s("src ");
            node(cx, le16(h, 1)?);
            cx.s("blksize ");
            cx.u(le16(h, 4)? as u64);
            cx.s(" vers ");
            cx.u(h[6] as u64);
            cx.s(" eco ");
            cx.u(h[7] as u64);
            cx.s(" ueco ");
            cx.u(h[8] as u64);
            cx.s(" hello ");
            cx.u(le16(h, 9)? as u64);
        }
        0x03 | 0x05 => {
            cx.s("src ");
            node(cx, le16(h, 1)?);
            cx.s(if flags & 0x0f == 0x03 {
                " fcnval "
            } else {
                " data "
            });
            cx.s(&format!("{:o}", h[3]));
        }
        0x07 | 0x09 => {
            cx.s("src ");
            node(cx, le16(h, 1)?);
            cx.b(b' ');
            routes(cx, &r[4..], length - 4, flags & 0x0f == 0x09)?;
        }
        0x0b => {
            i_info(cx, h[10]);
            cx.s("vers ");
            cx.u(h[1] as u64);
            cx.s(" eco ");
            cx.u(h[2] as u64);
            cx.s(" ueco ");
            cx.u(h[3] as u64);
            cx.s(" src ");
            node(cx, le16(h, 8)?);
            cx.s(" blksize ");
            cx.u(le16(h, 11)? as u64);
            cx.s(" pri ");
            cx.u(h[13] as u64);
            cx.s(" hello ");
            cx.u(le16(h, 15)? as u64);
        }
        _ => {
            i_info(cx, h[10]);
            cx.s("vers ");
            cx.u(h[1] as u64);
            cx.s(" eco ");
            cx.u(h[2] as u64);
            cx.s(" ueco ");
            cx.u(h[3] as u64);
            cx.s(" src ");
            node(cx, le16(h, 8)?);
            cx.s(" blksize ");
            cx.u(le16(h, 11)? as u64);
            cx.s(" rtr ");
            node(cx, le16(h, 26)?);
            cx.s(" hello ");
            cx.u(le16(h, 28)? as u64);
            cx.s(" data ");
            cx.s(&format!("{:o}", h[31]));
        }
    }
    Ok(true)
}

/// Routing entries (count, first id or area, cost and hops) up to the
/// checksum; a count over 1024 ends the list.
fn routes(cx: &mut Ctx, d: &[u8], mut len: usize, areas: bool) -> R {
    let mut at = 0;
    while len > 6 {
        let e = d.range(at, 6)?;
        let count = le16(e, 0)? as u32;
        if count > 1024 {
            return Ok(());
        }
        let (id, info) = (le16(e, 2)? as u32, le16(e, 4)?);
        cx.s(if areas { "{areas " } else { "{ids " });
        cx.u(id as u64);
        cx.b(b'-');
        cx.u((id + count) as u64);
        cx.s(" cost ");
        cx.u((info & 0x1ff) as u64);
        cx.s(" hops ");
        cx.u(((info >> 10) & 0x1f) as u64);
        cx.s("} ");
        at += 6;
        len -= 6;
    }
    Ok(())
}

/// The acknowledgement fields of a data, interrupt or link service
/// message: `ack`/`nak`, then the other channel's (`oack` or, for the
/// other subchannel, `ackdat`), and the segment number they leave.
/// `checked`: each field must be within `len`.
fn acks(
    cx: &mut Ctx,
    d: &[u8],
    len: usize,
    other: (&str, &str),
    checked: bool,
    seg: bool,
) -> R<bool> {
    let mut off = 7;
    if checked && len < off {
        return Ok(false);
    }
    let mut ack = le16(d, 5)?;
    if ack & 0x8000 != 0 {
        cx.s(if ack & 0x9000 == 0x9000 {
            "nak "
        } else {
            "ack "
        });
        cx.u((ack & 0xfff) as u64);
        cx.b(b' ');
        off += 2;
        if checked && len < off {
            return Ok(false);
        }
        ack = le16(d, 7)?;
        if ack & 0xa000 != 0 {
            cx.s(if ack & 0xb000 == 0xb000 {
                other.1
            } else {
                other.0
            });
            cx.u((ack & 0xfff) as u64);
            cx.b(b' ');
            off += 2;
            if checked && len < off {
                return Ok(false);
            }
            if seg {
                ack = le16(d, 9)?;
            }
        }
    }
    if seg {
        cx.s("seg ");
        cx.u((ack & 0xfff) as u64);
        cx.b(b' ');
    }
    Ok(true)
}

fn src_dst(cx: &mut Ctx, src: u16, dst: u16) {
    cx.u(src as u64);
    cx.b(b'>');
    cx.u(dst as u64);
    cx.b(b' ');
}

fn reserved(cx: &mut Ctx, what: &str, flags: u8, src: u16, dst: u16) {
    cx.s(what);
    fmt::put_hex(cx.out, flags as u64);
    cx.b(b' ');
    cx.u(src as u64);
    cx.s(" > ");
    cx.u(dst as u64);
}

static REASONS: &[(u16, &str)] = &[
    (0, "object rejected connect"),
    (1, "insufficient resources"),
    (2, "unrecognized node name"),
    (3, "node is shutting down"),
    (4, "unrecognized object"),
    (5, "invalid object name format"),
    (6, "object too busy"),
    (7, "protocol error discovered"),
    (8, "third party abort"),
    (9, "user abort"),
    (10, "invalid node name format"),
    (11, "local node shutting down"),
    (32, "insufficient local resources"),
    (33, "insufficient remote user resources"),
    (34, "invalid access control information"),
    (36, "bad ACCOUNT information"),
    (38, "no response from object"),
    (39, "node unreachable"),
    (41, "no link terminate"),
    (42, "disconnect complete"),
    (43, "bad image data in connect"),
    (54, "cryptographic service mismatch"),
];

fn reason(cx: &mut Ctx, r: u16) {
    match tables::lookup(REASONS, r) {
        Some(n) => cx.s(n),
        None => {
            cx.s("reason-");
            cx.u(r as u64);
        }
    }
    cx.b(b' ');
}

/// Requested services and NSP version of a connect message.
fn services(cx: &mut Ctx, services: u8, info: u8, segsize: u16) {
    match services & 0x0c {
        0x04 => cx.s("seg "),
        0x08 => cx.s("msg "),
        _ => {}
    }
    cx.s(["ver 3.2 ", "ver 3.1 ", "ver 4.0 ", "ver 4.1 "][(info & 3) as usize]);
    cx.s("segsize ");
    cx.u(segsize as u64);
    cx.b(b' ');
}

/// An NSP message; `false` when it is too short.
fn nsp(cx: &mut Ctx, d: &[u8], len: usize) -> R<bool> {
    if len < 5 {
        cx.s(" (nsplen ");
        cx.u(len as u64);
        cx.s(" < 5)");
        return Ok(false);
    }
    let flags = d.u8_at(0)?;
    let (dst, src) = (le16(d, 1)?, le16(d, 3)?);
    let sub = flags & 0x70;
    match flags & 0x0c {
        0x00 => match sub {
            0x00 | 0x20 | 0x40 | 0x60 => {
                cx.s("data ");
                src_dst(cx, src, dst);
                return acks(cx, d, len, ("oack ", "onak "), true, true);
            }
            0x30 => {
                cx.s("intr ");
                return acks(cx, d, len, ("ackdat ", "nakdat "), true, true);
            }
            0x10 => {
                cx.s("link-service ");
                src_dst(cx, src, dst);
                if len < 13 {
                    return Ok(false);
                }
                acks(cx, d, len, ("ackdat ", "nakdat "), false, true)?;
                let (ls, fc) = (d.u8_at(11)?, d.u8_at(12)?);
                match ls & 0x0c {
                    0 => {
                        cx.s("dat seg count ");
                        cx.u(fc as u64);
                        cx.b(b' ');
                        match ls & 3 {
                            0 => {}
                            1 => cx.s("donotsend-data "),
                            2 => cx.s("send-data "),
                            _ => {
                                cx.s("reserved-fcmod? ");
                                fmt::put_hex(cx.out, ls as u64);
                            }
                        }
                    }
                    4 => {
                        cx.s("intr req count ");
                        cx.u(fc as u64);
                        cx.b(b' ');
                    }
                    _ => {
                        cx.s("reserved-fcval-int? ");
                        fmt::put_hex(cx.out, ls as u64);
                    }
                }
            }
            _ => reserved(cx, "reserved-subtype? ", flags, src, dst),
        },
        0x04 => match sub {
            0x00 | 0x10 => {
                cx.s(if sub == 0 { "data-ack " } else { "ils-ack " });
                src_dst(cx, src, dst);
                if len < 9 {
                    return Ok(false);
                }
                d.range(0, 9)?;
                let other = if sub == 0 {
                    ("oack ", "onak ")
                } else {
                    ("ackdat ", "nakdat ")
                };
                acks(cx, d, len, other, false, false)?;
            }
            0x20 => {
                cx.s("conn-ack ");
                cx.u(dst as u64);
            }
            _ => reserved(cx, "reserved-acktype? ", flags, src, dst),
        },
        0x08 => match sub {
            0x10 | 0x60 => {
                cx.s(if sub == 0x10 {
                    "conn-initiate "
                } else {
                    "retrans-conn-initiate "
                });
                src_dst(cx, src, dst);
                if len < 9 {
                    return Ok(false);
                }
                let (s, i, seg) = (d.u8_at(5)?, d.u8_at(6)?, le16(d, 7)?);
                services(cx, s, i, seg);
            }
            0x20 => {
                cx.s("conn-confirm ");
                src_dst(cx, src, dst);
                if len < 10 {
                    return Ok(false);
                }
                let (s, i, seg, opt) = (d.u8_at(5)?, d.u8_at(6)?, le16(d, 7)?, d.u8_at(9)?);
                services(cx, s, i, seg);
                optlen(cx, opt);
            }
            0x30 => {
                cx.s("disconn-initiate ");
                src_dst(cx, src, dst);
                if len < 8 {
                    return Ok(false);
                }
                let (r, opt) = (le16(d, 5)?, d.u8_at(7)?);
                reason(cx, r);
                optlen(cx, opt);
            }
            0x40 => {
                cx.s("disconn-confirm ");
                src_dst(cx, src, dst);
                reason(cx, le16(d, 5)?);
            }
            _ => reserved(cx, "reserved-ctltype? ", flags, src, dst),
        },
        _ => reserved(cx, "reserved-type? ", flags, src, dst),
    }
    Ok(true)
}

fn optlen(cx: &mut Ctx, n: u8) {
    if n != 0 {
        cx.s("optlen ");
        cx.u(n as u64);
        cx.b(b' ');
    }
}
