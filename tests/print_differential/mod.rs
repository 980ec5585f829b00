//! What the differential printer tests share: a seeded generator for the
//! mutations, a classic pcap writer, and the printed output of one run of
//! a printer split into packets (by the `-#` numbers) so that a packet
//! printed on more or fewer lines does not shift the others. Tests that
//! use it declare `mod common;` too.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common;

/// xorshift64*, seeded: the same mutations on every run.
pub struct Rng(pub u64);

impl Rng {
    /// Seeded by a name (and a salt, for other draws).
    pub fn for_name(name: &str, salt: u64) -> Rng {
        let seed = name.bytes().fold(0x9e37_79b9_7f4a_7c15u64 ^ salt, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        Rng(seed | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A little-endian, microsecond pcap file of `linktype` holding `records`
/// (captured bytes, wire length), one second apart.
pub fn pcap(linktype: u32, records: &[(Vec<u8>, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 262_144, linktype] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    // The version is two u16s, not one u32: fix its halves.
    out[4..8].copy_from_slice(&[2, 0, 4, 0]);
    for (i, (data, wire)) in records.iter().enumerate() {
        for v in [1 + i as u32, 0, data.len() as u32, *wire] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(data);
    }
    out
}

/// One packet's printed lines (continuation lines included).
pub type Block = Vec<String>;

/// Run `program -# FLAGS -r FILE` (TZ=UTC) and split what it prints into
/// packets by their `-#` numbers; `None` if it hangs.
pub fn packets(program: &Path, flags: &[&str], file: &Path) -> Option<HashMap<u64, Block>> {
    let mut cmd = Command::new(program);
    cmd.env("TZ", "UTC")
        .arg("-#")
        .args(flags)
        .arg("-r")
        .arg(file);
    let out = common::run_with_timeout(&mut cmd, Duration::from_secs(60))?;
    let mut blocks: Vec<(u64, Block)> = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let number = line
            .trim_start()
            .split_once("  ")
            .and_then(|(n, _)| n.parse::<u64>().ok())
            .filter(|n| blocks.last().is_none_or(|(last, _)| n > last));
        match (number, blocks.last_mut()) {
            (Some(_), _) | (None, None) => blocks.push((number.unwrap_or(0), vec![line.into()])),
            (None, Some((_, block))) => block.push(line.into()),
        }
    }
    Some(blocks.into_iter().collect())
}

/// Packet by packet, in number order: (number, ours, theirs, lines), where
/// lines is the longer of the two blocks' lengths.
pub fn pair_up<'a>(
    ours: &'a HashMap<u64, Block>,
    theirs: &'a HashMap<u64, Block>,
) -> Vec<(u64, Option<&'a Block>, Option<&'a Block>, usize)> {
    let mut numbers: Vec<u64> = ours.keys().chain(theirs.keys()).copied().collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|k| {
            let (x, y) = (ours.get(&k), theirs.get(&k));
            let lines = x.map_or(0, |v| v.len()).max(y.map_or(0, |v| v.len()));
            (k, x, y, lines)
        })
        .collect()
}
