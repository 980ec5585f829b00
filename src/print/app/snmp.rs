//! SNMP (v1 RFC 1157, v2c RFC 1901, v3 RFC 3412/3414) on UDP ports 161
//! and 162, or `-T snmp`: a small BER reader and tcpdump's rendering of
//! the messages (`{ SNMPv1 C="community" { GetRequest(28) R=1 .1.3... } }`
//! with `-v`). Object identifiers print numerically (no MIB names).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static UNIVERSAL: &[&str] = &[
    "U-0",
    "Boolean",
    "Integer",
    "Bitstring",
    "String",
    "Null",
    "ObjID",
    "ObjectDes",
    "U-8",
    "U-9",
    "U-10",
    "U-11",
    "U-12",
    "U-13",
    "U-14",
    "U-15",
    "Sequence",
    "Set",
];
static APPLICATION: &[&str] = &[
    "IpAddress",
    "Counter",
    "Gauge",
    "TimeTicks",
    "Opaque",
    "C-5",
    "Counter64",
];
static CONTEXT: &[&str] = &[
    "GetRequest",
    "GetNextRequest",
    "GetResponse",
    "SetRequest",
    "Trap",
    "GetBulk",
    "Inform",
    "V2Trap",
    "Report",
];
static PRIVATE: &[&str] = &["P-0"];
static EXCEPTIONS: &[&str] = &["noSuchObject", "noSuchInstance", "endOfMibView"];
static CLASSES: [&[&str]; 4] = [UNIVERSAL, APPLICATION, CONTEXT, PRIVATE];

static ERROR_STATUS: &[&str] = &[
    "noError",
    "tooBig",
    "noSuchName",
    "badValue",
    "readOnly",
    "genErr",
    "noAccess",
    "wrongType",
    "wrongLength",
    "wrongEncoding",
    "wrongValue",
    "noCreation",
    "inconsistentValue",
    "resourceUnavailable",
    "commitFailed",
    "undoFailed",
    "authorizationError",
    "notWritable",
    "inconsistentName",
];
static GENERIC_TRAPS: &[&str] = &[
    "coldStart",
    "warmStart",
    "linkDown",
    "linkUp",
    "authenticationFailure",
    "egpNeighborLoss",
    "enterpriseSpecific",
];
static VERSIONS: &[&str] = &["SNMPv1", "SNMPv2c", "SNMPv2u", "SNMPv3"];

const GETREQ: u32 = 0;
const GETNEXTREQ: u32 = 1;
const SETREQ: u32 = 3;
const TRAP: u32 = 4;
const GETBULKREQ: u32 = 5;
const INFORMREQ: u32 = 6;
const V2TRAP: u32 = 7;
const REPORT: u32 = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Any,
    Null,
    Octet,
    Oid,
    Int,
    Uns,
    Str,
    Seq,
    InetAddr,
    Pdu,
    Uns64,
    Exception,
}

/// A parsed BER element: where its contents start and how long they are.
#[derive(Clone, Copy)]
struct Elem {
    kind: Kind,
    at: usize,
    len: u32,
    id: u32,
    int: i32,
    uns: u64,
}

