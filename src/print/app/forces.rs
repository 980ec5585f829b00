//! ForCES (RFC 5810), carried in SCTP DATA chunks on ports 6704-6706:
//! the common header, its flags, and the top-level TLVs (association
//! result and teardown reason, LFB selectors with their operations and
//! PATH-DATA trees) with `-vvv`. Checks report as the reference does: a
//! message, then ` [rc 4294967295 < 0]` per level that gave up.

use crate::print::core::prelude::*;

const HDR: usize = 24;

/// What a message type carries at the top level.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    /// No TLVs allowed.
    None,
    /// LFB selectors; `bool`: at least one is required.
    Lfb(bool),
    AsResult,
    AsTeardown,
    Redirect,
}

/// Message types: name, what the body holds.
fn message(t: u8) -> Option<(&'static str, Body)> {
    Some(match t {
        0x01 => ("Association Setup", Body::Lfb(false)),
        0x02 => ("Association TearDown", Body::AsTeardown),
        0x03 => ("Config", Body::Lfb(true)),
        0x04 => ("Query", Body::Lfb(true)),
        0x05 => ("Event Notification", Body::Lfb(true)),
        0x06 => ("Packet Redirect", Body::Redirect),
        0x0f => ("HeartBeat", Body::None),
        0x11 => ("Association Response", Body::AsResult),
        0x13 => ("Config Response", Body::Lfb(true)),
        0x14 => ("Query Response", Body::Lfb(true)),
        _ => return None,
    })
}

/// TLV type names.
fn tlv_name(t: u16) -> Option<&'static str> {
    Some(match t {
        0x0001 => "REDIRECT",
        0x0010 => "ASResult",
        0x0011 => "ASTreason",
        0x1000 => "LFBselect",
        0x0110 => "PATH-DATA",
        0x0111 => "KEYINFO",
        0x0112 => "FULLDATA",
        0x0113 => "SPARSEDATA",
        0x0114 => "RESULT",
        0x0115 => "METADATA",
        0x0116 => "REDIRECTDATA",
        _ => return None,
    })
}

/// Operation TLV names (the space is the reference's).
fn oper_name(t: u16) -> Option<&'static str> {
    Some(match t {
        0x0 => " Reserved",
        0x1 => " Set",
        0x2 => " SetProp",
        0x3 => " SetResp",
        0x4 => " SetPropResp",
        0x5 => " Del",
        0x6 => " DelResp",
        0x7 => " Get",
        0x8 => " GetProp",
        0x9 => " GetResp",
        0xa => " GetPropResp",
        0xb => " Report",
        0xc => " Commit",
        0xd => " CommitResp",
        0xe => " RTRCOMP",
        0xf => " Reserved",
        _ => return None,
    })
}

/// Which operations a message type may carry.
fn oper_allowed(msg: u8, op: u16) -> bool {
    match msg {
        0x01 | 0x05 => op == 0xb,
        0x03 => matches!(op, 0x1 | 0x2 | 0x5 | 0xc | 0xe),
        0x04 => matches!(op, 0x7 | 0x8),
        0x13 => matches!(op, 0x3 | 0x4 | 0x6 | 0xd | 0xe),
        0x14 => matches!(op, 0x9 | 0xa),
        _ => false,
    }
}

fn node(id: u32) -> &'static str {
    match id {
        0..=0x3fff_ffff => "FE",
        0x4000_0000..=0x7fff_ffff => "CE",
        0xc000_0000..=0xffff_ffef => "AllMulticast",
        0xffff_fffd => "AllCEsBroadcast",
        0xffff_fffe => "AllFEsBroadcast",
        0xffff_ffff => "AllBroadcast",
        _ => "ForCESreserved",
    }
}

fn ind(cx: &mut Ctx, n: usize) {
    for _ in 0..n.min(128) {
        cx.b(b' ');
    }
}

fn hex_u(cx: &mut Ctx, v: u64) {
    cx.s("0x");
    fmt::put_hex(cx.out, v);
}

const RC: &str = " [rc 4294967295 < 0]";

