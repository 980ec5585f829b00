//! The tokens of pcap-filter(7), recognised as libpcap's flex scanner does:
//! at each position every rule is tried, the longest match wins, and a tie
//! goes to the rule listed first in the scanner (so `host` is a keyword,
//! `10.0.0.1` a dotted address rather than a name, `500-4500` a name, and
//! `001122334455` a MAC address).

use super::names::{Kw, CONSTANTS, KEYWORDS};
use crate::quote::user_text;
use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while1, take_while_m_n};
use nom::character::complete::char;
use nom::combinator::recognize;
use nom::multi::{count, many_m_n};
use nom::sequence::preceded;
use nom::{IResult, Parser};
use std::net::Ipv6Addr;

/// Punctuation and operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Colon,
    LBracket,
    RBracket,
    /// `!` or `not`
    Bang,
    Lt,
    Gt,
    LParen,
    RParen,
    Amp,
    Pipe,
    Caret,
    /// `=` or `==`
    Eq,
    Ge,
    Le,
    Ne,
    Shl,
    Shr,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokKind {
    Kw(Kw),
    Op(Op),
    /// A number, or a named constant such as `tcp-syn`.
    Num(u32),
    /// A name (`ID`); for `\name` the backslash is already removed.
    Name(String),
    /// 2 to 4 dot-separated numbers (`HID`).
    Dotted(String),
    /// An IPv6 address (`HID6`).
    Ipv6(Ipv6Addr),
    /// A MAC address (`EID`).
    Mac([u8; 6]),
    /// An ARCnet address `$xx` (`AID`).
    Arcnet(String),
    /// A lexical error libpcap reports when the parser reaches the token
    /// (bad number, bogus address).
    Error(String),
    /// A character no rule accepts (libpcap's `LEX_ERROR`).
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokKind,
    /// Byte offset of the token in the expression.
    pub offset: usize,
    /// The token as written.
    pub text: String,
}

type Res<'a> = IResult<&'a str, &'a str>;

fn is_hex(c: char) -> bool {
    c.is_ascii_hexdigit()
}

/// How many bytes of `input` a nom recogniser matches, if any.
fn matched<'a>(
    mut p: impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>>,
    input: &'a str,
) -> usize {
    match p.parse(input) {
        Ok((_, m)) => m.len(),
        Err(_) => 0,
    }
}

/// `N`: decimal digits, or `0x` and hex digits.
fn number(i: &str) -> Res<'_> {
    alt((
        recognize((tag_no_case("0x"), take_while1(is_hex))),
        take_while1(|c: char| c.is_ascii_digit()),
    ))
    .parse(i)
}

/// One or two hex digits (`B`).
fn hex_byte(i: &str) -> Res<'_> {
    take_while_m_n(1, 2, is_hex).parse(i)
}

/// `{B}:{B}:{B}:{B}:{B}:{B}` and the other MAC forms.
fn mac_len(i: &str) -> usize {
    let sep6 = |sep: char, i| {
        matched(
            recognize((hex_byte, count(preceded(char(sep), hex_byte), 5))),
            i,
        )
    };
    let b2 = |i| take_while_m_n(4, 4, is_hex).parse(i);
    [
        sep6(':', i),
        sep6('-', i),
        sep6('.', i),
        matched(recognize((b2, count(preceded(char('.'), b2), 2))), i),
        matched(take_while_m_n(12, 12, is_hex), i),
    ]
    .into_iter()
    .max()
    .unwrap_or(0)
}

/// `N.N`, `N.N.N` or `N.N.N.N`.
fn dotted_len(i: &str) -> usize {
    matched(
        recognize((number, many_m_n(1, 3, preceded(char('.'), number)))),
        i,
    )
}

/// The bogus-MAC rule `{B}:+({B}:+)+`, so that `1:2:3:` is reported.
fn bogus_mac_len(i: &str) -> usize {
    let group = |i| recognize((hex_byte, take_while1(|c| c == ':'))).parse(i);
    matched(recognize(many_m_n(2, usize::MAX, group)), i)
}

