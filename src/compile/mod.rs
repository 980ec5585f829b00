//! Stage 2: the code generator, from [`crate::syntax::Expr`] to an
//! [`crate::ir::Graph`] of classic BPF blocks, following libpcap's
//! `gencode.c` semantics for every link type.

use crate::ir::Graph;
use crate::syntax::Expr;
use crate::LinkType;

/// What code generation depends on besides the expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompileOptions {
    pub linktype: LinkType,
    pub snaplen: u32,
    pub netmask: Option<u32>,
}

/// A well-formed expression that cannot be compiled for this link type, or
/// names something unknown. The message is libpcap's where it has one
/// (`illegal port number 99999 > 65535`, `unknown host 'nosuchhost'`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CompileError(pub String);

/// Generate the unoptimized program for `expr`.
pub fn generate(expr: &Expr, options: &CompileOptions) -> Result<Graph, CompileError> {
    let _ = (expr, options);
    Err(CompileError("code generator not written yet".into()))
}
