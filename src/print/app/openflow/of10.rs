//! OpenFlow 1.0 message bodies (OpenFlow Switch Specification 1.0.0,
//! section 5): ports, matches, actions, and the message types.

use super::names::*;
use super::of10_stats::{stats_reply, stats_request};
use super::{bitmap, data, hex32, lu, m, tok, tok_or_hex, tok_or_num, vendor_name, Cur, Message};
use crate::print::core::prelude::*;
use crate::print::dispatch;

pub(super) const OUI_BSN: u32 = 0x005c16c7;
const OFPP_CONTROLLER: u32 = 0xfffd;

static MESSAGES: [Message; 22] = [
    m("HELLO", Some(data), false, 0),
    m("ERROR", Some(error), false, 4),
    m("ECHO_REQUEST", Some(data), false, 0),
    m("ECHO_REPLY", Some(data), false, 0),
    m("VENDOR", Some(vendor_message), false, 4),
    m("FEATURES_REQUEST", None, true, 0),
    m("FEATURES_REPLY", Some(features_reply), false, 24),
    m("GET_CONFIG_REQUEST", None, true, 0),
    m("GET_CONFIG_REPLY", Some(switch_config), true, 4),
    m("SET_CONFIG", Some(switch_config), true, 4),
    m("PACKET_IN", Some(packet_in), false, 10),
    m("FLOW_REMOVED", Some(flow_removed), true, 80),
    m("PORT_STATUS", Some(port_status), true, 56),
    m("PACKET_OUT", Some(packet_out), false, 8),
    m("FLOW_MOD", Some(flow_mod), false, 64),
    m("PORT_MOD", Some(port_mod), true, 24),
    m("STATS_REQUEST", Some(stats_request), false, 4),
    m("STATS_REPLY", Some(stats_reply), false, 4),
    m("BARRIER_REQUEST", None, true, 0),
    m("BARRIER_REPLY", None, true, 0),
    m(
        "QUEUE_GET_CONFIG_REQUEST",
        Some(queue_get_config_request),
        true,
        4,
    ),
    m(
        "QUEUE_GET_CONFIG_REPLY",
        Some(queue_get_config_reply),
        false,
        8,
    ),
];

pub(super) fn message(t: u8) -> Option<&'static Message> {
    MESSAGES.get(t as usize)
}

pub(super) fn port(cx: &mut Ctx, v: u16) {
    tok_or_num(cx, OFPP_STR, v as u32);
}

fn vlan(cx: &mut Ctx, vid: u16) {
    if vid == 0xffff {
        cx.s("NONE");
    } else {
        cx.u(vid as u64);
        if !(vid > 0 && vid < 0x0fff) {
            cx.s(" (bogus)");
        }
    }
}

fn pcp(cx: &mut Ctx, p: u8) {
    cx.u(p as u64);
    if p > 7 {
        cx.s(" (bogus)");
    }
}

/// A NUL-padded string field of `n` bytes, in quotes.
pub(super) fn padded_str(cx: &mut Ctx, c: &Cur, off: usize, n: usize) -> R {
    cx.b(b'\'');
    for i in 0..n {
        let ch = c.u8(off + i)?;
        if ch == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, ch);
    }
    cx.b(b'\'');
    Ok(())
}

