//! Why the eBPF translation of a filter did or did not match a packet:
//! the reference eBPF interpreter's run, instruction by instruction
//! (`--trace-ebpf`).
//!
//! Each step shows the instruction as the `--dump-ebpf` listing prints it,
//! the register it changed (pointers as `pkt+N` and `fp-N`), the packet
//! bytes it loaded and the branch it took; the last line gives R0 at
//! `exit` (the verdict) or the fault that ended the run.

use super::dump::describe;
use super::insn::{op, Insn, STACK_SIZE};
use super::interp::{condition, exec, Fault, Observer, Registers, PACKET_BASE, STACK_TOP};
use std::fmt;

/// One instruction executed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub pc: usize,
    pub insn: Insn,
    /// The register written and its new value, if any.
    pub written: Option<(u8, u64)>,
    /// A load from the packet: the offset and the bytes loaded.
    pub loaded: Option<(u64, Vec<u8>)>,
    /// A conditional jump: whether it was taken.
    pub taken: Option<bool>,
    pub next: usize,
}

/// How the run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// `exit` at `pc` with R0 = `r0`.
    Exited { pc: usize, r0: u64 },
    /// The program faulted (only an unverified one can): the filter
    /// rejects the packet.
    Faulted(Fault),
}

/// A run of an eBPF program on one packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub steps: Vec<Step>,
    pub end: End,
    /// The packet's length, to show pointers into it.
    packet_len: usize,
}

impl Trace {
    /// The filter's verdict: R0 at `exit` as the engines return it (its
    /// low 32 bits); 0 after a fault.
    pub fn verdict(&self) -> u32 {
        match self.end {
            End::Exited { r0, .. } => r0 as u32,
            End::Faulted(_) => 0,
        }
    }
}

struct Recorder<'d> {
    data: &'d [u8],
    steps: Vec<Step>,
}

impl Observer for Recorder<'_> {
    const ACTIVE: bool = true;

    fn step(&mut self, pc: usize, insn: &Insn, before: &Registers, after: &Registers, next: usize) {
        let code = insn.code;
        let class = op::class(code);
        let written = (0..11u8)
            .find(|&r| before[r as usize] != after[r as usize])
            .or((matches!(class, op::ALU | op::ALU64 | op::LDX)).then(|| insn.dst()))
            .map(|r| (r, after[r as usize]));
        let loaded = (class == op::LDX).then(|| {
            let addr = before[insn.src() as usize].wrapping_add(insn.off as i64 as u64);
            let offset = addr.wrapping_sub(PACKET_BASE);
            let size = op::size_bytes(code) as usize;
            let start = usize::try_from(offset).ok()?;
            let bytes = self.data.get(start..start.checked_add(size)?)?;
            Some((offset, bytes.to_vec()))
        });
        let conditional = matches!(class, op::JMP | op::JMP32)
            && !matches!(op::opcode(code), op::JA | op::EXIT | op::CALL);
        let taken = conditional.then(|| {
            let b = if op::src(code) == op::X {
                before[insn.src() as usize]
            } else {
                insn.imm as i64 as u64
            };
            let a = before[insn.dst() as usize];
            condition(op::opcode(code), a, b, class == op::JMP).unwrap_or(false)
        });
        self.steps.push(Step {
            pc,
            insn: *insn,
            written,
            loaded: loaded.flatten(),
            taken,
            next,
        });
    }
}

/// Run `program` on a packet (captured bytes `data`, `wire_len` on the
/// wire) with the reference eBPF interpreter, recording every step.
pub fn trace(program: &[Insn], data: &[u8], wire_len: u32) -> Trace {
    let mut recorder = Recorder {
        data,
        steps: Vec::new(),
    };
    let outcome = exec::<STACK_SIZE, _>(program, data, wire_len, &mut recorder);
    let steps = recorder.steps;
    let end = match outcome {
        Ok(r0) => End::Exited {
            pc: steps.last().map_or(0, |s| s.next),
            r0,
        },
        Err(fault) => End::Faulted(fault),
    };
    Trace {
        steps,
        end,
        packet_len: data.len(),
    }
}

/// A register value: a pointer into the packet or the stack shown as
/// such, anything else in hexadecimal.
fn value(v: u64, packet_len: usize) -> String {
    let in_packet = v.wrapping_sub(PACKET_BASE);
    let below_stack = STACK_TOP.wrapping_sub(v);
    if in_packet <= packet_len as u64 + 0xffff {
        format!("pkt+{in_packet}")
    } else if below_stack <= STACK_SIZE as u64 {
        format!("fp-{below_stack}")
    } else {
        format!("{v:#x}")
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.steps {
            let text = format!(
                "{:4}: ({:02x}) {}",
                step.pc,
                step.insn.code,
                describe(&step.insn)
            );
            write!(f, "{text:<48}")?;
            if let Some((r, v)) = step.written {
                write!(f, " r{r}={}", value(v, self.packet_len))?;
            }
            if let Some((offset, bytes)) = &step.loaded {
                write!(f, " loaded [{offset}:{}]", bytes.len())?;
                for byte in bytes {
                    write!(f, " {byte:02x}")?;
                }
            }
            match step.taken {
                Some(true) => write!(f, " true -> {}", step.next)?,
                Some(false) => write!(f, " false -> {}", step.next)?,
                None if step.next != step.pc + 1 => write!(f, " -> {}", step.next)?,
                None => {}
            }
            writeln!(f)?;
        }
        match &self.end {
            End::Exited { pc, r0 } => {
                let verdict = *r0 as u32;
                let what = if verdict == 0 { "reject" } else { "accept" };
                let text = format!("{pc:4}: (95) exit");
                writeln!(f, "{text:<48} r0={r0:#x}: verdict {verdict} ({what})")
            }
            End::Faulted(fault) => writeln!(f, "fault: {fault}: verdict 0 (reject)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbpf;
    use crate::ebpf::translate::{translate, Target};

    /// The translation's trace gives the classic program's verdict.
    #[test]
    fn agrees_with_the_classic_trace() {
        let options = crate::FilterOptions::default();
        let program = crate::compile_filter("ip and tcp[13] & 2 != 0", &options).unwrap();
        let translated = translate(&program, Target::User).unwrap();
        let mut syn = vec![0u8; 54];
        syn[12] = 8;
        syn[14] = 0x45;
        syn[23] = 6;
        syn[47] = 2;
        for packet in [&syn[..], &syn[..40], &[0u8; 60][..]] {
            let classic = cbpf::trace::trace(&program, packet, 60);
            let ebpf = trace(&translated, packet, 60);
            assert_eq!(classic.verdict(), ebpf.verdict());
            let text = ebpf.to_string();
            assert!(text.contains("exit"), "{text}");
            assert!(text.contains("loaded [12:2] "), "{text}");
        }
        assert_ne!(trace(&translated, &syn, 60).verdict(), 0);
    }
}
