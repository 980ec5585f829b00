//! `--trace` and `--trace-ebpf`: for each packet read (or the packets
//! numbered in `--trace N,M`, counting every packet read from 1), the
//! filter's run on it, instruction by instruction, and its verdict.
//!
//! The classic trace is the reference interpreter's run, the eBPF trace the
//! reference eBPF interpreter's run of the translation; the engine that
//! filters (`--engine`) decides, and its verdict is given beside the
//! trace's, so a disagreement would show.

use super::Args;
use bpfdump::cbpf;
use bpfdump::ebpf;
use std::fmt::Write;

/// Which packets to trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    /// Packet numbers (from 1), sorted.
    Numbers(Vec<u64>),
}

impl Selection {
    /// `all`, or a list such as `3,7,10-12`.
    pub fn parse(text: &str) -> anyhow::Result<Selection> {
        if text == "all" {
            return Ok(Selection::All);
        }
        let bad = || {
            anyhow::anyhow!(
                "invalid packet numbers {} for --trace: give N,M,... or N-M (from 1)",
                bpfdump::quote::user_text(text)
            )
        };
        let mut numbers = Vec::new();
        for part in text.split(',') {
            let (first, last) = match part.split_once('-') {
                Some((a, b)) => (a, b),
                None => (part, part),
            };
            let first: u64 = first.trim().parse().map_err(|_| bad())?;
            let last: u64 = last.trim().parse().map_err(|_| bad())?;
            if first == 0 || last < first || last - first > 1_000_000 {
                return Err(bad());
            }
            numbers.extend(first..=last);
        }
        numbers.sort_unstable();
        numbers.dedup();
        Ok(Selection::Numbers(numbers))
    }

    fn contains(&self, number: u64) -> bool {
        match self {
            Selection::All => true,
            Selection::Numbers(numbers) => numbers.binary_search(&number).is_ok(),
        }
    }
}

/// A filter as traced: the classic program and its eBPF translation.
pub struct Traced {
    pub classic: cbpf::Program,
    pub ebpf: Option<ebpf::Program>,
}

impl Traced {
    pub fn new(classic: &[cbpf::Insn]) -> Traced {
        Traced {
            classic: classic.to_vec(),
            ebpf: ebpf::translate::translate(classic, ebpf::translate::Target::User).ok(),
        }
    }
}

/// The tracing of a run.
pub struct Tracer {
    classic: Option<Selection>,
    ebpf: Option<Selection>,
    /// Packets counted so far.
    seen: u64,
}

impl Tracer {
    /// The tracer `--trace` and `--trace-ebpf` ask for, if any.
    pub fn from_args(args: &Args) -> anyhow::Result<Option<Tracer>> {
        let classic = args.trace.as_deref().map(Selection::parse).transpose()?;
        let ebpf = args
            .trace_ebpf
            .as_deref()
            .map(Selection::parse)
            .transpose()?;
        if classic.is_none() && ebpf.is_none() {
            return Ok(None);
        }
        Ok(Some(Tracer {
            classic,
            ebpf,
            seen: 0,
        }))
    }

    /// Count one more packet; its number if it is to be traced.
    #[inline]
    pub fn next(&mut self) -> Option<u64> {
        self.seen += 1;
        let n = self.seen;
        let wanted = |s: &Option<Selection>| s.as_ref().is_some_and(|s| s.contains(n));
        (wanted(&self.classic) || wanted(&self.ebpf)).then_some(n)
    }

    /// The trace of packet `number` through `filter` (`None`: no filter),
    /// whose engine gave `verdict`.
    pub fn render(
        &self,
        number: u64,
        filter: Option<&Traced>,
        data: &[u8],
        wire_len: u32,
        verdict: u32,
    ) -> String {
        let mut out = String::new();
        let head = format!(
            "packet {number}: {} of {wire_len} bytes captured",
            data.len()
        );
        let Some(filter) = filter else {
            let _ = writeln!(out, "{head}, no filter: accepted");
            return out;
        };
        let wants = |s: &Option<Selection>| s.as_ref().is_some_and(|s| s.contains(number));
        if wants(&self.classic) {
            let _ = writeln!(out, "{head}, classic BPF:");
            let trace = cbpf::trace::trace(&filter.classic, data, wire_len);
            let _ = write!(out, "{trace}");
        }
        if wants(&self.ebpf) {
            let _ = writeln!(out, "{head}, eBPF:");
            match &filter.ebpf {
                Some(program) => {
                    let _ = write!(out, "{}", ebpf::trace::trace(program, data, wire_len));
                }
                None => {
                    let _ = writeln!(out, "(the program has no eBPF translation)");
                }
            }
        }
        let what = if verdict == 0 { "rejected" } else { "accepted" };
        let _ = writeln!(out, "packet {number}: {what} (verdict {verdict})");
        out
    }
}

/// `--trace N,M` as `--trace=N,M`: clap takes an optional value only
/// with `=`, and a filter expression may follow `--trace`; a following
/// argument that is a list of packet numbers is the option's value.
pub fn join_values(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut iter = args.into_iter().peekable();
    while let Some(arg) = iter.next() {
        let is_trace = arg == "--trace" || arg == "--trace-ebpf";
        let numbers = iter
            .peek()
            .and_then(|next| next.to_str())
            .is_some_and(|next| {
                !next.is_empty()
                    && next
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ',' || c == '-')
                    && next.starts_with(|c: char| c.is_ascii_digit())
            });
        if is_trace && numbers {
            let mut joined = arg;
            joined.push("=");
            joined.push(iter.next().expect("peeked"));
            out.push(joined);
        } else {
            out.push(arg);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_and_joined_values() {
        assert_eq!(Selection::parse("all").unwrap(), Selection::All);
        assert_eq!(
            Selection::parse("7,3,3,10-12").unwrap(),
            Selection::Numbers(vec![3, 7, 10, 11, 12])
        );
        for bad in ["0", "x", "3-1", "", "1,,2"] {
            assert!(Selection::parse(bad).is_err(), "{bad}");
        }
        let args = |v: &[&str]| {
            v.iter()
                .map(Into::into)
                .collect::<Vec<std::ffi::OsString>>()
        };
        assert_eq!(
            join_values(args(&["-r", "f", "--trace", "3,7", "tcp"])),
            args(&["-r", "f", "--trace=3,7", "tcp"])
        );
        assert_eq!(
            join_values(args(&["--trace", "tcp", "--trace-ebpf"])),
            args(&["--trace", "tcp", "--trace-ebpf"])
        );
    }
}