fn bsn_message(cx: &mut Ctx, mut c: Cur) -> R {
    cx.s("\n\t");
    if c.len < 4 {
        cx.bad_len("len", c.len as u64, "<", 4);
        return c.invalid(cx);
    }
    let subtype = c.u32(0)?;
    c.fwd(4);
    cx.s(" subtype ");
    match tok(BSN_SUBTYPE_STR, subtype) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown (");
            hex32(cx, subtype);
            cx.b(b')');
        }
    }
    let exact = |cx: &mut Ctx, c: &Cur, n: u32| -> R<bool> {
        if c.len != n {
            cx.bad_len("len", c.len as u64, "!=", n as u64);
            c.invalid(cx)?;
            return Ok(false);
        }
        Ok(true)
    };
    match subtype {
        1 => {
            if exact(cx, &c, 8)? {
                lu(cx, ", index ", c.u8(0)? as u64);
                c.fwd(1);
                c.bytes(0, 7)?;
            }
        }
        0 | 2 => {
            if exact(cx, &c, 8)? {
                lu(cx, ", index ", c.u8(0)? as u64);
                c.fwd(4);
                let mask = c.bytes(0, 4)?;
                cx.s(", mask ");
                cx.ipv4(mask);
            }
        }
        3..=5 => {
            if exact(cx, &c, 4)? {
                let v = c.u8(0)?;
                cx.s(", report_mirror_ports ");
                match tok(BSN_ONOFF_STR, v as u32) {
                    Some(n) => cx.s(n),
                    None => {
                        cx.s("bogus (");
                        cx.u(v as u64);
                        cx.b(b')');
                    }
                }
                c.fwd(1);
                c.bytes(0, 3)?;
            }
        }
        9 | 13 | 19 | 21 | 27 => {
            exact(cx, &c, 0)?;
        }
        17 => {
            if exact(cx, &c, 4)? {
                lu(cx, ", vport_no ", c.u32(0)? as u64);
            }
        }
        6 => {
            if c.len < 4 {
                cx.bad_len("len", c.len as u64, "<", 4);
                return c.invalid(cx);
            }
            lu(cx, ", service ", c.u32(0)? as u64);
            c.fwd(4);
            shell_data(cx, &c)?;
        }
        7 => shell_data(cx, &c)?,
        8 => {
            if exact(cx, &c, 4)? {
                let v = c.u32(0)?;
                cx.s(", status ");
                hex32(cx, v);
            }
        }
        _ => {
            c.bytes(0, c.len as usize)?;
        }
    }
    Ok(())
}

fn shell_data(cx: &mut Ctx, c: &Cur) -> R {
    cx.s(", data '");
    for i in 0..c.len as usize {
        fmt::put_safe_char(cx.out, c.u8(i)?);
    }
    cx.b(b'\'');
    Ok(())
}

fn bsn_actions(cx: &mut Ctx, mut c: Cur) -> R {
    cx.s("\n\t ");
    if c.len < 4 {
        cx.bad_len("len", c.len as u64, "<", 4);
        return c.invalid(cx);
    }
    let subtype = c.u32(0)?;
    c.fwd(4);
    cx.s(" subtype ");
    match tok(BSN_ACTION_SUBTYPE_STR, subtype) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown (");
            hex32(cx, subtype);
            cx.b(b')');
        }
    }
    if subtype == 1 {
        if c.len != 12 {
            cx.bad_len("len", c.len as u64, "!=", 12);
            return c.invalid(cx);
        }
        lu(cx, ", dest_port ", c.u32(0)? as u64);
        c.fwd(4);
        let tag = c.u32(0)?;
        c.fwd(4);
        match tag >> 16 {
            0 => cx.s(", vlan_tag none"),
            0x8100 => {
                let tci = tag & 0xffff;
                cx.s(", vlan_tag 802.1Q (vlan ");
                cx.u((tci & 0xfff) as u64);
                cx.s(", p ");
                cx.u((tci >> 13) as u64);
                if tci & 0x1000 != 0 {
                    cx.s(", DEI");
                }
                cx.b(b')');
            }
            t => {
                cx.s(", vlan_tag unknown (0x");
                fmt::put_hex_padded(cx.out, t as u64, 4);
                cx.b(b')');
            }
        }
        let stage = c.u8(0)?;
        cx.s(", copy_stage ");
        match tok(BSN_MIRROR_COPY_STAGE_STR, stage as u32) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown (");
                cx.u(stage as u64);
                cx.b(b')');
            }
        }
        c.fwd(1);
        c.bytes(0, 3)?;
    } else {
        c.bytes(0, c.len as usize)?;
    }
    Ok(())
}

fn vendor_id(cx: &mut Ctx, c: &mut Cur) -> R<u32> {
    let vendor = c.u32(0)?;
    c.fwd(4);
    cx.s(", vendor ");
    hex32(cx, vendor);
    cx.s(" (");
    vendor_name(cx, vendor);
    cx.b(b')');
    Ok(vendor)
}

