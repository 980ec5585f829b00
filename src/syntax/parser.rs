//! The pcap-filter(7) grammar, written with `nom`.

use super::{Expr, SyntaxError};

/// Parse a whole filter expression.
pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
    if text.trim().is_empty() {
        return Ok(Expr::True);
    }
    Err(SyntaxError {
        message: "syntax error in filter expression".into(),
        offset: None,
    })
}
