//! NFS versions 2 (RFC 1094) and 3 (RFC 1813) over ONC RPC (RFC 5531), on
//! port 2049: calls (`NFS request xid X LEN proc ...`) and, when the call
//! was seen, their replies (`NFS reply xid X reply ok LEN proc ...`).
//!
//! Calls are remembered (transaction id, addresses, procedure, version)
//! in a ring of 64 (`State::rpc_calls`), since a reply does not say what
//! it answers. Offsets below are in bytes from the start of the RPC
//! message (the transaction id).

mod fh;
mod reply;

use crate::print::core::prelude::*;
use crate::print::core::RpcCall;
use crate::print::dispatch::PortPayload;

const PORT: u16 = 2049;
const CALL: u32 = 0;
const REPLY: u32 = 1;

// The procedures, by their NFSv3 numbers; NFSv2 ones are mapped onto them.
pub(super) const GETATTR: u32 = 1;
pub(super) const SETATTR: u32 = 2;
pub(super) const LOOKUP: u32 = 3;
pub(super) const ACCESS: u32 = 4;
pub(super) const READLINK: u32 = 5;
pub(super) const READ: u32 = 6;
pub(super) const WRITE: u32 = 7;
pub(super) const CREATE: u32 = 8;
pub(super) const MKDIR: u32 = 9;
pub(super) const SYMLINK: u32 = 10;
pub(super) const MKNOD: u32 = 11;
pub(super) const REMOVE: u32 = 12;
pub(super) const RMDIR: u32 = 13;
pub(super) const RENAME: u32 = 14;
pub(super) const LINK: u32 = 15;
pub(super) const READDIR: u32 = 16;
pub(super) const READDIRPLUS: u32 = 17;
pub(super) const FSSTAT: u32 = 18;
pub(super) const FSINFO: u32 = 19;
pub(super) const PATHCONF: u32 = 20;
pub(super) const COMMIT: u32 = 21;
const NOOP: u32 = 25;

/// NFSv2 procedure numbers (RFC 1094 section 2.2) as NFSv3 ones.
static V2_PROCS: [u32; 26] = [
    0, GETATTR, SETATTR, NOOP, LOOKUP, READLINK, READ, NOOP, WRITE, CREATE, REMOVE, RENAME, LINK,
    SYMLINK, MKDIR, RMDIR, READDIR, FSSTAT, NOOP, NOOP, NOOP, NOOP, NOOP, NOOP, NOOP, NOOP,
];

static PROC_NAMES: &[(u32, &str)] = &[
    (0, "null"),
    (GETATTR, "getattr"),
    (SETATTR, "setattr"),
    (LOOKUP, "lookup"),
    (ACCESS, "access"),
    (READLINK, "readlink"),
    (READ, "read"),
    (WRITE, "write"),
    (CREATE, "create"),
    (MKDIR, "mkdir"),
    (SYMLINK, "symlink"),
    (MKNOD, "mknod"),
    (REMOVE, "remove"),
    (RMDIR, "rmdir"),
    (RENAME, "rename"),
    (LINK, "link"),
    (READDIR, "readdir"),
    (READDIRPLUS, "readdirplus"),
    (FSSTAT, "fsstat"),
    (FSINFO, "fsinfo"),
    (PATHCONF, "pathconf"),
    (COMMIT, "commit"),
    (NOOP, "nop"),
];

pub(super) static WRITE_MODES: &[(u32, &str)] =
    &[(0, "unstable"), (1, "datasync"), (2, "filesync")];

pub(super) static FILE_TYPES: &[(u32, &str)] = &[
    (0, "NON"),
    (1, "REG"),
    (2, "DIR"),
    (3, "BLK"),
    (4, "CHR"),
    (5, "LNK"),
    (7, "FIFO"),
];

/// The procedure as an NFSv3 number, and its name.
pub(super) fn proc_name(cx: &mut Ctx, proc_: u32, v3: bool) -> u32 {
    let p = if !v3 && proc_ < 26 {
        V2_PROCS[proc_ as usize]
    } else {
        proc_
    };
    cx.b(b' ');
    match tables::lookup(PROC_NAMES, p) {
        Some(n) => cx.s(n),
        None => {
            cx.s("proc-");
            cx.u(p as u64);
        }
    }
    p
}