fn vendor_action(cx: &mut Ctx, mut c: Cur) -> R {
    if c.len < 4 {
        cx.bad_len("len", c.len as u64, "<", 4);
        return c.invalid(cx);
    }
    if vendor_id(cx, &mut c)? == OUI_BSN {
        bsn_actions(cx, c)
    } else {
        data(cx, c)
    }
}

fn vendor_message(cx: &mut Ctx, mut c: Cur) -> R {
    if vendor_id(cx, &mut c)? == OUI_BSN {
        bsn_message(cx, c)
    } else {
        data(cx, c)
    }
}

/// The vendor id (mandatory), then opaque data.
pub(super) fn vendor_data(cx: &mut Ctx, mut c: Cur) -> R {
    if c.len < 4 {
        cx.bad_len("len", c.len as u64, "<", 4);
        return c.invalid(cx);
    }
    vendor_id(cx, &mut c)?;
    data(cx, c)
}

/// A frame carried in a message: with `-vvv`, decoded as Ethernet with
/// three fewer `-v`.
fn packet_data(cx: &mut Ctx, c: Cur) -> R {
    if c.len == 0 {
        return Ok(());
    }
    cx.s("\n\t data (");
    cx.u(c.len as u64);
    cx.s(" octets)");
    if cx.opts.verbose < 3 {
        c.bytes(0, c.len as usize)?;
        return Ok(());
    }
    cx.s(", frame decoding below\n");
    let start = c.at.min(c.d.len());
    let frame = &c.d[start..(start + c.len as usize).min(c.d.len())];
    let mut opts = cx.opts.clone();
    opts.verbose -= 3;
    let mut inner = Ctx {
        out: &mut *cx.out,
        opts: &opts,
        proto: cx.proto,
        tcp_seqs: &mut *cx.tcp_seqs,
        names: &mut *cx.names,
        state: &mut *cx.state,
        net_names: !opts.link_header,
    };
    let mut ll = 0;
    let r = match dispatch::linktype(1) {
        Some(ether) => ether(&mut inner, frame, c.len as usize, &mut ll),
        None => Ok(()),
    };
    let proto = inner.proto;
    cx.proto = proto;
    r
}

/// A port description (`ofp_phy_port`, 48 bytes).
pub(super) fn phy_port(cx: &mut Ctx, c: &Cur) -> R {
    let v = c.u16(0)?;
    cx.s("\n\t  port_no ");
    port(cx, v);
    let mac = c.bytes(2, 6)?;
    cx.s(", hw_addr ");
    cx.mac(mac);
    cx.s(", name ");
    padded_str(cx, c, 8, 16)?;
    if cx.opts.verbose < 2 {
        c.bytes(24, 24)?;
        return Ok(());
    }
    let config = c.u32(24)?;
    cx.s("\n\t   config ");
    hex32(cx, config);
    bitmap(cx, OFPPC_BM, config, OFPPC_U);
    let state = c.u32(28)?;
    cx.s("\n\t   state ");
    hex32(cx, state);
    cx.s(" (");
    cx.s(tok(OFPPS_STP_STR, state & 0x300).unwrap_or(""));
    if state & 1 != 0 {
        cx.s(", LINK_DOWN");
    }
    cx.b(b')');
    if state & OFPPS_U != 0 {
        cx.s(" (bogus)");
    }
    for (i, label) in ["curr", "advertised", "supported", "peer"]
        .iter()
        .enumerate()
    {
        let v = c.u32(32 + 4 * i)?;
        cx.s("\n\t   ");
        cx.s(label);
        cx.b(b' ');
        hex32(cx, v);
        bitmap(cx, OFPPF_BM, v, OFPPF_U);
    }
    Ok(())
}

