//! Rx replies (and aborts) to calls seen before: the operation, then the
//! results of a data packet or the error code of an abort.

use super::calls::{acl, ids, pt_names};
use super::names::*;
use super::{is_ubik, op_name, service, Rd, Stop, DATA, HEADER_LEN, X};
use crate::print::core::prelude::*;

static FS_ERRORS: &[(u32, &str)] = &[
    (101, "salvage volume"),
    (102, "no such vnode"),
    (103, "no such volume"),
    (104, "volume exist"),
    (105, "no service"),
    (106, "volume offline"),
    (107, "voline online"),
    (108, "diskfull"),
    (109, "diskquota exceeded"),
    (110, "volume busy"),
    (111, "volume moved"),
    (112, "AFS IO error"),
    (0xffff_ff9c, "restarting fileserver"),
];

pub fn reply(cx: &mut Ctx, d: &[u8], length: usize, sport: u16, op: u32) -> R {
    // The protection, VLDB and Ubik replies accept a bare header.
    let min_ok = match sport {
        7002 | 7003 => length >= HEADER_LEN,
        7000 | 7001 | 7004 | 7005 | 7007 => length > HEADER_LEN,
        _ => false,
    };
    if !min_ok {
        return Ok(());
    }
    let t = d.u8_at(20);
    let mut r = Rd { d, at: HEADER_LEN };
    let (name, res) = match sport {
        7000 => ("fs", fs(cx, &mut r, op, t)),
        7001 => ("cb", cb(cx, &mut r, op, t)),
        7002 => ("pt", pt(cx, &mut r, op, t, length)),
        7003 => ("vldb", vldb(cx, &mut r, op, t, length)),
        7004 => ("kauth", kauth(cx, &mut r, op, t, length)),
        7005 => ("vol", vol(cx, &mut r, op, t)),
        _ => ("bos", bos(cx, &mut r, op, t)),
    };
    match res {
        Err(Stop::Local) if is_ubik(op) && matches!(sport, 7002 | 7003 | 7004) => {
            service(cx, "ubik", res)
        }
        _ => service(cx, name, res),
    }
}

fn errcode(cx: &mut Ctx, r: &mut Rd) -> X {
    cx.s(" errcode");
    r.int(cx)
}

fn fs(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>) -> X {
    cx.s(" fs reply ");
    op_name(cx, FS_REQ, op);
    let t = t?;
    if t == DATA {
        match op {
            131 => acl(cx, r)?,
            137 | 141 => {
                cx.s(" new");
                r.fid(cx)?;
            }
            151 => {
                cx.s(" root volume");
                r.string(cx, 256)?;
            }
            153 => r.date(cx)?,
            _ => {}
        }
    } else if t == super::ABORT {
        let e = r.u32()?;
        cx.s(" error ");
        match tables::lookup(FS_ERRORS, e) {
            Some(n) => cx.s(n),
            None => {
                cx.b(b'#');
                fmt::put_i64(cx.out, e as i32 as i64);
            }
        }
    } else {
        cx.s(" strange fs reply of type ");
        cx.u(t as u64);
    }
    Ok(())
}

fn cb(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>) -> X {
    cx.s(" cb reply ");
    op_name(cx, CB_REQ, op);
    if t? == DATA {
        if op == 213 {
            r.afs_uuid(cx)?;
        }
        Ok(())
    } else {
        errcode(cx, r)
    }
}

fn pt(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>, length: usize) -> X {
    cx.s(" pt");
    if is_ubik(op) {
        return ubik(cx, r, op, t, length);
    }
    cx.s(" reply ");
    op_name(cx, PT_REQ, op);
    if t? != DATA {
        return errcode(cx, r);
    }
    match op {
        504 => {
            cx.s(" ids:");
            ids(cx, r)?;
        }
        505 => pt_names(cx, r)?,
        508 | 514 | 517 | 518 | 519 => ids(cx, r)?,
        510 => {
            cx.s(" maxuid");
            r.int(cx)?;
            cx.s(" maxgid");
            r.int(cx)?;
        }
        _ => {}
    }
    Ok(())
}

