//! bpfdump: a tcpdump-class packet capture tool, as a library.
//!
//! The pipeline, one module per stage, each knowing nothing of the stages
//! after it:
//!
//! ```text
//! text ──syntax──▶ ast::Expr ──compile──▶ ir::Graph ──optimize──▶ ir::Graph
//!      ──linearize──▶ cbpf::Program ──cbpf::verify──▶ (verified classic program)
//!      ──ebpf::translate──▶ ebpf::Program ──ebpf::verify──▶ engines (interp, jit, kernel)
//! ```
//!
//! Around it: [`capture`] reads and writes capture files, [`live`] captures
//! from `AF_PACKET` sockets, [`print`] prints packets as tcpdump does, and
//! [`engine`] gives every execution engine one interface.

pub mod capture;
pub mod cbpf;
pub mod compile;
pub mod ebpf;
pub mod engine;
pub mod ir;
pub mod linktype;
pub mod live;
pub mod optimize;
pub mod packet;
pub mod print;
pub mod quote;
pub mod syntax;
pub mod tree;

pub use compile::Capture;
pub use linktype::LinkType;

/// libpcap's default snapshot length, returned by an accepting filter.
pub const DEFAULT_SNAPLEN: u32 = 262144;

/// What the filter compiler needs besides the expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterOptions {
    pub linktype: LinkType,
    /// The value an accepting program returns.
    pub snaplen: u32,
    /// Run the optimizer (tcpdump's `-O` turns it off).
    pub optimize: bool,
    /// The capture interface's IPv4 netmask, for `ip broadcast`
    /// (`None`: unknown, as with `-r` or `-d`).
    pub netmask: Option<u32>,
    /// What the program will filter: a live capture, a capture file (and
    /// its byte order), or nothing in particular. See [`Capture`].
    pub capture: Capture,
}

impl Default for FilterOptions {
    fn default() -> Self {
        FilterOptions {
            linktype: LinkType::ETHERNET,
            snaplen: DEFAULT_SNAPLEN,
            optimize: true,
            netmask: None,
            capture: Capture::Live,
        }
    }
}

/// Why an expression could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error(transparent)]
    Syntax(#[from] syntax::SyntaxError),
    #[error(transparent)]
    Compile(#[from] compile::CompileError),
    /// The optimized program is `ret #0`. libpcap refuses such a filter
    /// (only when optimizing), and so do we: it is almost always a mistake
    /// such as `tcp and udp`.
    #[error("expression rejects all packets")]
    RejectsAll,
}

/// Compile a pcap-filter(7) expression to a classic BPF program, the way
/// `pcap_compile` does.
pub fn compile_filter(
    expression: &str,
    options: &FilterOptions,
) -> Result<cbpf::Program, FilterError> {
    let codegen = compile::CompileOptions {
        linktype: options.linktype,
        snaplen: options.snaplen,
        netmask: options.netmask,
        capture: options.capture,
    };
    let ast = match syntax::parse(expression) {
        Ok(ast) => ast,
        Err(e) => {
            // libpcap compiles each primitive as its parser reads it: one
            // before the syntax error that cannot be compiled is reported.
            if let Some(before) = syntax::parsed_before_error(expression, &e) {
                compile::generate(&before, &codegen)?;
            }
            return Err(e.into());
        }
    };
    let mut graph = compile::generate(&ast, &codegen)?;
    if options.optimize {
        optimize::optimize(&mut graph);
    }
    let program = graph.linearize();
    let rejects_all = matches!(program.as_slice(), [only] if *only == cbpf::Insn::stmt(cbpf::op::RET | cbpf::op::K, 0));
    if options.optimize && rejects_all {
        return Err(FilterError::RejectsAll);
    }
    Ok(program)
}
