//! The TCP MD5 signature option (RFC 2385) checked against the `-M`
//! secret: MD5 (RFC 1321) over the pseudo-header, the fixed TCP header
//! with a zero checksum, the segment's data and the secret.

use crate::print::core::prelude::*;
use md5::{Digest, Md5};

/// What a signature check found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid,
    /// Why it cannot be checked (printed before `can't check - `).
    CantCheck(&'static str),
}

/// The segment a signature covers: the TCP header and what follows it as
/// captured, its payload length, and the network header.
pub struct Segment<'a> {
    pub tcp: &'a [u8],
    pub payload: usize,
    pub net: NetHeader<'a>,
}

/// Check `sig` (16 bytes) against the segment and the `-M` secret.
pub fn verify(secret: Option<&str>, seg: &Segment, sig: &[u8]) -> Verdict {
    let hlen = (seg.tcp.get(12).copied().unwrap_or(0) >> 4) as usize * 4;
    let Some(data) = seg.tcp.get(hlen..hlen + seg.payload) else {
        return Verdict::CantCheck("snaplen too short, ");
    };
    let Some(secret) = secret else {
        return Verdict::CantCheck("shared secret not supplied with -M, ");
    };
    let mut md5 = Md5::new();
    match seg.net {
        NetHeader::V4 {
            src,
            dst,
            proto,
            len_field,
            ..
        } => {
            md5.update(src);
            md5.update(dst);
            md5.update(&[0, proto]);
            md5.update(&len_field.to_be_bytes());
        }
        NetHeader::V6 {
            src,
            dst,
            len_field,
            ..
        } => {
            md5.update(src);
            md5.update(dst);
            md5.update(&(len_field as u32).to_be_bytes());
            md5.update(&[0, 0, 0, PROTO_TCP]);
        }
    }
    let mut fixed = [0u8; 20];
    fixed.copy_from_slice(&seg.tcp[..20]);
    fixed[16] = 0;
    fixed[17] = 0;
    md5.update(&fixed);
    md5.update(data);
    md5.update(secret.as_bytes());
    if md5.finalize()[..] == sig[..16] {
        Verdict::Valid
    } else {
        Verdict::Invalid
    }
}
