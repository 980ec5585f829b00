//! One interface over every execution engine, so that capture sources, the
//! benchmark mode and the data-driven tests run any of them the same way.

use crate::cbpf;

/// A compiled filter ready to run on packets.
pub trait PacketFilter: Send + Sync {
    /// Run the filter on a captured packet (`data`, possibly truncated) whose
    /// length on the wire was `wire_len`. Returns the filter's verdict: 0 to
    /// drop, otherwise the number of bytes to keep.
    fn run(&self, data: &[u8], wire_len: u32) -> u32;

    /// Run the filter on many packets: `verdicts[i]` gets packet `i`'s
    /// verdict, for as many packets as both slices hold. Engines that can
    /// (the JIT) do this without a call per packet.
    fn run_batch(&self, packets: &[BatchPacket<'_>], verdicts: &mut [u32]) {
        for (packet, verdict) in packets.iter().zip(verdicts.iter_mut()) {
            *verdict = self.run(packet.data(), packet.wire_len());
        }
    }
}

pub use crate::ebpf::BatchPacket;

/// The reference classic interpreter as an engine.
pub struct ClassicInterpreter {
    program: cbpf::Program,
}

impl ClassicInterpreter {
    /// `program` must have passed [`cbpf::verify::verify`].
    pub fn new(program: cbpf::Program) -> Self {
        ClassicInterpreter { program }
    }
}

impl PacketFilter for ClassicInterpreter {
    fn run(&self, data: &[u8], wire_len: u32) -> u32 {
        cbpf::interp::run(&self.program, data, wire_len)
    }
}

use crate::ebpf;
use std::sync::atomic::{AtomicBool, Ordering};

/// The execution engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EngineKind {
    /// The reference classic interpreter.
    Cbpf,
    /// The eBPF interpreter.
    Interp,
    /// The x86-64 JIT (the eBPF interpreter on other architectures).
    Jit,
    /// The running kernel, through `BPF_PROG_TEST_RUN`.
    Kernel,
}

impl EngineKind {
    pub const ALL: [EngineKind; 4] = [
        EngineKind::Cbpf,
        EngineKind::Interp,
        EngineKind::Jit,
        EngineKind::Kernel,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Cbpf => "cbpf",
            EngineKind::Interp => "interp",
            EngineKind::Jit => "jit",
            EngineKind::Kernel => "kernel",
        }
    }
}

/// Why an engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Translate(#[from] ebpf::translate::TranslateError),
    #[error(transparent)]
    Verify(#[from] ebpf::verify::VerifyError),
    #[error(transparent)]
    Jit(#[from] ebpf::jit::JitError),
    #[error(transparent)]
    Kernel(#[from] ebpf::kernel::KernelError),
}

/// The eBPF program for the interpreter and the JIT, verified.
pub fn verified_ebpf(
    program: &[cbpf::Insn],
) -> Result<(ebpf::Program, ebpf::verify::Verified), EngineError> {
    let translated = ebpf::translate::translate(program, ebpf::translate::Target::User)?;
    let verified = ebpf::verify::verify(&translated)?;
    Ok((translated, verified))
}

/// Build an engine of `kind` for a classic program that passed
/// [`cbpf::verify::verify`].
pub fn build(
    kind: EngineKind,
    program: &[cbpf::Insn],
) -> Result<Box<dyn PacketFilter>, EngineError> {
    Ok(match kind {
        EngineKind::Cbpf => Box::new(ClassicInterpreter::new(program.to_vec())),
        EngineKind::Interp => Box::new(EbpfInterpreter::new(program)?),
        EngineKind::Jit => match JitFilter::new(program) {
            Ok(jit) => Box::new(jit),
            Err(EngineError::Jit(ebpf::jit::JitError::Unsupported)) => {
                Box::new(EbpfInterpreter::new(program)?)
            }
            // The classic program passed the kernel's classic rules, but
            // its eBPF has more paths than the eBPF verifier walks (the
            // kernel, too, runs classic programs without that verifier):
            // the classic interpreter, which checks every load, runs it.
            Err(EngineError::Verify(ebpf::verify::VerifyError {
                reason: ebpf::verify::Reason::TooComplex(_),
                ..
            })) => Box::new(ClassicInterpreter::new(program.to_vec())),
            Err(e) => return Err(e),
        },
        EngineKind::Kernel => Box::new(KernelFilter::new(program)?),
    })
}

/// The eBPF interpreter as an engine.
pub struct EbpfInterpreter {
    interpreter: ebpf::interp::Interpreter,
}

impl EbpfInterpreter {
    pub fn new(program: &[cbpf::Insn]) -> Result<Self, EngineError> {
        let (program, _) = verified_ebpf(program)?;
        Ok(EbpfInterpreter {
            interpreter: ebpf::interp::Interpreter::new(&program)?,
        })
    }
}

impl PacketFilter for EbpfInterpreter {
    fn run(&self, data: &[u8], wire_len: u32) -> u32 {
        // A verified program cannot fault; 0 (drop) is the safe answer if
        // it somehow did.
        self.interpreter.run(data, wire_len).unwrap_or(0) as u32
    }

    fn run_batch(&self, packets: &[BatchPacket<'_>], verdicts: &mut [u32]) {
        self.interpreter.run_batch(packets, verdicts)
    }
}

/// The x86-64 JIT as an engine.
pub struct JitFilter {
    jit: ebpf::jit::JitProgram,
}

impl JitFilter {
    pub fn new(program: &[cbpf::Insn]) -> Result<Self, EngineError> {
        let (program, _) = verified_ebpf(program)?;
        Ok(JitFilter {
            jit: ebpf::jit::JitProgram::compile(&program)?,
        })
    }
    pub fn code(&self) -> &ebpf::jit::JitProgram {
        &self.jit
    }
}

impl PacketFilter for JitFilter {
    #[inline]
    fn run(&self, data: &[u8], wire_len: u32) -> u32 {
        self.jit.run(data, wire_len) as u32
    }

    fn run_batch(&self, packets: &[BatchPacket<'_>], verdicts: &mut [u32]) {
        self.jit.run_batch(packets, verdicts)
    }
}

/// The kernel as an engine. Packets `BPF_PROG_TEST_RUN` cannot take (over
/// [`ebpf::kernel::MAX_TEST_PACKET`] bytes) go to the eBPF interpreter,
/// with a warning the first time.
pub struct KernelFilter {
    kernel: ebpf::kernel::KernelProgram,
    fallback: EbpfInterpreter,
    warned: AtomicBool,
}

impl KernelFilter {
    pub fn new(program: &[cbpf::Insn]) -> Result<Self, EngineError> {
        Ok(KernelFilter {
            kernel: ebpf::kernel::KernelProgram::load_classic(program)?,
            fallback: EbpfInterpreter::new(program)?,
            warned: AtomicBool::new(false),
        })
    }
    pub fn kernel(&self) -> &ebpf::kernel::KernelProgram {
        &self.kernel
    }
}

impl PacketFilter for KernelFilter {
    fn run(&self, data: &[u8], wire_len: u32) -> u32 {
        match self.kernel.test_run(data, wire_len, 1) {
            Ok((verdict, _)) => verdict,
            Err(e) => {
                if !self.warned.swap(true, Ordering::Relaxed) {
                    eprintln!(
                        "bpfdump: kernel engine: {e}; using the eBPF interpreter for such packets"
                    );
                }
                self.fallback.run(data, wire_len)
            }
        }
    }
}
