//! ESP security associations from `-E` (tcpdump's syntax: `spi@addr
//! algo:secret`, or `algo:secret` for any SPI, separated by commas or new
//! lines; `file PATH` reads them from a file, one a line, `#` comments),
//! and CBC decryption with the ciphers they name (DES, 3DES, AES).

use crate::print::core::EspSa;
use aes::cipher::{generic_array::GenericArray, BlockDecrypt, KeyInit};

/// Ciphers by tcpdump's (OpenSSL's) names: canonical name, key length,
/// block (and IV) length.
static CIPHERS: &[(&str, &str, usize, usize)] = &[
    ("des-ede3-cbc", "des-ede3-cbc", 24, 8),
    ("des3", "des-ede3-cbc", 24, 8),
    ("des-cbc", "des-cbc", 8, 8),
    ("des", "des-cbc", 8, 8),
    ("aes-128-cbc", "aes-128-cbc", 16, 16),
    ("aes128", "aes-128-cbc", 16, 16),
    ("aes-192-cbc", "aes-192-cbc", 24, 16),
    ("aes192", "aes-192-cbc", 24, 16),
    ("aes-256-cbc", "aes-256-cbc", 32, 16),
    ("aes256", "aes-256-cbc", 32, 16),
];

fn cipher(name: &str) -> Option<(&'static str, usize, usize)> {
    CIPHERS
        .iter()
        .find(|c| c.0.eq_ignore_ascii_case(name))
        .map(|c| (c.1, c.2, c.3))
}

/// `algo[-cbc][-hmac96]:secret` (the secret in hex after `0x`, else
/// literal): the cipher, IV and ICV lengths and the key.
fn algorithm(spec: &str, sa: &mut EspSa) -> bool {
    let Some(colon) = spec.find(':') else {
        return false;
    };
    let mut name = &spec[..colon];
    let secret = &spec[colon + 1..];
    let mut authlen = 0;
    if let Some(n) = name.strip_suffix("-hmac96") {
        name = n;
        authlen = 12;
    }
    if let Some(n) = name.strip_suffix("-cbc") {
        name = n;
    }
    let name = if name == "3des" { "des-ede3-cbc" } else { name };
    let Some((canonical, keylen, block)) = cipher(name) else {
        return false;
    };
    sa.cipher = canonical;
    sa.authlen = authlen;
    sa.ivlen = block;
    let mut key = Vec::new();
    if let Some(hex) = secret.strip_prefix("0x") {
        let b = hex.as_bytes();
        let mut i = 0;
        while i + 1 < b.len() {
            let (Some(h), Some(l)) = ((b[i] as char).to_digit(16), (b[i + 1] as char).to_digit(16))
            else {
                return false;
            };
            key.push((h * 16 + l) as u8);
            i += 2;
        }
        if key.is_empty() || key.len() > 256 {
            return false;
        }
    } else {
        key.extend_from_slice(&secret.as_bytes()[..secret.len().min(256)]);
    }
    // The cipher takes its key length; a short secret is zero-filled.
    key.resize(keylen.max(key.len()), 0);
    key.truncate(keylen);
    sa.key = key;
    true
}

fn parse_addr(s: &str) -> Option<Vec<u8>> {
    if let Ok(a) = s.parse::<std::net::Ipv6Addr>() {
        return Some(a.octets().to_vec());
    }
    s.parse::<std::net::Ipv4Addr>()
        .ok()
        .map(|a| a.octets().to_vec())
}

fn parse_spi(s: &str) -> Option<u32> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u32::from_str_radix(h, 16).ok()
    } else if s.len() > 1 && s.starts_with('0') {
        u32::from_str_radix(&s[1..], 8).ok()
    } else {
        s.parse().ok()
    }
}

/// One association (or a `file`), added to `sas` (newest first).
fn one(line: &str, sas: &mut Vec<EspSa>, default: &mut Option<usize>, depth: u32) {
    let line = line.trim_start_matches([' ', '\t']);
    let (first, rest) = match line.find([' ', '\t']) {
        Some(i) => (&line[..i], Some(&line[i + 1..])),
        None => (line, None),
    };
    let mut sa = EspSa::default();
    let decode = match rest {
        None => {
            // No SPI: the default association.
            if !algorithm(first.trim_end_matches(['\r', '\n']), &mut sa) {
                return;
            }
            sas.insert(0, sa);
            *default = Some(0);
            return;
        }
        Some(r) => r,
    };
    if first.eq_ignore_ascii_case("file") {
        if depth > 4 {
            return;
        }
        let Ok(text) = std::fs::read_to_string(decode) else {
            return;
        };
        for l in text.lines() {
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            one(l, sas, default, depth + 1);
        }
        return;
    }
    if first.eq_ignore_ascii_case("ikev2") {
        // IKEv2 keys decrypt ISAKMP payloads, which are not decoded.
        return;
    }
    let Some((spi, addr)) = first.split_once('@') else {
        return;
    };
    let (Some(spi), Some(addr)) = (parse_spi(spi), parse_addr(addr)) else {
        return;
    };
    sa.spi = spi;
    sa.daddr = addr;
    let decode = decode.trim_start_matches([' ', '\t', '\r', '\n']);
    if !algorithm(decode.trim_end_matches(['\r', '\n']), &mut sa) {
        return;
    }
    sas.insert(0, sa);
    if let Some(d) = default.as_mut() {
        *d += 1;
    }
}

