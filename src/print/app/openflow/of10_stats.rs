//! OpenFlow 1.0 statistics requests and replies (specification section
//! 5.3.5): description, flow, aggregate, table, port, queue, vendor.

use super::names::*;
use super::of10::{actions, flow_match, padded_str, port, vendor_data};
use super::{bitmap, lu, tok_or_hex, tok_or_num, Cur};
use crate::print::core::prelude::*;

fn exact(cx: &mut Ctx, c: &Cur, what: &str, n: u32) -> R<bool> {
    if c.len != n {
        cx.bad_len(what, c.len as u64, "!=", n as u64);
        c.invalid(cx)?;
        return Ok(false);
    }
    Ok(true)
}

pub(super) fn stats_request(cx: &mut Ctx, mut c: Cur) -> R {
    let t = c.u16(0)? as u32;
    c.fwd(2);
    cx.s("\n\t type ");
    tok_or_hex(cx, OFPST_STR, t, "invalid", 4);
    let flags = c.u16(0)?;
    cx.s(", flags 0x");
    fmt::put_hex_padded(cx.out, flags as u64, 4);
    if flags != 0 {
        cx.s(" (bogus)");
    }
    c.fwd(2);
    match t {
        0 | 3 => {
            exact(cx, &c, "len", 0)?;
        }
        1 | 2 => {
            if exact(cx, &c, "len", 44)? {
                flow_match(cx, "\n\t ", &c)?;
                c.fwd(40);
                let table = c.u8(0)?;
                cx.s("\n\t table_id ");
                tok_or_num(cx, TABLEID_STR, table as u32);
                c.fwd(2);
                let p = c.u16(0)?;
                cx.s(", out_port ");
                port(cx, p);
            }
        }
        4 => {
            if exact(cx, &c, "len", 8)? {
                let p = c.u16(0)?;
                cx.s("\n\t port_no ");
                port(cx, p);
                c.fwd(2);
                c.chk_fwd(6)?;
            }
        }
        5 => {
            if exact(cx, &c, "len", 8)? {
                let p = c.u16(0)?;
                cx.s("\n\t port_no ");
                port(cx, p);
                c.fwd(4);
                let q = c.u32(0)?;
                cx.s(", queue_id ");
                tok_or_num(cx, OFPQ_STR, q);
            }
        }
        0xffff => vendor_data(cx, c)?,
        _ => {}
    }
    Ok(())
}

fn desc_reply(cx: &mut Ctx, mut c: Cur) -> R {
    cx.s("\n\t ");
    if !exact(cx, &c, "len", 1056)? {
        return Ok(());
    }
    for (label, n) in [
        (" mfr_desc ", 256),
        ("\n\t  hw_desc ", 256),
        ("\n\t  sw_desc ", 256),
        ("\n\t  serial_num ", 32),
        ("\n\t  dp_desc ", 256),
    ] {
        cx.s(label);
        padded_str(cx, &c, 0, n)?;
        c.fwd(n as u32);
    }
    Ok(())
}

fn flow_reply(cx: &mut Ctx, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s("\n\t");
        if c.len < 88 {
            cx.bad_len("remaining length", c.len as u64, "<", 88);
            return c.invalid(cx);
        }
        let entry = c.u16(0)? as u32;
        lu(cx, " length ", entry as u64);
        if entry < 88 {
            cx.bad_len("entry_len", entry as u64, "<", 88);
            return c.invalid(cx);
        }
        if entry > c.len {
            cx.bad_len("entry_len", entry as u64, ">", c.len as u64);
            return c.invalid(cx);
        }
        c.fwd(2);
        let table = c.u8(0)?;
        cx.s(", table_id ");
        tok_or_num(cx, TABLEID_STR, table as u32);
        c.fwd(2);
        flow_match(cx, "\n\t  ", &c)?;
        c.fwd(40);
        lu(cx, "\n\t  duration_sec ", c.u32(0)? as u64);
        lu(cx, ", duration_nsec ", c.u32(4)? as u64);
        lu(cx, ", priority ", c.u16(8)? as u64);
        lu(cx, ", idle_timeout ", c.u16(10)? as u64);
        lu(cx, ", hard_timeout ", c.u16(12)? as u64);
        let cookie = c.u64(20)?;
        cx.s(", cookie 0x");
        fmt::put_hex_padded(cx.out, cookie, 16);
        lu(cx, ", packet_count ", c.u64(28)?);
        lu(cx, ", byte_count ", c.u64(36)?);
        c.fwd(44);
        actions(
            cx,
            "\n\t  ",
            Cur {
                len: entry - 88,
                ..c
            },
        )?;
        c.fwd(entry - 88);
    }
    Ok(())
}