/// Parse the element at `at` (at most `len` bytes); with its total
/// length, or `None` (after a note) if it is malformed.
fn parse(cx: &mut Ctx, d: &[u8], mut at: usize, mut len: u32) -> R<Option<(Elem, u32)>> {
    let mut e = Elem {
        kind: Kind::Any,
        at,
        len: 0,
        id: 0,
        int: 0,
        uns: 0,
    };
    if len < 1 {
        cx.s("[nothing to parse]");
        return Ok(None);
    }
    let first = d.u8_at(at)?;
    let mut id = first & 0x1f;
    let form = (first & 0x20) >> 5;
    let class = (first & 0xc0) >> 6;
    at += 1;
    len -= 1;
    let mut hdr = 1u32;
    if id == 0x1f {
        id = 0;
        while d.u8_at(at)? & 0x80 != 0 {
            if len < 1 {
                cx.s("[Xtagfield?]");
                return Ok(None);
            }
            id = (id << 7) | (d.u8_at(at)? & 0x7f);
            len -= 1;
            hdr += 1;
            at += 1;
        }
        if len < 1 {
            cx.s("[Xtagfield?]");
            return Ok(None);
        }
        id = (id << 7) | d.u8_at(at)?;
        len -= 1;
        hdr += 1;
        at += 1;
    }
    e.id = id as u32;
    if len < 1 {
        cx.s("[no asnlen]");
        return Ok(None);
    }
    let mut asnlen = d.u8_at(at)? as u32;
    at += 1;
    len -= 1;
    hdr += 1;
    if asnlen & 0x80 != 0 {
        let mut noct = asnlen % 0x80;
        asnlen = 0;
        if len < noct {
            cx.s("[asnlen? ");
            fmt::put_i64(cx.out, len as i32 as i64);
            cx.b(b'<');
            cx.u(noct as u64);
            cx.b(b']');
            return Ok(None);
        }
        while noct != 0 {
            asnlen = (asnlen << 8) | d.u8_at(at)? as u32;
            at += 1;
            len -= 1;
            hdr += 1;
            noct -= 1;
        }
    }
    e.len = asnlen;
    if len < asnlen {
        cx.s("[len");
        fmt::put_i64(cx.out, len as i32 as i64);
        cx.s("<asnlen");
        cx.u(asnlen as u64);
        cx.b(b']');
        return Ok(None);
    }
    let names = CLASSES[class as usize];
    if id as usize >= names.len() {
        cx.s("[id?");
        cx.b(if form == 0 { b'P' } else { b'C' });
        cx.s("/x/");
        cx.u(id as u64);
        cx.b(b']');
        return Ok(None);
    }
    d.range(at, asnlen as usize)?;
    e.at = at;
    let name = names[id as usize];
    match (form, class) {
        (0, 0) => match id {
            4 => e.kind = Kind::Str,
            2 => {
                e.kind = Kind::Int;
                if asnlen == 0 {
                    cx.s("[asnlen=0]");
                    return Ok(None);
                }
                let mut v: u32 = if d.u8_at(at)? & 0x80 != 0 {
                    u32::MAX
                } else {
                    0
                };
                for i in 0..asnlen as usize {
                    v = (v << 8) | d.u8_at(at + i)? as u32;
                }
                e.int = v as i32;
            }
            6 => e.kind = Kind::Oid,
            5 => e.kind = Kind::Null,
            _ => {
                e.kind = Kind::Octet;
                cx.s("[P/U/");
                cx.s(name);
                cx.b(b']');
            }
        },
        (0, 1) => match id {
            0 => e.kind = Kind::InetAddr,
            1..=3 => {
                e.kind = Kind::Uns;
                let mut v: u32 = 0;
                for i in 0..asnlen as usize {
                    v = (v << 8).wrapping_add(d.u8_at(at + i)? as u32);
                }
                e.uns = v as u64;
            }
            6 => {
                e.kind = Kind::Uns64;
                let mut v: u64 = 0;
                for i in 0..asnlen as usize {
                    v = (v << 8).wrapping_add(d.u8_at(at + i)? as u64);
                }
                e.uns = v;
            }
            _ => {
                e.kind = Kind::Octet;
                cx.s("[P/A/");
                cx.s(name);
                cx.b(b']');
            }
        },
        (0, 2) => {
            if id <= 2 {
                e.kind = Kind::Exception;
            }
        }
        (0, _) => {
            cx.s("[P/x/");
            cx.s(name);
            cx.b(b']');
            e.kind = Kind::Octet;
        }
        (_, 0) => {
            if id == 16 {
                e.kind = Kind::Seq;
            } else {
                e.kind = Kind::Octet;
                cx.s("C/U/");
                cx.s(name);
            }
        }
        (_, 2) => e.kind = Kind::Pdu,
        _ => {
            e.kind = Kind::Octet;
            cx.s("C/x/");
            cx.s(name);
        }
    }
    Ok(Some((e, asnlen + hdr)))
}

fn print_octets(cx: &mut Ctx, d: &[u8], e: &Elem) -> R {
    for i in 0..e.len as usize {
        let c = d.u8_at(e.at + i)?;
        cx.b(b'_');
        fmt::put_hex2(cx.out, c);
    }
    Ok(())
}

fn print_string(cx: &mut Ctx, d: &[u8], e: &Elem) -> R {
    let mut printable = true;
    for i in 0..e.len as usize {
        if !(0x20..0x7f).contains(&d.u8_at(e.at + i)?) {
            printable = false;
            break;
        }
    }
    if printable {
        cx.b(b'"');
        for i in 0..e.len as usize {
            fmt::put_safe_char(cx.out, d.u8_at(e.at + i)?);
        }
        cx.b(b'"');
    } else {
        for i in 0..e.len as usize {
            let c = d.u8_at(e.at + i)?;
            if i > 0 {
                cx.b(b'_');
            }
            fmt::put_hex2(cx.out, c);
        }
    }
    Ok(())
}

