//! ISAKMP / IKE (RFC 2408, 2409, 2407) and IKEv2 (RFC 7296) on UDP port
//! 500 (and 7500, 8500), and UDP port 4500 (RFC 3948): NAT keepalives,
//! IKE behind a non-ESP marker, ESP in UDP.
//!
//! The message is walked as a chain of generic payloads: each names the
//! type of the next one. Without `-v` only the header line is printed.
//! A payload's printer reads past its own length only where tcpdump does
//! (notification data up to the end of the captured bytes).

mod tables;
mod v1;
mod v2;

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload, PortPayload};

/// The fixed ISAKMP header: two cookies, next payload, version, exchange
/// type, flags, message id, length.
const HDR: usize = 28;

/// How many initiator cookies are remembered (to tell `I` from `R`).
const MAX_INITIATORS: usize = 20;

/// An IKEv1 exchange's initiator cookie and the addresses of its first
/// packet.
#[derive(Debug, Clone, Default)]
pub struct Initiator {
    cookie: [u8; 8],
    version: u8,
    iaddr: Vec<u8>,
    raddr: Vec<u8>,
}

/// The cookies seen, a ring of `MAX_INITIATORS`.
#[derive(Debug, Default)]
pub struct Cookies {
    cache: Vec<Initiator>,
    next: usize,
}

impl Cookies {
    fn ensure(&mut self) {
        if self.cache.is_empty() {
            self.cache = vec![Initiator::default(); MAX_INITIATORS];
        }
    }
    fn find(&mut self, ck: &[u8]) -> Option<usize> {
        self.ensure();
        self.cache.iter().position(|e| e.cookie[..] == *ck)
    }
    fn record(&mut self, ck: &[u8], net: &NetHeader) {
        if let Some(i) = self.find(ck) {
            self.next = (i + 1) % MAX_INITIATORS;
            return;
        }
        let e = &mut self.cache[self.next];
        e.version = if net.is_v6() { 6 } else { 4 };
        e.iaddr = net.src().to_vec();
        e.raddr = net.dst().to_vec();
        e.cookie.copy_from_slice(ck);
        self.next = (self.next + 1) % MAX_INITIATORS;
    }
    fn is_from(&self, i: usize, net: &NetHeader, initiator: bool) -> bool {
        let e = &self.cache[i];
        let v = if net.is_v6() { 6 } else { 4 };
        if e.version != v {
            return false;
        }
        let a = if initiator { &e.iaddr } else { &e.raddr };
        a[..] == *net.src()
    }
}

/// UDP ports 500, 7500 and 8500.
pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    isakmp(cx, p.body, p.length, &p.net)?;
    Ok(true)
}

/// UDP port 4500 (RFC 3948).
pub fn print_natt(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    let (body, length) = (p.body, p.length);
    cx.proto = "isakmp_rfc3948";
    if length == 1 && body.u8_at(0)? == 0xff {
        cx.s("isakmp-nat-keep-alive");
        return Ok(true);
    }
    if length < 4 {
        cx.trunc_marker();
        return Ok(true);
    }
    if body.be32(0)? == 0 {
        cx.s("NONESP-encap: ");
        isakmp(cx, &body[4..], length - 4, &p.net)?;
        return Ok(true);
    }
    cx.s("UDP-encap: ");
    if let Some(esp) = dispatch::ip_proto(50) {
        let payload = IpPayload {
            data: body,
            length,
            version: if p.net.is_v6() { 6 } else { 4 },
            fragmented: false,
            net: p.net,
        };
        esp(cx, &payload)?;
    }
    Ok(true)
}

/// The hex of `len` bytes at `at`, or `false` (nothing printed) if they
/// were not all captured.
pub(crate) fn rawprint(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> bool {
    match d.range(at, len) {
        Ok(b) => {
            for &c in b {
                fmt::put_hex2(cx.out, c);
            }
            true
        }
        Err(_) => false,
    }
}

/// ` data=(` the first ten bytes from `at`, `...`, the last twenty
/// captured bytes `)`.
pub(crate) fn show_somedata(cx: &mut Ctx, d: &[u8], at: usize) -> bool {
    let ep = d.len();
    let mut end = ep.saturating_sub(20);
    let mut elen = 20;
    let len = ep.saturating_sub(at).min(10);
    if end < at + len {
        end = at + len;
        elen = ep.saturating_sub(end);
    }
    cx.s(" data=(");
    if !rawprint(cx, d, at, len) {
        return false;
    }
    cx.s("...");
    if elen > 0 && !rawprint(cx, d, end, elen) {
        return false;
    }
    cx.b(b')');
    true
}

/// ` [|name]`: a payload cut short.
pub(crate) fn trunc_np(cx: &mut Ctx, np: u8) {
    cx.s(" [|");
    tables::put_npstr(cx, np);
    cx.b(b']');
}

/// The `\n` and indentation before a payload at `depth`.
pub(crate) fn indent(cx: &mut Ctx, depth: usize) {
    cx.b(b'\n');
    for _ in 0..depth {
        cx.s("    ");
    }
}

/// What each payload printer is told: where the captured message is,
/// the phase, DOI and protocol of the enclosing SA or proposal, the
/// nesting depth.
#[derive(Clone, Copy)]
pub(crate) struct Walk<'a> {
    pub d: &'a [u8],
    #[allow(dead_code)]
    pub phase: u8,
    #[allow(dead_code)]
    pub doi: u32,
    pub proto: u8,
    pub depth: usize,
    pub v2: bool,
}