fn queue_props(cx: &mut Ctx, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s("\n\t  ");
        if c.len < 8 {
            cx.bad_len("remaining length", c.len as u64, "<", 8);
            return c.invalid(cx);
        }
        let property = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(" property ");
        tok_or_hex(cx, OFPQT_STR, property, "invalid", 4);
        let plen = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(", len ");
        cx.u(plen as u64);
        if plen < 8 {
            cx.bad_len("property length", plen as u64, "<", 8);
            return c.invalid(cx);
        }
        if plen > c.len + 4 {
            cx.bad_len("property length", plen as u64, ">", (c.len + 4) as u64);
            return c.invalid(cx);
        }
        c.chk_fwd(4)?;
        let (bogus, skip) = match property {
            0 => (plen != 8, false),
            1 => (plen != 16, false),
            _ => (false, true),
        };
        if bogus {
            cx.s(" (bogus)");
        }
        if bogus || skip {
            c.chk_fwd(plen - 8)?;
            continue;
        }
        if property == 1 {
            let rate = c.u16(0)?;
            c.fwd(2);
            if rate > 1000 {
                cx.s(", rate disabled");
            } else {
                cx.s(", rate ");
                cx.u((rate / 10) as u64);
                cx.b(b'.');
                cx.u((rate % 10) as u64);
                cx.b(b'%');
            }
            c.chk_fwd(6)?;
        }
    }
    Ok(())
}

fn queues(cx: &mut Ctx, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s("\n\t ");
        if c.len < 8 {
            cx.bad_len("remaining length", c.len as u64, "<", 8);
            return c.invalid(cx);
        }
        lu(cx, " queue_id ", c.u32(0)? as u64);
        c.fwd(4);
        let desclen = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(", len ");
        cx.u(desclen as u64);
        if desclen < 8 {
            cx.bad_len("prop. desc. length", desclen as u64, "<", 8);
            return c.invalid(cx);
        }
        if desclen > c.len + 6 {
            cx.bad_len(
                "prop. desc. length",
                desclen as u64,
                ">",
                (c.len + 6) as u64,
            );
            return c.invalid(cx);
        }
        c.chk_fwd(2)?;
        let props = Cur {
            len: desclen - 8,
            ..c
        };
        if cx.opts.verbose >= 2 {
            queue_props(cx, props)?;
        } else {
            props.bytes(0, props.len as usize)?;
        }
        c.fwd(desclen - 8);
    }
    Ok(())
}

/// A flow match (`ofp_match`, 40 bytes): the fields not wildcarded.
pub(super) fn flow_match(cx: &mut Ctx, pfx: &str, c: &Cur) -> R {
    let w = c.u32(0)?;
    if w & OFPFW_U != 0 {
        cx.s(pfx);
        cx.s("wildcards ");
        hex32(cx, w);
        cx.s(" (bogus)");
    }
    let field = |cx: &mut Ctx, name: &str| {
        cx.s(pfx);
        cx.s("match ");
        cx.s(name);
        cx.b(b' ');
    };
    if w & 1 == 0 {
        let p = c.u16(4)?;
        field(cx, "in_port");
        port(cx, p);
    }
    if w & 4 == 0 {
        let a = c.bytes(6, 6)?;
        field(cx, "dl_src");
        cx.mac(a);
    }
    if w & 8 == 0 {
        let a = c.bytes(12, 6)?;
        field(cx, "dl_dst");
        cx.mac(a);
    }
    if w & 2 == 0 {
        let v = c.u16(18)?;
        field(cx, "dl_vlan");
        vlan(cx, v);
    }
    if w & (1 << 20) == 0 {
        let v = c.u8(20)?;
        field(cx, "dl_vlan_pcp");
        pcp(cx, v);
    }
    let dl_type = c.u16(22)?;
    if w & 16 == 0 {
        field(cx, "dl_type");
        cx.s("0x");
        fmt::put_hex_padded(cx.out, dl_type as u64, 4);
    }
    if w & (1 << 21) == 0 {
        let v = c.u8(24)?;
        field(cx, "nw_tos");
        cx.s("0x");
        fmt::put_hex_padded(cx.out, v as u64, 2);
    }
    let nw_proto = c.u8(25)?;
    let typed = w & 16 == 0;
    if w & 32 == 0 {
        field(
            cx,
            if typed && dl_type == 0x0806 {
                "arp_opcode"
            } else {
                "nw_proto"
            },
        );
        cx.u(nw_proto as u64);
    }
    for (shift, off, name) in [(8, 28, "nw_src"), (14, 32, "nw_dst")] {
        let bits = (w >> shift) & 0x3f;
        if bits < 32 {
            let a = c.bytes(off, 4)?;
            field(cx, name);
            cx.ipv4(a);
            cx.b(b'/');
            cx.u((32 - bits) as u64);
        }
    }
    let icmp = typed && dl_type == 0x0800 && w & 32 == 0 && nw_proto == 1;
    if w & 64 == 0 {
        let v = c.u16(36)?;
        field(cx, if icmp { "icmp_type" } else { "tp_src" });
        cx.u(v as u64);
    }
    if w & 128 == 0 {
        let v = c.u16(38)?;
        field(cx, if icmp { "icmp_code" } else { "tp_dst" });
        cx.u(v as u64);
    } else {
        c.bytes(38, 2)?;
    }
    Ok(())
}

