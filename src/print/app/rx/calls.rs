//! Rx calls: the operation and its arguments, per AFS service (picked by
//! the destination port).

use super::names::*;
use super::{is_ubik, op_name, service, Rd, Stop, HEADER_LEN, X};
use crate::print::core::prelude::*;

const AFSNAMEMAX: u32 = 256;
const PRNAMEMAX: usize = 64;
const VLNAMEMAX: usize = 65;
const KANAMEMAX: u32 = 64;
const BOSNAMEMAX: u32 = 256;
const AFSOPAQUEMAX: usize = 1024;

pub(super) static VOLTYPES: [&str; 3] = ["read-write", "read-only", "backup"];

pub fn call(cx: &mut Ctx, d: &[u8], length: usize, dport: u16) -> R {
    if length <= HEADER_LEN || !(7000..=7007).contains(&dport) || dport == 7006 {
        return Ok(());
    }
    let op = d.be32(HEADER_LEN)?;
    let mut r = Rd {
        d,
        at: HEADER_LEN + 4,
    };
    let (name, res) = match dport {
        7000 => ("fs", fs(cx, &mut r, op)),
        7001 => ("cb", cb(cx, &mut r, op)),
        7002 => ("pt", pt(cx, &mut r, op)),
        7003 => ("vldb", vldb(cx, &mut r, op)),
        7004 => ("kauth", kauth(cx, &mut r, op)),
        7005 => ("vol", vol(cx, &mut r, op)),
        _ => ("bos", bos(cx, &mut r, op)),
    };
    // A Ubik call inside a database service ends as Ubik.
    match res {
        Err(Stop::Local) if is_ubik(op) && matches!(dport, 7002 | 7003 | 7004) => {
            service(cx, "ubik", res)
        }
        _ => service(cx, name, res),
    }
}

/// An AFS access control list (text: counts, then name and rights
/// lines), as `+{name rights}` and `-{name rights}`.
pub(super) fn acl(cx: &mut Ctx, r: &mut Rd) -> X {
    let n = r.u32()? as usize;
    r.check(n)?;
    let raw = &r.d[r.at..r.at + n.min(AFSOPAQUEMAX)];
    let end = raw.iter().position(|&c| c == 0).unwrap_or(raw.len());
    let text = &raw[..end];
    let mut words = Scanner { s: text, at: 0 };
    let (Some(pos), Some(neg)) = (words.int(), words.int()) else {
        return Ok(());
    };
    words.skip_space();
    for (count, sign) in [(pos, "+{"), (neg, "-{")] {
        for _ in 0..count.max(0) {
            let Some(user) = words.word() else {
                return Ok(());
            };
            let Some(rights) = words.int() else {
                return Ok(());
            };
            words.skip_space();
            cx.b(b' ');
            cx.s(sign);
            for &c in user {
                fmt::put_safe_char(cx.out, c);
            }
            cx.b(b' ');
            for (bit, c) in [
                (1, 'r'),
                (8, 'l'),
                (4, 'i'),
                (16, 'd'),
                (2, 'w'),
                (32, 'k'),
                (64, 'a'),
            ] {
                if rights & bit != 0 {
                    cx.b(c as u8);
                }
            }
            cx.b(b'}');
        }
    }
    Ok(())
}

/// Just enough of `sscanf` for ACL text: integers and words between
/// white space.
struct Scanner<'a> {
    s: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn skip_space(&mut self) {
        while self.at < self.s.len() && self.s[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }
    fn int(&mut self) -> Option<i64> {
        self.skip_space();
        let start = self.at;
        if self.at < self.s.len() && (self.s[self.at] == b'-' || self.s[self.at] == b'+') {
            self.at += 1;
        }
        let digits = self.at;
        while self.at < self.s.len() && self.s[self.at].is_ascii_digit() {
            self.at += 1;
        }
        if self.at == digits {
            self.at = start;
            return None;
        }
        std::str::from_utf8(&self.s[start..self.at])
            .ok()?
            .parse::<i64>()
            .ok()
            .map(|v| v.clamp(i32::MIN as i64, i32::MAX as i64))
    }
    fn word(&mut self) -> Option<&'a [u8]> {
        self.skip_space();
        let start = self.at;
        while self.at < self.s.len()
            && !self.s[self.at].is_ascii_whitespace()
            && self.at - start < 1024
        {
            self.at += 1;
        }
        (self.at > start).then(|| &self.s[start..self.at])
    }
}

/// A count, then that many file ids separated by commas.
fn fids(cx: &mut Ctx, r: &mut Rd) -> X {
    let n = r.u32()?;
    for i in 0..n {
        r.fid(cx)?;
        if i != n - 1 {
            cx.b(b',');
        }
    }
    if n == 0 {
        cx.s(" <none!>");
    }
    Ok(())
}

