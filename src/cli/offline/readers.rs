//! Which reader takes an input: the one-thread reader, with read-ahead
//! on a helper thread, or the parallel reader of large classic pcap files.

use bpfdump::capture::{CaptureError, CaptureReader};
use std::path::Path;

/// Open an input. By default one thread does everything with large
/// `read`s into a cache-resident buffer: on the (shared, 2-core) benchmark
/// machine that took the least CPU time of the three readers
/// (`--count tcp`, 3 million packets, median of 9: 0.14 s against 0.15 s
/// with read-ahead and 0.21 s memory-mapped; MADV_POPULATE_READ windows and
/// MADV_HUGEPAGE made the map slower still, 0.24-0.25 s). `--threads N`
/// (N > 1) reads ahead on a helper thread, overlapping the kernel's copy
/// with filtering: that only lowers the wall time when a second core is
/// idle; it is what `--threads N` gives the inputs the parallel reader does
/// not take (see [`parallel_plan`]).
/// `BPFDUMP_READER=direct|prefetch|mapped|parallel` picks a reader
/// explicitly, for benchmarks.
pub(super) fn open_input(
    path: &Path,
    threads: Option<usize>,
) -> Result<CaptureReader, CaptureError> {
    match std::env::var("BPFDUMP_READER").as_deref() {
        Ok("direct") => CaptureReader::open(path),
        Ok("mapped") => CaptureReader::open_mapped(path),
        Ok("prefetch") => CaptureReader::open_prefetched(path),
        _ if threads.is_some_and(|n| n > 1) => CaptureReader::open_prefetched(path),
        _ => CaptureReader::open(path),
    }
}

/// How to filter a classic pcap file on several threads.
#[derive(Debug, Clone, Copy)]
pub(super) struct ParallelPlan {
    pub workers: usize,
    pub chunk: usize,
    /// Smaller files take the one-thread path.
    pub min_size: u64,
}

/// Whether (and how) to filter classic pcap files in parallel (see
/// [`ParallelPcap`]).
///
/// By default, a regular classic pcap file of at least two chunks (8 MiB)
/// is filtered by one worker per CPU (up to four) when more than one CPU is
/// available. Measured on the (shared, 2-core) benchmark machine over the
/// 3-million-packet capture, `--count tcp` (perf stat, means of 5 runs):
/// two workers took the CPU time of the one-thread reader or less (0.13 s
/// against 0.14-0.15 s) and less than half its wall time (0.068 s against
/// 0.147 s); scripts/bench_offline.sh (medians of 5, load average 1.2):
/// 4.1x tcpdump's throughput for `--count tcp` and `udp port 53`, 3.7x
/// with eight hosts and four ports, 2.9-4.1x for `-w` (the one-thread
/// reader: 1.9-2x); with the second core partly busy (load average 2.5)
/// 3.1-3.3x and 2.5-3.3x (one thread: 2.5-2.7x). With `-w` the workers
/// also gather the matching records, which this thread writes. Three and
/// four workers on the two cores cost 5% more CPU time and were slower
/// (0.089 s, 0.074 s); more than two were never measured on more cores. Chunks of 1 and 2 MiB cost 20% and 5%
/// more CPU time than 4 MiB (thread hand-overs per chunk, expensive on this
/// virtual machine); 8 MiB was no better than 4.
///
/// `--threads N` asks for N workers, whatever the file size; `--threads 1`
/// for the one-thread reader. Smaller files, pcapng files and pipes take
/// [`open_input`]'s readers. `BPFDUMP_READER` (other than `parallel`)
/// forces a one-thread reader; `BPFDUMP_CHUNK` sets the chunk size in bytes
/// (for tests and tuning).
pub(super) fn parallel_plan(threads: Option<usize>) -> Option<ParallelPlan> {
    let reader = std::env::var("BPFDUMP_READER").ok();
    let forced = match reader.as_deref() {
        Some("parallel") => true,
        Some(_) => return None,
        None => false,
    };
    let chunk = std::env::var("BPFDUMP_CHUNK")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(bpfdump::capture::PARALLEL_CHUNK);
    let workers = match threads {
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4),
    };
    if workers < 2 && !forced {
        return None;
    }
    let min_size = if forced || threads.is_some() {
        0
    } else {
        2 * chunk as u64
    };
    Some(ParallelPlan {
        workers,
        chunk,
        min_size,
    })
}
