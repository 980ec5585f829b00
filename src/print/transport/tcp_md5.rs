//! The TCP MD5 signature option (RFC 2385) checked against the `-M`
//! secret: MD5 (RFC 1321) over the pseudo-header, the fixed TCP header
//! with a zero checksum, the segment's data and the secret.

use crate::print::core::prelude::*;

/// Per-round shift amounts (RFC 1321, 3.4), four per round.
const SHIFTS: [[u32; 4]; 4] = [
    [7, 12, 17, 22],
    [5, 9, 14, 20],
    [4, 11, 16, 23],
    [6, 10, 15, 21],
];

/// The sine table: floor(abs(sin(i + 1)) * 2^32).
const SINES: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/// An MD5 digest being computed.
struct Md5 {
    state: [u32; 4],
    block: [u8; 64],
    filled: usize,
    total: u64,
}

impl Md5 {
    fn new() -> Md5 {
        Md5 {
            state: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476],
            block: [0; 64],
            filled: 0,
            total: 0,
        }
    }

    fn compress(&mut self) {
        let mut w = [0u32; 16];
        for (k, c) in self.block.chunks_exact(4).enumerate() {
            w[k] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        let [mut a, mut b, mut c, mut d] = self.state;
        for i in 0..64 {
            let round = i / 16;
            let (f, g) = match round {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let sum = a.wrapping_add(f).wrapping_add(SINES[i]).wrapping_add(w[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(sum.rotate_left(SHIFTS[round][i % 4]));
        }
        for (s, v) in self.state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u64);
        while !data.is_empty() {
            let n = (64 - self.filled).min(data.len());
            self.block[self.filled..self.filled + n].copy_from_slice(&data[..n]);
            self.filled += n;
            data = &data[n..];
            if self.filled == 64 {
                self.compress();
                self.filled = 0;
            }
        }
    }

    fn finish(mut self) -> [u8; 16] {
        let bits = self.total.wrapping_mul(8);
        self.update(&[0x80]);
        while self.filled != 56 {
            self.update(&[0]);
        }
        self.update(&bits.to_le_bytes());
        let mut out = [0u8; 16];
        for (k, s) in self.state.iter().enumerate() {
            out[4 * k..4 * k + 4].copy_from_slice(&s.to_le_bytes());
        }
        out
    }
}

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
    if md5.finish()[..] == sig[..16] {
        Verdict::Valid
    } else {
        Verdict::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::Md5;

    fn hex(d: &[u8]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn md5(data: &[u8]) -> String {
        let mut m = Md5::new();
        m.update(data);
        hex(&m.finish())
    }

    #[test]
    fn print_md5_matches_the_rfc_1321_test_suite() {
        assert_eq!(md5(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            md5(b"abcdefghijklmnopqrstuvwxyz"),
            "c3fcd3d76192e4007dfb496cca67e13b"
        );
        assert_eq!(
            md5(
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890"
            ),
            "57edf4a22be3c955ac49da2e2107b67a"
        );
    }
}