/// An action list.
pub(super) fn actions(cx: &mut Ctx, pfx: &str, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s(pfx);
        cx.s("action");
        if c.len < 8 {
            cx.bad_len("remaining length", c.len as u64, "<", 8);
            return c.invalid(cx);
        }
        let t = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(" type ");
        tok_or_hex(cx, OFPAT_STR, t, "invalid", 4);
        let alen = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(", len ");
        cx.u(alen as u64);
        if alen < 8 {
            cx.bad_len("alen", alen as u64, "<", 8);
            return c.invalid(cx);
        }
        if alen > c.len + 4 {
            cx.bad_len("alen", alen as u64, ">", (c.len + 4) as u64);
            return c.invalid(cx);
        }
        let (bogus, skip) = match t {
            0..=3 | 6..=10 => (alen != 8, false),
            4 | 5 | 11 => (alen != 16, false),
            0xffff => (alen % 8 != 0, false),
            _ => (false, true),
        };
        if bogus {
            cx.s(" (bogus)");
        }
        if bogus || skip {
            c.chk_fwd(alen - 4)?;
            continue;
        }
        match t {
            0 => {
                let out = c.u16(0)?;
                c.fwd(2);
                cx.s(", port ");
                port(cx, out);
                if out as u32 == OFPP_CONTROLLER {
                    lu(cx, ", max_len ", c.u16(0)? as u64);
                } else {
                    c.bytes(0, 2)?;
                }
                c.fwd(2);
            }
            1 => {
                let v = c.u16(0)?;
                cx.s(", vlan_vid ");
                vlan(cx, v);
                c.fwd(2);
                c.chk_fwd(2)?;
            }
            2 => {
                let v = c.u8(0)?;
                cx.s(", vlan_pcp ");
                pcp(cx, v);
                c.fwd(1);
                c.chk_fwd(3)?;
            }
            4 | 5 => {
                let a = c.bytes(0, 6)?;
                cx.s(", dl_addr ");
                cx.mac(a);
                c.fwd(6);
                c.chk_fwd(6)?;
            }
            6 | 7 => {
                let a = c.bytes(0, 4)?;
                cx.s(", nw_addr ");
                cx.ipv4(a);
                c.fwd(4);
            }
            8 => {
                let v = c.u8(0)?;
                cx.s(", nw_tos 0x");
                fmt::put_hex_padded(cx.out, v as u64, 2);
                c.fwd(1);
                c.chk_fwd(3)?;
            }
            9 | 10 => {
                let v = c.u16(0)?;
                cx.s(", tp_port ");
                cx.u(v as u64);
                c.fwd(2);
                c.chk_fwd(2)?;
            }
            11 => {
                let p = c.u16(0)?;
                cx.s(", port ");
                port(cx, p);
                c.fwd(8);
                let q = c.u32(0)?;
                cx.s(", queue_id ");
                tok_or_num(cx, OFPQ_STR, q);
                c.fwd(4);
            }
            0xffff => {
                vendor_action(cx, Cur { len: alen - 4, ..c })?;
                c.fwd(alen - 4);
            }
            _ => {
                // STRIP_VLAN: padding only.
                c.chk_fwd(4)?;
            }
        }
    }
    Ok(())
}