/// A ForCES message: `d` is the DATA chunk's payload.
pub fn print(cx: &mut Ctx, d: &[u8]) -> R {
    cx.proto = "forces";
    d.range(0, HDR)?;
    let t = d[1];
    let Some((name, body)) = message(t) else {
        if t == 0x12 {
            cx.s("\n\tUnknown ForCES message type=0x12 (invalid)");
        } else {
            cx.s("Invalid ForCES message type ");
            cx.u(t as u64);
            cx.s("\n (invalid)");
        }
        return Ok(());
    };
    cx.s("\n\tForCES ");
    cx.s(name);
    cx.b(b' ');
    let adv = d.be16(2)? as usize * 4;
    if adv < HDR || adv != d.len() {
        cx.s("Illegal ForCES pkt len - min 24, total recvd ");
        cx.u(d.len() as u64);
        cx.s(", advertised ");
        cx.u(adv as u64);
        cx.s("  (invalid)");
        return Ok(());
    }
    let flags = d.be32(20)?;
    if cx.opts.verbose > 0 {
        cx.s("\n\tForCES Version ");
        cx.u((d[0] >> 4) as u64);
        cx.s(" len ");
        cx.u(adv as u64);
        cx.s("B flags 0x");
        fmt::put_hex_padded(cx.out, flags as u64, 8);
        cx.s(" \n\tSrcID ");
        let src = d.be32(4)?;
        let dst = d.be32(8)?;
        hex_u(cx, src as u64);
        cx.b(b'(');
        cx.s(node(src));
        cx.s(") DstID ");
        hex_u(cx, dst as u64);
        cx.b(b'(');
        cx.s(node(dst));
        cx.s(") Correlator ");
        let corr = ((d.be32(12)? as u64) << 32) | d.be32(16)? as u64;
        hex_u(cx, corr);
    }
    if cx.opts.verbose > 1 {
        print_flags(cx, flags);
    }
    if !tops(cx, t, body, &d[HDR..adv]) {
        cx.s(RC);
        cx.s(" (invalid)");
    }
    Ok(())
}

fn print_flags(cx: &mut Ctx, f: u32) {
    let ack = f >> 30;
    let pri = (f >> 27) & 7;
    let rsv1 = (f >> 24) & 7;
    let em = (f >> 22) & 3;
    let at = (f >> 21) & 1;
    let tp = (f >> 19) & 3;
    cx.s("\n\tForCES flags:\n\t  ");
    cx.s(["NoACK", "SuccessACK", "FailureACK", "AlwaysACK"][ack as usize]);
    cx.s("(0x");
    fmt::put_hex(cx.out, ack as u64);
    cx.s("), prio=");
    cx.u(pri as u64);
    cx.s(", ");
    cx.s([
        "EMReserved",
        "execute-all-or-none",
        "execute-until-failure",
        "continue-execute-on-failure",
    ][em as usize]);
    cx.s("(0x");
    fmt::put_hex(cx.out, em as u64);
    cx.s("),\n\t  ");
    cx.s(["Standalone", "2PCtransaction"][at as usize]);
    cx.s("(0x");
    fmt::put_hex(cx.out, at as u64);
    cx.s("), ");
    cx.s([
        "StartofTransaction",
        "MiddleofTransaction",
        "EndofTransaction",
        "abort",
    ][tp as usize]);
    cx.s("(0x");
    fmt::put_hex(cx.out, tp as u64);
    cx.s(")\n\t  Extra flags: rsv(b5-7) 0x");
    fmt::put_hex(cx.out, rsv1 as u64);
    cx.s(" rsv(b13-31) 0x");
    fmt::put_hex(cx.out, (f & 0x7ffff) as u64);
    cx.s("\n");
}