/// The servers and partitions of a VLDB entry with `slots` sites, then
/// its volume ids; `uuids`: sites are AFS UUIDs rather than addresses.
fn vldb_entry(cx: &mut Ctx, r: &mut Rd, slots: u32, uuids: bool, skip_word: bool) -> X {
    r.vector(cx, 65)?;
    if skip_word {
        r.check(4)?;
        r.skip(4);
    }
    cx.s(" numservers");
    let n = r.u32()?;
    cx.b(b' ');
    cx.u(n as u64);
    cx.s(" servers");
    for i in 0..slots {
        if uuids {
            if i < n {
                cx.s(" afsuuid");
                r.afs_uuid(cx)?;
            } else {
                r.check(44)?;
                r.skip(44);
            }
        } else {
            r.check(4)?;
            if i < n {
                cx.b(b' ');
                fmt::put_ipv4(cx.out, &r.d[r.at..r.at + 4]);
            }
            r.skip(4);
        }
    }
    if uuids {
        r.check(4 * 13)?;
        r.skip(4 * 13);
    }
    cx.s(" partitions");
    for i in 0..slots {
        let j = r.u32()?;
        if i < n && j <= 26 {
            cx.b(b' ');
            cx.b(b'a' + j as u8);
        } else if i < n {
            cx.b(b' ');
            cx.u(j as u64);
        }
    }
    r.check(slots as usize * 4)?;
    r.skip(slots as usize * 4);
    for n in [" rwvol", " rovol", " backup"] {
        cx.s(n);
        r.uint(cx)?;
    }
    Ok(())
}

fn vldb(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>, length: usize) -> X {
    cx.s(" vldb");
    if is_ubik(op) {
        return ubik(cx, r, op, t, length);
    }
    cx.s(" reply ");
    op_name(cx, VLDB_REQ, op);
    if t? != DATA {
        return errcode(cx, r);
    }
    let counts = |cx: &mut Ctx, r: &mut Rd| -> X {
        cx.s(" count");
        r.int(cx)?;
        cx.s(" nextindex");
        r.int(cx)
    };
    match op {
        510 => {
            counts(cx, r)?;
            vldb_entry(cx, r, 8, false, true)?;
        }
        503 | 504 => vldb_entry(cx, r, 8, false, true)?,
        505 => {
            cx.s(" newvol");
            r.uint(cx)?;
        }
        521 | 529 => {
            counts(cx, r)?;
            vldb_entry(cx, r, 13, false, false)?;
        }
        518 | 519 => vldb_entry(cx, r, 13, false, false)?,
        526 | 527 => vldb_entry(cx, r, 13, true, false)?,
        _ => {}
    }
    Ok(())
}

fn kauth(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>, length: usize) -> X {
    cx.s(" kauth");
    if is_ubik(op) {
        return ubik(cx, r, op, t, length);
    }
    cx.s(" reply ");
    op_name(cx, KAUTH_REQ, op);
    if t? != DATA {
        errcode(cx, r)?;
    }
    Ok(())
}

fn vol(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>) -> X {
    cx.s(" vol reply ");
    op_name(cx, VOL_REQ, op);
    if t? != DATA {
        return errcode(cx, r);
    }
    let uints = |cx: &mut Ctx, r: &mut Rd, labels: &[&str]| -> X {
        for l in labels {
            cx.s(l);
            r.uint(cx)?;
        }
        Ok(())
    };
    match op {
        100 => uints(cx, r, &[" volid", " trans"])?,
        104 | 107 => uints(cx, r, &[""])?,
        105 => uints(cx, r, &[" newvol"])?,
        108 => uints(cx, r, &[" trans"])?,
        110 => uints(cx, r, &[" volume", " partition"])?,
        112 => r.string(cx, 256)?,
        113 => {
            uints(
                cx,
                r,
                &[
                    " volid",
                    " nextuniq",
                    " type",
                    " parentid",
                    " clone",
                    " backup",
                    " restore",
                    " maxquota",
                    " minquota",
                    " owner",
                ],
            )?;
            for l in [
                " create", " access", " update", " expire", " backup", " copy",
            ] {
                cx.s(l);
                r.date(cx)?;
            }
        }
        116 | 121 => {
            let n = r.u32()?;
            for i in 0..n {
                cx.s(" name");
                r.vector(cx, 32)?;
                cx.s(" volid");
                r.uint(cx)?;
                cx.s(" type");
                r.skip(4 * 21);
                if i != n - 1 {
                    cx.b(b',');
                }
            }
            if n == 0 {
                cx.s(" <none!>");
            }
        }
        _ => {}
    }
    Ok(())
}

fn bos(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>) -> X {
    cx.s(" bos reply ");
    op_name(cx, BOS_REQ, op);
    if t? != DATA {
        errcode(cx, r)?;
    }
    Ok(())
}

fn ubik(cx: &mut Ctx, r: &mut Rd, op: u32, t: R<u8>, length: usize) -> X {
    if length < HEADER_LEN {
        return Ok(());
    }
    cx.s(" ubik reply ");
    op_name(cx, UBIK_REQ, op);
    if t? == DATA {
        match op {
            10000 => cx.s(" vote no"),
            20004 => {
                cx.s(" dbversion");
                r.ubik_version(cx)?;
            }
            _ => {}
        }
    } else if op == 10000 {
        cx.s(" vote yes until");
        r.date(cx)?;
    } else {
        errcode(cx, r)?;
    }
    Ok(())
}