/// Whether `s` has the shape of libpcap's `V6` patterns: hex groups of one
/// to four digits, at most one `::`, optionally a dotted IPv4 tail, eight
/// groups in all without `::` and at most seven with it.
fn v6_shape(s: &str) -> bool {
    fn is_w(g: &str) -> bool {
        (1..=4).contains(&g.len()) && g.chars().all(is_hex)
    }
    fn is_v4(g: &str) -> bool {
        let parts: Vec<&str> = g.split('.').collect();
        parts.len() == 4
            && parts
                .iter()
                .all(|p| matched(number, p) == p.len() && !p.is_empty())
    }
    /// Count the groups of a `:`-separated run; `allow_v4` lets the last
    /// one be an IPv4 address (worth two groups).
    fn groups(run: &str, allow_v4: bool) -> Option<usize> {
        if run.is_empty() {
            return Some(0);
        }
        let parts: Vec<&str> = run.split(':').collect();
        let mut n = 0;
        for (k, p) in parts.iter().enumerate() {
            if is_w(p) {
                n += 1;
            } else if allow_v4 && k + 1 == parts.len() && is_v4(p) {
                n += 2;
            } else {
                return None;
            }
        }
        Some(n)
    }
    match s.find("::") {
        None => groups(s, true) == Some(8),
        Some(at) => {
            let (head, tail) = (&s[..at], &s[at + 2..]);
            if tail.contains("::") {
                return false;
            }
            match (groups(head, false), groups(tail, true)) {
                (Some(h), Some(t)) => h + t <= 7,
                _ => false,
            }
        }
    }
}

/// The longest prefix of `i` with an IPv6 shape.
fn v6_len(i: &str) -> usize {
    let run = i
        .bytes()
        .take(128)
        .take_while(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.' | b'x' | b'X'))
        .count();
    if !i[..run].contains(':') {
        return 0;
    }
    (2..=run).rev().find(|&n| v6_shape(&i[..n])).unwrap_or(0)
}

/// `[A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])?`
fn name_len(i: &str) -> usize {
    let first = matched(take_while_m_n(1, 1, |c: char| c.is_ascii_alphanumeric()), i);
    if first == 0 {
        return 0;
    }
    let rest = &i[1..];
    let run = matched(
        take_while1(|c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
        rest,
    );
    let trimmed = rest[..run].trim_end_matches(['-', '_']).len();
    1 + trimmed
}

/// `\name`: a backslash and anything up to a blank, `!`, `(` or `)`.
fn escaped_len(i: &str) -> usize {
    matched(
        recognize(preceded(
            char('\\'),
            take_while1(|c| !matches!(c, ' ' | '!' | '(' | ')' | '\n' | '\t')),
        )),
        i,
    )
}

/// The entry of `table` spelled `word`, with its length.
fn whole_word<T: Copy>(table: &[(&str, T)], word: &str) -> Option<(usize, T)> {
    table
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(w, v)| (w.len(), v))
}

fn operator(i: &str) -> Option<(usize, Op)> {
    let two: &[(&str, Op)] = &[
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("!=", Op::Ne),
        ("==", Op::Eq),
        ("<<", Op::Shl),
        (">>", Op::Shr),
    ];
    if let Some(&(w, op)) = two.iter().find(|(w, _)| i.starts_with(w)) {
        return Some((w.len(), op));
    }
    let op = match i.chars().next()? {
        '+' => Op::Plus,
        '-' => Op::Minus,
        '*' => Op::Star,
        '/' => Op::Slash,
        '%' => Op::Percent,
        ':' => Op::Colon,
        '[' => Op::LBracket,
        ']' => Op::RBracket,
        '!' => Op::Bang,
        '<' => Op::Lt,
        '>' => Op::Gt,
        '(' => Op::LParen,
        ')' => Op::RParen,
        '&' => Op::Amp,
        '|' => Op::Pipe,
        '^' => Op::Caret,
        '=' => Op::Eq,
        _ => return None,
    };
    Some((1, op))
}

/// libpcap's `stou`: decimal, `0x` hex or leading-`0` octal, 32 bits.
/// Digits are taken from left to right, so a number that overflows before
/// its first non-octal digit is refused for overflowing.
pub fn number_value(text: &str) -> Result<u32, String> {
    let (digits, radix, base) =
        if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            (hex, 16, "hexadecimal")
        } else if text.len() > 1 && text.starts_with('0') {
            (&text[1..], 8, "octal")
        } else {
            (text, 10, "decimal")
        };
    let mut n: u32 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or_else(|| {
            let kind = if radix == 8 { "non-octal" } else { "non-hex" };
            format!("number {} contains {kind} digit", user_text(text))
        })?;
        n = n
            .checked_mul(radix)
            .and_then(|n| n.checked_add(d))
            .ok_or_else(|| format!("{base} number {} overflows 32 bits", user_text(text)))?;
    }
    Ok(n)
}