/// Parse `-E`'s argument.
pub fn parse(spec: &str) -> (Vec<EspSa>, Option<usize>) {
    let mut sas = Vec::new();
    let mut default = None;
    for line in spec.split(['\n', ',']) {
        if !line.is_empty() {
            one(line, &mut sas, &mut default, 0);
        }
    }
    (sas, default)
}

/// CBC decryption of whole blocks; `None` if `ct` is not a multiple of
/// the block length.
pub fn decrypt(sa: &EspSa, iv: &[u8], ct: &[u8]) -> Option<Vec<u8>> {
    let block = sa.ivlen;
    if block == 0 || ct.len() % block != 0 || iv.len() < block {
        return None;
    }
    let mut out = ct.to_vec();
    let key = &sa.key[..];
    macro_rules! run {
        ($c:expr) => {{
            let c = $c;
            for chunk in out.chunks_mut(block) {
                let b = GenericArray::from_mut_slice(chunk);
                c.decrypt_block(b);
            }
        }};
    }
    match sa.cipher {
        "des-ede3-cbc" => run!(des::TdesEde3::new_from_slice(key).ok()?),
        "des-cbc" => run!(des::Des::new_from_slice(key).ok()?),
        "aes-128-cbc" => run!(aes::Aes128::new_from_slice(key).ok()?),
        "aes-192-cbc" => run!(aes::Aes192::new_from_slice(key).ok()?),
        "aes-256-cbc" => run!(aes::Aes256::new_from_slice(key).ok()?),
        _ => return None,
    }
    // Chain: each block XOR the previous ciphertext block (the IV first).
    for (i, chunk) in out.chunks_mut(block).enumerate() {
        let prev = if i == 0 {
            &iv[..block]
        } else {
            &ct[(i - 1) * block..i * block]
        };
        for (b, p) in chunk.iter_mut().zip(prev) {
            *b ^= p;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn parses_associations_newest_first_with_default() {
        let (sas, default) = parse(
            "0x12345678@192.1.2.45 3des-cbc-hmac96:0x4343,aes256-cbc:0x01\n0x10@::1 aes128:key",
        );
        assert_eq!(sas.len(), 3);
        assert_eq!(sas[0].spi, 0x10);
        assert_eq!(sas[0].daddr.len(), 16);
        assert_eq!(sas[0].cipher, "aes-128-cbc");
        assert_eq!(&sas[0].key[..3], b"key");
        assert_eq!(default, Some(1));
        assert_eq!(sas[1].cipher, "aes-256-cbc");
        assert_eq!(sas[1].authlen, 0);
        assert_eq!(sas[2].cipher, "des-ede3-cbc");
        assert_eq!(sas[2].authlen, 12);
        assert_eq!(sas[2].ivlen, 8);
        assert_eq!(sas[2].key.len(), 24);
        assert_eq!(sas[2].daddr, vec![192, 1, 2, 45]);
        // Unknown ciphers and bad SPIs are skipped.
        assert!(parse("0x1@1.2.3.4 rot13:0x00").0.is_empty());
        assert!(parse("zz@1.2.3.4 aes128:0x00").0.is_empty());
    }

    #[test]
    fn cbc_aes128_known_answer() {
        // NIST SP 800-38A, F.2.2 (CBC-AES128.Decrypt), first two blocks.
        let sa = EspSa {
            cipher: "aes-128-cbc",
            key: hex("2b7e151628aed2a6abf7158809cf4f3c"),
            ivlen: 16,
            ..EspSa::default()
        };
        let iv = hex("000102030405060708090a0b0c0d0e0f");
        let ct = hex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2");
        let pt = decrypt(&sa, &iv, &ct).unwrap();
        assert_eq!(
            pt,
            hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")
        );
        // Not whole blocks: nothing.
        assert!(decrypt(&sa, &iv, &ct[..20]).is_none());
    }
}