/// The top-level TLVs; false when a check failed (its message printed).
fn tops(cx: &mut Ctx, msg: u8, body: Body, b: &[u8]) -> bool {
    if body == Body::None {
        if !b.is_empty() {
            cx.s("<0x1>Illegal Top level TLV!\n");
            return false;
        }
        return true;
    }
    if b.is_empty() {
        if body == Body::Lfb(false) {
            return true;
        }
        cx.s("\tTop level TLV Data missing!\n");
        return false;
    }
    let mut at = 0;
    let mut first = true;
    while at < b.len() {
        let rlen = b.len() - at;
        let tlen = if rlen >= 4 {
            u16::from_be_bytes([b[at + 2], b[at + 3]]) as usize
        } else {
            0
        };
        if rlen < 4 || tlen < 4 || tlen > rlen || !first {
            cx.s("\tMess TopTLV header: min 4, total ");
            cx.u(rlen as u64);
            cx.s(" advertised ");
            cx.u(tlen as u64);
            cx.b(b' ');
            return false;
        }
        let tt = u16::from_be_bytes([b[at], b[at + 1]]);
        let Some(name) = tlv_name(tt) else {
            cx.s("\n\tInvalid ForCES Top TLV type=0x");
            fmt::put_hex(cx.out, tt as u64);
            return false;
        };
        if cx.opts.verbose > 2 {
            cx.s("\t");
            cx.s(name);
            cx.s(" TLV, length ");
            cx.u(tlen as u64);
            cx.s(" (data length ");
            cx.u(tlen as u64 - 4);
            cx.s(" Bytes)");
        }
        let v = &b[at + 4..at + tlen];
        let ok = match body {
            Body::AsResult => as_result(cx, v),
            Body::AsTeardown => as_teardown(cx, v),
            Body::Redirect => redirect(cx, v),
            _ => lfb_select(cx, msg, v),
        };
        if !ok {
            cx.s(RC);
            return false;
        }
        at += (tlen + 3) & !3;
        first = false;
    }
    true
}

fn as_result(cx: &mut Ctx, v: &[u8]) -> bool {
    if v.len() != 4 {
        cx.s("illegal ASRresult-TLV: ");
        cx.u(v.len() as u64);
        cx.s(" bytes!\n");
        return false;
    }
    let code = u32::from_be_bytes([v[0], v[1], v[2], v[3]]);
    if code > 3 {
        cx.s("illegal ASRresult result code: ");
        cx.u(code as u64);
        cx.s("!\n");
        return false;
    }
    if cx.opts.verbose > 2 {
        cx.b(b'\n');
        ind(cx, 9);
        cx.s(["Success", "FE ID invalid", "permission denied", "Unknown"][code as usize]);
        cx.s(" (");
        cx.u(code as u64);
        cx.s(")\n");
        ind(cx, 9);
    }
    true
}

fn as_teardown(cx: &mut Ctx, v: &[u8]) -> bool {
    if v.len() != 4 {
        cx.s("illegal ASTresult-TLV: ");
        cx.u(v.len() as u64);
        cx.s(" bytes!\n");
        return false;
    }
    let code = u32::from_be_bytes([v[0], v[1], v[2], v[3]]);
    if code > 255 {
        cx.s("illegal ASTresult result code: ");
        cx.u(code as u64);
        cx.s("!\n");
        return false;
    }
    if cx.opts.verbose > 2 {
        cx.s("Teardown reason:\n");
        ind(cx, 9);
        match code {
            0 => cx.s("Normal Teardown"),
            1 => cx.s("Loss of Heartbeats"),
            2 => cx.s("Out of bandwidth"),
            3 => cx.s("Out of Memory"),
            4 => cx.s("Application Crash"),
            _ => {
                cx.s("unknown (");
                cx.u(code as u64);
                cx.b(b')');
            }
        }
        cx.b(b'(');
        fmt::put_hex(cx.out, code as u64);
        cx.s(")\n");
        ind(cx, 9);
    }
    true
}

fn redirect(cx: &mut Ctx, v: &[u8]) -> bool {
    if v.len() < 8 {
        cx.s("\t\ttruncated Redirect TLV: ");
        cx.u(8 - v.len() as u64);
        cx.s(" bytes missing! ");
        return false;
    }
    if cx.opts.verbose > 2 {
        cx.b(b'\n');
        ind(cx, 9);
        cx.s("Data[");
        hexdump::hex(cx.out, b"\n         ", v, 0);
        cx.s("\n         ]");
    }
    true
}

