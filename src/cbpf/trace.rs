//! Why a filter did or did not match a packet: the reference interpreter's
//! run, instruction by instruction (`--trace`).
//!
//! The run is the interpreter's own ([`super::interp`], observed), so the
//! trace's verdict is the interpreter's by construction. Each step shows
//! the instruction as `-d` prints it, A and X after it, the packet bytes
//! it loaded and the branch it took; the last line says how the run ended.

use super::interp::{run_checked, Observer, MAX_BACKWARD_JUMPS};
use super::op::*;
use super::Insn;
use std::fmt;

/// One instruction executed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub pc: usize,
    pub insn: Insn,
    /// The accumulator and index register after it.
    pub a: u32,
    pub x: u32,
    /// The next instruction.
    pub next: usize,
    /// A packet load: the offset and the bytes loaded.
    pub loaded: Option<(u64, Vec<u8>)>,
}

/// How the run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// A `ret` at `pc` returned `verdict`.
    Returned { pc: usize, insn: Insn, verdict: u32 },
    /// The instruction at `pc` (if there is one) could not complete: the
    /// filter rejects the packet.
    Failed {
        pc: usize,
        insn: Option<Insn>,
        why: String,
    },
}

/// A run of a classic program on one packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub steps: Vec<Step>,
    pub end: End,
}

impl Trace {
    /// The filter's verdict: 0 rejects, anything else accepts.
    pub fn verdict(&self) -> u32 {
        match self.end {
            End::Returned { verdict, .. } => verdict,
            End::Failed { .. } => 0,
        }
    }
}

struct Recorder<'d> {
    data: &'d [u8],
    steps: Vec<Step>,
    /// X before the current instruction (for indexed loads).
    x: u32,
}

impl Observer for Recorder<'_> {
    fn step(&mut self, pc: usize, insn: &Insn, a: u32, x: u32, next: usize) {
        let loaded = load_of(insn, self.x).map(|(offset, size)| {
            let start = offset as usize;
            (offset, self.data[start..start + size].to_vec())
        });
        self.steps.push(Step {
            pc,
            insn: *insn,
            a,
            x,
            next,
            loaded,
        });
        self.x = x;
    }
}

/// The packet offset and size a load instruction reads, given X.
fn load_of(insn: &Insn, x: u32) -> Option<(u64, usize)> {
    let size = match insn.code & 0x18 {
        W => 4,
        H => 2,
        _ => 1,
    };
    match insn.code {
        c if c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS => {
            Some((u64::from(insn.k), size))
        }
        c if c == LD | W | IND || c == LD | H | IND || c == LD | B | IND => {
            Some((u64::from(x) + u64::from(insn.k), size))
        }
        c if c == LDX | B | MSH => Some((u64::from(insn.k), 1)),
        _ => None,
    }
}

/// Run `program` on a packet (captured bytes `data`, `wire_len` on the
/// wire) with the reference interpreter, recording every step.
pub fn trace(program: &[Insn], data: &[u8], wire_len: u32) -> Trace {
    let mut recorder = Recorder {
        data,
        steps: Vec::new(),
        x: 0,
    };
    let outcome = run_checked(program, data, wire_len, &mut recorder);
    let Recorder { steps, x, .. } = recorder;
    let pc = steps.last().map_or(0, |s| s.next);
    let insn = program.get(pc).copied();
    let end = match (outcome, insn) {
        (Some(verdict), Some(insn)) => End::Returned { pc, insn, verdict },
        _ => End::Failed {
            pc,
            insn,
            why: why_failed(insn, x, data.len(), &steps),
        },
    };
    Trace { steps, end }
}