/// libpcap's `pcap_ether_aton`: one or two hex digits per byte, any
/// separators skipped.
fn mac_value(text: &str) -> [u8; 6] {
    let mut out = [0u8; 6];
    let digits: Vec<u8> = text.bytes().collect();
    let mut k = 0;
    let mut i = 0;
    while i < digits.len() && k < 6 {
        if !digits[i].is_ascii_hexdigit() {
            i += 1;
            continue;
        }
        let mut v = (digits[i] as char).to_digit(16).unwrap_or(0) as u8;
        i += 1;
        if i < digits.len() && digits[i].is_ascii_hexdigit() {
            v = (v << 4) | (digits[i] as char).to_digit(16).unwrap_or(0) as u8;
            i += 1;
        }
        out[k] = v;
        k += 1;
    }
    out
}

/// The scanner's rules, in the order of scanner.l (a tie in length goes to
/// the earlier one).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    Keyword,
    Operator,
    Arcnet,
    Mac,
    Number,
    Dotted,
    Ipv6,
    BogusMac,
    Constant,
    Name,
    Escaped,
}

/// Split a filter expression into tokens. Never fails: characters no rule
/// accepts become [`TokKind::Invalid`] tokens and malformed numbers or
/// addresses [`TokKind::Error`] tokens, so the parser reports them where
/// libpcap would.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        let c = rest.chars().next().unwrap_or(' ');
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            pos += 1;
            continue;
        }
        // Fast path: no rule but the operators (and `&&`/`||`) starts with
        // these characters.
        if matches!(
            c,
            '(' | ')'
                | '['
                | ']'
                | '!'
                | '<'
                | '>'
                | '='
                | '&'
                | '|'
                | '^'
                | '+'
                | '*'
                | '/'
                | '%'
                | '-'
        ) {
            let (len, kind) = if rest.starts_with("&&") {
                (2, TokKind::Kw(Kw::And))
            } else if rest.starts_with("||") {
                (2, TokKind::Kw(Kw::Or))
            } else {
                operator(rest)
                    .map(|(n, op)| (n, TokKind::Op(op)))
                    .unwrap_or((1, TokKind::Invalid))
            };
            tokens.push(Token {
                kind,
                offset: pos,
                text: rest[..len].to_string(),
            });
            pos += len;
            continue;
        }
        // Keywords and named constants are also matched by the name rule,
        // so one can only win (by rule order) when it is the whole name.
        let name = name_len(rest);
        let kw = whole_word(KEYWORDS, &rest[..name]);
        let op = operator(rest);
        let constant = whole_word(CONSTANTS, &rest[..name]);
        let candidates = [
            (Rule::Keyword, kw.map_or(0, |k| k.0)),
            (Rule::Operator, op.map_or(0, |o| o.0)),
            (
                Rule::Arcnet,
                matched(recognize(preceded(char('$'), hex_byte)), rest),
            ),
            (Rule::Mac, mac_len(rest)),
            (Rule::Number, matched(number, rest)),
            (Rule::Dotted, dotted_len(rest)),
            (Rule::Ipv6, v6_len(rest)),
            (Rule::BogusMac, bogus_mac_len(rest)),
            (Rule::Constant, constant.map_or(0, |k| k.0)),
            (Rule::Name, name),
            (Rule::Escaped, escaped_len(rest)),
        ];
        // Longest match; on a tie the earlier rule (max_by_key keeps the
        // last maximum, so compare on (len, reversed rule order)).
        let (rule, len) = candidates
            .iter()
            .copied()
            .filter(|&(_, n)| n > 0)
            .max_by_key(|&(r, n)| (n, std::cmp::Reverse(r)))
            .unwrap_or((Rule::Name, 0));
        if len == 0 {
            tokens.push(Token {
                kind: TokKind::Invalid,
                offset: pos,
                text: c.to_string(),
            });
            pos += c.len_utf8();
            continue;
        }
        let word = &rest[..len];
        let kind = match rule {
            Rule::Keyword => match kw.map_or(Kw::And, |k| k.1) {
                Kw::Not => TokKind::Op(Op::Bang),
                k => TokKind::Kw(k),
            },
            Rule::Operator => TokKind::Op(op.map(|o| o.1).unwrap_or(Op::Plus)),
            Rule::Arcnet => TokKind::Arcnet(word.to_string()),
            Rule::Mac => TokKind::Mac(mac_value(word)),
            Rule::Number => match number_value(word) {
                Ok(n) => TokKind::Num(n),
                Err(e) => TokKind::Error(e),
            },
            Rule::Dotted => TokKind::Dotted(word.to_string()),
            Rule::Ipv6 => match word.parse::<Ipv6Addr>() {
                Ok(a) => TokKind::Ipv6(a),
                Err(_) => TokKind::Error(format!("invalid IPv6 address {}", user_text(word))),
            },
            Rule::BogusMac => {
                TokKind::Error(format!("invalid Ethernet address {}", user_text(word)))
            }
            Rule::Constant => TokKind::Num(constant.map(|k| k.1).unwrap_or(0)),
            Rule::Name => TokKind::Name(word.to_string()),
            Rule::Escaped => TokKind::Name(word[1..].to_string()),
        };
        tokens.push(Token {
            kind,
            offset: pos,
            text: word.to_string(),
        });
        pos += len;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<TokKind> {
        tokenize(s).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn longest_match_and_rule_order() {
        assert_eq!(kinds("host"), vec![TokKind::Kw(Kw::Host)]);
        assert_eq!(kinds("hosts"), vec![TokKind::Name("hosts".into())]);
        assert_eq!(kinds("10.0.0.1"), vec![TokKind::Dotted("10.0.0.1".into())]);
        assert_eq!(
            kinds("10.0.0.1.5"),
            vec![TokKind::Name("10.0.0.1.5".into())]
        );
        assert_eq!(kinds("1.2.3.4.5.6"), vec![TokKind::Mac([1, 2, 3, 4, 5, 6])]);
        assert_eq!(kinds("500-4500"), vec![TokKind::Name("500-4500".into())]);
        assert_eq!(kinds("tcp-syn"), vec![TokKind::Num(2)]);
        assert_eq!(kinds("0x1f"), vec![TokKind::Num(31)]);
        assert_eq!(kinds("017"), vec![TokKind::Num(15)]);
        assert_eq!(
            kinds("001122334455"),
            vec![TokKind::Mac([0, 0x11, 0x22, 0x33, 0x44, 0x55])]
        );
        assert_eq!(
            kinds("0:1:2:3:4:f"),
            vec![TokKind::Mac([0, 1, 2, 3, 4, 15])]
        );
        assert_eq!(
            kinds("0011.2233.4455"),
            vec![TokKind::Mac([0, 0x11, 0x22, 0x33, 0x44, 0x55])]
        );
        assert_eq!(
            kinds("fe80::1"),
            vec![TokKind::Ipv6("fe80::1".parse().unwrap())]
        );
        assert_eq!(
            kinds("::ffff:1.2.3.4"),
            vec![TokKind::Ipv6("::ffff:1.2.3.4".parse().unwrap())]
        );
        assert_eq!(kinds("::"), vec![TokKind::Ipv6(Ipv6Addr::UNSPECIFIED)]);
        assert_eq!(kinds("\\tcp"), vec![TokKind::Name("tcp".into())]);
        assert_eq!(
            kinds("a-"),
            vec![TokKind::Name("a".into()), TokKind::Op(Op::Minus)]
        );
        assert_eq!(
            kinds("&&||!"),
            vec![
                TokKind::Kw(Kw::And),
                TokKind::Kw(Kw::Or),
                TokKind::Op(Op::Bang)
            ]
        );
        assert_eq!(
            kinds("13:1"),
            vec![TokKind::Num(13), TokKind::Op(Op::Colon), TokKind::Num(1)]
        );
        assert!(
            matches!(&kinds("1:2:3:")[0], TokKind::Error(m) if m == "invalid Ethernet address 1:2:3:")
        );
        assert!(
            matches!(&kinds("00:11:22:33:44:55:66")[0], TokKind::Error(m) if m == "invalid Ethernet address 00:11:22:33:44:55:")
        );
        assert!(
            matches!(&kinds("::1.2.3.400")[0], TokKind::Error(m) if m == "invalid IPv6 address ::1.2.3.400")
        );
        assert!(
            matches!(&kinds("08")[0], TokKind::Error(m) if m == "number 08 contains non-octal digit")
        );
        assert!(
            matches!(&kinds("4294967296")[0], TokKind::Error(m) if m == "decimal number 4294967296 overflows 32 bits")
        );
        assert_eq!(kinds("4294967295"), vec![TokKind::Num(u32::MAX)]);
        assert_eq!(kinds("é"), vec![TokKind::Invalid]);
    }
}
