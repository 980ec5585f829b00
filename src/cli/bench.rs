//! `--bench -r FILE [--engine E] EXPR`: load every packet of FILE into
//! memory, run the filter over all of them, round after round, for about a
//! second, and report the time per packet. The last line is exactly
//! `ns_per_packet <float>`; above it come `packets`, `engine`, `rounds` and
//! `matches` (packets accepted in one pass). Time is the thread's CPU
//! time, so that other load on the machine does not count.

use super::args::EngineChoice;
use super::Args;
use bpfdump::engine::{build, BatchPacket, EngineKind, PacketFilter};
use bpfdump::{compile_filter, LinkType};
use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Every packet of a capture, back to back in one buffer (as a capture
/// file or ring buffer holds them), so the benchmark streams through memory.
pub struct PacketSet {
    bytes: Vec<u8>,
    /// (start in `bytes`, captured length, length on the wire)
    packets: Vec<(usize, usize, u32)>,
    pub linktype: LinkType,
}

impl PacketSet {
    pub fn len(&self) -> usize {
        self.packets.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&[u8], u32)> + '_ {
        self.packets
            .iter()
            .map(|&(start, len, wire)| (&self.bytes[start..start + len], wire))
    }

    fn push(&mut self, data: &[u8], wire_len: u32) {
        self.packets.push((self.bytes.len(), data.len(), wire_len));
        self.bytes.extend_from_slice(data);
    }

    /// Read every packet of a pcap or pcapng file (with the same reader as
    /// `-r`) into memory. The link type is the file's first interface's.
    pub fn read(path: &Path) -> anyhow::Result<PacketSet> {
        let mut reader = bpfdump::capture::CaptureReader::open(path)?;
        let mut set = PacketSet {
            bytes: Vec::with_capacity(reader.size().unwrap_or(0) as usize),
            packets: Vec::new(),
            linktype: reader.linktype(),
        };
        while let Some(record) = reader.next()? {
            set.push(record.packet.data, record.packet.wire_len);
        }
        Ok(set)
    }
}

pub fn engine_kind(choice: Option<EngineChoice>) -> EngineKind {
    match choice {
        None | Some(EngineChoice::Jit) => EngineKind::Jit,
        Some(EngineChoice::Interp) => EngineKind::Interp,
        Some(EngineChoice::Cbpf) => EngineKind::Cbpf,
        Some(EngineChoice::Kernel) => EngineKind::Kernel,
    }
}

/// Packets per batch: what a capture reader would hand over at once.
const BATCH: usize = 256;

/// One pass over every packet, a batch at a time; returns how many were
/// accepted.
#[inline(never)]
fn one_pass(
    filter: &dyn PacketFilter,
    packets: &[BatchPacket<'_>],
    verdicts: &mut [u32; BATCH],
) -> u64 {
    let mut matches = 0u64;
    for batch in packets.chunks(BATCH) {
        filter.run_batch(batch, verdicts);
        matches += verdicts[..batch.len()].iter().filter(|&&v| v != 0).count() as u64;
    }
    matches
}

/// CPU time this thread has used. The benchmark measures CPU time, not
/// wall time, so that other processes sharing the machine do not count.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec to the valid, exclusively
    // borrowed `ts`; CLOCK_THREAD_CPUTIME_ID is always available on Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Instant::now().elapsed();
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let Some(path) = args.read.first() else {
        anyhow::bail!("--bench needs -r FILE");
    };
    let packets = PacketSet::read(path)?;
    if packets.len() == 0 {
        anyhow::bail!("{}: no packets", path.display());
    }
    let mut options = super::dump::filter_options(args)?;
    if args.linktype.is_none() {
        options.linktype = packets.linktype;
    }
    let program = match compile_filter(&args.filter_text()?, &options) {
        Ok(p) => p,
        Err(e) => return Ok(super::fail(e)),
    };
    let kind = engine_kind(args.engine);
    let filter = build(kind, &program)?;

    // The packets as slices, built once: the timed loop only filters.
    let count = packets.len();
    let packets: Vec<BatchPacket<'_>> = packets
        .iter()
        .map(|(d, w)| BatchPacket::new(d, w))
        .collect();
    let mut verdicts = [0u32; BATCH];
    let matches = one_pass(&*filter, &packets, &mut verdicts);
    // Size the rounds from a short calibration so the run takes ~1 s.
    let calibration = thread_cpu_time();
    let mut calibration_rounds = 0u64;
    while thread_cpu_time() - calibration < Duration::from_millis(100) {
        black_box(one_pass(&*filter, &packets, &mut verdicts));
        calibration_rounds += 1;
    }
    let per_round = (thread_cpu_time() - calibration).as_secs_f64() / calibration_rounds as f64;
    let rounds = ((1.0 / per_round) as u64).max(1);
    let start = thread_cpu_time();
    for _ in 0..rounds {
        black_box(one_pass(&*filter, &packets, &mut verdicts));
    }
    let elapsed = thread_cpu_time() - start;
    let ns_per_packet = elapsed.as_nanos() as f64 / (rounds as f64 * count as f64);
    println!("packets {count}");
    println!("engine {}", kind.name());
    println!("rounds {rounds}");
    println!("matches {matches}");
    println!("ns_per_packet {ns_per_packet:.3}");
    Ok(ExitCode::SUCCESS)
}