/// A stable-storage mode, `#N` if unknown (tcpdump's `tok2str` default).
pub(super) fn write_mode(cx: &mut Ctx, mode: u32) {
    match tables::lookup(WRITE_MODES, mode) {
        Some(n) => cx.s(n),
        None => {
            cx.b(b'#');
            fmt::put_i64(cx.out, mode as i32 as i64);
        }
    }
}

/// A 32-bit value in octal.
pub(super) fn put_octal(cx: &mut Ctx, v: u32) {
    let mut digits = [0u8; 11];
    let mut n = v;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n & 7) as u8;
        n >>= 3;
        if n == 0 {
            break;
        }
    }
    cx.out.extend_from_slice(&digits[i..]);
}

/// `sec.frac`, the fraction at least 6 digits wide (tcpdump's `%u.%06u`).
pub(super) fn put_time(cx: &mut Ctx, sec: u32, frac: u32) {
    cx.u(sec as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, frac as u64, 6, b'0');
}

pub(super) fn be64(d: &[u8], at: usize) -> R<u64> {
    Ok(((d.be32(at)? as u64) << 32) | d.be32(at + 4)? as u64)
}

fn round4(n: u32) -> u64 {
    (n as u64 + 3) & !3
}

/// UDP: a call to port 2049 or a reply from it; `Ok(false)` otherwise.
pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    if !p.body.has(4, 4) {
        return Ok(false);
    }
    let direction = p.body.be32(4)?;
    if p.dport == PORT && direction == CALL {
        cx.s("NFS request xid ");
        cx.u(p.body.be32(0)? as u64);
        cx.b(b' ');
        request(cx, p.body, p.length, p)?;
        return Ok(true);
    }
    if p.sport == PORT && direction == REPLY {
        cx.s("NFS reply xid ");
        cx.u(p.body.be32(0)? as u64);
        cx.b(b' ');
        reply::reply(cx, p.body, p.length, p)?;
        return Ok(true);
    }
    Ok(false)
}

/// TCP: the same after the record mark (RFC 5531 section 11).
pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    if p.length < 4 {
        return Ok(false);
    }
    let fraglen = ((p.body.be32(0)? & 0x7fff_ffff) as usize).min(p.length - 4);
    let msg = &p.body[4..];
    if !msg.has(4, 4) {
        return Ok(true);
    }
    let direction = msg.be32(4)?;
    if p.dport == PORT && direction == CALL {
        cx.s(": NFS request xid ");
        cx.u(msg.be32(0)? as u64);
        cx.b(b' ');
        request(cx, msg, fraglen, p)?;
    } else if p.sport == PORT && direction == REPLY {
        cx.s(": NFS reply xid ");
        cx.u(msg.be32(0)? as u64);
        cx.b(b' ');
        reply::reply(cx, msg, fraglen, p)?;
    }
    Ok(true)
}

/// Remember a call; `false` if its procedure number was not captured.
fn enter_call(cx: &mut Ctx, d: &[u8], p: &PortPayload) -> R<bool> {
    if !d.has(20, 4) {
        return Ok(false);
    }
    let mut e = RpcCall {
        xid: d.be32(0)?,
        ipver: if p.net.is_v6() { 6 } else { 4 },
        proc_: d.be32(20)?,
        vers: d.be32(16)?,
        ..RpcCall::default()
    };
    let (src, dst) = (p.net.src(), p.net.dst());
    e.client[..src.len().min(16)].copy_from_slice(&src[..src.len().min(16)]);
    e.server[..dst.len().min(16)].copy_from_slice(&dst[..dst.len().min(16)]);
    cx.state.rpc_calls.enter(e);
    Ok(true)
}

/// The call a reply answers (its procedure and version), if seen.
pub(super) fn find_call(cx: &mut Ctx, d: &[u8], p: &PortPayload) -> R<Option<(u32, u32)>> {
    let xid = d.be32(0)?;
    let ipver = if p.net.is_v6() { 6 } else { 4 };
    let (src, dst) = (p.net.src(), p.net.dst());
    let n = src.len().min(16);
    Ok(cx
        .state
        .rpc_calls
        .find(|e| {
            e.ipver == ipver
                && e.xid == xid
                && e.server[..n] == src[..n]
                && e.client[..n] == dst[..n]
        })
        .map(|e| (e.proc_, e.vers)))
}

