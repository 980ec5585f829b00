//! PPTP control messages (RFC 2637) on TCP port 1723: the header and each
//! message's fields, with names for codes under `-v`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const MAGIC: u32 = 0x1a2b_3c4d;

static MSG_TYPES: [&str; 16] = [
    "NOT_DEFINED",
    "SCCRQ",
    "SCCRP",
    "StopCCRQ",
    "StopCCRP",
    "ECHORQ",
    "ECHORP",
    "OCRQ",
    "OCRP",
    "ICRQ",
    "ICRP",
    "ICCN",
    "CCRQ",
    "CDN",
    "WEN",
    "SLI",
];

static ERR_CODES: &[(u8, &str)] = &[
    (0, "None"),
    (1, "Not-Connected"),
    (2, "Bad-Format"),
    (3, "Bad-Value"),
    (4, "No-Resource"),
    (5, "Bad-Call-ID"),
    (6, "PAC-Error"),
];

static SCCRP_RESULTS: &[(u8, &str)] = &[
    (1, "Successful channel establishment"),
    (2, "General error"),
    (3, "Command channel already exists"),
    (
        4,
        "Requester is not authorized to establish a command channel",
    ),
    (5, "The protocol version of the requester is not supported"),
];
static ECHORP_RESULTS: &[(u8, &str)] = &[(1, "OK"), (2, "General Error")];
static OCRP_RESULTS: &[(u8, &str)] = &[
    (1, "Connected"),
    (2, "General Error"),
    (3, "No Carrier"),
    (4, "Busy"),
    (5, "No Dial Tone"),
    (6, "Time-out"),
    (7, "Do Not Accept"),
];
static ICRP_RESULTS: &[(u8, &str)] = &[(1, "Connect"), (2, "General Error"), (3, "Do Not Accept")];
static CDN_RESULTS: &[(u8, &str)] = &[
    (1, "Lost Carrier"),
    (2, "General Error"),
    (3, "Admin Shutdown"),
    (4, "Request"),
];

