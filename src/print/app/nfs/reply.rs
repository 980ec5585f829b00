//! NFS replies: the RPC reply status, then (when the call was seen) the
//! procedure's results (RFC 1813 section 3.3, RFC 1094 section 2.2).
//!
//! The result parsers return `Ok(None)` where tcpdump gives up quietly
//! (the caller then prints ` [|nfs]` unless an error status was shown) and
//! `Err(Trunc)` where a read ran past the capture.

use super::{be64, fh, find_call, name, proc_name, put_octal, put_time, write_mode, FILE_TYPES};
use super::{
    ACCESS, COMMIT, CREATE, FSINFO, FSSTAT, GETATTR, LINK, LOOKUP, MKDIR, MKNOD, PATHCONF, READ,
    READDIR, READDIRPLUS, READLINK, REMOVE, RENAME, RMDIR, SETATTR, SYMLINK, WRITE,
};
use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static AUTH_ERRORS: &[(u32, &str)] = &[
    (0, "OK"),
    (1, "Bogus Credentials (seal broken)"),
    (2, "Rejected Credentials (client should begin new session)"),
    (3, "Bogus Verifier (seal broken)"),
    (4, "Verifier expired or was replayed"),
    (5, "Credentials are too weak"),
    (6, "Bogus response verifier"),
    (7, "Unknown failure"),
];

static ACCEPT_ERRORS: &[(u32, &str)] = &[
    (1, "PROG_UNAVAIL"),
    (2, "PROG_MISMATCH"),
    (3, "PROC_UNAVAIL"),
    (4, "GARBAGE_ARGS"),
    (5, "SYSTEM_ERR"),
];

static STATUS: &[(u32, &str)] = &[
    (1, "Operation not permitted"),
    (2, "No such file or directory"),
    (5, "Input/output error"),
    (6, "Device not configured"),
    (11, "Resource deadlock avoided"),
    (12, "Cannot allocate memory"),
    (13, "Permission denied"),
    (17, "File exists"),
    (18, "Cross-device link"),
    (19, "Operation not supported by device"),
    (20, "Not a directory"),
    (21, "Is a directory"),
    (22, "Invalid argument"),
    (26, "Text file busy"),
    (27, "File too large"),
    (28, "No space left on device"),
    (30, "Read-only file system"),
    (31, "Too many links"),
    (45, "Operation not supported"),
    (62, "Too many levels of symbolic links"),
    (63, "File name too long"),
    (66, "Directory not empty"),
    (69, "Disc quota exceeded"),
    (70, "Stale NFS file handle"),
    (71, "Too many levels of remote in path"),
    (99, "Write cache flushed to disk"),
    (10001, "Illegal NFS file handle"),
    (10002, "Update synchronization mismatch"),
    (10003, "READDIR/READDIRPLUS cookie is stale"),
    (10004, "Operation not supported"),
    (10005, "Buffer or request is too small"),
    (10006, "Unspecified error on server"),
    (10007, "Object of that type not supported"),
    (10008, "Request couldn't be completed in time"),
];

/// What the parsers share: the message, and whether an error status was
/// printed (which silences the truncation marker).
struct Rep<'a> {
    d: &'a [u8],
    err: bool,
}

type P = R<Option<usize>>;

pub fn reply(cx: &mut Ctx, d: &[u8], length: usize, p: &PortPayload) -> R {
    cx.proto = "nfs";
    if !d.has(8, 4) {
        cx.trunc_marker();
        return Ok(());
    }
    match d.be32(8)? {
        0 => {
            cx.s("reply ok ");
            cx.u(length as u64);
            if let Some((proc_, vers)) = find_call(cx, d, p)? {
                let mut r = Rep { d, err: false };
                if results(cx, &mut r, proc_, vers, length)?.is_none() && !r.err {
                    cx.trunc_marker();
                }
            }
        }
        1 => {
            cx.s("reply ERR ");
            cx.u(length as u64);
            cx.s(": ");
            if !d.has(12, 4) {
                cx.trunc_marker();
                return Ok(());
            }
            match d.be32(12)? {
                0 => {
                    if !d.has(20, 4) {
                        cx.trunc_marker();
                        return Ok(());
                    }
                    cx.s("RPC Version mismatch (");
                    cx.u(d.be32(16)? as u64);
                    cx.b(b'-');
                    cx.u(d.be32(20)? as u64);
                    cx.b(b')');
                }
                1 => {
                    if !d.has(16, 4) {
                        cx.trunc_marker();
                        return Ok(());
                    }
                    let why = d.be32(16)?;
                    cx.s("Auth ");
                    match tables::lookup(AUTH_ERRORS, why) {
                        Some(n) => cx.s(n),
                        None => {
                            cx.s("Invalid failure code ");
                            cx.u(why as u64);
                        }
                    }
                }
                r => {
                    cx.s("Unknown reason for rejecting rpc message ");
                    cx.u(r as u64);
                }
            }
        }
        stat => {
            cx.s("reply Unknown rpc response code=");
            cx.u(stat as u64);
            cx.b(b' ');
            cx.u(length as u64);
        }
    }
    Ok(())
}

