//! Stage 1: pcap-filter(7) text to an abstract syntax tree.
//!
//! The parser knows the grammar and the lexical forms of libpcap's scanner
//! (numbers, dotted addresses, MAC addresses, named constants such as
//! `tcp-syn`), and resolves qualifier inheritance (`host a or b`), so every
//! primitive in the tree carries its full set of qualifiers. It knows nothing
//! of link types, name resolution or code generation.
//!
//! Files: `lexer.rs` (the scanner's longest-match rules, with `nom`),
//! `names.rs` (keywords, named constants, 802.11 and LLC names),
//! `parser.rs` (the grammar), `display.rs` (canonical text for a tree:
//! `parse(&tree.to_string()) == Ok(tree)`).
//!
//! As in libpcap 1.10, an id with nothing to inherit from is a syntax error:
//! a bare `10.0.0.1` at the start, or `tcp and 80`. The language is libpcap's
//! development version's: it adds `vxlan`, the pflog and SS7 keywords, and
//! ARCnet station addresses (`$0e`) to what 1.10 parses.

pub mod ast;
mod display;
mod lexer;
mod names;
mod parser;

pub use ast::*;
pub use parser::{parse, parsed_before_error};

/// A filter expression that is not well formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// What libpcap's development version says (`can't parse filter
    /// expression: syntax error`), with what and where for a syntax error.
    pub message: String,
    /// Byte offset in the input of the offending token, when known.
    pub offset: Option<usize>,
}