fn print(cx: &mut Ctx, d: &[u8], e: &Elem) -> R {
    match e.kind {
        Kind::Octet => print_octets(cx, d, e)?,
        Kind::Null => {}
        Kind::Oid => {
            let mut first = true;
            let mut o: u32 = 0;
            for i in 0..e.len as usize {
                let c = d.u8_at(e.at + i)?;
                o = (o << 7).wrapping_add((c & 0x7f) as u32);
                if c & 0x80 != 0 {
                    continue;
                }
                if first {
                    first = false;
                    let s = (o / 40).min(2);
                    cx.b(b'.');
                    cx.u(s as u64);
                    o -= s * 40;
                }
                cx.b(b'.');
                cx.u(o as u64);
                o = 0;
            }
        }
        Kind::Int => fmt::put_i64(cx.out, e.int as i64),
        Kind::Uns | Kind::Uns64 => cx.u(e.uns),
        Kind::Str => print_string(cx, d, e)?,
        Kind::Seq => {
            cx.s("Seq(");
            cx.u(e.len as u64);
            cx.b(b')');
        }
        Kind::InetAddr => {
            if e.len != 4 {
                cx.s("[inetaddr len!=4]");
            }
            for i in 0..e.len as usize {
                if i > 0 {
                    cx.b(b'.');
                }
                cx.u(d.u8_at(e.at + i)? as u64);
            }
        }
        Kind::Exception => {
            cx.b(b'[');
            cx.s(EXCEPTIONS[e.id as usize]);
            cx.b(b']');
        }
        Kind::Pdu => {
            cx.s(CONTEXT[e.id as usize]);
            cx.b(b'(');
            cx.u(e.len as u64);
            cx.b(b')');
        }
        Kind::Any => cx.s("[BE_ANY!?]"),
    }
    Ok(())
}

/// Parse an element that must be of `kind`; otherwise print `note` and
/// the element, and give `None`.
fn expect(
    cx: &mut Ctx,
    d: &[u8],
    at: usize,
    len: u32,
    kind: Kind,
    note: &str,
) -> R<Option<(Elem, u32)>> {
    let Some((e, n)) = parse(cx, d, at, len)? else {
        return Ok(None);
    };
    if e.kind != kind {
        cx.s(note);
        print(cx, d, &e)?;
        return Ok(None);
    }
    Ok(Some((e, n)))
}

fn named(cx: &mut Ctx, names: &[&str], v: i32, fallback: &str) {
    match usize::try_from(v).ok().and_then(|i| names.get(i)) {
        Some(n) => cx.s(n),
        None => {
            cx.s(fallback);
            if fallback == "err=" {
                cx.u(v as u32 as u64);
            } else {
                fmt::put_i64(cx.out, v as i64);
            }
        }
    }
}

fn varbinds(cx: &mut Ctx, d: &[u8], at: usize, length: u32, pdu: u32) -> R {
    let Some((e, count)) = expect(cx, d, at, length, Kind::Seq, "[!SEQ of varbind]")? else {
        return Ok(());
    };
    if count < length {
        cx.b(b'[');
        fmt::put_i64(cx.out, (length - count) as i32 as i64);
        cx.s(" extra after SEQ of varbind]");
    }
    let mut length = e.len;
    let mut at = e.at;
    let request = matches!(pdu, GETREQ | GETNEXTREQ | GETBULKREQ);
    while length != 0 {
        cx.b(b' ');
        let Some((vb, count)) = expect(cx, d, at, length, Kind::Seq, "[!varbind]")? else {
            return Ok(());
        };
        let next = at + count as usize;
        let left = length - count;
        let mut len = vb.len;
        let mut p = vb.at;
        let Some((name, count)) = expect(cx, d, p, len, Kind::Oid, "[objName!=OID]")? else {
            return Ok(());
        };
        print(cx, d, &name)?;
        len -= count;
        p += count as usize;
        if !request {
            cx.b(b'=');
        }
        let Some((value, _)) = parse(cx, d, p, len)? else {
            return Ok(());
        };
        if request {
            if value.kind != Kind::Null {
                cx.s("[objVal!=NULL]");
                print(cx, d, &value)?;
            }
        } else if value.kind != Kind::Null {
            print(cx, d, &value)?;
        }
        length = left;
        at = next;
    }
    Ok(())
}

