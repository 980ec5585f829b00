//! Application-layer decoders, picked by port as tcpdump picks them.
//! Only some are decoded; for the rest TCP prints nothing after its
//! `length N` and UDP prints its generic `UDP, length N`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const HTTP_CMDS: &[&str] = &[
    "GET",
    "PUT",
    "COPY",
    "HEAD",
    "LOCK",
    "MOVE",
    "POLL",
    "POST",
    "BCOPY",
    "BMOVE",
    "MKCOL",
    "TRACE",
    "LABEL",
    "MERGE",
    "DELETE",
    "SEARCH",
    "UNLOCK",
    "REPORT",
    "UPDATE",
    "NOTIFY",
    "BDELETE",
    "CONNECT",
    "OPTIONS",
    "CHECKIN",
    "PROPFIND",
    "CHECKOUT",
    "CCM_POST",
    "SUBSCRIBE",
    "PROPPATCH",
    "BPROPFIND",
    "BPROPPATCH",
    "UNCHECKOUT",
    "MKACTIVITY",
    "MKWORKSPACE",
    "UNSUBSCRIBE",
    "RPC_CONNECT",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
];

/// One whitespace-delimited token from `idx`: (token range, index after
/// the blanks that follow it), or None when there is no printable token.
fn fetch_token(p: &[u8], mut idx: usize, len: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let start = idx;
    while idx < len {
        let c = *p.get(idx)?;
        if c >= 0x80 {
            return None;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            break;
        }
        if !(0x20..0x7f).contains(&c) {
            return None;
        }
        if idx - start + 2 > 129 {
            return None;
        }
        idx += 1;
    }
    if idx == start {
        return None;
    }
    let token = start..idx;
    while idx < len {
        let Some(&c) = p.get(idx) else { break };
        if c == b'\r' || c == b'\n' || !(0x20..0x7f).contains(&c) || (c != b' ' && c != b'\t') {
            break;
        }
        idx += 1;
    }
    Some((token, idx))
}

/// Print one text line from `idx` with `prefix`; the index after its line
/// end, or 0 when the line is not text or has no end here.
fn txt_line(cx: &mut Ctx, prefix: &str, p: &[u8], mut idx: usize, len: usize) -> R<usize> {
    let start = idx;
    while idx < len {
        let c = p.u8_at(idx)?;
        if c == b'\n' {
            cx.s(prefix);
            cx.out.extend_from_slice(&p[start..idx]);
            return Ok(idx + 1);
        } else if c == b'\r' {
            if idx + 1 >= len {
                return Ok(0);
            }
            if p.u8_at(idx + 1)? == b'\n' {
                cx.s(prefix);
                cx.out.extend_from_slice(&p[start..idx]);
                return Ok(idx + 2);
            }
            return Ok(0);
        } else if !(0x20..0x7f).contains(&c) && c != b'\t' {
            return Ok(0);
        }
        idx += 1;
    }
    // All text, but the line does not end in this segment.
    cx.s(prefix);
    cx.out.extend_from_slice(&p[start..idx]);
    Ok(0)
}

/// Text protocols (HTTP, RTSP, ...): the first line of a request or
/// response, all lines with `-v`.
fn txtproto(
    cx: &mut Ctx,
    p: &[u8],
    len: usize,
    proto: &'static str,
    caps: &str,
    cmds: Option<&[&str]>,
    resp_code_second: bool,
) -> R {
    cx.proto = proto;
    // Without a command list (FTP, SMTP, WHOIS) every message is shown.
    let mut is_reqresp = cmds.is_none();
    if let (Some(cmds), Some((tok, idx))) = (cmds, fetch_token(p, 0, len)) {
        let word = &p[tok];
        is_reqresp = cmds.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(word));
        if resp_code_second {
            if let Some((tok2, _)) = fetch_token(p, idx, len) {
                let t = &p[tok2];
                if t.len() == 3 && t.iter().all(u8::is_ascii_digit) {
                    is_reqresp = true;
                }
            }
        }
    }
    // The protocol name is printed either way; the text only for a
    // request or response.
    cx.s(caps);
    if is_reqresp {
        if cx.opts.verbose > 0 {
            cx.s(", length: ");
            cx.u(len as u64);
            let mut idx = 0;
            while idx < len {
                let eol = txt_line(cx, "\n\t", p, idx, len)?;
                if eol == 0 {
                    break;
                }
                idx = eol;
            }
        } else {
            txt_line(cx, ": ", p, 0, len)?;
        }
    }
    Ok(())
}

/// HTTP (TCP ports 80 and 8080): the first line.
pub fn http(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.s(": ");
    txtproto(cx, p.body, p.length, "http", "HTTP", Some(HTTP_CMDS), true)?;
    Ok(true)
}

/// WHOIS (TCP port 43).
pub fn whois(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.s(": ");
    txtproto(cx, p.body, p.length, "whois", "WHOIS", None, false)?;
    Ok(true)
}

/// FTP control connections (TCP port 21).
pub fn ftp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.s(": ");
    txtproto(cx, p.body, p.length, "ftp", "FTP", None, false)?;
    Ok(true)
}

/// SMTP (TCP port 25).
pub fn smtp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.s(": ");
    txtproto(cx, p.body, p.length, "smtp", "SMTP", None, false)?;
    Ok(true)
}

const RTSP_CMDS: &[&str] = &[
    "DESCRIBE",
    "ANNOUNCE",
    "GET_PARAMETER",
    "OPTIONS",
    "PAUSE",
    "PLAY",
    "RECORD",
    "REDIRECT",
    "SETUP",
    "SET_PARAMETER",
    "TEARDOWN",
];

/// RTSP (RFC 2326, TCP ports 554 and 8554).
pub fn rtsp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.s(": ");
    txtproto(cx, p.body, p.length, "rtsp", "RTSP", Some(RTSP_CMDS), true)?;
    Ok(true)
}

const SIP_CMDS: &[&str] = &[
    "ACK",
    "BYE",
    "CANCEL",
    "DO",
    "INFO",
    "INVITE",
    "MESSAGE",
    "NOTIFY",
    "OPTIONS",
    "PRACK",
    "QAUTH",
    "REFER",
    "REGISTER",
    "SPRACK",
    "SUBSCRIBE",
    "UPDATE",
    "PUBLISH",
];

/// SIP (RFC 3261, UDP port 5060).
pub fn sip(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    txtproto(cx, p.body, p.length, "sip", "SIP", Some(SIP_CMDS), true)?;
    Ok(true)
}
