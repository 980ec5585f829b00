//! Quoting user text in messages.
//!
//! An error message that repeats what the user typed (a filter token, an
//! interface name, a file name) must stay readable and safe on a terminal
//! whatever the input: a 1 MB token is cut to an excerpt, and control
//! characters (NUL, escape sequences, bidirectional overrides) are shown
//! escaped instead of reaching the terminal. [`user_text`] is the one
//! function every such message goes through.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The most characters of user text a message quotes; longer text is cut
/// and ends with [`ELLIPSIS`].
pub const MAX_CHARS: usize = 60;

/// What marks an excerpt as cut.
pub const ELLIPSIS: &str = "...";

/// `text` as a message may quote it: unchanged when it is short and
/// printable (so that messages on ordinary input read exactly as
/// libpcap's and tcpdump's), else escaped (`\x00`, `\x1b`, `\u{202e}`) and
/// cut after [`MAX_CHARS`] characters of the escaped form, with
/// [`ELLIPSIS`].
pub fn user_text(text: &str) -> Cow<'_, str> {
    let plain = text.len() <= MAX_CHARS && !text.chars().any(needs_escape);
    if plain {
        return Cow::Borrowed(text);
    }
    Cow::Owned(excerpt(text.chars().map(Ok)))
}

/// [`user_text`] for bytes that may not be UTF-8 (file names, raw
/// arguments): invalid bytes are shown as `\xNN`.
pub fn user_bytes(bytes: &[u8]) -> String {
    let chars = bytes.utf8_chunks().flat_map(|chunk| {
        chunk
            .valid()
            .chars()
            .map(Ok)
            .chain(chunk.invalid().iter().map(|&b| Err(b)))
    });
    excerpt(chars)
}

/// Characters that must not reach a terminal as they are: C0 and C1
/// controls, DEL, and the invisible formatting characters that reorder or
/// hide text.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Escape and cut a sequence of characters (`Err`: a byte that is not
/// valid UTF-8).
fn excerpt(chars: impl Iterator<Item = Result<char, u8>>) -> String {
    let mut out = String::new();
    let mut shown = 0;
    let mut piece = String::new();
    for item in chars {
        piece.clear();
        match item {
            Ok(c) if !needs_escape(c) => piece.push(c),
            Ok(c) if (c as u32) < 0x80 => {
                let _ = write!(piece, "\\x{:02x}", c as u32);
            }
            Ok(c) => {
                let _ = write!(piece, "\\u{{{:x}}}", c as u32);
            }
            Err(b) => {
                let _ = write!(piece, "\\x{b:02x}");
            }
        }
        let width = piece.chars().count();
        if shown + width > MAX_CHARS {
            out.push_str(ELLIPSIS);
            return out;
        }
        shown += width;
        out.push_str(&piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_printable_text_is_unchanged() {
        assert!(matches!(
            user_text("nosuchhost"),
            Cow::Borrowed("nosuchhost")
        ));
        assert_eq!(user_text("héllo wörld"), "héllo wörld");
        assert_eq!(user_text(""), "");
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(user_text("a\0b"), "a\\x00b");
        assert_eq!(user_text("\x1b[31mred"), "\\x1b[31mred");
        assert_eq!(user_text("tab\there\n"), "tab\\x09here\\x0a");
        assert_eq!(user_text("\u{202e}abc"), "\\u{202e}abc");
        assert_eq!(user_text("\u{85}"), "\\u{85}");
        assert_eq!(user_text("\x7f"), "\\x7f");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let long = "a".repeat(1 << 20);
        let q = user_text(&long);
        assert_eq!(q, format!("{}{ELLIPSIS}", "a".repeat(MAX_CHARS)));
        let exactly = "b".repeat(MAX_CHARS);
        assert_eq!(user_text(&exactly), exactly);
        // Escapes count as what is shown, and are never cut in half.
        let zeros = "\0".repeat(100);
        let q = user_text(&zeros);
        assert_eq!(q, format!("{}{ELLIPSIS}", "\\x00".repeat(MAX_CHARS / 4)));
        // Multi-byte characters are cut on character boundaries.
        let wide = "é".repeat(100);
        assert_eq!(
            user_text(&wide),
            format!("{}{ELLIPSIS}", "é".repeat(MAX_CHARS))
        );
    }

    #[test]
    fn invalid_utf8_bytes_are_escaped() {
        assert_eq!(user_bytes(b"ok\xff\xfe.pcap"), "ok\\xff\\xfe.pcap");
        assert_eq!(user_bytes("zé".as_bytes()), "zé");
    }
}