/// Past the verifier to the results; `None` if the call failed (printed)
/// or the verifier is too long.
fn results_start(cx: &mut Ctx, r: &mut Rep, length: usize) -> P {
    let len = r.d.be32(16)?;
    if len as usize >= length {
        return Ok(None);
    }
    let at = 12 + ((len as usize + 11) / 4) * 4;
    let stat = r.d.be32(at)?;
    if stat != 0 {
        cx.b(b' ');
        match tables::lookup(ACCEPT_ERRORS, stat) {
            Some(n) => cx.s(n),
            None => {
                cx.s("ar_stat ");
                cx.u(stat as u64);
            }
        }
        r.err = true;
        return Ok(None);
    }
    Ok(Some(at + 4))
}

/// The NFS status: prints ` ERROR: ...` unless it is 0.
fn status(cx: &mut Ctx, r: &mut Rep, at: usize) -> R<(u32, usize)> {
    let e = r.d.be32(at)?;
    if e != 0 {
        if !cx.opts.quiet {
            cx.s(" ERROR: ");
            match tables::lookup(STATUS, e) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("unk ");
                    cx.u(e as u64);
                }
            }
        }
        r.err = true;
    }
    Ok((e, at + 4))
}

fn fattr(cx: &mut Ctx, d: &[u8], at: usize, verbose: u8, v3: bool) -> P {
    if !d.has(at + 16, 4) {
        return Ok(None);
    }
    let w = |i: usize| d.be32(at + 4 * i);
    if verbose > 0 {
        let t = w(0)?;
        cx.b(b' ');
        match tables::lookup(FILE_TYPES, t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unk-ft ");
                cx.u(t as u64);
                cx.b(b' ');
            }
        }
        cx.b(b' ');
        put_octal(cx, w(1)?);
        cx.s(" ids ");
        fmt::put_i64(cx.out, w(3)? as i32 as i64);
        cx.b(b'/');
        fmt::put_i64(cx.out, w(4)? as i32 as i64);
        let size = if v3 { be64(d, at + 20)? } else { w(5)? as u64 };
        cx.s(" sz ");
        cx.u(size);
    }
    if verbose > 1 {
        if v3 {
            if !d.has(at + 76, 8) {
                return Ok(None);
            }
            cx.s(" nlink ");
            cx.u(w(2)? as u64);
            cx.s(" rdev ");
            cx.u(w(9)? as u64);
            cx.b(b'/');
            cx.u(w(10)? as u64);
            cx.s(" fsid ");
            fmt::put_hex(cx.out, be64(d, at + 44)?);
            cx.s(" fileid ");
            fmt::put_hex(cx.out, be64(d, at + 52)?);
            cx.s(" a/m/ctime ");
            put_time(cx, w(15)?, w(16)?);
            cx.b(b' ');
            put_time(cx, w(17)?, w(18)?);
            cx.b(b' ');
            put_time(cx, w(19)?, w(20)?);
        } else {
            if !d.has(at + 60, 8) {
                return Ok(None);
            }
            cx.s(" nlink ");
            cx.u(w(2)? as u64);
            cx.s(" rdev 0x");
            fmt::put_hex(cx.out, w(7)? as u64);
            cx.s(" fsid 0x");
            fmt::put_hex(cx.out, w(9)? as u64);
            cx.s(" nodeid 0x");
            fmt::put_hex(cx.out, w(10)? as u64);
            cx.s(" a/m/ctime");
            for i in [11, 13, 15] {
                cx.b(b' ');
                put_time(cx, w(i)?, w(i + 1)?);
            }
        }
    }
    Ok(Some(at + if v3 { 84 } else { 68 }))
}

