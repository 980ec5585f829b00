//! One interface over every execution engine, so that capture sources, the
//! benchmark mode and the data-driven tests run any of them the same way.

use crate::cbpf;

/// A compiled filter ready to run on packets.
pub trait PacketFilter: Send + Sync {
    /// Run the filter on a captured packet (`data`, possibly truncated) whose
    /// length on the wire was `wire_len`. Returns the filter's verdict: 0 to
    /// drop, otherwise the number of bytes to keep.
    fn run(&self, data: &[u8], wire_len: u32) -> u32;
}

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
