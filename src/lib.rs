//! bpfdump: a tcpdump-class packet capture tool, as a library.
//!
//! Compile pcap-filter(7) expressions exactly as libpcap does, look at the
//! programs, run them on packets with the engine of your choice (reference
//! interpreter, eBPF interpreter, x86-64 JIT, the kernel), attach them to
//! sockets, read and write capture files (pcap, pcapng, gzip, zstd) and
//! print packets as tcpdump prints them.
//!
//! # Compile, inspect, run
//!
//! A [`Filter`] is an expression compiled for a link type and verified:
//!
//! ```
//! use bpfdump::{EngineKind, Filter, FilterOptions};
//!
//! let filter = Filter::compile("tcp dst port 80", &FilterOptions::default())?;
//! // What `tcpdump -d` prints, and the eBPF translation.
//! assert!(filter.dump(1).starts_with("(000) ldh      [12]"));
//! assert!(filter.dump_ebpf()?.contains("exit"));
//!
//! // An Ethernet + IPv4 + TCP packet to port 80, made by hand.
//! let mut packet = [0u8; 54];
//! packet[12] = 0x08; // EtherType IPv4
//! packet[14] = 0x45; // version 4, 20-byte header
//! packet[23] = 6; // TCP
//! packet[37] = 80; // destination port
//! assert!(filter.matches(&packet, 54));
//!
//! // The JIT gives the reference interpreter's verdict, much faster.
//! let jit = filter.engine(EngineKind::Jit)?;
//! assert_eq!(jit.run(&packet, 54), filter.run(&packet, 54));
//!
//! // Why it matched: the run, instruction by instruction.
//! let trace = filter.trace(&packet, 54);
//! assert!(trace.to_string().contains("verdict 262144 (accept)"));
//! # Ok::<(), bpfdump::Error>(())
//! ```
//!
//! [`FilterOptions`] sets the link type ([`LinkType`]), the snapshot length
//! an accepting program returns, the optimizer, the netmask for `ip
//! broadcast`, and whether the packets come from a capture file.
//!
//! # Read, filter and write captures
//!
//! [`CaptureReader`] reads pcap and pcapng, plain or gzip/zstd compressed
//! (recognized by content), without an allocation per packet, and reports
//! damage precisely after every good packet before it. [`CaptureWriter`]
//! writes pcap or pcapng, compressed or not.
//!
//! ```
//! use bpfdump::capture::{CaptureReader, CaptureWriter, Compression, InterfaceInfo, OutputFormat, OutputSpec};
//! use bpfdump::{EngineKind, Filter, FilterOptions};
//! use std::path::Path;
//!
//! let mut reader = CaptureReader::open(Path::new("testdata/mixed.pcap"))?;
//! let options = FilterOptions { linktype: reader.linktype(), ..FilterOptions::default() };
//! let udp = Filter::compile("udp", &options)?.engine(EngineKind::Jit)?;
//! let spec = OutputSpec {
//!     format: OutputFormat::Pcapng,
//!     compression: Compression::Zstd,
//!     ..OutputSpec::default()
//! };
//! let interface = reader.interface_info(0).expect("a pcap file has interface 0");
//! let mut writer = CaptureWriter::new(Vec::new(), &spec, &interface, 1 << 16)?;
//! let mut matched = 0;
//! while let Some(record) = reader.next()? {
//!     if udp.run(record.packet.data, record.packet.wire_len) != 0 {
//!         writer.write(0, &record.packet)?;
//!         matched += 1;
//!     }
//! }
//! writer.finish()?;
//! assert!(matched > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Print packets
//!
//! ```
//! use bpfdump::capture::CaptureReader;
//! use bpfdump::print::{PrintOptions, Printer};
//! use std::path::Path;
//!
//! let mut reader = CaptureReader::open(Path::new("testdata/mixed.pcap"))?;
//! let options = PrintOptions { numeric: 1, ..PrintOptions::default() };
//! let mut printer = Printer::new(options, reader.linktype());
//! let mut line = Vec::new();
//! let record = reader.next()?.expect("a packet");
//! printer.print(&record.packet, &mut line);
//! assert!(String::from_utf8(line)?.contains("ARP, Request who-has 192.168.1.1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Also
//!
//! [`Filter::attach`] attaches the program to a socket of yours; the
//! `live` module captures from `AF_PACKET` sockets with a `TPACKET_V3`
//! ring. `examples/` has three complete programs: `filter_capture`
//! (filter a capture file in a few lines), `attach_socket` (compile and
//! attach a filter to your own packet socket) and `jit_packets` (run the
//! JIT over packets you already hold, many at a time).
//!
//! # The pipeline
//!
//! ```text
//! text ──syntax──▶ AST ──compile──▶ control-flow graph ──optimize──▶ graph
//!      ──linearize──▶ cbpf::Program ──cbpf::verify──▶ (verified classic program)
//!      ──ebpf::translate──▶ ebpf::Program ──ebpf::verify──▶ engines (interp, jit, kernel)
//! ```
//!
//! The public modules are the API: [`cbpf`] and [`ebpf`] (instructions,
//! listings, verifiers, interpreters, traces, the JIT), [`engine`] (one
//! interface over every engine), [`capture`] (files), [`live`] (capture
//! from interfaces), [`mod@print`] (tcpdump's output), [`packet`]. The
//! compiler's own stages (`syntax`, `compile`, `ir`, `optimize`, and
//! helpers) are internal: reachable for bpfdump's own tests and tools,
//! hidden from this documentation, and free to change.

pub mod capture;
pub mod cbpf;
#[doc(hidden)]
pub mod compile;
pub mod ebpf;
pub mod engine;
mod filter;
#[doc(hidden)]
pub mod ir;
#[doc(hidden)]
pub mod linktype;
pub mod live;
#[doc(hidden)]
pub mod optimize;
pub mod packet;
pub mod print;
#[doc(hidden)]
pub mod quote;
#[doc(hidden)]
pub mod syntax;
mod tree;

pub use capture::{CaptureReader, CaptureWriter};
pub use compile::Capture;
pub use engine::{EngineKind, PacketFilter};
pub use filter::{Error, Filter};
pub use linktype::LinkType;
pub use packet::{PacketRef, Timestamp};

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