fn lfb_select(cx: &mut Ctx, msg: u8, v: &[u8]) -> bool {
    if v.len() <= 12 {
        cx.s("\t\tundersized lfb selector: ");
        cx.u(12 - v.len() as u64);
        cx.s(" bytes missing! ");
        return false;
    }
    let cls = u32::from_be_bytes([v[0], v[1], v[2], v[3]]);
    let inst = u32::from_be_bytes([v[4], v[5], v[6], v[7]]);
    let vvv = cx.opts.verbose > 2;
    if vvv {
        cx.b(b'\n');
        ind(cx, 9);
        match cls {
            0 => cx.s("Invalid TLV"),
            1 => cx.s("FEObj LFB"),
            2 => cx.s("FEProtoObj LFB"),
            _ => {
                cx.b(b'#');
                cx.u(cls as u64);
            }
        }
        cx.s("(Classid ");
        fmt::put_hex(cx.out, cls as u64);
        cx.s(") instance ");
        cx.u(inst as u64);
    }
    let ops = &v[8..];
    let mut at = 0;
    while at + 4 <= ops.len() {
        let ot = u16::from_be_bytes([ops[at], ops[at + 1]]);
        let olen = u16::from_be_bytes([ops[at + 2], ops[at + 3]]) as usize;
        let rlen = ops.len() - at;
        if olen < 4 || olen > rlen {
            cx.s("\t\tInvalid oper-TLV length ");
            cx.u(olen as u64);
            cx.s(" ");
            return false;
        }
        let body = &ops[at + 4..at + olen];
        let known = if ot >= 0x8000 { None } else { oper_name(ot) };
        match known {
            None if ot >= 0x8000 => {
                if vvv {
                    cx.b(b'\n');
                    ind(cx, 10);
                    cx.s("Oper TLV Invalid OPTLV(0x");
                    fmt::put_hex(cx.out, ot as u64);
                    cx.s(") length ");
                    cx.u(olen as u64);
                    cx.b(b'\n');
                    ind(cx, 10);
                    cx.s("Data[");
                    hexdump::hex(cx.out, b"\n          ", body, 0);
                    cx.s("\n          ]");
                }
            }
            Some(_) if oper_allowed(msg, ot) => {
                if vvv {
                    cx.b(b'\n');
                    ind(cx, 10);
                    cx.s("Oper TLV ");
                    cx.s(oper_name(ot).unwrap_or(""));
                    cx.s("(0x");
                    fmt::put_hex(cx.out, ot as u64);
                    cx.s(") length ");
                    cx.u(olen as u64);
                    cx.b(b'\n');
                }
                if !matches!(ot, 0xc | 0xe) && !oper_body(cx, body, 11, vvv, 0) {
                    return false;
                }
            }
            _ => {
                cx.s("\n\t\tINValid oper-TLV type 0x");
                fmt::put_hex(cx.out, ot as u64);
                cx.s(" length ");
                cx.u(olen as u64);
                cx.s(" for this ForCES message\n");
                if vvv {
                    ind(cx, 9);
                    cx.s("Data[");
                    hexdump::hex(cx.out, b"\n         ", &ops[at..at + olen], 0);
                    cx.s("\n         ]\n");
                }
            }
        }
        at += (olen + 3) & !3;
    }
    true
}

/// The TLVs under an operation: PATH-DATA trees.
fn oper_body(cx: &mut Ctx, b: &[u8], indent: usize, vvv: bool, depth: usize) -> bool {
    let mut at = 0;
    let mut first = true;
    while at + 4 <= b.len() {
        let t = u16::from_be_bytes([b[at], b[at + 1]]);
        let l = u16::from_be_bytes([b[at + 2], b[at + 3]]) as usize;
        if l < 4 || l > b.len() - at {
            return true;
        }
        let v = &b[at + 4..at + l];
        let i = if first {
            indent
        } else {
            indent.saturating_sub(1)
        };
        if !child(cx, t, l, v, i, vvv, depth) {
            return false;
        }
        first = false;
        at += (l + 3) & !3;
    }
    true
}