fn attrstat(cx: &mut Ctx, r: &mut Rep, at: usize, verbose: u8, v3: bool) -> P {
    let (e, at) = status(cx, r, at)?;
    if e != 0 {
        return Ok(Some(at));
    }
    fattr(cx, r.d, at, verbose, v3)
}

fn diropres(cx: &mut Ctx, r: &mut Rep, at: usize) -> P {
    let (e, at) = status(cx, r, at)?;
    if e != 0 {
        return Ok(Some(at));
    }
    let Some(at) = fh::handle(cx, r.d, at, false)? else {
        return Ok(None);
    };
    let v = cx.opts.verbose;
    fattr(cx, r.d, at, v, false)
}

fn post_op_attr(cx: &mut Ctx, d: &[u8], at: usize, verbose: u8) -> P {
    if d.be32(at)? == 0 {
        return Ok(Some(at + 4));
    }
    if verbose > 0 {
        fattr(cx, d, at + 4, verbose, true)
    } else {
        Ok(Some(at + 4 + 84))
    }
}

fn pre_op_attr(cx: &mut Ctx, d: &[u8], at: usize, verbose: u8) -> P {
    if d.be32(at)? == 0 {
        return Ok(Some(at + 4));
    }
    let at = at + 4;
    if !d.has(at, 24) {
        return Ok(None);
    }
    if verbose > 1 {
        cx.s(" sz ");
        cx.u(be64(d, at)?);
        cx.s(" mtime ");
        put_time(cx, d.be32(at + 8)?, d.be32(at + 12)?);
        cx.s(" ctime ");
        put_time(cx, d.be32(at + 16)?, d.be32(at + 20)?);
    }
    Ok(Some(at + 24))
}

fn wcc_data(cx: &mut Ctx, d: &[u8], at: usize, verbose: u8) -> P {
    if verbose > 1 {
        cx.s(" PRE:");
    }
    let Some(at) = pre_op_attr(cx, d, at, verbose)? else {
        return Ok(None);
    };
    if verbose > 0 {
        cx.s(" POST:");
    }
    post_op_attr(cx, d, at, verbose)
}

fn wccres(cx: &mut Ctx, r: &mut Rep, at: usize, verbose: u8) -> P {
    let (_, at) = status(cx, r, at)?;
    wcc_data(cx, r.d, at, verbose)
}

fn createopres(cx: &mut Ctx, r: &mut Rep, at: usize, verbose: u8) -> P {
    let (e, at) = status(cx, r, at)?;
    if e != 0 {
        return wcc_data(cx, r.d, at, verbose);
    }
    if r.d.be32(at)? == 0 {
        return Ok(Some(at + 4));
    }
    let Some(mut at) = fh::handle(cx, r.d, at + 4, true)? else {
        return Ok(None);
    };
    if verbose > 0 {
        let Some(a) = post_op_attr(cx, r.d, at, verbose)? else {
            return Ok(None);
        };
        at = a;
        if cx.opts.verbose > 1 {
            cx.s(" dir attr:");
            return wcc_data(cx, r.d, at, verbose);
        }
    }
    Ok(Some(at))
}

fn v3_readdir(cx: &mut Ctx, r: &mut Rep, at: usize, verbose: u8) -> P {
    let (e, at) = status(cx, r, at)?;
    if cx.opts.verbose > 0 {
        cx.s(" POST:");
    }
    let Some(at) = post_op_attr(cx, r.d, at, verbose)? else {
        return Ok(None);
    };
    if e != 0 {
        return Ok(Some(at));
    }
    if cx.opts.verbose > 0 {
        let (a, b) = (r.d.be32(at)?, r.d.be32(at + 4)?);
        cx.s(" verf ");
        fmt::put_hex_padded(cx.out, a as u64, 8);
        fmt::put_hex_padded(cx.out, b as u64, 8);
        return Ok(Some(at + 8));
    }
    Ok(Some(at))
}