/// Where the call's arguments start, after the credentials and the
/// verifier; `None` (after a note if a length is bad) if they are not all
/// there.
fn args_start(cx: &mut Ctx, d: &[u8], length: usize) -> R<Option<usize>> {
    let length = length as u64;
    let mut at = 24usize;
    if length < 8 {
        return Ok(None);
    }
    let len = d.be32(at + 4)?;
    if len as u64 > length {
        cx.s(" [credentials length ");
        cx.u(len as u64);
        cx.s(" > ");
        cx.u(length);
        cx.s("] (invalid)");
        return Ok(None);
    }
    let rounded = round4(len);
    if !d.has(at + 8, rounded as usize) {
        return Ok(None);
    }
    if 8 + rounded > length {
        return Ok(None);
    }
    at += 8 + rounded as usize;
    let length = length - 8 - rounded;
    if length < 8 {
        return Ok(None);
    }
    let len = d.be32(at + 4)?;
    if len as u64 > length {
        cx.s(" [verifier length ");
        cx.u(len as u64);
        cx.s(" > ");
        cx.u(length);
        cx.s("] (invalid)");
        return Ok(None);
    }
    let rounded = round4(len);
    if !d.has(at + 8, rounded as usize) {
        return Ok(None);
    }
    if 8 + rounded < length {
        return Ok(Some(at + 8 + rounded as usize));
    }
    Ok(None)
}

/// A file name (XDR string): `"name"`; the offset after it, `None` if cut.
pub(super) fn name(cx: &mut Ctx, d: &[u8], at: usize) -> R<Option<usize>> {
    let len = d.be32(at)?;
    let at = at + 4;
    if u32::MAX - len < 3 {
        cx.s("[cannot pad to 32-bit boundaries] (invalid)");
        return Ok(None);
    }
    let rounded = round4(len) as usize;
    if !d.has(at, rounded) {
        return Ok(None);
    }
    cx.b(b'"');
    let shown = &d[at..(at + len as usize).min(d.len())];
    for &c in shown {
        fmt::put_safe_char(cx.out, c);
    }
    cx.b(b'"');
    if shown.len() < len as usize {
        return Ok(None);
    }
    Ok(Some(at + rounded))
}

/// A file handle and a name.
fn fh_name(cx: &mut Ctx, d: &[u8], at: usize, v3: bool) -> R<Option<usize>> {
    let Some(at) = fh::handle(cx, d, at, v3)? else {
        return Ok(None);
    };
    cx.b(b' ');
    name(cx, d, at)
}

/// NFSv3 `sattr3`: what is set, and the offset after it.
struct Sattr {
    mode: Option<u32>,
    uid: Option<u32>,
    gid: Option<u32>,
    atime: Option<(u32, u32)>,
    mtime: Option<(u32, u32)>,
}

fn sattr3(d: &[u8], mut at: usize) -> R<(Sattr, usize)> {
    let opt = |at: &mut usize| -> R<Option<u32>> {
        let set = d.be32(*at)?;
        *at += 4;
        if set != 0 {
            let v = d.be32(*at)?;
            *at += 4;
            return Ok(Some(v));
        }
        Ok(None)
    };
    let mode = opt(&mut at)?;
    let uid = opt(&mut at)?;
    let gid = opt(&mut at)?;
    let _size = opt(&mut at)?;
    let time = |at: &mut usize| -> R<Option<(u32, u32)>> {
        let how = d.be32(*at)?;
        *at += 4;
        if how == 2 {
            let t = (d.be32(*at)?, d.be32(*at + 4)?);
            *at += 8;
            return Ok(Some(t));
        }
        Ok(None)
    };
    let atime = time(&mut at)?;
    let mtime = time(&mut at)?;
    Ok((
        Sattr {
            mode,
            uid,
            gid,
            atime,
            mtime,
        },
        at,
    ))
}

fn print_sattr3(cx: &mut Ctx, sa: &Sattr) {
    if let Some(m) = sa.mode {
        cx.s(" mode ");
        put_octal(cx, m);
    }
    if let Some(u) = sa.uid {
        cx.s(" uid ");
        cx.u(u as u64);
    }
    if let Some(g) = sa.gid {
        cx.s(" gid ");
        cx.u(g as u64);
    }
    if cx.opts.verbose > 1 {
        if let Some((s, n)) = sa.atime {
            cx.s(" atime ");
            put_time(cx, s, n);
        }
        if let Some((s, n)) = sa.mtime {
            cx.s(" mtime ");
            put_time(cx, s, n);
        }
    }
}