/// A chain of payloads starting with type `np` at `at`; `None` when it
/// stopped early (the reason already printed).
pub(crate) fn sub_print(cx: &mut Ctx, w: Walk, mut np: u8, at: usize) -> R<Option<usize>> {
    let d = w.d;
    let mut ext = at;
    let mut cp = at;
    let mut count = 0u32;
    while np != 0 {
        count += 1;
        if !d.has(ext, 4) {
            trunc_np(cx, np);
            return Ok(None);
        }
        let item_len = d.be16(ext + 2)? as usize;
        if !d.has(ext, item_len) {
            trunc_np(cx, np);
            return Ok(None);
        }
        let depth = w.depth + 1;
        indent(cx, depth);
        cx.b(b'(');
        let r = sub0_print(cx, Walk { depth, ..w }, np, count, ext)?;
        cx.b(b')');
        match r {
            None => return Ok(None),
            Some(next) => {
                np = d.u8_at(ext)?;
                ext = next;
                cp = next;
            }
        }
    }
    Ok(Some(cp))
}

fn sub0_print(cx: &mut Ctx, w: Walk, np: u8, count: u32, ext: usize) -> R<Option<usize>> {
    let d = w.d;
    if !d.has(ext, 4) {
        cx.trunc_marker();
        return Ok(None);
    }
    let item_len = d.be16(ext + 2)? as usize;
    if item_len <= 4 {
        return Ok(None);
    }
    match np {
        1..=13 => v1::payload(cx, w, np, ext, item_len),
        46 if w.v2 => v2::e_print(cx, w, np, ext, item_len),
        33..=48 => v2::payload(cx, w, np, count, ext, item_len),
        _ => {
            tables::put_npstr(cx, np);
            Ok(Some(ext + item_len))
        }
    }
}

/// An ISAKMP message: `d` the captured bytes from its header on,
/// `length` its length from UDP.
fn isakmp(cx: &mut Ctx, d: &[u8], length: usize, net: &NetHeader) -> R {
    cx.proto = "isakmp";
    if d.len() < HDR {
        cx.trunc_marker();
        return Ok(());
    }
    cx.s("isakmp");
    let vers = d.u8_at(17)?;
    let (major, minor) = (vers >> 4, vers & 0x0f);
    let v = cx.opts.verbose;
    if v > 0 {
        cx.b(b' ');
        cx.u(major as u64);
        cx.b(b'.');
        cx.u(minor as u64);
        cx.s(" msgid ");
        rawprint(cx, d, 20, 4);
    }
    if v > 1 {
        cx.s(" cookie ");
        rawprint(cx, d, 0, 8);
        cx.s("->");
        rawprint(cx, d, 8, 8);
    }
    cx.b(b':');
    match major {
        1 => v1::message(cx, d, length, net),
        2 => v2::message(cx, d, length),
        _ => Ok(()),
    }
}

/// ` (len mismatch: isakmp N/ip M)` under `-v`.
pub(crate) fn len_check(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    if cx.opts.verbose > 0 {
        let len = d.be32(24)?;
        if len as usize != length {
            cx.s(" (len mismatch: isakmp ");
            cx.u(len as u64);
            cx.s("/ip ");
            cx.u(length as u64);
            cx.b(b')');
        }
    }
    Ok(())
}

/// The exchange type's name, or `#N`.
pub(crate) fn put_etype(cx: &mut Ctx, t: u8) {
    tables::str_or_id(cx, tables::ETYPES, t as u32);
}

/// The IKEv1 cookies remembered across packets.
pub(crate) fn cookies<'a>(cx: &'a mut Ctx) -> &'a mut Cookies {
    &mut cx.state.isakmp_cookies
}