fn snmp_pdu(cx: &mut Ctx, d: &[u8], mut at: usize, mut length: u32, pdu: u32) -> R {
    let Some((e, count)) = expect(cx, d, at, length, Kind::Int, "[reqId!=INT]")? else {
        return Ok(());
    };
    if cx.opts.verbose > 0 {
        cx.s("R=");
        fmt::put_i64(cx.out, e.int as i64);
        cx.b(b' ');
    }
    length -= count;
    at += count as usize;
    let strict = matches!(
        pdu,
        GETREQ | GETNEXTREQ | SETREQ | INFORMREQ | V2TRAP | REPORT
    );
    let Some((e, count)) = expect(cx, d, at, length, Kind::Int, "[errorStatus!=INT]")? else {
        return Ok(());
    };
    let mut error_status = 0;
    if strict && e.int != 0 {
        cx.s("[errorStatus(");
        named(cx, ERROR_STATUS, e.int, "err=");
        cx.s(")!=0]");
    } else if pdu == GETBULKREQ {
        cx.s(" N=");
        fmt::put_i64(cx.out, e.int as i64);
    } else if e.int != 0 {
        cx.b(b' ');
        named(cx, ERROR_STATUS, e.int, "err=");
        error_status = e.int;
    }
    length -= count;
    at += count as usize;
    let Some((e, count)) = expect(cx, d, at, length, Kind::Int, "[errorIndex!=INT]")? else {
        return Ok(());
    };
    if strict && e.int != 0 {
        cx.s("[errorIndex(");
        fmt::put_i64(cx.out, e.int as i64);
        cx.s(")!=0]");
    } else if pdu == GETBULKREQ {
        cx.s(" M=");
        fmt::put_i64(cx.out, e.int as i64);
    } else if e.int != 0 {
        if error_status == 0 {
            cx.s("[errorIndex(");
            fmt::put_i64(cx.out, e.int as i64);
            cx.s(") w/o errorStatus]");
        } else {
            cx.b(b'@');
            fmt::put_i64(cx.out, e.int as i64);
        }
    } else if error_status != 0 {
        cx.s("[errorIndex==0]");
    }
    length -= count;
    at += count as usize;
    varbinds(cx, d, at, length, pdu)
}

fn trap_pdu(cx: &mut Ctx, d: &[u8], mut at: usize, mut length: u32) -> R {
    cx.b(b' ');
    let Some((e, count)) = expect(cx, d, at, length, Kind::Oid, "[enterprise!=OID]")? else {
        return Ok(());
    };
    print(cx, d, &e)?;
    length -= count;
    at += count as usize;
    cx.b(b' ');
    let Some((e, count)) = expect(cx, d, at, length, Kind::InetAddr, "[agent-addr!=INETADDR]")?
    else {
        return Ok(());
    };
    print(cx, d, &e)?;
    length -= count;
    at += count as usize;
    let Some((e, count)) = expect(cx, d, at, length, Kind::Int, "[generic-trap!=INT]")? else {
        return Ok(());
    };
    let generic = e.int;
    cx.b(b' ');
    named(cx, GENERIC_TRAPS, generic, "gt=");
    length -= count;
    at += count as usize;
    let Some((e, count)) = expect(cx, d, at, length, Kind::Int, "[specific-trap!=INT]")? else {
        return Ok(());
    };
    if generic != 6 {
        if e.int != 0 {
            cx.s("[specific-trap(");
            fmt::put_i64(cx.out, e.int as i64);
            cx.s(")!=0]");
        }
    } else {
        cx.s(" s=");
        fmt::put_i64(cx.out, e.int as i64);
    }
    length -= count;
    at += count as usize;
    cx.b(b' ');
    let Some((e, count)) = expect(cx, d, at, length, Kind::Uns, "[time-stamp!=TIMETICKS]")? else {
        return Ok(());
    };
    print(cx, d, &e)?;
    length -= count;
    at += count as usize;
    varbinds(cx, d, at, length, TRAP)
}