fn request(cx: &mut Ctx, d: &[u8], length: usize, p: &PortPayload) -> R {
    cx.proto = "nfs";
    cx.u(length as u64);
    if !enter_call(cx, d, p)? {
        cx.trunc_marker();
        return Ok(());
    }
    let v3 = d.be32(16)? == 3;
    let proc_ = proc_name(cx, d.be32(20)?, v3);
    if request_args(cx, d, length, proc_, v3)?.is_none() {
        cx.trunc_marker();
    }
    Ok(())
}

/// The arguments of a call; `None` when they were cut short.
fn request_args(cx: &mut Ctx, d: &[u8], length: usize, proc_: u32, v3: bool) -> R<Option<()>> {
    let known = matches!(proc_, GETATTR..=COMMIT);
    if !known {
        return Ok(Some(()));
    }
    let Some(at) = args_start(cx, d, length)? else {
        return Ok(None);
    };
    let verbose = cx.opts.verbose;
    match proc_ {
        GETATTR | SETATTR | READLINK | FSSTAT | FSINFO | PATHCONF => {
            return Ok(fh::handle(cx, d, at, v3)?.map(|_| ()));
        }
        LOOKUP | CREATE | MKDIR | REMOVE | RMDIR => {
            return Ok(fh_name(cx, d, at, v3)?.map(|_| ()));
        }
        ACCESS => {
            let Some(at) = fh::handle(cx, d, at, v3)? else {
                return Ok(None);
            };
            let flags = d.be32(at)?;
            if flags & !0x3f != 0 {
                cx.b(b' ');
                fmt::put_hex_padded(cx.out, flags as u64, 4);
            } else if flags == 0x3f {
                cx.s(" NFS_ACCESS_FULL");
            } else {
                let mut sep = b' ';
                for (bit, n) in [
                    (1, "NFS_ACCESS_READ"),
                    (2, "NFS_ACCESS_LOOKUP"),
                    (4, "NFS_ACCESS_MODIFY"),
                    (8, "NFS_ACCESS_EXTEND"),
                    (0x10, "NFS_ACCESS_DELETE"),
                    (0x20, "NFS_ACCESS_EXECUTE"),
                ] {
                    if flags & bit != 0 {
                        cx.b(sep);
                        cx.s(n);
                        sep = b'|';
                    }
                }
            }
        }
        READ | WRITE | READDIR | READDIRPLUS | COMMIT => {
            let Some(at) = fh::handle(cx, d, at, v3)? else {
                return Ok(None);
            };
            let w = |i: usize| d.be32(at + 4 * i);
            match (proc_, v3) {
                (READ, true) | (COMMIT, _) => {
                    let (n, off) = (w(2)?, be64(d, at)?);
                    cx.b(b' ');
                    cx.u(n as u64);
                    cx.s(" bytes @ ");
                    cx.u(off);
                }
                (READ, false) | (READDIR, false) => {
                    let (n, off) = (w(1)?, w(0)?);
                    cx.b(b' ');
                    cx.u(n as u64);
                    cx.s(" bytes @ ");
                    cx.u(off as u64);
                }
                (WRITE, true) => {
                    let (n, count, off) = (w(4)?, w(2)?, be64(d, at)?);
                    cx.b(b' ');
                    cx.u(n as u64);
                    cx.s(" (");
                    cx.u(count as u64);
                    cx.s(") bytes @ ");
                    cx.u(off);
                    if verbose > 0 {
                        let mode = w(3)?;
                        cx.s(" <");
                        write_mode(cx, mode);
                        cx.b(b'>');
                    }
                }
                (WRITE, false) => {
                    let (a, b, c, e) = (w(3)?, w(2)?, w(1)?, w(0)?);
                    cx.b(b' ');
                    cx.u(a as u64);
                    cx.s(" (");
                    cx.u(b as u64);
                    cx.s(") bytes @ ");
                    cx.u(c as u64);
                    cx.s(" (");
                    cx.u(e as u64);
                    cx.b(b')');
                }
                _ => {
                    // READDIR (v3) and READDIRPLUS: the cookie as signed.
                    let (n, off) = (w(4)?, be64(d, at)? as i64);
                    cx.b(b' ');
                    cx.u(n as u64);
                    cx.s(" bytes @ ");
                    fmt::put_i64(cx.out, off);
                    if verbose > 0 {
                        if proc_ == READDIRPLUS {
                            let max = w(5)?;
                            cx.s(" max ");
                            cx.u(max as u64);
                        }
                        let (v0, v1) = (w(2)?, w(3)?);
                        cx.s(" verf ");
                        fmt::put_hex_padded(cx.out, v0 as u64, 8);
                        fmt::put_hex_padded(cx.out, v1 as u64, 8);
                    }
                }
            }
        }
        SYMLINK => {
            let Some(at) = fh_name(cx, d, at, v3)? else {
                return Ok(None);
            };
            cx.s(" ->");
            let (sa, at) = if v3 {
                let (sa, at) = sattr3(d, at)?;
                (Some(sa), at)
            } else {
                (None, at)
            };
            if name(cx, d, at)?.is_none() {
                return Ok(None);
            }
            if let (Some(sa), true) = (sa, verbose > 0) {
                print_sattr3(cx, &sa);
            }
        }
        MKNOD => {
            let Some(at) = fh_name(cx, d, at, v3)? else {
                return Ok(None);
            };
            let t = d.be32(at)?;
            let (sa, at) = sattr3(d, at + 4)?;
            cx.b(b' ');
            match tables::lookup(FILE_TYPES, t) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("unk-ft ");
                    cx.u(t as u64);
                }
            }
            if verbose > 0 && (t == 3 || t == 4) {
                let (a, b) = (d.be32(at)?, d.be32(at + 4)?);
                cx.b(b' ');
                cx.u(a as u64);
                cx.b(b'/');
                cx.u(b as u64);
            }
            if verbose > 0 {
                print_sattr3(cx, &sa);
            }
        }
        RENAME => {
            let Some(at) = fh_name(cx, d, at, v3)? else {
                return Ok(None);
            };
            cx.s(" ->");
            return Ok(fh_name(cx, d, at, v3)?.map(|_| ()));
        }
        LINK => {
            let Some(at) = fh::handle(cx, d, at, v3)? else {
                return Ok(None);
            };
            cx.s(" ->");
            return Ok(fh_name(cx, d, at, v3)?.map(|_| ()));
        }
        _ => {}
    }
    Ok(Some(()))
}