fn fs(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" fs call ");
    op_name(cx, FS_REQ, op);
    match op {
        130 => {
            r.fid(cx)?;
            cx.s(" offset");
            r.uint(cx)?;
            cx.s(" length");
            r.uint(cx)?;
        }
        131 | 132 | 143 | 144 | 145 | 156 | 157 | 158 => r.fid(cx)?,
        135 => {
            r.fid(cx)?;
            r.store_attrs(cx)?;
        }
        133 => {
            r.fid(cx)?;
            r.store_attrs(cx)?;
            for n in [" offset", " length", " flen"] {
                cx.s(n);
                r.uint(cx)?;
            }
        }
        134 => {
            r.fid(cx)?;
            acl(cx, r)?;
        }
        137 | 141 => {
            r.fid(cx)?;
            r.string(cx, AFSNAMEMAX)?;
            r.store_attrs(cx)?;
        }
        136 | 142 => {
            r.fid(cx)?;
            r.string(cx, AFSNAMEMAX)?;
        }
        138 => {
            cx.s(" old");
            r.fid(cx)?;
            r.string(cx, AFSNAMEMAX)?;
            cx.s(" new");
            r.fid(cx)?;
            r.string(cx, AFSNAMEMAX)?;
        }
        139 => {
            r.fid(cx)?;
            r.string(cx, AFSNAMEMAX)?;
            cx.s(" link to");
            r.string(cx, AFSNAMEMAX)?;
        }
        140 => {
            r.fid(cx)?;
            r.string(cx, AFSNAMEMAX)?;
            cx.s(" link to");
            r.fid(cx)?;
        }
        148 => r.string(cx, AFSNAMEMAX)?,
        149 | 150 => {
            cx.s(" volid");
            r.uint(cx)?;
        }
        154 => {
            cx.s(" volname");
            r.string(cx, AFSNAMEMAX)?;
        }
        155 | 65536 => fids(cx, r)?,
        65537 => {
            r.fid(cx)?;
            cx.s(" offset");
            r.uint64(cx)?;
            cx.s(" length");
            r.uint64(cx)?;
        }
        65538 => {
            r.fid(cx)?;
            r.store_attrs(cx)?;
            for n in [" offset", " length", " flen"] {
                cx.s(n);
                r.uint64(cx)?;
            }
        }
        65541 => {
            cx.s(" addr");
            r.uint(cx)?;
        }
        _ => {}
    }
    Ok(())
}

fn cb(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" cb call ");
    op_name(cx, CB_REQ, op);
    match op {
        204 => {
            fids(cx, r)?;
            let n = r.u32()?;
            if n != 0 {
                cx.b(b';');
            }
            for _ in 0..n {
                cx.s(" ver");
                r.int(cx)?;
                cx.s(" expires");
                r.date(cx)?;
                // The callback type is read but not shown.
                r.u32()?;
            }
        }
        214 => {
            cx.s(" afsuuid");
            r.afs_uuid(cx)?;
        }
        _ => {}
    }
    Ok(())
}

/// A count, then that many names sent a character a word.
fn names(cx: &mut Ctx, r: &mut Rd) -> X {
    let n = r.u32()?;
    for _ in 0..n {
        r.vector(cx, PRNAMEMAX)?;
    }
    if n == 0 {
        cx.s(" <none!>");
    }
    Ok(())
}

/// A count, then that many signed ids.
pub(super) fn ids(cx: &mut Ctx, r: &mut Rd) -> X {
    let n = r.u32()?;
    for _ in 0..n {
        r.int(cx)?;
    }
    if n == 0 {
        cx.s(" <none!>");
    }
    Ok(())
}

pub(super) fn pt_names(cx: &mut Ctx, r: &mut Rd) -> X {
    names(cx, r)
}

fn pt(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" pt");
    if is_ubik(op) {
        return ubik(cx, r, op);
    }
    cx.s(" call ");
    op_name(cx, PT_REQ, op);
    let labeled = |cx: &mut Ctx, r: &mut Rd, labels: &[&str]| -> X {
        for l in labels {
            cx.s(l);
            r.int(cx)?;
        }
        Ok(())
    };
    match op {
        500 => {
            r.string(cx, PRNAMEMAX as u32)?;
            labeled(cx, r, &[" id", " oldid"])?;
        }
        501 | 506 | 508 | 512 | 514 | 517 | 518 | 519 | 530 => labeled(cx, r, &[" id"])?,
        502 => labeled(cx, r, &[" pos"])?,
        503 | 507 | 515 => labeled(cx, r, &[" uid", " gid"])?,
        504 => names(cx, r)?,
        505 => {
            cx.s(" ids:");
            ids(cx, r)?;
        }
        509 => {
            r.string(cx, PRNAMEMAX as u32)?;
            labeled(cx, r, &[" flag", " oid"])?;
        }
        511 => labeled(cx, r, &[" id", " gflag"])?,
        513 => {
            labeled(cx, r, &[" id"])?;
            r.string(cx, PRNAMEMAX as u32)?;
            labeled(cx, r, &[" oldid", " newid"])?;
        }
        520 => {
            labeled(cx, r, &[" id"])?;
            r.string(cx, PRNAMEMAX as u32)?;
        }
        _ => {}
    }
    Ok(())
}

