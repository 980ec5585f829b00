//! `-x`, `-X` and `-A` dumps, laid out as tcpdump lays them out.

use super::fmt::{put_hex2, put_hex_padded};

fn graphic(b: u8) -> bool {
    (0x21..=0x7e).contains(&b)
}

/// `-x`: eight 16-bit groups per line, `ident` before each line's offset.
pub fn hex(out: &mut Vec<u8>, ident: &[u8], data: &[u8], mut offset: u64) {
    let mut pairs = data.chunks_exact(2);
    let mut i = 0usize;
    for pair in pairs.by_ref() {
        if i % 8 == 0 {
            out.extend_from_slice(ident);
            out.extend_from_slice(b"0x");
            put_hex_padded(out, offset, 4);
            out.extend_from_slice(b": ");
            offset += 16;
        }
        i += 1;
        out.push(b' ');
        put_hex2(out, pair[0]);
        put_hex2(out, pair[1]);
    }
    if let [last] = pairs.remainder() {
        if i % 8 == 0 {
            out.extend_from_slice(ident);
            out.extend_from_slice(b"0x");
            put_hex_padded(out, offset, 4);
            out.extend_from_slice(b": ");
        }
        out.push(b' ');
        put_hex2(out, *last);
    }
}

/// `-X`: sixteen bytes per line in hex, then the same bytes as ASCII.
pub fn hex_and_ascii(out: &mut Vec<u8>, ident: &[u8], data: &[u8], mut offset: u64) {
    for line in data.chunks(16) {
        out.extend_from_slice(ident);
        out.extend_from_slice(b"0x");
        put_hex_padded(out, offset, 4);
        out.extend_from_slice(b": ");
        let start = out.len();
        for pair in line.chunks(2) {
            out.push(b' ');
            for &b in pair {
                put_hex2(out, b);
            }
        }
        // The hex part is padded to 8 groups of 5 characters.
        let written = out.len() - start;
        for _ in written..40 {
            out.push(b' ');
        }
        out.extend_from_slice(b"  ");
        for &b in line {
            out.push(if graphic(b) { b } else { b'.' });
        }
        offset += 16;
    }
}

/// `-A`: the bytes as text on a new line, non-printables as dots.
pub fn ascii(out: &mut Vec<u8>, data: &[u8]) {
    out.push(b'\n');
    for (i, &b) in data.iter().enumerate() {
        if b == b'\r' {
            // A CR before LF (or among the last two bytes) is dropped, as
            // tcpdump drops it; elsewhere it shows as a dot.
            if data.len() - (i + 1) > 1 && data[i + 1] != b'\n' {
                out.push(b'.');
            }
        } else if graphic(b) || b == b'\t' || b == b' ' || b == b'\n' {
            out.push(b);
        } else {
            out.push(b'.');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        let data: Vec<u8> = (0x41..0x41 + 17).collect();
        let mut out = Vec::new();
        hex(&mut out, b"\n\t", &data, 0);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\n\t0x0000:  4142 4344 4546 4748 494a 4b4c 4d4e 4f50\n\t0x0010:  51"
        );
        let mut out = Vec::new();
        hex_and_ascii(&mut out, b"\n\t", &data[..3], 0);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("\n\t0x0000:  4142 43{}  ABC", " ".repeat(32))
        );
    }
}
