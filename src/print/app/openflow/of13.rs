//! OpenFlow 1.3 (OpenFlow Switch Specification 1.3, section 7): message
//! names, and the bodies tcpdump decodes (hello elements, errors,
//! experimenter, features, switch and table configuration, ports, roles,
//! asynchronous configuration, queue requests).

use super::names13::*;
use super::of10::padded_str;
use super::{bitmap, data, hex32, lu, m, tok, tok_or_hex, tok_or_num, vendor_name, Cur, Message};
use crate::print::core::prelude::*;

static MESSAGES: [Message; 30] = [
    m("HELLO", Some(hello), false, 0),
    m("ERROR", Some(error), false, 4),
    m("ECHO_REQUEST", Some(data), false, 0),
    m("ECHO_REPLY", Some(data), false, 0),
    m("EXPERIMENTER", Some(experimenter), false, 8),
    m("FEATURES_REQUEST", None, true, 0),
    m("FEATURES_REPLY", Some(features_reply), true, 24),
    m("GET_CONFIG_REQUEST", None, true, 0),
    m("GET_CONFIG_REPLY", Some(switch_config), true, 4),
    m("SET_CONFIG", Some(switch_config), true, 4),
    m("PACKET_IN", None, false, 0),
    m("FLOW_REMOVED", None, false, 0),
    m("PORT_STATUS", Some(port_status), true, 72),
    m("PACKET_OUT", None, false, 0),
    m("FLOW_MOD", None, false, 0),
    m("GROUP_MOD", None, false, 0),
    m("PORT_MOD", Some(port_mod), true, 32),
    m("TABLE_MOD", Some(table_mod), true, 8),
    m("MULTIPART_REQUEST", None, false, 0),
    m("MULTIPART_REPLY", None, false, 0),
    m("BARRIER_REQUEST", None, true, 0),
    m("BARRIER_REPLY", None, true, 0),
    m(
        "QUEUE_GET_CONFIG_REQUEST",
        Some(queue_get_config_request),
        true,
        8,
    ),
    m("QUEUE_GET_CONFIG_REPLY", None, false, 0),
    m("ROLE_REQUEST", Some(role), true, 16),
    m("ROLE_REPLY", Some(role), true, 16),
    m("GET_ASYNC_REQUEST", None, true, 0),
    m("GET_ASYNC_REPLY", Some(async_config), true, 24),
    m("SET_ASYNC", Some(async_config), true, 24),
    m("METER_MOD", None, false, 0),
];

pub(super) fn message(t: u8) -> Option<&'static Message> {
    MESSAGES.get(t as usize)
}

fn port_no(cx: &mut Ctx, v: u32) {
    tok_or_num(cx, OFPP_STR, v);
}

