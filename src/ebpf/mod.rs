//! eBPF: the classic program translated, verified, and run by an
//! interpreter, an x86-64 JIT, or the kernel.
//!
//! * [`insn`] — the instruction type and opcodes.
//! * [`translate`] — classic → eBPF, after the kernel's `bpf_convert_filter`
//!   but with packet loads made explicit (bounds check, plain load, swap).
//! * [`verify`] — our eBPF verifier: every path, every access proven.
//! * [`interp`] — the interpreter; [`jit`] — the x86-64 JIT.
//! * [`kernel`] — load into the running kernel and run with
//!   `BPF_PROG_TEST_RUN`.
//! * [`batch`] — many packets at once, for the engines' batch loops.
//! * [`dump`] — listings in the style of `bpftool prog dump xlated`, and
//!   the JIT's code disassembled.

pub mod batch;
pub mod dump;
pub mod insn;
pub mod interp;
pub mod jit;
pub mod kernel;
pub mod trace;
pub mod translate;
pub mod verify;

pub use batch::BatchPacket;
pub use insn::{Insn, Program};