fn child(cx: &mut Ctx, t: u16, l: usize, v: &[u8], i: usize, vvv: bool, depth: usize) -> bool {
    match t {
        0x0110 => {
            if vvv {
                ind(cx, i);
                cx.s("PATH-DATA TLV, length ");
                cx.u(l as u64);
                cx.s(" (data encapsulated ");
                cx.u(l as u64 - 4);
                cx.s(" Bytes)\n");
            }
            if v.len() < 4 {
                return true;
            }
            let flags = u16::from_be_bytes([v[0], v[1]]);
            let n = u16::from_be_bytes([v[2], v[3]]) as usize;
            if vvv {
                ind(cx, i + 1);
                cx.s("Pathdata: Flags 0x");
                fmt::put_hex(cx.out, flags as u64);
                cx.s(" ID count ");
                cx.u(n as u64);
                cx.b(b'\n');
            }
            let mut at = 4;
            for k in 0..n {
                if at + 4 > v.len() {
                    return true;
                }
                if vvv {
                    ind(cx, i + 1);
                    cx.s("ID#");
                    fmt::put_padded_u64(cx.out, k as u64 + 1, 2, b'0');
                    cx.s(": ");
                    cx.u(u32::from_be_bytes([v[at], v[at + 1], v[at + 2], v[at + 3]]) as u64);
                    cx.b(b'\n');
                }
                at += 4;
            }
            if depth > 32 {
                return true;
            }
            oper_body(cx, &v[at..], i + 3, vvv, depth + 1)
        }
        0x0112 => {
            if vvv {
                ind(cx, i);
                cx.s("FULLDATA TLV (Length ");
                cx.u(l as u64);
                cx.s(" DataLen ");
                cx.u(v.len() as u64);
                cx.s(" Bytes)\n");
                ind(cx, i + 1);
                cx.b(b'[');
                let mut pre = vec![b'\n'];
                pre.resize(i + 2, b' ');
                hexdump::hex(cx.out, &pre, v, 0);
                cx.out.extend_from_slice(&pre);
                cx.b(b']');
            }
            true
        }
        0x0114 => {
            if vvv {
                ind(cx, i);
                cx.s("RESULT TLV (Length ");
                cx.u(l as u64);
                cx.s(" DataLen ");
                cx.u(v.len() as u64);
                cx.s(" Bytes)\n");
                if let Some(&c) = v.first() {
                    ind(cx, i + 2);
                    cx.s("Result: ");
                    cx.s(result_name(c));
                    cx.s(" (code 0x");
                    fmt::put_hex(cx.out, c as u64);
                    cx.s(")\n");
                }
            }
            true
        }
        _ => true,
    }
}

fn result_name(c: u8) -> &'static str {
    match c {
        0x00 => "SUCCESS",
        0x01 => "INVALID_HEADER",
        0x02 => "LENGTH_MISMATCH",
        0x03 => "VERSION_MISMATCH",
        0x04 => "INVALID_DESTINATION_PID",
        0x05 => "LFB_UNKNOWN",
        0x06 => "LFB_NOT_FOUND",
        0x07 => "LFB_INSTANCE_ID_NOT_FOUND",
        0x08 => "INVALID_PATH",
        0x09 => "COMPONENT_DOES_NOT_EXIST",
        0x0a => "EXISTS",
        0x0b => "NOT_FOUND",
        0x0c => "READ_ONLY",
        0x0d => "INVALID_ARRAY_CREATION",
        0x0e => "VALUE_OUT_OF_RANGE",
        0x0f => "CONTENTS_TOO_LONG",
        0x10 => "INVALID_PARAMETERS",
        0x11 => "INVALID_MESSAGE_TYPE",
        0x12 => "INVALID_FLAGS",
        0x13 => "INVALID_TLV",
        0x14 => "EVENT_ERROR",
        0x15 => "NOT_SUPPORTED",
        0x16 => "MEMORY_ERROR",
        0x17 => "INTERNAL_ERROR",
        0xff => "UNSPECIFIED_ERROR",
        _ => "Unknown",
    }
}