/// `label 0x%08x` and the bit names.
fn bits(
    cx: &mut Ctx,
    c: &Cur,
    off: usize,
    label: &str,
    table: &[(u32, &'static str)],
    u: u32,
) -> R {
    let v = c.u32(off)?;
    cx.s(label);
    hex32(cx, v);
    bitmap(cx, table, v, u);
    Ok(())
}

/// A port description (`ofp_port`, 64 bytes).
fn port(cx: &mut Ctx, c: &Cur) -> R {
    let p = c.u32(0)?;
    cx.s("\n\t  port_no ");
    port_no(cx, p);
    let mac = c.bytes(8, 6)?;
    cx.s(", hw_addr ");
    cx.mac(mac);
    cx.s(", name ");
    padded_str(cx, c, 16, 16)?;
    if cx.opts.verbose < 2 {
        c.bytes(32, 32)?;
        return Ok(());
    }
    bits(cx, c, 32, "\n\t   config ", OFPPC_BM, OFPPC_U)?;
    bits(cx, c, 36, "\n\t   state ", OFPPS_BM, OFPPS_U)?;
    bits(cx, c, 40, "\n\t   curr ", OFPPF_BM, OFPPF_U)?;
    bits(cx, c, 44, "\n\t   advertised ", OFPPF_BM, OFPPF_U)?;
    bits(cx, c, 48, "\n\t   supported ", OFPPF_BM, OFPPF_U)?;
    bits(cx, c, 52, "\n\t   peer ", OFPPF_BM, OFPPF_U)?;
    lu(cx, "\n\t   curr_speed ", c.u32(56)? as u64);
    cx.s("kbps");
    lu(cx, "\n\t   max_speed ", c.u32(60)? as u64);
    cx.s("kbps");
    Ok(())
}

fn features_reply(cx: &mut Ctx, c: Cur) -> R {
    let dpid = c.u64(0)?;
    cx.s("\n\t dpid 0x");
    fmt::put_hex_padded(cx.out, dpid, 16);
    lu(cx, ", n_buffers ", c.u32(8)? as u64);
    lu(cx, ", n_tables ", c.u8(12)? as u64);
    lu(cx, ", auxiliary_id ", c.u8(13)? as u64);
    bits(
        cx,
        &c,
        16,
        "\n\t capabilities ",
        OFP_CAPABILITIES_BM,
        OFPCAP_U,
    )?;
    c.bytes(20, 4)?;
    Ok(())
}

fn switch_config(cx: &mut Ctx, c: Cur) -> R {
    let flags = c.u16(0)?;
    cx.s("\n\t flags ");
    tok_or_hex(cx, OFP_CONFIG_STR, flags as u32, "invalid", 4);
    let miss = c.u16(2)?;
    cx.s(", miss_send_len ");
    tok_or_num(cx, OFPCML_STR, miss as u32);
    Ok(())
}

fn table_mod(cx: &mut Ctx, c: Cur) -> R {
    let t = c.u8(0)?;
    cx.s("\n\t table_id ");
    tok_or_num(cx, OFPTT_STR, t as u32);
    let config = c.u32(4)?;
    cx.s(", config ");
    hex32(cx, config);
    Ok(())
}

fn role(cx: &mut Ctx, c: Cur) -> R {
    let r = c.u32(0)?;
    cx.s("\n\t role ");
    match tok(OFPCR_STR, r) {
        Some(n) => cx.s(n),
        None => {
            cx.s("invalid (");
            hex32(cx, r);
            cx.b(b')');
        }
    }
    let generation = c.u64(8)?;
    cx.s(", generation_id 0x");
    fmt::put_hex_padded(cx.out, generation, 16);
    Ok(())
}

fn async_config(cx: &mut Ctx, c: Cur) -> R {
    bits(
        cx,
        &c,
        0,
        "\n\t packet_in_mask[EM] ",
        ASYNC_OFPR_BM,
        ASYNC_OFPR_U,
    )?;
    bits(
        cx,
        &c,
        4,
        "\n\t packet_in_mask[S] ",
        ASYNC_OFPR_BM,
        ASYNC_OFPR_U,
    )?;
    bits(
        cx,
        &c,
        8,
        "\n\t port_status_mask[EM] ",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )?;
    bits(
        cx,
        &c,
        12,
        "\n\t port_status_mask[S] ",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )?;
    bits(
        cx,
        &c,
        16,
        "\n\t flow_removed_mask[EM] ",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )?;
    bits(
        cx,
        &c,
        20,
        "\n\t flow_removed_mask[S] ",
        ASYNC_OFPPR_BM,
        ASYNC_OFPPR_U,
    )
}

fn port_mod(cx: &mut Ctx, c: Cur) -> R {
    let p = c.u32(0)?;
    cx.s("\n\t port_no ");
    port_no(cx, p);
    let mac = c.bytes(8, 6)?;
    cx.s(", hw_addr ");
    cx.mac(mac);
    bits(cx, &c, 16, "\n\t  config ", OFPPC_BM, OFPPC_U)?;
    bits(cx, &c, 20, "\n\t  mask ", OFPPC_BM, OFPPC_U)?;
    bits(cx, &c, 24, "\n\t  advertise ", OFPPF_BM, OFPPF_U)?;
    c.bytes(28, 4)?;
    Ok(())
}

fn port_status(cx: &mut Ctx, c: Cur) -> R {
    let reason = c.u8(0)?;
    cx.s("\n\t reason ");
    // tcpdump's fallback format lacks its conversion: printed as is.
    cx.s(tok(OFPPR_STR, reason as u32).unwrap_or("invalid (0x02x)"));
    let desc = Cur {
        at: c.at + 8,
        len: c.len.wrapping_sub(8),
        ..c
    };
    port(cx, &desc)
}

fn hello(cx: &mut Ctx, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s("\n\t");
        if c.len < 4 {
            cx.bad_len("remaining length", c.len as u64, "<", 4);
            return c.invalid(cx);
        }
        let t = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(" type ");
        tok_or_hex(cx, OFPHET_STR, t, "unknown", 4);
        let bmlen = c.u16(0)? as u32;
        c.fwd(2);
        cx.s(", length ");
        cx.u(bmlen as u64);
        if bmlen < 4 {
            cx.bad_len("bitmap length", bmlen as u64, "<", 4);
            return c.invalid(cx);
        }
        if bmlen > 4 + c.len {
            cx.bad_len("bitmap length", bmlen as u64, ">", (4 + c.len) as u64);
            return c.invalid(cx);
        }
        if t == 1 && bmlen == 8 {
            let bitmap_v = c.u32(0)?;
            cx.s(", bitmap ");
            hex32(cx, bitmap_v);
            bitmap(cx, OFVERBM_STR, bitmap_v, OF_BIT_VER_U);
        } else {
            if t == 1 {
                cx.s(" (bogus)");
            }
            c.bytes(0, (bmlen - 4) as usize)?;
        }
        c.fwd(bmlen - 4);
    }
    Ok(())
}

fn experimenter(cx: &mut Ctx, mut c: Cur) -> R {
    let e = c.u32(0)?;
    c.fwd(4);
    cx.s("\n\t experimenter ");
    hex32(cx, e);
    cx.s(" (");
    vendor_name(cx, e);
    cx.b(b')');
    let t = c.u32(0)?;
    cx.s(", exp_type ");
    hex32(cx, t);
    c.fwd(4);
    data(cx, c)
}

fn queue_get_config_request(cx: &mut Ctx, c: Cur) -> R {
    let p = c.u32(0)?;
    cx.s("\n\t port ");
    port_no(cx, p);
    c.bytes(4, 4)?;
    Ok(())
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
        3 => Some(OFPBIC_STR),
        4 => Some(OFPBMC_STR),
        5 => Some(OFPFMFC_STR),
        6 => Some(OFPGMFC_STR),
        7 => Some(OFPPMFC_STR),
        8 => Some(OFPTMFC_STR),
        9 => Some(OFPQOFC_STR),
        10 => Some(OFPSCFC_STR),
        11 => Some(OFPRRFC_STR),
        12 => Some(OFPMMFC_STR),
        13 => Some(OFPTFFC_STR),
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
