//! The reference classic interpreter, with libpcap's `bpf_filter` semantics.

use super::Insn;

/// Run `program` on a packet; returns the filter's verdict.
pub fn run(program: &[Insn], data: &[u8], wire_len: u32) -> u32 {
    let _ = (program, data, wire_len);
    unimplemented!("classic interpreter")
}