fn pdu(cx: &mut Ctx, d: &[u8], at: usize, length: u32, version: i32) -> R {
    let Some((p, count)) = parse(cx, d, at, length)? else {
        return Ok(());
    };
    if p.kind != Kind::Pdu {
        cx.s("[no PDU]");
        return Ok(());
    }
    if count < length {
        cx.b(b'[');
        fmt::put_i64(cx.out, (length - count) as i32 as i64);
        cx.s(" extra after PDU]");
    }
    let v = cx.opts.verbose > 0;
    if v {
        cx.s("{ ");
    }
    print(cx, d, &p)?;
    cx.b(b' ');
    if version == 0 && matches!(p.id, GETBULKREQ | INFORMREQ | V2TRAP | REPORT) {
        cx.s("[v2 PDU in v1 message]");
        return Ok(());
    }
    if version == 1 && p.id == TRAP {
        cx.s("[v1 PDU in v2 message]");
        return Ok(());
    }
    match p.id {
        TRAP => trap_pdu(cx, d, p.at, p.len)?,
        0..=8 => snmp_pdu(cx, d, p.at, p.len, p.id)?,
        _ => {}
    }
    if v {
        cx.s(" } ");
    }
    Ok(())
}

fn community(cx: &mut Ctx, d: &[u8], at: usize, length: u32, version: i32) -> R {
    let Some((e, count)) = expect(cx, d, at, length, Kind::Str, "[comm!=STR]")? else {
        return Ok(());
    };
    if d.range(e.at, e.len as usize)? != b"public" {
        cx.s("C=");
        print_string(cx, d, &e)?;
        cx.b(b' ');
    }
    pdu(cx, d, at + count as usize, length - count, version)
}

fn scoped_pdu(cx: &mut Ctx, d: &[u8], at: usize, length: u32) -> R {
    let Some((e, _)) = expect(cx, d, at, length, Kind::Seq, "[!scoped PDU]")? else {
        return Ok(());
    };
    let (mut at, mut length) = (e.at, e.len);
    let Some((e, count)) = expect(cx, d, at, length, Kind::Str, "[contextEngineID!=STR]")? else {
        return Ok(());
    };
    length -= count;
    at += count as usize;
    cx.s("E=");
    print_octets(cx, d, &e)?;
    cx.b(b' ');
    let Some((e, count)) = expect(cx, d, at, length, Kind::Str, "[contextName!=STR]")? else {
        return Ok(());
    };
    length -= count;
    at += count as usize;
    cx.s("C=");
    print_string(cx, d, &e)?;
    cx.b(b' ');
    pdu(cx, d, at, length, 3)
}

/// `expect`, then move past the element.
fn step(
    cx: &mut Ctx,
    d: &[u8],
    at: &mut usize,
    length: &mut u32,
    kind: Kind,
    note: &str,
) -> R<Option<(Elem, u32)>> {
    let r = expect(cx, d, *at, *length, kind, note)?;
    if let Some((_, n)) = r {
        *length -= n;
        *at += n as usize;
    }
    Ok(r)
}

fn usm(cx: &mut Ctx, d: &[u8], at: usize, length: u32) -> R {
    let Some((e, _)) = expect(cx, d, at, length, Kind::Seq, "[!usm]")? else {
        return Ok(());
    };
    let (mut at, mut length) = (e.at, e.len);
    let steps: [(Kind, &str); 6] = [
        (Kind::Str, "[msgAuthoritativeEngineID!=STR]"),
        (Kind::Int, "[msgAuthoritativeEngineBoots!=INT]"),
        (Kind::Int, "[msgAuthoritativeEngineTime!=INT]"),
        (Kind::Str, "[msgUserName!=STR]"),
        (Kind::Str, "[msgAuthenticationParameters!=STR]"),
        (Kind::Str, "[msgPrivacyParameters!=STR]"),
    ];
    let mut count = 0;
    for (i, (kind, note)) in steps.into_iter().enumerate() {
        let Some((e, n)) = step(cx, d, &mut at, &mut length, kind, note)? else {
            return Ok(());
        };
        count = n;
        match i {
            1 | 2 if cx.opts.verbose > 0 => {
                cx.s(if i == 1 { "B=" } else { "T=" });
                fmt::put_i64(cx.out, e.int as i64);
                cx.b(b' ');
            }
            3 => {
                cx.s("U=");
                print_string(cx, d, &e)?;
                cx.b(b' ');
            }
            _ => {}
        }
    }
    if count < length {
        cx.b(b'[');
        fmt::put_i64(cx.out, (length - count) as i32 as i64);
        cx.s(" extra after usm SEQ]");
    }
    Ok(())
}

