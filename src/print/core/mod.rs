//! What every decoder shares: the bounds-checked reader (`Bytes`, which
//! fails with `Trunc` when the captured bytes run out: tcpdump's
//! truncation semantics, printed as ` [|proto]`), the per-packet context
//! (`Ctx`), number and address formatting (`fmt`), hex dumps, name tables
//! (`tables`, `names`), the network header handed to transports (`net`)
//! and time stamps. Decoders import it whole through [`prelude`].

pub mod fmt;
pub mod hexdump;
pub mod ipxsap;
pub mod names;
pub mod net;
pub mod oui;
pub mod tables;
pub mod timestamp;

use super::PrintOptions;

/// State decoders keep between packets.
#[derive(Debug, Default)]
pub struct State {
    /// QUIC connection ids seen in long headers (a ring of 512, looked up
    /// most-recently-matched first): short headers carry one without its
    /// length.
    pub quic_cids: QuicCids,
    /// ONC RPC calls seen (NFS), so replies can be decoded.
    pub rpc_calls: CallMap<RpcCall>,
    /// AFS Rx calls seen, so replies can be decoded.
    pub rx_calls: CallMap<RxCall>,
    /// ESP security associations from `-E`, read at the first ESP packet
    /// (newest first), and the one for any SPI.
    pub esp_sas: Option<(Vec<EspSa>, Option<usize>)>,
    /// IKEv1 initiator cookies and their addresses.
    pub isakmp_cookies: crate::print::app::isakmp::Cookies,
}

/// An ESP security association: which packets (SPI and destination;
/// none for the default one) and how to decrypt them.
#[derive(Debug, Clone, Default)]
pub struct EspSa {
    pub spi: u32,
    /// 4 or 16 bytes; empty for the default association.
    pub daddr: Vec<u8>,
    /// The cipher's name as tcpdump (OpenSSL) knows it.
    pub cipher: &'static str,
    pub key: Vec<u8>,
    pub ivlen: usize,
    /// The integrity check value's length (12 for `-hmac96`).
    pub authlen: usize,
}

/// An Rx call remembered for its reply: call number, addresses, server
/// port, service id and opcode.
#[derive(Debug, Default, Clone, Copy)]
pub struct RxCall {
    pub callnum: u32,
    pub client: [u8; 4],
    pub server: [u8; 4],
    pub dport: u16,
    pub service: u16,
    pub opcode: u32,
}

/// QUIC connection ids: up to 20 bytes each and their lengths (0: free),
/// and the next slot to fill.
#[derive(Debug, Default)]
pub struct QuicCids {
    pub ids: Vec<([u8; 20], u8)>,
    pub next: usize,
}

/// A call remembered so its reply can be decoded: the transaction id, the
/// addresses (client, server; IPv4 in the first 4 bytes) and what was
/// asked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RpcCall {
    pub xid: u32,
    /// 4 or 6 (0: an empty slot).
    pub ipver: u8,
    pub client: [u8; 16],
    pub server: [u8; 16],
    pub proc_: u32,
    pub vers: u32,
}

/// A fixed ring of the last 64 calls; lookups start at the last hit.
#[derive(Debug)]
pub struct CallMap<T> {
    pub entries: Vec<T>,
    pub next: usize,
    pub hint: usize,
}

impl<T: Default + Clone> Default for CallMap<T> {
    fn default() -> Self {
        CallMap {
            entries: vec![T::default(); 64],
            next: 0,
            hint: 0,
        }
    }
}

impl<T> CallMap<T> {
    /// Store `e` in the next slot of the ring.
    pub fn enter(&mut self, e: T) {
        let n = self.entries.len();
        if n == 0 {
            return;
        }
        self.entries[self.next % n] = e;
        self.next = (self.next + 1) % n;
    }
    /// The first entry `hit` accepts, searching the ring from the last hit.
    pub fn find(&mut self, hit: impl Fn(&T) -> bool) -> Option<&T> {
        let n = self.entries.len();
        let start = self.hint % n.max(1);
        for k in 0..n {
            let i = (start + k) % n;
            if hit(&self.entries[i]) {
                self.hint = i;
                return Some(&self.entries[i]);
            }
        }
        None
    }
}