fn features_reply(cx: &mut Ctx, mut c: Cur) -> R {
    let dpid = c.u64(0)?;
    cx.s("\n\t dpid 0x");
    fmt::put_hex_padded(cx.out, dpid, 16);
    c.fwd(8);
    lu(cx, ", n_buffers ", c.u32(0)? as u64);
    c.fwd(4);
    lu(cx, ", n_tables ", c.u8(0)? as u64);
    c.fwd(4);
    let caps = c.u32(0)?;
    cx.s("\n\t capabilities ");
    hex32(cx, caps);
    bitmap(cx, OFP_CAPABILITIES_BM, caps, OFPCAP_U);
    c.fwd(4);
    let acts = c.u32(0)?;
    cx.s("\n\t actions ");
    hex32(cx, acts);
    bitmap(cx, OFPAT_BM, acts, OFPAT_U);
    c.fwd(4);
    while c.len != 0 {
        if c.len < 48 {
            cx.bad_len("\n\t  port def. length", c.len as u64, "<", 48);
            return c.invalid(cx);
        }
        phy_port(cx, &c)?;
        c.fwd(48);
    }
    Ok(())
}

fn switch_config(cx: &mut Ctx, c: Cur) -> R {
    let flags = c.u16(0)?;
    cx.s("\n\t flags ");
    tok_or_hex(cx, OFP_CONFIG_STR, flags as u32, "invalid", 4);
    lu(cx, ", miss_send_len ", c.u16(2)? as u64);
    Ok(())
}

/// A 16-bit field shown only when not zero.
fn nonzero(cx: &mut Ctx, c: &Cur, off: usize, label: &str) -> R {
    let v = c.u16(off)?;
    if v != 0 {
        cx.s(label);
        cx.u(v as u64);
    }
    Ok(())
}

fn flow_mod(cx: &mut Ctx, mut c: Cur) -> R {
    flow_match(cx, "\n\t ", &c)?;
    c.fwd(40);
    let cookie = c.u64(0)?;
    cx.s("\n\t cookie 0x");
    fmt::put_hex_padded(cx.out, cookie, 16);
    c.fwd(8);
    let command = c.u16(0)? as u32;
    cx.s(", command ");
    tok_or_hex(cx, OFPFC_STR, command, "invalid", 4);
    c.fwd(2);
    for label in [", idle_timeout ", ", hard_timeout ", ", priority "] {
        nonzero(cx, &c, 0, label)?;
        c.fwd(2);
    }
    if command <= 2 {
        let b = c.u32(0)?;
        cx.s(", buffer_id ");
        match tok(BUFFERID_STR, b) {
            Some(n) => cx.s(n),
            None => hex32(cx, b),
        }
    }
    c.fwd(4);
    if command == 3 || command == 4 {
        let p = c.u16(0)?;
        cx.s(", out_port ");
        port(cx, p);
    }
    c.fwd(2);
    let flags = c.u16(0)?;
    cx.s(", flags 0x");
    fmt::put_hex_padded(cx.out, flags as u64, 4);
    bitmap(cx, OFPFF_BM, flags as u32, OFPFF_U);
    c.fwd(2);
    actions(cx, "\n\t ", c)
}

fn port_mod(cx: &mut Ctx, c: Cur) -> R {
    let v = c.u16(0)?;
    cx.s("\n\t port_no ");
    port(cx, v);
    let mac = c.bytes(2, 6)?;
    cx.s(", hw_addr ");
    cx.mac(mac);
    for (off, label, table, unassigned) in [
        (8, "config", OFPPC_BM, OFPPC_U),
        (12, "mask", OFPPC_BM, OFPPC_U),
        (16, "advertise", OFPPF_BM, OFPPF_U),
    ] {
        let v = c.u32(off)?;
        cx.s("\n\t  ");
        cx.s(label);
        cx.b(b' ');
        hex32(cx, v);
        bitmap(cx, table, v, unassigned);
    }
    c.bytes(20, 4)?;
    Ok(())
}

fn queue_get_config_request(cx: &mut Ctx, c: Cur) -> R {
    let v = c.u16(0)?;
    cx.s("\n\t port ");
    port(cx, v);
    c.bytes(2, 2)?;
    Ok(())
}

