//! Telnet (RFC 854, options RFC 855 and successors) on TCP port 23: the
//! commands at the start of a segment, ` [telnet WILL ECHO, ...]`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const IAC: u8 = 255;
const SB: u8 = 250;
const SE: u8 = 240;
const FIRST_CMD: u8 = 236;

static COMMANDS: [&str; 20] = [
    "EOF", "SUSP", "ABORT", "EOR", "SE", "NOP", "DMARK", "BRK", "IP", "AO", "AYT", "EC", "EL",
    "GA", "SB", "WILL", "WONT", "DO", "DONT", "IAC",
];

static OPTIONS: [&str; 40] = [
    "BINARY",
    "ECHO",
    "RCP",
    "SUPPRESS GO AHEAD",
    "NAME",
    "STATUS",
    "TIMING MARK",
    "RCTE",
    "NAOL",
    "NAOP",
    "NAOCRD",
    "NAOHTS",
    "NAOHTD",
    "NAOFFD",
    "NAOVTS",
    "NAOVTD",
    "NAOLFD",
    "EXTEND ASCII",
    "LOGOUT",
    "BYTE MACRO",
    "DATA ENTRY TERMINAL",
    "SUPDUP",
    "SUPDUP OUTPUT",
    "SEND LOCATION",
    "TERMINAL TYPE",
    "END OF RECORD",
    "TACACS UID",
    "OUTPUT MARKING",
    "TTYLOC",
    "3270 REGIME",
    "X.3 PAD",
    "NAWS",
    "TSPEED",
    "LFLOW",
    "LINEMODE",
    "XDISPLOC",
    "OLD-ENVIRON",
    "AUTHENTICATION",
    "ENCRYPT",
    "NEW-ENVIRON",
];

static SUB_CMDS: &[Option<&str>] = &[Some("IS"), Some("SEND"), Some("INFO")];
static AUTH_CMDS: &[Option<&str>] = &[Some("IS"), Some("SEND"), Some("REPLY"), Some("NAME")];
static AUTH_TYPES: &[Option<&str>] = &[
    Some("NULL"),
    Some("KERBEROS_V4"),
    Some("KERBEROS_V5"),
    Some("SPX"),
    Some("MINK"),
    Some("SRP"),
    Some("RSA"),
    Some("SSL"),
    None,
    None,
    Some("LOKI"),
    Some("SSA"),
    Some("KEA_SJ"),
    Some("KEA_SJ_INTEG"),
    Some("DSS"),
    Some("NTLM"),
];
static ENC_CMDS: &[Option<&str>] = &[
    Some("IS"),
    Some("SUPPORT"),
    Some("REPLY"),
    Some("START"),
    Some("END"),
    Some("REQUEST-START"),
    Some("REQUEST-END"),
    Some("END_KEYID"),
    Some("DEC_KEYID"),
];
static ENC_TYPES: &[Option<&str>] = &[
    Some("NULL"),
    Some("DES_CFB64"),
    Some("DES_OFB64"),
    Some("DES3_CFB64"),
    Some("DES3_OFB64"),
    None,
    Some("CAST5_40_CFB64"),
    Some("CAST5_40_OFB64"),
    Some("CAST128_CFB64"),
    Some("CAST128_OFB64"),
];

/// C's `%#x`: `0` for zero, `0x..` otherwise.
fn alt_hex(cx: &mut Ctx, v: u32) {
    if v == 0 {
        cx.b(b'0');
    } else {
        cx.s("0x");
        fmt::put_hex(cx.out, v as u64);
    }
}

fn name_or_num(cx: &mut Ctx, table: &[Option<&str>], v: u8) {
    match table.get(v as usize).copied().flatten() {
        Some(n) => cx.s(n),
        None => alt_hex(cx, v as u32),
    }
}

/// One command at `at` (`left` bytes of the segment): its length, or
/// `None` if it is not a whole command. Prints it when `print`.
fn parse(cx: &mut Ctx, d: &[u8], at: usize, left: u32, print: bool) -> R<Option<u32>> {
    let mut sp = at;
    let mut length = left;
    macro_rules! fetch {
        () => {{
            if length < 1 {
                return Ok(None);
            }
            let c = d.u8_at(sp)?;
            sp += 1;
            length -= 1;
            c
        }};
    }
    if fetch!() != IAC {
        return Ok(None);
    }
    let c = fetch!();
    if c == IAC {
        if print {
            cx.s("IAC IAC");
        }
        return Ok(Some((sp - at) as u32));
    }
    if c < FIRST_CMD {
        return Ok(None);
    }
    let cmd = COMMANDS[(c - FIRST_CMD) as usize];
    match c {
        251..=254 | SB => {
            let x = fetch!();
            if print {
                cx.s(cmd);
                cx.b(b' ');
                match OPTIONS.get(x as usize) {
                    Some(o) => cx.s(o),
                    None => alt_hex(cx, x as u32),
                }
            }
            if c != SB {
                return Ok(Some((sp - at) as u32));
            }
            // The sub-negotiation runs to IAC SE.
            let mut p = sp;
            while (length as usize) > p + 1 - sp {
                if d.u8_at(p)? == IAC && d.u8_at(p + 1)? == SE {
                    break;
                }
                p += 1;
            }
            if d.u8_at(p)? != IAC {
                return Ok(None);
            }
            let (first, second): (&[Option<&str>], Option<&[Option<&str>]>) = match x {
                37 => (AUTH_CMDS, Some(AUTH_TYPES)),
                38 => (ENC_CMDS, Some(ENC_TYPES)),
                _ => (SUB_CMDS, None),
            };
            if p > sp {
                let c = fetch!();
                if print {
                    cx.b(b' ');
                    name_or_num(cx, first, c);
                }
                if let Some(second) = second {
                    if p > sp {
                        let c = fetch!();
                        if print {
                            cx.b(b' ');
                            name_or_num(cx, second, c);
                        }
                    }
                }
            }
            while p > sp {
                let x = fetch!();
                if print {
                    cx.b(b' ');
                    alt_hex(cx, x as u32);
                }
            }
            if print {
                cx.s(" SE");
            }
            sp += 2;
            Ok(Some((sp - at) as u32))
        }
        _ => {
            if print {
                cx.s(cmd);
            }
            Ok(Some((sp - at) as u32))
        }
    }
}

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "telnet";
    let d = p.captured;
    let mut at = 0usize;
    let mut length = p.length as u32;
    let mut first = true;
    let hex = cx.opts.hex_ascii > 0 && cx.opts.verbose > 2;
    while length > 0 && d.u8_at(at)? == IAC {
        let Some(l) = parse(cx, d, at, length, false)? else {
            break;
        };
        if hex {
            if first {
                cx.s("\nTelnet:");
            }
            let shown = &d[at.min(d.len())..(at + l as usize).min(d.len())];
            hexdump::hex(cx.out, b"\n", shown, at as u64);
            if shown.len() < l as usize {
                return Err(Trunc);
            }
            if l > 8 {
                cx.s("\n\t\t\t\t");
            } else {
                for _ in 0..(8 - l) * 3 {
                    cx.b(b' ');
                }
                cx.b(b'\t');
            }
        } else {
            cx.s(if first { " [telnet " } else { ", " });
        }
        parse(cx, d, at, length, true)?;
        first = false;
        at += l as usize;
        length = length.wrapping_sub(l);
    }
    if !first {
        cx.s(if hex { "\n" } else { "]" });
    }
    Ok(true)
}
