//! Hand-written formatting of numbers and addresses into a byte buffer:
//! the printer's hot path, so no `format!`, no allocation.

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Decimal, like `%u`.
#[inline]
pub fn put_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Decimal, like `%i64`.
pub fn put_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    put_u64(out, n.unsigned_abs());
}

/// Decimal padded on the left to `width` with `pad` (`%5u`, `%06u`).
pub fn put_padded_u64(out: &mut Vec<u8>, n: u64, width: usize, pad: u8) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut m = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    let digits = buf.len() - i;
    for _ in digits..width {
        out.push(pad);
    }
    out.extend_from_slice(&buf[i..]);
}

/// Two lowercase hex digits (`%02x`).
#[inline]
pub fn put_hex2(out: &mut Vec<u8>, b: u8) {
    out.push(HEX[(b >> 4) as usize]);
    out.push(HEX[(b & 15) as usize]);
}

/// Lowercase hex without leading zeros (`%x`).
pub fn put_hex(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    let mut m = n;
    loop {
        i -= 1;
        buf[i] = HEX[(m & 15) as usize];
        m >>= 4;
        if m == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Lowercase hex padded with zeros to `width` (`%04x`).
pub fn put_hex_padded(out: &mut Vec<u8>, n: u64, width: usize) {
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    let mut m = n;
    loop {
        i -= 1;
        buf[i] = HEX[(m & 15) as usize];
        m >>= 4;
        if m == 0 {
            break;
        }
    }
    for _ in buf.len() - i..width {
        out.push(b'0');
    }
    out.extend_from_slice(&buf[i..]);
}

/// Dotted quad.
#[inline]
pub fn put_ipv4(out: &mut Vec<u8>, a: &[u8]) {
    for (i, &b) in a[..4].iter().enumerate() {
        if i > 0 {
            out.push(b'.');
        }
        if b >= 100 {
            out.push(b'0' + b / 100);
            out.push(b'0' + b / 10 % 10);
        } else if b >= 10 {
            out.push(b'0' + b / 10);
        }
        out.push(b'0' + b % 10);
    }
}

/// RFC 5952-style text, as inet_ntop writes it: the first longest run of
/// two or more zero groups becomes `::`, and IPv4-compatible or -mapped
/// addresses end in a dotted quad.
pub fn put_ipv6(out: &mut Vec<u8>, a: &[u8]) {
    let mut words = [0u16; 8];
    for (i, w) in words.iter_mut().enumerate() {
        *w = u16::from_be_bytes([a[2 * i], a[2 * i + 1]]);
    }
    let (mut best_base, mut best_len) = (usize::MAX, 0usize);
    let (mut cur_base, mut cur_len) = (usize::MAX, 0usize);
    for (i, &w) in words.iter().enumerate() {
        if w == 0 {
            if cur_base == usize::MAX {
                cur_base = i;
                cur_len = 1;
            } else {
                cur_len += 1;
            }
        } else if cur_base != usize::MAX {
            if best_base == usize::MAX || cur_len > best_len {
                best_base = cur_base;
                best_len = cur_len;
            }
            cur_base = usize::MAX;
        }
    }
    if cur_base != usize::MAX && (best_base == usize::MAX || cur_len > best_len) {
        best_base = cur_base;
        best_len = cur_len;
    }
    if best_base != usize::MAX && best_len < 2 {
        best_base = usize::MAX;
    }
    let mut i = 0;
    while i < 8 {
        if best_base != usize::MAX && i >= best_base && i < best_base + best_len {
            if i == best_base {
                out.push(b':');
            }
            i += 1;
            continue;
        }
        if i != 0 {
            out.push(b':');
        }
        if i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)) {
            put_ipv4(out, &a[12..16]);
            return;
        }
        put_hex(out, words[i] as u64);
        i += 1;
    }
    if best_base != usize::MAX && best_base + best_len == 8 {
        out.push(b':');
    }
}

/// `aa:bb:cc:dd:ee:ff`.
#[inline]
pub fn put_mac(out: &mut Vec<u8>, a: &[u8]) {
    for (i, &b) in a.iter().enumerate() {
        if i > 0 {
            out.push(b':');
        }
        put_hex2(out, b);
    }
}