fn statfs(cx: &mut Ctx, r: &mut Rep, at: usize, v3: bool) -> P {
    let (e, mut at) = status(cx, r, at)?;
    if !v3 && e != 0 {
        return Ok(Some(at));
    }
    if cx.opts.quiet {
        return Ok(Some(at));
    }
    let v = cx.opts.verbose;
    if v3 {
        if v > 0 {
            cx.s(" POST:");
        }
        let Some(a) = post_op_attr(cx, r.d, at, v)? else {
            return Ok(None);
        };
        at = a;
    }
    let d = r.d;
    if !d.has(at, if v3 { 52 } else { 20 }) {
        return Ok(None);
    }
    if v3 {
        for (i, n) in [(0, " tbytes "), (8, " fbytes "), (16, " abytes ")] {
            cx.s(n);
            cx.u(be64(d, at + i)?);
        }
        if v > 0 {
            for (i, n) in [(24, " tfiles "), (32, " ffiles "), (40, " afiles ")] {
                cx.s(n);
                cx.u(be64(d, at + i)?);
            }
            cx.s(" invar ");
            cx.u(d.be32(at + 48)? as u64);
        }
    } else {
        for (i, n) in [" tsize ", " bsize ", " blocks ", " bfree ", " bavail "]
            .iter()
            .enumerate()
        {
            cx.s(n);
            cx.u(d.be32(at + 4 * i)? as u64);
        }
    }
    Ok(Some(at))
}

fn fsinfo(cx: &mut Ctx, r: &mut Rep, at: usize) -> P {
    let (e, at) = status(cx, r, at)?;
    let v = cx.opts.verbose;
    if v > 0 {
        cx.s(" POST:");
    }
    let Some(at) = post_op_attr(cx, r.d, at, v)? else {
        return Ok(None);
    };
    if e != 0 {
        return Ok(Some(at));
    }
    let d = r.d;
    if !d.has(at, 48) {
        return Ok(None);
    }
    let w = |i: usize| d.be32(at + 4 * i);
    for (i, n) in [
        (0, " rtmax "),
        (1, " rtpref "),
        (3, " wtmax "),
        (4, " wtpref "),
        (6, " dtpref "),
    ] {
        cx.s(n);
        cx.u(w(i)? as u64);
    }
    if v > 0 {
        cx.s(" rtmult ");
        cx.u(w(2)? as u64);
        cx.s(" wtmult ");
        cx.u(w(5)? as u64);
        cx.s(" maxfsz ");
        cx.u(be64(d, at + 28)?);
        cx.s(" delta ");
        put_time(cx, w(9)?, w(10)?);
        cx.b(b' ');
    }
    Ok(Some(at))
}

fn pathconf(cx: &mut Ctx, r: &mut Rep, at: usize) -> P {
    let (e, at) = status(cx, r, at)?;
    let v = cx.opts.verbose;
    if v > 0 {
        cx.s(" POST:");
    }
    let Some(at) = post_op_attr(cx, r.d, at, v)? else {
        return Ok(None);
    };
    if e != 0 {
        return Ok(Some(at));
    }
    let d = r.d;
    if !d.has(at, 24) {
        return Ok(None);
    }
    let w = |i: usize| d.be32(at + 4 * i);
    cx.s(" linkmax ");
    cx.u(w(0)? as u64);
    cx.s(" namemax ");
    cx.u(w(1)? as u64);
    for (i, n) in [
        (2, "notrunc"),
        (3, "chownres"),
        (4, "igncase"),
        (5, "keepcase"),
    ] {
        cx.b(b' ');
        if w(i)? != 0 {
            cx.s(n);
        }
    }
    Ok(Some(at))
}