/// `-T rpc` on UDP: a call as a portmapper request (tcpdump's
/// `sunrpc_print`), anything else as an NFS reply, each with its own
/// `addr.id > addr.id:` line start (UDP prints no addresses then).
pub fn print_rpc_type(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    let d = p.captured;
    let direction = d.be32(4)?;
    let ip = |cx: &mut Ctx, a: &[u8]| {
        if p.net.is_v6() {
            cx.ipv6(a)
        } else {
            cx.ipv4(a)
        }
    };
    if direction == CALL {
        cx.proto = "sunrpc";
        d.range(0, 32)?;
        let xid = d.be32(0)?;
        ip(cx, p.net.src());
        cx.s(".0x");
        fmt::put_hex(cx.out, xid as u64);
        cx.s(" > ");
        ip(cx, p.net.dst());
        cx.s(if cx.opts.numeric > 0 {
            ".0x6f: "
        } else {
            ".sunrpc: "
        });
        cx.u(p.length as u64);
        let proc_ = d.be32(20)?;
        cx.b(b' ');
        match proc_ {
            0 => cx.s("null"),
            1 => cx.s("set"),
            2 => cx.s("unset"),
            3 => cx.s("getport"),
            4 => cx.s("dump"),
            5 => cx.s("call"),
            n => {
                cx.s(" proc #");
                cx.u(n as u64);
            }
        }
        let rpcvers = d.be32(8)?;
        if rpcvers != 2 {
            cx.s(" [rpcver ");
            cx.u(rpcvers as u64);
            cx.b(b']');
        }
        if matches!(proc_, 1 | 2 | 3 | 5) {
            let prog = d.be32(12)?;
            cx.s(if cx.opts.numeric > 0 { " " } else { " #" });
            cx.u(prog as u64);
            cx.b(b'.');
            cx.u(d.be32(16)? as u64);
        }
        return Ok(true);
    }
    cx.proto = "nfs";
    let xid = d.be32(0)?;
    ip(cx, p.net.src());
    cx.s(if cx.opts.numeric > 0 { ".2049" } else { ".nfs" });
    cx.s(" > ");
    ip(cx, p.net.dst());
    cx.b(b'.');
    cx.u(xid as u64);
    cx.s(": ");
    reply::reply(cx, d, p.length, p)?;
    Ok(true)
}
