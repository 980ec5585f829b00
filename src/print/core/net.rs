//! The network header a transport decoder sees, and the Internet checksum.

use crate::print::core::prelude::*;

pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;
pub const PROTO_DCCP: u8 = 33;
pub const PROTO_ICMPV6: u8 = 58;
pub const PROTO_SCTP: u8 = 132;

/// The network header a transport decoder needs: addresses for printing
/// and for the checksum pseudo-header.
#[derive(Clone, Copy)]
pub enum NetHeader<'a> {
    V4 {
        src: &'a [u8],
        dst: &'a [u8],
        /// The final destination of a source route (the checksum's).
        cksum_dst: &'a [u8],
        proto: u8,
        /// The total length field less the header length, wrapping (what
        /// the TCP MD5 signature's pseudo-header takes).
        len_field: u16,
        /// The time to live (VRRP shows it).
        ttl: u8,
    },
    V6 {
        src: &'a [u8],
        dst: &'a [u8],
        next: u8,
        cksum_dst: &'a [u8],
        /// The payload length field.
        len_field: u16,
        /// The hop limit.
        ttl: u8,
    },
}

impl NetHeader<'_> {
    pub fn ttl(&self) -> u8 {
        match *self {
            NetHeader::V4 { ttl, .. } | NetHeader::V6 { ttl, .. } => ttl,
        }
    }
    pub fn is_v6(&self) -> bool {
        matches!(self, NetHeader::V6 { .. })
    }
    /// `src > dst` without ports.
    pub fn print_addrs(&self, cx: &mut Ctx) {
        match *self {
            NetHeader::V4 { src, dst, .. } => {
                cx.ipv4(src);
                cx.s(" > ");
                cx.ipv4(dst);
            }
            NetHeader::V6 { src, dst, .. } => {
                cx.ipv6(src);
                cx.s(" > ");
                cx.ipv6(dst);
            }
        }
    }
    pub fn src(&self) -> &[u8] {
        match *self {
            NetHeader::V4 { src, .. } | NetHeader::V6 { src, .. } => src,
        }
    }
    pub fn dst(&self) -> &[u8] {
        match *self {
            NetHeader::V4 { dst, .. } | NetHeader::V6 { dst, .. } => dst,
        }
    }
    /// The protocol field of the IP header itself (not of the last
    /// extension header): tcpdump prints ports joined to addresses only
    /// when it names the transport protocol directly.
    pub fn header_proto(&self) -> u8 {
        match *self {
            NetHeader::V4 { proto, .. } => proto,
            NetHeader::V6 { next, .. } => next,
        }
    }
    /// Internet checksum of the pseudo-header plus `data`; 0 if correct.
    pub fn transport_cksum(&self, proto: u8, data: &[u8]) -> u16 {
        let mut sum: u32 = 0;
        let len = data.len() as u32;
        match *self {
            NetHeader::V4 { src, cksum_dst, .. } => {
                sum += ones_sum(src) + ones_sum(cksum_dst);
                sum += proto as u32 + (len & 0xffff);
            }
            NetHeader::V6 { src, cksum_dst, .. } => {
                // The final destination after a routing header.
                sum += ones_sum(src) + ones_sum(cksum_dst);
                sum += (len >> 16) + (len & 0xffff) + proto as u32;
            }
        }
        sum += ones_sum(data);
        fold(sum)
    }
}

/// Sum of 16-bit big-endian words (odd byte padded with zero), unfolded.
pub fn ones_sum(data: &[u8]) -> u32 {
    let mut sum: u64 = 0;
    let mut chunks = data.chunks_exact(2);
    for c in chunks.by_ref() {
        sum += u16::from_be_bytes([c[0], c[1]]) as u64;
    }
    if let [b] = chunks.remainder() {
        sum += (*b as u64) << 8;
    }
    while sum >> 32 != 0 {
        sum = (sum & 0xffff_ffff) + (sum >> 32);
    }
    (sum & 0xffff) as u32 + (sum >> 16) as u32
}

/// Fold and complement: the checksum result (0 = valid).
pub fn fold(mut sum: u32) -> u16 {
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// The checksum value that would have made the sum come out right
/// (tcpdump's `in_cksum_shouldbe`).
pub fn cksum_shouldbe(sum: u16, computed: u16) -> u16 {
    let mut s = sum as u32 + computed as u32;
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    s as u16
}