/// The results of procedure `proc_` of NFS version `vers`.
fn results(cx: &mut Ctx, r: &mut Rep, proc_: u32, vers: u32, length: usize) -> P {
    let v3 = vers == 3;
    let proc_ = proc_name(cx, proc_, v3);
    let v = cx.opts.verbose;
    let q = !cx.opts.quiet as u8;
    if !matches!(proc_, GETATTR..=21) {
        return Ok(Some(0));
    }
    let Some(at) = results_start(cx, r, length)? else {
        return Ok(None);
    };
    let d = r.d;
    match proc_ {
        GETATTR => attrstat(cx, r, at, q, v3),
        SETATTR if v3 => wccres(cx, r, at, v),
        SETATTR => attrstat(cx, r, at, q, false),
        LOOKUP if v3 => {
            let (e, at) = status(cx, r, at)?;
            let mut at = at;
            if e == 0 {
                let Some(a) = fh::handle(cx, d, at, true)? else {
                    return Ok(None);
                };
                let Some(a) = post_op_attr(cx, d, a, v)? else {
                    return Ok(None);
                };
                at = a;
            }
            if v > 1 {
                cx.s(" post dattr:");
                return post_op_attr(cx, d, at, v);
            }
            Ok(Some(at))
        }
        LOOKUP => diropres(cx, r, at),
        ACCESS => {
            let (e, at) = status(cx, r, at)?;
            if v > 0 {
                cx.s(" attr:");
            }
            let Some(at) = post_op_attr(cx, d, at, v)? else {
                return Ok(None);
            };
            if e == 0 {
                let c = d.be32(at)?;
                cx.s(" c ");
                fmt::put_hex_padded(cx.out, c as u64, 4);
            }
            Ok(Some(at))
        }
        READLINK => {
            let (e, mut at) = status(cx, r, at)?;
            if e != 0 {
                return Ok(Some(at));
            }
            if v3 {
                let Some(a) = post_op_attr(cx, d, at, v)? else {
                    return Ok(None);
                };
                at = a;
            }
            cx.b(b' ');
            name(cx, d, at)
        }
        READ if v3 => {
            let (e, at) = status(cx, r, at)?;
            let Some(at) = post_op_attr(cx, d, at, v)? else {
                return Ok(None);
            };
            if e == 0 && v > 0 {
                let n = d.be32(at)?;
                cx.b(b' ');
                cx.u(n as u64);
                cx.s(" bytes");
                if d.be32(at + 4)? != 0 {
                    cx.s(" EOF");
                }
            }
            Ok(Some(at))
        }
        READ => attrstat(cx, r, at, v, false),
        WRITE if v3 => {
            let (e, at) = status(cx, r, at)?;
            let Some(at) = wcc_data(cx, d, at, v)? else {
                return Ok(None);
            };
            if e == 0 && v > 0 {
                let n = d.be32(at)?;
                cx.b(b' ');
                cx.u(n as u64);
                cx.s(" bytes");
                if v > 1 {
                    let mode = d.be32(at + 4)?;
                    cx.s(" <");
                    write_mode(cx, mode);
                    cx.b(b'>');
                    let verf = be64(d, at + 8)?;
                    cx.s(" verf ");
                    fmt::put_hex(cx.out, verf);
                }
            }
            // tcpdump returns here, without a truncation marker.
            Ok(Some(at))
        }
        WRITE => attrstat(cx, r, at, v, false),
        CREATE | MKDIR if v3 => createopres(cx, r, at, v),
        CREATE | MKDIR => diropres(cx, r, at),
        SYMLINK if v3 => createopres(cx, r, at, v),
        MKNOD => createopres(cx, r, at, v),
        REMOVE | RMDIR if v3 => wccres(cx, r, at, v),
        SYMLINK | REMOVE | RMDIR | RENAME | LINK if !v3 => {
            status(cx, r, at).map(|(_, at)| Some(at))
        }
        RENAME => {
            let (_, mut at) = status(cx, r, at)?;
            if v > 0 {
                cx.s(" from:");
                let Some(a) = wcc_data(cx, d, at, v)? else {
                    return Ok(None);
                };
                cx.s(" to:");
                let Some(a) = wcc_data(cx, d, a, v)? else {
                    return Ok(None);
                };
                at = a;
            }
            Ok(Some(at))
        }
        LINK => {
            let (_, mut at) = status(cx, r, at)?;
            if v > 0 {
                cx.s(" file POST:");
                let Some(a) = post_op_attr(cx, d, at, v)? else {
                    return Ok(None);
                };
                cx.s(" dir:");
                let Some(a) = wcc_data(cx, d, a, v)? else {
                    return Ok(None);
                };
                at = a;
            }
            Ok(Some(at))
        }
        READDIR if !v3 => {
            let (e, at) = status(cx, r, at)?;
            if e != 0 || cx.opts.quiet {
                return Ok(Some(at));
            }
            let (off, size) = (d.be32(at)?, d.be32(at + 4)?);
            cx.s(" offset 0x");
            fmt::put_hex(cx.out, off as u64);
            cx.s(" size ");
            cx.u(size as u64);
            cx.b(b' ');
            if d.be32(at + 8)? != 0 {
                cx.s(" eof");
            }
            Ok(Some(at))
        }
        READDIR | READDIRPLUS => v3_readdir(cx, r, at, v),
        FSSTAT => statfs(cx, r, at, v3),
        FSINFO => fsinfo(cx, r, at),
        PATHCONF => pathconf(cx, r, at),
        COMMIT => {
            let Some(at) = wccres(cx, r, at, v)? else {
                return Ok(None);
            };
            if v > 1 {
                let verf = be64(d, at)?;
                cx.s(" verf ");
                fmt::put_hex(cx.out, verf);
            }
            Ok(Some(at))
        }
        _ => Ok(Some(at)),
    }
}
