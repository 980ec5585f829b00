//! Stage 1: pcap-filter(7) text to an abstract syntax tree.
//!
//! The parser knows the grammar and the lexical forms of libpcap's scanner
//! (numbers, dotted addresses, MAC addresses, named constants such as
//! `tcp-syn`), and resolves qualifier inheritance (`host a or b`), so every
//! primitive in the tree carries its full set of qualifiers. It knows nothing
//! of link types, name resolution or code generation.

pub mod ast;
mod display;
mod lexer;
mod names;
mod parser;

pub use ast::*;
pub use parser::parse;

/// A filter expression that is not well formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// What tcpdump would say, e.g. `syntax error in filter expression`.
    pub message: String,
    /// Byte offset in the input of the offending token, when known.
    pub offset: Option<usize>,
}
