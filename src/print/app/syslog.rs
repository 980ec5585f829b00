//! BSD syslog (RFC 3164, RFC 5424's priority) on UDP port 514, or by
//! `-T syslog`: facility and severity from `<PRI>`, and with `-v` the
//! message.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static SEVERITIES: &[(u16, &str)] = &[
    (0, "emergency"),
    (1, "alert"),
    (2, "critical"),
    (3, "error"),
    (4, "warning"),
    (5, "notice"),
    (6, "info"),
    (7, "debug"),
];

static FACILITIES: &[(u16, &str)] = &[
    (0, "kernel"),
    (1, "user"),
    (2, "mail"),
    (3, "daemon"),
    (4, "auth"),
    (5, "syslog"),
    (6, "lpr"),
    (7, "news"),
    (8, "uucp"),
    (9, "cron"),
    (10, "authpriv"),
    (11, "ftp"),
    (12, "ntp"),
    (13, "security"),
    (14, "console"),
    (15, "cron"),
    (16, "local0"),
    (17, "local1"),
    (18, "local2"),
    (19, "local3"),
    (20, "local4"),
    (21, "local5"),
    (22, "local6"),
    (23, "local7"),
];

fn name(cx: &mut Ctx, table: &[(u16, &'static str)], v: u16) {
    match tables::lookup(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown (");
            cx.u(v as u64);
            cx.b(b')');
        }
    }
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "syslog";
    let d = p.captured;
    let len = p.length;
    if d.u8_at(0)? != b'<' {
        cx.s(" (invalid)");
        return Ok(true);
    }
    let mut off = 1;
    let mut pri: u16 = 0;
    while off <= 3 && d.u8_at(off)?.is_ascii_digit() {
        pri = pri * 10 + (d[off] - b'0') as u16;
        off += 1;
    }
    if d.u8_at(off)? != b'>' {
        cx.s(" (invalid)");
        return Ok(true);
    }
    off += 1;
    let facility = (pri & 0x03f8) >> 3;
    let severity = pri & 7;
    if cx.opts.verbose < 1 {
        cx.s("SYSLOG ");
        name(cx, FACILITIES, facility);
        cx.b(b'.');
        name(cx, SEVERITIES, severity);
        cx.s(", length: ");
        cx.u(len as u64);
        return Ok(true);
    }
    cx.s("SYSLOG, length: ");
    cx.u(len as u64);
    cx.s("\n\tFacility ");
    name(cx, FACILITIES, facility);
    cx.s(" (");
    cx.u(facility as u64);
    cx.s("), Severity ");
    name(cx, SEVERITIES, severity);
    cx.s(" (");
    cx.u(severity as u64);
    cx.s(")\n\tMsg: ");
    for i in off..len.max(off) {
        fmt::put_safe_char(cx.out, d.u8_at(i)?);
    }
    if cx.opts.verbose > 1 {
        unknown_data(cx, d, "\n\t", len);
    }
    Ok(true)
}