/// ` type read-write` for a volume type up to 2.
pub(super) fn voltype(cx: &mut Ctx, r: &mut Rd) -> X {
    let t = r.u32()?;
    if let Some(n) = VOLTYPES.get(t as usize) {
        cx.s(" type ");
        cx.s(n);
    }
    Ok(())
}

fn vldb(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" vldb");
    if is_ubik(op) {
        return ubik(cx, r, op);
    }
    cx.s(" call ");
    op_name(cx, VLDB_REQ, op);
    match op {
        501 | 517 => r.vector(cx, VLNAMEMAX)?,
        502 | 503 | 507 | 508 | 509 | 518 => {
            cx.s(" volid");
            r.int(cx)?;
            voltype(cx, r)?;
        }
        504 | 519 | 524 | 527 => r.string(cx, VLNAMEMAX as u32)?,
        505 => {
            cx.s(" bump");
            r.int(cx)?;
        }
        506 | 520 => {
            cx.s(" volid");
            r.int(cx)?;
            voltype(cx, r)?;
            r.vector(cx, VLNAMEMAX)?;
        }
        510 | 521 => {
            cx.s(" index");
            r.int(cx)?;
        }
        _ => {}
    }
    Ok(())
}

fn kauth(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" kauth");
    if is_ubik(op) {
        return ubik(cx, r, op);
    }
    cx.s(" call ");
    op_name(cx, KAUTH_REQ, op);
    match op {
        1 | 21 | 22 | 2 | 5 | 6 | 7 | 8 | 14 | 15 => {
            cx.s(" principal");
            r.string(cx, KANAMEMAX)?;
            r.string(cx, KANAMEMAX)?;
        }
        3 | 23 => {
            cx.s(" kvno");
            r.int(cx)?;
            cx.s(" domain");
            r.string(cx, KANAMEMAX)?;
            let n = r.u32()? as usize;
            r.check(n)?;
            r.skip(n);
            cx.s(" principal");
            r.string(cx, KANAMEMAX)?;
            r.string(cx, KANAMEMAX)?;
        }
        4 => {
            cx.s(" principal");
            r.string(cx, KANAMEMAX)?;
            r.string(cx, KANAMEMAX)?;
            cx.s(" kvno");
            r.int(cx)?;
        }
        12 => {
            cx.s(" name");
            r.string(cx, KANAMEMAX)?;
        }
        _ => {}
    }
    Ok(())
}

/// Labelled unsigned (`u`), signed (`i`), date (`d`) or name (`s`)
/// arguments in order.
fn fields(cx: &mut Ctx, r: &mut Rd, list: &[(&str, char)]) -> X {
    for &(label, kind) in list {
        cx.s(label);
        match kind {
            'u' => r.uint(cx)?,
            'i' => r.int(cx)?,
            'd' => r.date(cx)?,
            _ => r.string(cx, AFSNAMEMAX)?,
        }
    }
    Ok(())
}