fn queue_get_config_reply(cx: &mut Ctx, mut c: Cur) -> R {
    let v = c.u16(0)?;
    cx.s("\n\t port ");
    port(cx, v);
    c.fwd(2);
    c.chk_fwd(6)?;
    queues(cx, c)
}

fn packet_out(cx: &mut Ctx, mut c: Cur) -> R {
    let v = c.u32(0)?;
    cx.s("\n\t buffer_id ");
    hex32(cx, v);
    c.fwd(4);
    let v = c.u16(0)?;
    cx.s(", in_port ");
    port(cx, v);
    c.fwd(2);
    let alen = c.u16(0)? as u32;
    cx.s(", actions_len ");
    cx.u(alen as u64);
    c.fwd(2);
    if alen > c.len {
        cx.bad_len("actions_len", alen as u64, ">", c.len as u64);
        return c.invalid(cx);
    }
    actions(cx, "\n\t ", Cur { len: alen, ..c })?;
    c.fwd(alen);
    packet_data(cx, c)
}

fn packet_in(cx: &mut Ctx, mut c: Cur) -> R {
    let b = c.u32(0)?;
    cx.s("\n\t buffer_id ");
    match tok(BUFFERID_STR, b) {
        Some(n) => cx.s(n),
        None => hex32(cx, b),
    }
    c.fwd(4);
    lu(cx, ", total_len ", c.u16(0)? as u64);
    c.fwd(2);
    let v = c.u16(0)?;
    cx.s(", in_port ");
    port(cx, v);
    c.fwd(2);
    let reason = c.u8(0)?;
    cx.s(", reason ");
    tok_or_hex(cx, OFPR_STR, reason as u32, "invalid", 2);
    c.fwd(1);
    c.chk_fwd(1)?;
    packet_data(cx, c)
}

fn flow_removed(cx: &mut Ctx, c: Cur) -> R {
    flow_match(cx, "\n\t ", &c)?;
    let cookie = c.u64(40)?;
    cx.s("\n\t cookie 0x");
    fmt::put_hex_padded(cx.out, cookie, 16);
    nonzero(cx, &c, 48, ", priority ")?;
    let reason = c.u8(50)?;
    cx.s(", reason ");
    tok_or_hex(cx, OFPRR_STR, reason as u32, "unknown", 2);
    lu(cx, ", duration_sec ", c.u32(52)? as u64);
    lu(cx, ", duration_nsec ", c.u32(56)? as u64);
    nonzero(cx, &c, 60, ", idle_timeout ")?;
    lu(cx, ", packet_count ", c.u64(64)?);
    lu(cx, ", byte_count ", c.u64(72)?);
    Ok(())
}

fn port_status(cx: &mut Ctx, c: Cur) -> R {
    let reason = c.u8(0)?;
    cx.s("\n\t reason ");
    tok_or_hex(cx, OFPPR_STR, reason as u32, "invalid", 2);
    let desc = Cur {
        at: c.at + 8,
        len: c.len.wrapping_sub(8),
        ..c
    };
    phy_port(cx, &desc)
}

fn error(cx: &mut Ctx, mut c: Cur) -> R {
    let t = c.u16(0)? as u32;
    c.fwd(2);
    cx.s("\n\t type ");
    tok_or_hex(cx, OFPET_STR, t, "invalid", 4);
    let code = c.u16(0)? as u32;
    c.fwd(2);
    let codes: Option<&[(u32, &str)]> = match t {
        0 => Some(OFPHFC_STR),
        1 => Some(OFPBRC_STR),
        2 => Some(OFPBAC_STR),
        3 => Some(OFPFMFC_STR),
        4 => Some(OFPPMFC_STR),
        5 => Some(OFPQOFC_STR),
        _ => None,
    };
    cx.s(", code ");
    match codes.and_then(|t| tok(t, code)) {
        Some(n) => cx.s(n),
        None => {
            cx.s("invalid (0x");
            fmt::put_hex_padded(cx.out, code as u64, 4);
            cx.b(b')');
        }
    }
    data(cx, c)
}