/// What every decoder file imports.
pub mod prelude {
    pub use super::fmt;
    pub use super::hexdump;
    pub use super::names;
    pub use super::net::*;
    pub use super::tables;
    pub use super::tables::{ethertype_name, proto_name};
    pub use super::timestamp;
    pub use super::{bits, invalid, unknown_data, unknown_hex, Bytes, Ctx, Trunc, R};
}

/// Flag names of a bit set, `, `-separated, or `none` (tcpdump's
/// `bittok2str`).
pub fn bits(cx: &mut Ctx, value: u8, names: &[(u8, &str)]) {
    let mut any = false;
    for &(bit, name) in names {
        if value & bit != 0 {
            if any {
                cx.s(", ");
            }
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
}

/// ` (invalid)`, and the truncation marker if the bytes it covers were not
/// all captured.
pub fn invalid(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    cx.s(" (invalid)");
    d.range(at, len)?;
    Ok(())
}

/// tcpdump's `print_unknown_data`: a `-x`-style dump of up to `len` of the
/// captured bytes, each line after `indent`.
pub fn unknown_data(cx: &mut Ctx, d: &[u8], indent: &str, len: usize) {
    let n = len.min(d.len());
    hexdump::hex(cx.out, indent.as_bytes(), &d[..n], 0);
}

pub fn unknown_hex(cx: &mut Ctx, v: u8) {
    cx.s("Unknown (0x");
    super::fmt::put_hex_padded(cx.out, v as u64, 2);
    cx.b(b')');
}

/// The captured bytes ran out before a decoder had what it needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trunc;

pub type R<T = ()> = Result<T, Trunc>;

/// Bounds-checked big-endian reads on captured bytes.
pub trait Bytes {
    fn u8_at(&self, i: usize) -> R<u8>;
    fn be16(&self, i: usize) -> R<u16>;
    fn be32(&self, i: usize) -> R<u32>;
    fn range(&self, i: usize, n: usize) -> R<&[u8]>;
    fn has(&self, i: usize, n: usize) -> bool;
}

impl Bytes for [u8] {
    #[inline]
    fn u8_at(&self, i: usize) -> R<u8> {
        self.get(i).copied().ok_or(Trunc)
    }
    #[inline]
    fn be16(&self, i: usize) -> R<u16> {
        match self.get(i..i + 2) {
            Some(b) => Ok(u16::from_be_bytes([b[0], b[1]])),
            None => Err(Trunc),
        }
    }
    #[inline]
    fn be32(&self, i: usize) -> R<u32> {
        match self.get(i..i + 4) {
            Some(b) => Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
            None => Err(Trunc),
        }
    }
    #[inline]
    fn range(&self, i: usize, n: usize) -> R<&[u8]> {
        self.get(i..i.checked_add(n).ok_or(Trunc)?).ok_or(Trunc)
    }
    #[inline]
    fn has(&self, i: usize, n: usize) -> bool {
        i.checked_add(n).is_some_and(|end| end <= self.len())
    }
}

/// Per-packet decoding context: the output, the flags, and the state the
/// decoders share (tcpdump's `netdissect_options`).
pub struct Ctx<'a> {
    pub out: &'a mut Vec<u8>,
    pub opts: &'a PrintOptions,
    /// Name of the protocol being decoded, for the ` [|proto]` marker.
    pub proto: &'static str,
    pub tcp_seqs: &'a mut crate::print::transport::tcp::SeqTable,
    pub names: &'a mut names::Names,
    /// What decoders remember between packets besides TCP sequences.
    pub state: &'a mut State,
    /// Whether IP and IPv6 name themselves (`IP `, `IP6 `): not after
    /// `-e` printed the link header's EtherType, except on raw IP links.
    pub net_names: bool,
}

impl Ctx<'_> {
    #[inline]
    pub fn s(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }
    #[inline]
    pub fn b(&mut self, c: u8) {
        self.out.push(c);
    }
    #[inline]
    pub fn u(&mut self, n: u64) {
        fmt::put_u64(self.out, n);
    }
    /// tcpdump's `bittok2str`: the names of the bits of `flags` that are
    /// set, in table order, joined by `, `; `none` when none is.
    pub fn flag_names(&mut self, flags: u32, table: &[(u32, &str)]) {
        let mut any = false;
        for &(bit, name) in table {
            if flags & bit != 0 {
                if any {
                    self.s(", ");
                }
                self.s(name);
                any = true;
            }
        }
        if !any {
            self.s("none");
        }
    }
    /// Seconds as tcpdump's relative time: `1h2m3s`.
    pub fn relts(&mut self, mut secs: u32) {
        if secs == 0 {
            self.s("0s");
            return;
        }
        for (unit, name) in [
            (86400 * 365, 'y'),
            (86400 * 7, 'w'),
            (86400, 'd'),
            (3600, 'h'),
            (60, 'm'),
            (1, 's'),
        ] {
            if secs >= unit {
                self.u((secs / unit) as u64);
                self.b(name as u8);
                secs %= unit;
            }
        }
    }
    /// ` [what N op M]`: a length check that failed (tcpdump's
    /// `ND_ICHECK*` message; ` (invalid)` usually follows).
    pub fn bad_len(&mut self, what: &str, n: u64, op: &str, m: u64) {
        self.s(" [");
        self.s(what);
        self.b(b' ');
        self.u(n);
        self.b(b' ');
        self.s(op);
        self.b(b' ');
        self.u(m);
        self.b(b']');
    }
    /// ` [|proto]`: tcpdump's truncation marker.
    pub fn trunc_marker(&mut self) {
        self.s(" [|");
        let p = self.proto;
        self.s(p);
        self.b(b']');
    }
    pub fn ipv4(&mut self, a: &[u8]) {
        if self.opts.numeric == 0 {
            if let Some(name) = self.names.host4(a) {
                self.out.extend_from_slice(name.as_bytes());
                return;
            }
        }
        fmt::put_ipv4(self.out, a);
    }
    pub fn ipv6(&mut self, a: &[u8]) {
        if self.opts.numeric == 0 {
            if let Some(name) = self.names.host6(a) {
                self.out.extend_from_slice(name.as_bytes());
                return;
            }
        }
        fmt::put_ipv6(self.out, a);
    }
    /// A MAC address as hex bytes, never named (tcpdump prints bridge ids
    /// and IPX nodes so).
    pub fn mac_raw(&mut self, a: &[u8]) {
        fmt::put_mac(self.out, a);
    }
    /// A MAC address; without `-n`, named as tcpdump names it.
    pub fn mac(&mut self, a: &[u8]) {
        if self.opts.numeric == 0 && a.len() == 6 {
            self.names.mac(a, self.out);
        } else {
            fmt::put_mac(self.out, a);
        }
    }
    pub fn tcp_port(&mut self, port: u16) {
        self.port(port, names::PortProto::Tcp)
    }
    pub fn udp_port(&mut self, port: u16) {
        self.port(port, names::PortProto::Udp)
    }
    fn port(&mut self, port: u16, proto: names::PortProto) {
        if self.opts.numeric == 0 {
            if let Some(name) = self.names.port(port, proto) {
                self.out.extend_from_slice(name.as_bytes());
                return;
            }
        }
        self.u(port as u64);
    }
    /// The `-x`-style default dump tcpdump prints for undecoded payloads
    /// (its `ND_DEFAULTPRINT`: hex and ASCII).
    pub fn default_print(&mut self, data: &[u8]) {
        hexdump::hex_and_ascii(self.out, b"\n\t", data, 0);
    }
    /// [`Ctx::default_print`], unless -x or -X dumps the packet anyway.
    pub fn default_print_unless_dumped(&mut self, data: &[u8]) {
        if !self.suppress_default_print() {
            self.default_print(data);
        }
    }
    /// tcpdump's `ndo_suppress_default_print`: some decoders leave their
    /// dump of an undecoded payload out when -x or -X dumps the packet,
    /// and with -q.
    pub fn suppress_default_print(&self) -> bool {
        self.opts.hex > 0 || self.opts.hex_ascii > 0 || self.opts.quiet
    }
}
