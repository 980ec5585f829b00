//! [`Filter`]: a compiled and verified filter expression, the library's
//! front door to everything done with a program.

use crate::engine::{self, EngineError, EngineKind, PacketFilter};
use crate::{cbpf, ebpf, FilterError, FilterOptions};
use std::io;
use std::os::fd::AsRawFd;

/// Why a [`Filter`] could not be made or used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The expression does not compile.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The compiled program breaks a rule of the kernel's classic
    /// verifier (a compiler bug if it ever happens).
    #[error("the compiled filter fails the classic verifier: {0}")]
    Verify(#[from] cbpf::verify::VerifyError),
    /// An engine could not be built (translation, eBPF verifier, JIT,
    /// kernel).
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// A pcap-filter(7) expression compiled for a link type, as `pcap_compile`
/// compiles it, and checked with the kernel's classic verifier rules.
///
/// [`Filter::program`] and [`Filter::attach`] give the program for the
/// kernel's socket. Everything run here ([`Filter::run`], engines, traces,
/// the eBPF translation) sees frames as files hold them, with any VLAN tag
/// in the bytes: for a live capture's `vlan`, the program runs with "no tag
/// in the metadata" written in ([`cbpf::metadata::bind_vlan`]).
///
/// ```
/// use bpfdump::{Filter, FilterOptions, LinkType};
///
/// let options = FilterOptions { linktype: LinkType::RAW, ..FilterOptions::default() };
/// let filter = Filter::compile("udp port 53", &options)?;
/// assert!(filter.dump(1).starts_with("(000) ldb      [0]"));
/// # Ok::<(), bpfdump::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    expression: String,
    options: FilterOptions,
    program: cbpf::Program,
    /// `program` as it runs here (see above).
    here: cbpf::Program,
}

impl Filter {
    /// Compile `expression` (see [`crate::compile_filter`]) and verify the
    /// program.
    pub fn compile(expression: &str, options: &FilterOptions) -> Result<Filter, Error> {
        let program = crate::compile_filter(expression, options)?;
        cbpf::verify::verify(&program)?;
        Ok(Filter {
            expression: expression.to_string(),
            options: *options,
            here: cbpf::metadata::bind_vlan(&program, None),
            program,
        })
    }

    /// A filter from a classic program made elsewhere (`tcpdump -ddd`, a
    /// hand-written one), once it passes the classic verifier.
    pub fn from_program(program: cbpf::Program, options: &FilterOptions) -> Result<Filter, Error> {
        cbpf::verify::verify(&program)?;
        Ok(Filter {
            expression: String::new(),
            options: *options,
            here: cbpf::metadata::bind_vlan(&program, None),
            program,
        })
    }

    /// The expression compiled (empty for [`Filter::from_program`]).
    pub fn expression(&self) -> &str {
        &self.expression
    }

    pub fn options(&self) -> &FilterOptions {
        &self.options
    }

    /// The classic program (`struct sock_filter` layout).
    pub fn program(&self) -> &[cbpf::Insn] {
        &self.program
    }

    /// The listing `tcpdump -d` prints (`level` 2: `-dd`, the C array; 3:
    /// `-ddd`, decimal).
    pub fn dump(&self, level: u8) -> String {
        cbpf::dump::listing(&self.program, level)
    }

    /// The eBPF translation the interpreter and the JIT run, verified by
    /// bpfdump's eBPF verifier.
    pub fn ebpf(&self) -> Result<ebpf::Program, Error> {
        Ok(engine::verified_ebpf(&self.here)?.0)
    }

    /// The eBPF translation listed as `bpftool prog dump xlated` does.
    pub fn dump_ebpf(&self) -> Result<String, Error> {
        Ok(ebpf::dump::listing(&self.ebpf()?))
    }

    /// An engine running the program: the reference classic interpreter,
    /// the eBPF interpreter, the x86-64 JIT (the eBPF interpreter on other
    /// machines) or the kernel (`BPF_PROG_TEST_RUN`, needs privileges).
    pub fn engine(&self, kind: EngineKind) -> Result<Box<dyn PacketFilter>, Error> {
        Ok(engine::build(kind, &self.here)?)
    }

    /// The verdict on one packet (`data` captured, `wire_len` on the wire)
    /// by the reference interpreter: 0 rejects, anything else accepts and
    /// says how many bytes to keep. For many packets, build an
    /// [`Filter::engine`].
    pub fn run(&self, data: &[u8], wire_len: u32) -> u32 {
        cbpf::interp::run(&self.here, data, wire_len)
    }

    /// Whether the filter accepts the packet.
    pub fn matches(&self, data: &[u8], wire_len: u32) -> bool {
        self.run(data, wire_len) != 0
    }

    /// The program's run on one packet, instruction by instruction.
    pub fn trace(&self, data: &[u8], wire_len: u32) -> cbpf::trace::Trace {
        cbpf::trace::trace(&self.here, data, wire_len)
    }

    /// Attach the program to a socket of yours (`SO_ATTACH_FILTER`): the
    /// kernel then delivers only the packets it accepts. A packet socket
    /// (`AF_PACKET`) sees frames of the interface's link type, which the
    /// filter must be compiled for; other sockets see their own payloads.
    pub fn attach(&self, socket: &impl AsRawFd) -> io::Result<()> {
        crate::live::attach_filter(socket, &self.program)
    }
}
