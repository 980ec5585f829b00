//! tcpdump's program listings: `-d` (readable), `-dd` (C array), `-ddd`
//! (decimal numbers).

use super::Insn;

/// The listing tcpdump prints for `-d` (level 1), `-dd` (2) or `-ddd` (3+).
pub fn listing(program: &[Insn], level: u8) -> String {
    let _ = (program, level);
    unimplemented!("listing")
}