/// The fields of the messages, in order.
#[derive(Clone, Copy)]
enum F {
    /// ` LABEL(%u)` of a 16- or 32-bit value.
    U16(&'static str),
    U32(&'static str),
    /// ` LABEL(0x%08x)`.
    Hex32(&'static str),
    ProtoVer,
    /// A reserved field of 1 or 2 bytes that must be zero.
    Reserved(usize),
    FramingCap,
    BearerCap,
    BearerType,
    FramingType,
    /// ` LABEL(` NUL-padded text of n bytes `)`.
    Text(&'static str, usize),
    /// The phone number(s): length field(s), then 64-byte texts.
    Number,
    Result,
    ErrCode,
    Reason,
}

use F::*;

fn fields(t: u16) -> &'static [F] {
    match t {
        1 => &[
            ProtoVer,
            Reserved(2),
            FramingCap,
            BearerCap,
            U16("MAX_CHAN"),
            U16("FIRM_REV"),
            Text("HOSTNAME", 64),
            Text("VENDOR", 64),
        ],
        2 => &[
            ProtoVer,
            Result,
            ErrCode,
            FramingCap,
            BearerCap,
            U16("MAX_CHAN"),
            U16("FIRM_REV"),
            Text("HOSTNAME", 64),
            Text("VENDOR", 64),
        ],
        3 => &[Reason, Reserved(1), Reserved(2)],
        4 => &[Result, ErrCode, Reserved(2)],
        5 => &[U32("ID")],
        6 => &[U32("ID"), Result, ErrCode, Reserved(2)],
        7 => &[
            U16("CALL_ID"),
            U16("CALL_SER_NUM"),
            U32("MIN_BPS"),
            U32("MAX_BPS"),
            BearerType,
            FramingType,
            U16("RECV_WIN"),
            U16("PROC_DELAY"),
            Number,
            Text("SUB_ADDR", 64),
        ],
        8 => &[
            U16("CALL_ID"),
            U16("PEER_CALL_ID"),
            Result,
            ErrCode,
            U16("CAUSE_CODE"),
            U32("CONN_SPEED"),
            U16("RECV_WIN"),
            U16("PROC_DELAY"),
            U32("PHY_CHAN_ID"),
        ],
        9 => &[
            U16("CALL_ID"),
            U16("CALL_SER_NUM"),
            BearerType,
            U32("PHY_CHAN_ID"),
            Number,
            Text("SUB_ADDR", 64),
        ],
        10 => &[
            U16("CALL_ID"),
            U16("PEER_CALL_ID"),
            Result,
            ErrCode,
            U16("RECV_WIN"),
            U16("PROC_DELAY"),
            Reserved(2),
        ],
        11 => &[
            U16("PEER_CALL_ID"),
            Reserved(2),
            U32("CONN_SPEED"),
            U16("RECV_WIN"),
            U16("PROC_DELAY"),
            FramingType,
        ],
        12 => &[U16("CALL_ID"), Reserved(2)],
        13 => &[
            U16("CALL_ID"),
            Result,
            ErrCode,
            U16("CAUSE_CODE"),
            Reserved(2),
            Text("CALL_STATS", 128),
        ],
        14 => &[
            U16("PEER_CALL_ID"),
            Reserved(2),
            U32("CRC_ERR"),
            U32("FRAMING_ERR"),
            U32("HARDWARE_OVERRUN"),
            U32("BUFFER_OVERRUN"),
            U32("TIMEOUT_ERR"),
            U32("ALIGN_ERR"),
        ],
        15 => &[
            U16("PEER_CALL_ID"),
            Reserved(2),
            Hex32("SEND_ACCM"),
            Hex32("RECV_ACCM"),
        ],
        _ => &[],
    }
}

fn padded(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        let c = d.u8_at(at + i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    Ok(())
}

fn labeled(cx: &mut Ctx, label: &str, v: u64) {
    cx.b(b' ');
    cx.s(label);
    cx.b(b'(');
    cx.u(v);
    cx.b(b')');
}

fn reserved(cx: &mut Ctx, v: u32) {
    if v != 0 {
        cx.s(" [ERROR: reserved=");
        cx.u(v as u64);
        cx.s(" must be zero]");
    }
}

fn message(cx: &mut Ctx, d: &[u8], mut at: usize, t: u16) -> R {
    let v = cx.opts.verbose > 0;
    for &f in fields(t) {
        match f {
            U16(l) => {
                labeled(cx, l, d.be16(at)? as u64);
                at += 2;
            }
            U32(l) => {
                labeled(cx, l, d.be32(at)? as u64);
                at += 4;
            }
            Hex32(l) => {
                let x = d.be32(at)?;
                cx.b(b' ');
                cx.s(l);
                cx.s("(0x");
                fmt::put_hex_padded(cx.out, x as u64, 8);
                cx.b(b')');
                at += 4;
            }
            ProtoVer => {
                let x = d.be16(at)?;
                cx.s(" PROTO_VER(");
                cx.u((x >> 8) as u64);
                cx.b(b'.');
                cx.u((x & 0xff) as u64);
                cx.b(b')');
                at += 2;
            }
            Reserved(n) => {
                let x = if n == 1 {
                    d.u8_at(at)? as u32
                } else {
                    d.be16(at)? as u32
                };
                reserved(cx, x);
                at += n;
            }
            FramingCap => {
                cx.s(" FRAME_CAP(");
                let x = d.be32(at)?;
                if x & 1 != 0 {
                    cx.b(b'A');
                }
                if x & 2 != 0 {
                    cx.b(b'S');
                }
                cx.b(b')');
                at += 4;
            }
            BearerCap => {
                let x = d.be32(at)?;
                cx.s(" BEARER_CAP(");
                if x & 2 != 0 {
                    cx.b(b'D');
                }
                if x & 1 != 0 {
                    cx.b(b'A');
                }
                cx.b(b')');
                at += 4;
            }
            BearerType | FramingType => {
                let x = d.be32(at)?;
                let names: [&str; 3] = if let BearerType = f {
                    ["A", "D", "Any"]
                } else {
                    ["A", "S", "E"]
                };
                cx.s(if let BearerType = f {
                    " BEARER_TYPE("
                } else {
                    " FRAME_TYPE("
                });
                cx.s(match x {
                    1..=3 => names[x as usize - 1],
                    _ => "?",
                });
                cx.b(b')');
                at += 4;
            }
            Text(l, n) => {
                cx.b(b' ');
                cx.s(l);
                cx.b(b'(');
                padded(cx, d, at, n)?;
                cx.b(b')');
                at += n;
            }
            Number => {
                if t == 7 {
                    // OCRQ: length, reserved, 64-byte number.
                    let len = d.be16(at)?;
                    labeled(cx, "PHONE_NO_LEN", len as u64);
                    reserved(cx, d.be16(at + 2)? as u32);
                    cx.s(" PHONE_NO(");
                    padded(cx, d, at + 4, (len as usize).min(64))?;
                    cx.b(b')');
                    at += 4 + 64;
                } else {
                    // ICRQ: both lengths, then both numbers.
                    let dialed = d.be16(at)?;
                    labeled(cx, "DIALED_NO_LEN", dialed as u64);
                    let dialing = d.be16(at + 2)?;
                    labeled(cx, "DIALING_NO_LEN", dialing as u64);
                    cx.s(" DIALED_NO(");
                    padded(cx, d, at + 4, (dialed as usize).min(64))?;
                    cx.s(") DIALING_NO(");
                    padded(cx, d, at + 68, (dialing as usize).min(64))?;
                    cx.b(b')');
                    at += 4 + 128;
                }
            }
            Result => {
                let r = d.u8_at(at)?;
                cx.s(" RESULT_CODE(");
                cx.u(r as u64);
                if v {
                    let dict = match t {
                        2 => SCCRP_RESULTS,
                        4 | 6 => ECHORP_RESULTS,
                        8 => OCRP_RESULTS,
                        10 => ICRP_RESULTS,
                        _ => CDN_RESULTS,
                    };
                    cx.b(b':');
                    cx.s(tables::lookup(dict, r).unwrap_or("?"));
                }
                cx.b(b')');
                at += 1;
            }
            ErrCode => {
                let e = d.u8_at(at)?;
                cx.s(" ERR_CODE(");
                cx.u(e as u64);
                if v {
                    cx.b(b':');
                    cx.s(tables::lookup(ERR_CODES, e).unwrap_or("?"));
                }
                cx.b(b')');
                at += 1;
            }
            Reason => {
                let r = d.u8_at(at)?;
                cx.s(" REASON(");
                cx.u(r as u64);
                if v {
                    cx.s(match r {
                        1 => ":None",
                        2 => ":Stop-Protocol",
                        3 => ":Stop-Local-Shutdown",
                        _ => ":?",
                    });
                }
                cx.b(b')');
                at += 1;
            }
        }
    }
    Ok(())
}

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "pptp";
    let d = p.captured;
    cx.s(": pptp");
    let v = cx.opts.verbose > 0;
    if v {
        let len = d.be16(0)?;
        cx.s(" Length=");
        cx.u(len as u64);
        cx.s(match d.be16(2)? {
            1 => " CTRL-MSG",
            2 => " MGMT-MSG",
            _ => " UNKNOWN-MSG-TYPE",
        });
    }
    let mc = d.be32(4)?;
    if mc != MAGIC {
        cx.s(" UNEXPECTED Magic-Cookie!!(");
        fmt::put_hex_padded(cx.out, mc as u64, 8);
        cx.b(b')');
    }
    if v || mc != MAGIC {
        cx.s(" Magic-Cookie=");
        fmt::put_hex_padded(cx.out, mc as u64, 8);
    }
    let t = d.be16(8)?;
    match MSG_TYPES.get(t as usize) {
        Some(n) => {
            cx.s(" CTRL_MSGTYPE=");
            cx.s(n);
        }
        None => {
            cx.s(" UNKNOWN_CTRL_MSGTYPE(");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
    reserved(cx, d.be16(10)? as u32);
    message(cx, d, 12, t)?;
    Ok(true)
}