fn aggregate_reply(cx: &mut Ctx, c: Cur) -> R {
    cx.s("\n\t");
    if c.len != 24 {
        cx.bad_len("remaining length", c.len as u64, "!=", 24);
        return c.invalid(cx);
    }
    lu(cx, " packet_count ", c.u64(0)?);
    lu(cx, ", byte_count ", c.u64(8)?);
    lu(cx, ", flow_count ", c.u32(16)? as u64);
    c.bytes(20, 4)?;
    Ok(())
}

fn table_reply(cx: &mut Ctx, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s("\n\t");
        if c.len < 64 {
            cx.bad_len("remaining length", c.len as u64, "<", 64);
            return c.invalid(cx);
        }
        let table = c.u8(0)?;
        cx.s(" table_id ");
        tok_or_num(cx, TABLEID_STR, table as u32);
        c.fwd(4);
        cx.s(", name ");
        padded_str(cx, &c, 0, 32)?;
        c.fwd(32);
        let w = c.u32(0)?;
        cx.s("\n\t  wildcards 0x");
        fmt::put_hex_padded(cx.out, w as u64, 8);
        bitmap(cx, OFPFW_BM, w, OFPFW_U);
        lu(cx, "\n\t  max_entries ", c.u32(4)? as u64);
        lu(cx, ", active_count ", c.u32(8)? as u64);
        lu(cx, ", lookup_count ", c.u64(12)?);
        lu(cx, ", matched_count ", c.u64(20)?);
        c.fwd(28);
    }
    Ok(())
}

fn port_reply(cx: &mut Ctx, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s("\n\t ");
        if c.len < 104 {
            cx.bad_len("remaining length", c.len as u64, "<", 104);
            return c.invalid(cx);
        }
        let p = c.u16(0)?;
        cx.s(" port_no ");
        port(cx, p);
        c.fwd(2);
        if cx.opts.verbose < 2 {
            c.chk_fwd(102)?;
            continue;
        }
        c.fwd(6);
        for label in [
            ", rx_packets ",
            ", tx_packets ",
            ", rx_bytes ",
            ", tx_bytes ",
            ", rx_dropped ",
            ", tx_dropped ",
            ", rx_errors ",
            ", tx_errors ",
            ", rx_frame_err ",
            ", rx_over_err ",
            ", rx_crc_err ",
            ", collisions ",
        ] {
            lu(cx, label, c.u64(0)?);
            c.fwd(8);
        }
    }
    Ok(())
}

fn queue_reply(cx: &mut Ctx, mut c: Cur) -> R {
    while c.len != 0 {
        cx.s("\n\t ");
        if c.len < 32 {
            cx.bad_len("remaining length", c.len as u64, "<", 32);
            return c.invalid(cx);
        }
        let p = c.u16(0)?;
        cx.s(" port_no ");
        port(cx, p);
        c.fwd(4);
        lu(cx, ", queue_id ", c.u32(0)? as u64);
        c.fwd(4);
        for label in [", tx_bytes ", ", tx_packets ", ", tx_errors "] {
            lu(cx, label, c.u64(0)?);
            c.fwd(8);
        }
    }
    Ok(())
}

pub(super) fn stats_reply(cx: &mut Ctx, mut c: Cur) -> R {
    let t = c.u16(0)? as u32;
    cx.s("\n\t type ");
    tok_or_hex(cx, OFPST_STR, t, "invalid", 4);
    c.fwd(2);
    let flags = c.u16(0)?;
    cx.s(", flags 0x");
    fmt::put_hex_padded(cx.out, flags as u64, 4);
    bitmap(cx, OFPSF_REPLY_BM, flags as u32, OFPSF_REPLY_U);
    c.fwd(2);
    if cx.opts.verbose > 0 {
        let decode: Option<fn(&mut Ctx, Cur) -> R> = match t {
            0 => Some(desc_reply),
            1 => Some(flow_reply),
            2 => Some(aggregate_reply),
            3 => Some(table_reply),
            4 => Some(port_reply),
            5 => Some(queue_reply),
            0xffff => Some(vendor_data),
            _ => None,
        };
        if let Some(decode) = decode {
            return decode(cx, c);
        }
    }
    c.bytes(0, c.len as usize)?;
    Ok(())
}
