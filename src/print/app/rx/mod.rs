//! AFS Rx (UDP ports 7000-7009): the Rx header, acknowledgements, and the
//! calls and replies of the AFS services (file server, callbacks,
//! protection, volume location, authentication, volume, BOS, Ubik).
//!
//! Replies carry no opcode, so calls are remembered (call number,
//! addresses, port, service id) in a ring of 64 (`State::rx_calls`).
//!
//! A service decoder stops in one of two ways, as tcpdump's do: a bounds
//! check of its own fails (`Stop::Local`: ` [|fs]` and the line goes on
//! with the length), or a read runs past the capture (`Stop::Jump`: the
//! line ends with ` [|rx]`).

mod calls;
mod names;
mod replies;

use crate::print::core::prelude::*;
use crate::print::core::RxCall;
use crate::print::dispatch::PortPayload;

pub const HEADER_LEN: usize = 28;
const DATA: u8 = 1;
const ACK: u8 = 2;
const ABORT: u8 = 4;
const CLIENT_INITIATED: u8 = 1;

static TYPES: &[(u8, &str)] = &[
    (1, "data"),
    (2, "ack"),
    (3, "busy"),
    (4, "abort"),
    (5, "ackall"),
    (6, "challenge"),
    (7, "response"),
    (8, "debug"),
    (9, "params"),
    (13, "version"),
];

/// Flags, and the packet type they apply to (0: any).
static FLAGS: &[(u8, u8, &str)] = &[
    (1, 0, "client-init"),
    (2, 0, "req-ack"),
    (4, 0, "last-pckt"),
    (8, 0, "more-pckts"),
    (16, 0, "free-pckt"),
    (32, ACK, "slow-start"),
    (32, DATA, "jumbogram"),
];

static ACK_REASONS: &[(u8, &str)] = &[
    (1, "ack requested"),
    (2, "duplicate packet"),
    (3, "out of sequence"),
    (4, "exceeds window"),
    (5, "no buffer space"),
    (6, "ping"),
    (7, "ping response"),
    (8, "delay"),
    (9, "idle"),
];

/// How a service decoder stopped early.
pub(super) enum Stop {
    /// Its own bounds check failed.
    Local,
    /// A read ran past the capture.
    Jump,
}

impl From<Trunc> for Stop {
    fn from(_: Trunc) -> Stop {
        Stop::Jump
    }
}

pub(super) type X<T = ()> = Result<T, Stop>;

/// A read position in the Rx packet.
pub(super) struct Rd<'a> {
    pub d: &'a [u8],
    pub at: usize,
}