fn v3_message(cx: &mut Ctx, d: &[u8], start: usize, total: u32) -> R {
    let Some((e, _)) = expect(cx, d, start, total, Kind::Seq, "[!message]")? else {
        return Ok(());
    };
    let (mut at, mut length) = (e.at, e.len);
    let v = cx.opts.verbose > 0;
    if v {
        cx.s("{ ");
    }
    let Some((_, count)) = expect(cx, d, at, length, Kind::Int, "[msgID!=INT]")? else {
        return Ok(());
    };
    length -= count;
    at += count as usize;
    let Some((_, count)) = expect(cx, d, at, length, Kind::Int, "[msgMaxSize!=INT]")? else {
        return Ok(());
    };
    length -= count;
    at += count as usize;
    let Some((e, count)) = expect(cx, d, at, length, Kind::Str, "[msgFlags!=STR]")? else {
        return Ok(());
    };
    if e.len != 1 {
        cx.s("[msgFlags size ");
        fmt::put_i64(cx.out, e.len as i32 as i64);
        cx.b(b']');
        return Ok(());
    }
    let flags = d.u8_at(e.at)?;
    if !matches!(flags, 0 | 1 | 3 | 4 | 5 | 7) {
        cx.s("[msgFlags=0x");
        for nibble in [flags >> 4, flags & 15] {
            cx.b(b"0123456789ABCDEF"[nibble as usize]);
        }
        cx.b(b']');
        return Ok(());
    }
    length -= count;
    at += count as usize;
    cx.s("F=");
    for (bit, c) in [(1, b'a'), (2, b'p'), (4, b'r')] {
        if flags & bit != 0 {
            cx.b(c);
        }
    }
    cx.b(b' ');
    let Some((e, count)) = expect(cx, d, at, length, Kind::Int, "[msgSecurityModel!=INT]")? else {
        return Ok(());
    };
    let model = e.int;
    length -= count;
    at += count as usize;
    if count < length {
        cx.b(b'[');
        fmt::put_i64(cx.out, (length - count) as i32 as i64);
        cx.s(" extra after message SEQ]");
    }
    if v {
        cx.s("} ");
    }
    if model == 3 {
        if v {
            cx.s("{ USM ");
        }
    } else {
        cx.s("[security model ");
        fmt::put_i64(cx.out, model as i64);
        cx.b(b']');
        return Ok(());
    }
    let mut length = total.wrapping_sub((at - start) as u32);
    let Some((e, count)) = expect(cx, d, at, length, Kind::Str, "[msgSecurityParameters!=STR]")?
    else {
        return Ok(());
    };
    length -= count;
    at += count as usize;
    usm(cx, d, e.at, e.len)?;
    if v {
        cx.s("} ");
        cx.s("{ ScopedPDU ");
    }
    scoped_pdu(cx, d, at, length)?;
    if v {
        cx.s("} ");
    }
    Ok(())
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "snmp";
    cx.b(b' ');
    let d = p.captured;
    let length = p.length as u32;
    let Some((e, count)) = expect(cx, d, 0, length, Kind::Seq, "[!init SEQ]")? else {
        return Ok(true);
    };
    if count < length {
        cx.b(b'[');
        fmt::put_i64(cx.out, (length - count) as i32 as i64);
        cx.s(" extra after iSEQ]");
    }
    let (at, length) = (e.at, e.len);
    let Some((e, count)) = expect(cx, d, at, length, Kind::Int, "[version!=INT]")? else {
        return Ok(true);
    };
    let version = e.int;
    match version {
        0 | 1 | 3 => {
            if cx.opts.verbose > 0 {
                cx.s("{ ");
                cx.s(VERSIONS[version as usize]);
                cx.b(b' ');
            }
        }
        _ => {
            cx.s("SNMP [version = ");
            fmt::put_i64(cx.out, version as i64);
            cx.b(b']');
            return Ok(true);
        }
    }
    let (at, length) = (at + count as usize, length - count);
    if version == 3 {
        v3_message(cx, d, at, length)?;
    } else {
        community(cx, d, at, length, version)?;
    }
    if cx.opts.verbose > 0 {
        cx.s("} ");
    }
    Ok(true)
}