/// An NTP timestamp (RFC 5905 section 6): `seconds.nanoseconds`, then
/// the UTC date unless the seconds are 0 (tcpdump's `p_ntp_time`).
pub fn put_ntp_time(out: &mut Vec<u8>, secs: u32, frac: u32) {
    let f = (frac as f64 / 4294967296.0 * 1_000_000_000.0) as u32;
    put_u64(out, secs as u64);
    out.push(b'.');
    put_padded_u64(out, f as u64, 9, b'0');
    if secs != 0 {
        // Era 0 (from 1900) for the high half, era 1 (from 2036) below.
        let unix = if secs & 0x8000_0000 != 0 {
            secs as i64 - 2_208_988_800
        } else {
            secs as i64 + 2_085_978_496
        };
        out.extend_from_slice(b" (");
        put_utc_iso(out, unix);
        out.push(b')');
    }
}

/// Seconds since 1970 as UTC `YYYY-MM-DDTHH:MM:SSZ` (tcpdump's
/// `nd_format_time` with `gmtime`).
pub fn put_utc_iso(out: &mut Vec<u8>, secs: i64) {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    if y < 0 {
        out.push(b'-');
    }
    put_padded_u64(out, y.unsigned_abs(), 4, b'0');
    for (sep, v) in [
        (b'-', m),
        (b'-', d),
        (b'T', rem / 3600),
        (b':', rem / 60 % 60),
        (b':', rem % 60),
    ] {
        out.push(sep);
        put_padded_u64(out, v as u64, 2, b'0');
    }
    out.push(b'Z');
}

/// A byte as tcpdump's `fn_print_char` shows it: `M-` for the high bit,
/// `^X` for control characters.
pub fn put_safe_char(out: &mut Vec<u8>, mut c: u8) {
    if c >= 0x80 {
        c &= 0x7f;
        out.extend_from_slice(b"M-");
    }
    if !(0x20..0x7f).contains(&c) {
        c ^= 0x40;
        out.push(b'^');
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ntp_time() {
        let mut out = Vec::new();
        put_ntp_time(&mut out, 1087208037, 562_771);
        assert_eq!(out, b"1087208037.000131030 (2070-07-21T16:42:13Z)");
        out.clear();
        put_ntp_time(&mut out, 0xc000_0000, 0x8000_0000);
        assert_eq!(out, b"3221225472.500000000 (2002-01-28T16:51:12Z)");
    }
    use std::net::Ipv6Addr;

    fn v6(s: &str) -> String {
        let a: Ipv6Addr = s.parse().unwrap();
        let mut out = Vec::new();
        put_ipv6(&mut out, &a.octets());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ipv6_text_matches_inet_ntop_conventions() {
        assert_eq!(v6("::"), "::");
        assert_eq!(v6("::1"), "::1");
        assert_eq!(v6("fe80::1:2"), "fe80::1:2");
        assert_eq!(v6("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
        assert_eq!(v6("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
        assert_eq!(v6("::ffff:1.2.3.4"), "::ffff:1.2.3.4");
        assert_eq!(v6("::1.2.3.4"), "::1.2.3.4");
        assert_eq!(v6("ff02::"), "ff02::");
    }

    #[test]
    fn utc_dates_and_ntp_times() {
        let mut out = Vec::new();
        put_utc_iso(&mut out, 0);
        out.push(b' ');
        put_utc_iso(&mut out, 951_782_400); // 2000-02-29
        out.push(b' ');
        put_utc_iso(&mut out, -1);
        assert_eq!(
            out,
            b"1970-01-01T00:00:00Z 2000-02-29T00:00:00Z 1969-12-31T23:59:59Z"
        );
        let mut out = Vec::new();
        put_ntp_time(&mut out, 0, 0);
        out.push(b' ');
        // Era 0 (1900) and era 1 (2036) seconds.
        put_ntp_time(&mut out, 3_819_221_698, 0x8000_0000);
        out.push(b' ');
        put_ntp_time(&mut out, 1, 0);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0.000000000 3819221698.500000000 (2021-01-09T22:54:58Z) 1.000000000 (2036-02-07T06:28:17Z)"
        );
    }

    #[test]
    fn numbers() {
        let mut out = Vec::new();
        put_u64(&mut out, 0);
        out.push(b' ');
        put_padded_u64(&mut out, 42, 6, b'0');
        out.push(b' ');
        put_hex_padded(&mut out, 0x800, 4);
        out.push(b' ');
        put_ipv4(&mut out, &[10, 0, 100, 255]);
        assert_eq!(out, b"0 000042 0800 10.0.100.255");
    }
}