impl Rd<'_> {
    pub fn u32(&mut self) -> X<u32> {
        let v = self.d.be32(self.at)?;
        self.at += 4;
        Ok(v)
    }
    /// tcpdump's `ND_TCHECK_LEN`: `n` bytes must be captured here.
    pub fn check(&self, n: usize) -> X {
        if self.d.has(self.at, n) {
            Ok(())
        } else {
            Err(Stop::Local)
        }
    }
    pub fn skip(&mut self, n: usize) {
        self.at = self.at.saturating_add(n);
    }
    pub fn fid(&mut self, cx: &mut Ctx) -> X {
        self.check(12)?;
        let (a, b, c) = (self.u32()?, self.u32()?, self.u32()?);
        cx.s(" fid ");
        cx.u(a as u64);
        cx.b(b'/');
        cx.u(b as u64);
        cx.b(b'/');
        cx.u(c as u64);
        Ok(())
    }
    /// A counted string of at most `max` bytes, in quotes.
    pub fn string(&mut self, cx: &mut Ctx, max: u32) -> X {
        let n = self.u32()?;
        if n > max {
            return Err(Stop::Local);
        }
        cx.s(" \"");
        let n = n as usize;
        let avail = self.d.len().saturating_sub(self.at).min(n);
        for i in 0..avail {
            fmt::put_safe_char(cx.out, self.d[self.at + i]);
        }
        if avail < n {
            return Err(Stop::Local);
        }
        cx.b(b'"');
        self.skip(n.div_ceil(4) * 4);
        Ok(())
    }
    pub fn int(&mut self, cx: &mut Ctx) -> X {
        let v = self.u32()? as i32;
        cx.b(b' ');
        fmt::put_i64(cx.out, v as i64);
        Ok(())
    }
    pub fn uint(&mut self, cx: &mut Ctx) -> X {
        let v = self.u32()?;
        cx.b(b' ');
        cx.u(v as u64);
        Ok(())
    }
    pub fn uint64(&mut self, cx: &mut Ctx) -> X {
        let hi = self.d.be32(self.at)?;
        let lo = self.d.be32(self.at + 4)?;
        self.at += 8;
        cx.b(b' ');
        cx.u(((hi as u64) << 32) | lo as u64);
        Ok(())
    }
    pub fn date(&mut self, cx: &mut Ctx) -> X {
        let t = self.u32()? as i32;
        cx.b(b' ');
        timestamp::put_local_datetime(cx.out, t as i64);
        Ok(())
    }
    pub fn store_attrs(&mut self, cx: &mut Ctx) -> X {
        self.check(24)?;
        let mask = self.u32()?;
        if mask != 0 {
            cx.s(" StoreStatus");
        }
        if mask & 1 != 0 {
            cx.s(" date");
            self.date(cx)?;
        } else {
            self.skip(4);
        }
        let owner = self.u32()?;
        if mask & 2 != 0 {
            cx.s(" owner ");
            cx.u(owner as u64);
        }
        let group = self.u32()?;
        if mask & 4 != 0 {
            cx.s(" group ");
            cx.u(group as u64);
        }
        let mode = self.u32()?;
        if mask & 8 != 0 {
            cx.s(" mode ");
            put_octal(cx, mode & 0o7777);
        }
        let segsize = self.u32()?;
        if mask & 16 != 0 {
            cx.s(" segsize ");
            cx.u(segsize as u64);
        }
        if mask & 1024 != 0 {
            cx.s(" fsync");
        }
        Ok(())
    }
    pub fn ubik_version(&mut self, cx: &mut Ctx) -> X {
        self.check(8)?;
        let (epoch, counter) = (self.u32()?, self.u32()?);
        cx.b(b' ');
        cx.u(epoch as u64);
        cx.b(b'.');
        cx.u(counter as u64);
        Ok(())
    }
    pub fn afs_uuid(&mut self, cx: &mut Ctx) -> X {
        self.check(44)?;
        let v = self.u32()?;
        cx.b(b' ');
        fmt::put_hex_padded(cx.out, v as u64, 8);
        for _ in 0..2 {
            let v = self.u32()?;
            fmt::put_hex_padded(cx.out, v as u64, 4);
        }
        for _ in 0..8 {
            let v = self.u32()?;
            fmt::put_hex2(cx.out, v as u8);
        }
        Ok(())
    }
    /// A string sent as `max` 32-bit words, one character each.
    pub fn vector(&mut self, cx: &mut Ctx, max: usize) -> X {
        self.check(max * 4)?;
        cx.s(" \"");
        let mut ended = false;
        for _ in 0..max {
            let c = self.u32()? as u8;
            if c == 0 {
                ended = true;
            }
            if !ended {
                fmt::put_safe_char(cx.out, c);
            }
        }
        cx.b(b'"');
        Ok(())
    }
    pub fn dest_server(&mut self, cx: &mut Ctx) -> X {
        self.check(12)?;
        let (a, b, c) = (self.u32()?, self.u32()?, self.u32()?);
        cx.s(" server ");
        cx.u(a as u64);
        cx.b(b':');
        cx.u(b as u64);
        cx.b(b':');
        cx.u(c as u64);
        Ok(())
    }
}