/// Why the instruction `insn` (X before it being `x`) ended the run.
fn why_failed(insn: Option<Insn>, x: u32, len: usize, steps: &[Step]) -> String {
    let Some(insn) = insn else {
        return "ran off the end of the program".into();
    };
    if let Some((offset, size)) = load_of(&insn, x) {
        return format!("{size}-byte load at offset {offset} is past the {len} captured bytes");
    }
    let code = insn.code;
    if code == ALU | DIV | K
        || code == ALU | MOD | K
        || code == ALU | DIV | X
        || code == ALU | MOD | X
    {
        return "division by zero".into();
    }
    if [LD | MEM, LDX | MEM, ST, STX].contains(&code) {
        return format!("scratch memory M[{}] does not exist", insn.k);
    }
    if code == JMP | JA {
        let backward = steps
            .iter()
            .filter(|s| s.insn.code == JMP | JA && (s.insn.k as i32) < 0)
            .count();
        if insn.k as i32 == -1 {
            return "jump to itself".into();
        }
        if backward >= MAX_BACKWARD_JUMPS as usize {
            return format!("more than {MAX_BACKWARD_JUMPS} backward jumps");
        }
        return "jump outside the program".into();
    }
    if class(code) == JMP {
        return "jump outside the program".into();
    }
    format!("unknown opcode {code:#06x}")
}

/// An instruction as `-d` shows it, one line.
fn image(insn: &Insn, pc: usize) -> String {
    super::dump::image(insn, pc).replace('\t', " ")
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<44} A={:#010x} X={:#010x}",
            image(&self.insn, self.pc),
            self.a,
            self.x
        )?;
        if let Some((offset, bytes)) = &self.loaded {
            write!(f, " loaded [{offset}:{}]", bytes.len())?;
            for byte in bytes {
                write!(f, " {byte:02x}")?;
            }
        }
        let code = self.insn.code;
        if class(code) == JMP && code != JMP | JA {
            // A and X are as the jump found them.
            let operand = if code & X != 0 { self.x } else { self.insn.k };
            let taken = match code & 0xf0 {
                JEQ => self.a == operand,
                JGT => self.a > operand,
                JGE => self.a >= operand,
                _ => self.a & operand != 0,
            };
            write!(
                f,
                " {} -> ({:03})",
                if taken { "true" } else { "false" },
                self.next
            )?;
        } else if code == JMP | JA {
            write!(f, " -> ({:03})", self.next)?;
        }
        Ok(())
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.steps {
            writeln!(f, "{step}")?;
        }
        match &self.end {
            End::Returned { pc, insn, verdict } => {
                let what = if *verdict == 0 { "reject" } else { "accept" };
                writeln!(f, "{:<44} verdict {verdict} ({what})", image(insn, *pc))
            }
            End::Failed { pc, insn, why } => {
                let shown = insn.map_or_else(|| format!("({pc:03})"), |i| image(&i, *pc));
                writeln!(f, "{shown:<44} {why}: verdict 0 (reject)")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_loads_branches_and_failures() {
        let program = [
            Insn::stmt(LD | H | ABS, 12),
            Insn::jump(JMP | JEQ | K, 0x800, 0, 1),
            Insn::stmt(RET | K, 96),
            Insn::stmt(LD | B | ABS, 100),
            Insn::stmt(RET | K, 1),
        ];
        let mut packet = [0u8; 20];
        packet[12] = 8;
        let t = trace(&program, &packet, 60);
        assert_eq!(t.verdict(), 96);
        assert_eq!(t.steps.len(), 2);
        assert_eq!(t.steps[0].loaded, Some((12, vec![8, 0])));
        assert_eq!(t.steps[0].a, 0x800);
        let text = t.to_string();
        assert!(text.contains("loaded [12:2] 08 00"), "{text}");
        assert!(text.contains("true -> (002)"), "{text}");
        assert!(text.contains("verdict 96 (accept)"), "{text}");
        packet[12] = 0x86;
        let t = trace(&program, &packet, 60);
        assert_eq!(t.verdict(), 0);
        let text = t.to_string();
        assert!(text.contains("false -> (003)"), "{text}");
        assert!(
            text.contains("1-byte load at offset 100 is past the 20 captured bytes"),
            "{text}"
        );
        assert_eq!(trace(&[], &packet, 1).verdict(), 0);
    }
}