fn vol(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" vol call ");
    op_name(cx, VOL_REQ, op);
    match op {
        100 => fields(
            cx,
            r,
            &[
                (" partition", 'u'),
                (" name", 's'),
                (" type", 'u'),
                (" parent", 'u'),
            ],
        )?,
        101 | 107 | 104 => fields(cx, r, &[(" trans", 'u')])?,
        102 => fields(cx, r, &[(" totrans", 'u'), (" flags", 'u')])?,
        103 => {
            fields(cx, r, &[(" fromtrans", 'u'), (" fromdate", 'd')])?;
            r.dest_server(cx)?;
            fields(cx, r, &[(" desttrans", 'i')])?;
        }
        105 => fields(
            cx,
            r,
            &[
                (" trans", 'u'),
                (" purgevol", 'u'),
                (" newtype", 'u'),
                (" newname", 's'),
            ],
        )?,
        106 => fields(cx, r, &[(" trans", 'u'), (" flags", 'u')])?,
        108 => fields(
            cx,
            r,
            &[(" vol", 'u'), (" partition", 'u'), (" flags", 'u')],
        )?,
        109 | 655537 => fields(cx, r, &[(" fromtrans", 'u'), (" fromdate", 'd')])?,
        110 => fields(cx, r, &[(" index", 'u')])?,
        111 => fields(cx, r, &[(" tid", 'u'), (" newsite", 'u')])?,
        112 | 113 => cx.s(" tid"),
        114 => fields(
            cx,
            r,
            &[
                (" name", 's'),
                (" type", 'u'),
                (" pid", 'u'),
                (" cloneid", 'u'),
            ],
        )?,
        116 => fields(cx, r, &[(" partition", 'u'), (" flags", 'u')])?,
        117 => fields(
            cx,
            r,
            &[
                (" tid", 'u'),
                (" name", 's'),
                (" type", 'u'),
                (" pid", 'u'),
                (" clone", 'u'),
                (" backup", 'u'),
            ],
        )?,
        119 => fields(cx, r, &[(" name", 's')])?,
        120 | 126 => fields(cx, r, &[(" tid", 'u')])?,
        121 | 122 | 124 | 125 | 65536 => fields(cx, r, &[(" partid", 'u'), (" volid", 'u')])?,
        123 => fields(cx, r, &[(" tid", 'u'), (" date", 'd')])?,
        128 => {
            fields(cx, r, &[(" fromtrans", 'u'), (" fromdate", 'd')])?;
            let n = r.u32()?;
            for i in 0..n {
                r.dest_server(cx)?;
                if i != n - 1 {
                    cx.b(b',');
                }
            }
            if n == 0 {
                cx.s(" <none!>");
            }
        }
        65538 => fields(
            cx,
            r,
            &[(" fromtrans", 'u'), (" fromdate", 'd'), (" flags", 'u')],
        )?,
        _ => {}
    }
    Ok(())
}

fn bos(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" bos call ");
    op_name(cx, BOS_REQ, op);
    match op {
        80 => {
            cx.s(" type");
            r.string(cx, BOSNAMEMAX)?;
            cx.s(" instance");
            r.string(cx, BOSNAMEMAX)?;
        }
        81 | 83 | 85 | 87 | 88 | 93 | 96 | 97 | 104 | 106 | 108 | 112 | 114 => {
            r.string(cx, BOSNAMEMAX)?
        }
        82 | 98 => {
            r.string(cx, BOSNAMEMAX)?;
            cx.s(" status");
            r.int(cx)?;
        }
        86 => {
            r.string(cx, BOSNAMEMAX)?;
            cx.s(" num");
            r.int(cx)?;
        }
        84 | 89 | 90 | 91 | 92 | 95 => r.int(cx)?,
        105 => {
            r.string(cx, BOSNAMEMAX)?;
            for n in [" size", " flags", " date"] {
                cx.s(n);
                r.int(cx)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn ubik(cx: &mut Ctx, r: &mut Rd, op: u32) -> X {
    cx.s(" ubik call ");
    op_name(cx, UBIK_REQ, op);
    let version = |cx: &mut Ctx, r: &mut Rd, label: &str| -> X {
        cx.s(label);
        r.ubik_version(cx)
    };
    let int = |cx: &mut Ctx, r: &mut Rd, label: &str| -> X {
        cx.s(label);
        r.int(cx)
    };
    match op {
        10000 => {
            let sync = r.u32()?;
            cx.s(if sync != 0 {
                " syncsite yes"
            } else {
                " syncsite no"
            });
            cx.s(" votestart");
            r.date(cx)?;
            version(cx, r, " dbversion")?;
            version(cx, r, " tid")?;
        }
        10003 => {
            cx.s(" site");
            r.uint(cx)?;
        }
        20000 | 20001 | 20007 | 20008 | 20010 => version(cx, r, " tid")?,
        20002 => {
            version(cx, r, " tid")?;
            int(cx, r, " file")?;
            int(cx, r, " pos")?;
            int(cx, r, " length")?;
            // The lock type is read but not shown.
            r.u32()?;
        }
        20003 => {
            version(cx, r, " tid")?;
            int(cx, r, " file")?;
            int(cx, r, " pos")?;
        }
        20005 => int(cx, r, " file")?,
        20006 => {
            int(cx, r, " file")?;
            int(cx, r, " length")?;
            version(cx, r, " dbversion")?;
        }
        20009 => {
            version(cx, r, " tid")?;
            int(cx, r, " file")?;
            int(cx, r, " length")?;
        }
        20012 => {
            version(cx, r, " tid")?;
            version(cx, r, " oldversion")?;
            version(cx, r, " newversion")?;
        }
        _ => {}
    }
    Ok(())
}