pub(super) fn put_octal(cx: &mut Ctx, v: u32) {
    let mut digits = Vec::new();
    let mut n = v;
    loop {
        digits.push(b'0' + (n & 7) as u8);
        n >>= 3;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    cx.out.extend_from_slice(&digits);
}

/// A name from a table, or `fallback` and the number.
pub(super) fn op_name(cx: &mut Ctx, table: &[(u32, &'static str)], op: u32) {
    match tables::lookup(table, op) {
        Some(n) => cx.s(n),
        None => {
            cx.s("op#");
            cx.u(op as u64);
        }
    }
}

/// Ubik (the replicated database protocol) opcodes, shared by the
/// database services.
pub(super) fn is_ubik(op: u32) -> bool {
    (10000..=10007).contains(&op) || (20000..=20013).contains(&op)
}

/// Run a service decoder: its own truncation prints ` [|name]`.
pub(super) fn service(cx: &mut Ctx, name: &str, r: X) -> R {
    match r {
        Ok(()) => Ok(()),
        Err(Stop::Local) => {
            cx.s(" [|");
            cx.s(name);
            cx.b(b']');
            Ok(())
        }
        Err(Stop::Jump) => Err(Trunc),
    }
}

/// The IPv4 source and destination as tcpdump reads them for the cache
/// (from an IPv6 header, the bytes at the same offsets).
fn addrs(p: &PortPayload) -> ([u8; 4], [u8; 4]) {
    let src = p.net.src();
    let mut a = [0u8; 4];
    let mut b = [0u8; 4];
    if p.net.is_v6() {
        a.copy_from_slice(&src[4..8]);
        b.copy_from_slice(&src[8..12]);
    } else {
        a.copy_from_slice(&src[..4]);
        b.copy_from_slice(&p.net.dst()[..4]);
    }
    (a, b)
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "rx";
    let d = p.captured;
    let length = p.length;
    if !d.has(0, HEADER_LEN) {
        cx.s(" [|rx] (");
        cx.u(length as u64);
        cx.b(b')');
        return Ok(true);
    }
    let t = d.u8_at(20)?;
    cx.s(" rx ");
    match tables::lookup(TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("type ");
            cx.u(t as u64);
        }
    }
    let flags = d.u8_at(21)?;
    let v = cx.opts.verbose;
    if v > 0 {
        if v > 1 {
            cx.s(" cid ");
            fmt::put_hex_padded(cx.out, d.be32(4)? as u64, 8);
            cx.s(" call# ");
            cx.u(d.be32(8)? as u64);
        }
        cx.s(" seq ");
        cx.u(d.be32(12)? as u64);
        cx.s(" ser ");
        cx.u(d.be32(16)? as u64);
        if v > 2 {
            cx.s(" secindex ");
            cx.u(d.u8_at(23)? as u64);
            cx.s(" serviceid ");
            cx.u(d.be16(26)? as u64);
        }
        if v > 1 {
            let mut first = true;
            for &(bit, ptype, name) in FLAGS {
                if flags & bit != 0 && (ptype == 0 || t == ptype) {
                    cx.b(if first { b' ' } else { b',' });
                    first = false;
                    cx.b(b'<');
                    cx.s(name);
                    cx.b(b'>');
                }
            }
        }
    }
    let seq = d.be32(12)?;
    if t == DATA && seq == 1 && flags & CLIENT_INITIATED != 0 {
        if d.has(HEADER_LEN, 4) {
            let (client, server) = addrs(p);
            let e = RxCall {
                callnum: d.be32(8)?,
                client,
                server,
                dport: p.dport,
                service: d.be16(26)?,
                opcode: d.be32(HEADER_LEN)?,
            };
            cx.state.rx_calls.enter(e);
        }
        calls::call(cx, d, length, p.dport)?;
    } else if ((t == DATA && seq == 1) || t == ABORT) && flags & CLIENT_INITIATED == 0 {
        let callnum = d.be32(8)?;
        let service = d.be16(26)?;
        let (src, dst) = addrs(p);
        let sport = p.sport;
        let found = cx
            .state
            .rx_calls
            .find(|e| {
                e.callnum == callnum
                    && e.client == dst
                    && e.server == src
                    && e.service == service
                    && e.dport == sport
            })
            .map(|e| e.opcode);
        if let Some(op) = found {
            replies::reply(cx, d, length, sport, op)?;
        }
    } else if t == ACK {
        let r = ack(cx, d, length);
        service(cx, "ack", r)?;
    }
    cx.s(" (");
    cx.u(length as u64);
    cx.b(b')');
    Ok(true)
}

/// Runs of acknowledged (or not) packets: ` acked 1-3,5`.
fn ack_runs(cx: &mut Ctx, acks: &[u8], first: u32, want: u8, label: &str) {
    let (mut start, mut last) = (-2i64, -2i64);
    let n = acks.len() as i64;
    for (i, &a) in acks.iter().enumerate() {
        let i = i as i64;
        if a == want {
            if last == -2 {
                cx.s(label);
                cx.u(first.wrapping_add(i as u32) as u64);
                start = i;
            } else if last != i - 1 {
                cx.b(b',');
                cx.u(first.wrapping_add(i as u32) as u64);
                start = i;
            }
            last = i;
        } else if last == i - 1 && start != last {
            cx.b(b'-');
            cx.u(first.wrapping_add((i - 1) as u32) as u64);
        }
    }
    if last == n - 1 && start != last {
        cx.b(b'-');
        cx.u(first.wrapping_add((n - 1) as u32) as u64);
    }
}

fn ack(cx: &mut Ctx, d: &[u8], length: usize) -> X {
    if length < HEADER_LEN {
        return Ok(());
    }
    let mut r = Rd { d, at: HEADER_LEN };
    r.check(18)?;
    let a = HEADER_LEN;
    if cx.opts.verbose > 2 {
        cx.s(" bufspace ");
        cx.u(d.be16(a)? as u64);
        cx.s(" maxskew ");
        cx.u(d.be16(a + 2)? as u64);
    }
    let first = d.be32(a + 4)?;
    let serial = d.be32(a + 12)?;
    let reason = d.u8_at(a + 16)?;
    cx.s(" first ");
    cx.u(first as u64);
    cx.s(" serial ");
    cx.u(serial as u64);
    cx.s(" reason ");
    match tables::lookup(ACK_REASONS, reason) {
        Some(n) => cx.s(n),
        None => {
            cx.b(b'#');
            cx.u(reason as u64);
        }
    }
    r.at = a + 18;
    let n = d.u8_at(a + 17)? as usize;
    if n != 0 {
        r.check(n)?;
        let acks = &d[r.at..r.at + n];
        ack_runs(cx, acks, first, 1, " acked ");
        ack_runs(cx, acks, first, 0, " nacked ");
        r.at += n;
    }
    r.at += 3;
    if cx.opts.verbose > 1 {
        for name in [" ifmtu", " maxmtu", " rwind", " maxpackets"] {
            // tcpdump stops when fewer than 4 bytes are left.
            if d.len() < r.at + 4 {
                return Ok(());
            }
            cx.s(name);
            r.uint(cx)?;
        }
    }
    Ok(())
}
