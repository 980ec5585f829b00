//! Filtering one classic pcap file on several cores, results in input order.
//!
//! The file is cut into chunks of fixed size; worker `w` of `n` handles
//! chunks `w`, `w + n`, `w + 2n`, ... Each worker `pread`s its own chunk, so
//! the kernel's copies out of the page cache (most of a run's CPU time over
//! a cached file) run on several cores at once. A record belongs to the
//! chunk where it starts; the worker reads the extra bytes of a record that
//! runs past the chunk's end.
//!
//! Where chunk `k`'s first record starts is known for sure only once chunk
//! `k - 1`'s records have been walked. Waiting for that offset would chain
//! the workers to each other (each waiting for the one before, every chunk)
//! and leave the walk for after the whole chunk is read, when its first
//! bytes have left the core's cache (the walk is a chain of dependent
//! loads, one per record: measured, it cost a fifth of the CPU time that
//! way, and copying 4 MiB chunks into cold buffers made the kernel's copy
//! half as costly again). So each worker guesses its chunk's first record:
//! the first place in the chunk where several consecutive record headers
//! look sound. It reads the chunk through a small window (the `window`
//! module) and walks and filters each record as soon as it is read, while
//! it is in cache; the workers never wait for each other.
//!
//! The consumer takes the chunks strictly in order, on the calling thread,
//! and knows each chunk's real start offset from the chunk before: if the
//! worker's guess was right, its walk is exactly the one the real offset
//! gives; if not (packet data that looks like records, or a record too
//! long to guess past), the consumer walks that chunk again itself, from
//! the real offset. The guess only ever costs time.
//!
//! Damage found while walking chunk `k` ends the walk there: the records
//! before it are consumed, then the run ends with the same error, at the
//! same byte offset, as [`super::CaptureReader`] reports.
//!
//! Memory is bounded whatever the file size: every worker has a window of
//! 256 KiB (more only while a longer record passes) and, when the consumer
//! wants the packets, up to [`BUFFERS_PER_WORKER`] buffers of the accepted
//! records of one chunk each, which circulate between it and the consumer;
//! it hands over no more than [`GATHER_BUDGET`] bytes of them (plus one
//! chunk's) before the consumer gives some back.

use super::error::CaptureError;
use super::pcap::{self, PcapState};
use super::reader::{shrunk, Failure, Record};
use crate::packet::TimestampPrecision;
use crate::LinkType;
use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;
use window::{Walked, Window};

mod window;

/// How far into a chunk its first record is looked for.
const GUESS_SCAN: usize = window::WINDOW;
/// Consecutive plausible record headers that make a guessed start offset.
const GUESS_RECORDS: usize = 8;
/// The longest packet a guessed record header may announce (the largest
/// IPv4 / IPv6 packet with its link header, with room to spare).
const GUESS_MAX_WIRE_LEN: u32 = 1 << 18;

/// Default bytes per chunk: large enough that the hand-overs between
/// threads (a few per chunk) cost nothing much; small enough that the
/// workers end together and the consumer's buffers stay small.
pub const DEFAULT_CHUNK: usize = 4 << 20;
/// Result buffers per worker: how far a worker may run ahead of the
/// consumer, in chunks (a consumer that is briefly slower, e.g. while the
/// output file is being truncated, does not stop the workers at once).
const BUFFERS_PER_WORKER: usize = 32;
/// The gathered record bytes a worker may have handed over and not had
/// back, beyond which it waits for the consumer: what bounds memory when
/// many records match.
const GATHER_BUDGET: usize = 4 << 20;

/// A classic pcap file opened for parallel filtering.
pub struct ParallelPcap {
    name: String,
    file: File,
    state: PcapState,
    size: u64,
    missed_guesses: AtomicUsize,
}

/// One chunk's results, handed to the consumer in input order.
pub struct Chunk<'a> {
    /// The accepted records' raw bytes, one after the other (when asked
    /// for: see [`ParallelPcap::run`]).
    gathered: &'a [u8],
    accepted: usize,
    state: &'a PcapState,
    end: u64,
}

impl<'a> Chunk<'a> {
    /// How many of the chunk's records the filter accepted.
    pub fn accepted_count(&self) -> usize {
        self.accepted
    }

    /// The accepted records, in file order (when gathered: see
    /// [`ParallelPcap::run`]): each as a [`Record`] and as the range of its
    /// raw bytes (record header and captured data) for [`Chunk::raw`]. The
    /// records are gathered one after the other, so that consecutive ones
    /// have adjacent ranges.
    pub fn accepted(&self) -> impl Iterator<Item = (Record<'a>, Range<usize>)> + '_ {
        let header_len = self.state.record_header_len();
        let bytes = self.gathered;
        let state = self.state;
        let mut at = 0;
        std::iter::from_fn(move || {
            if at + header_len > bytes.len() {
                return None;
            }
            // Checked by the walk: whole records of sound lengths.
            let caplen = state.caplen(&bytes[at..]).unwrap_or(0) as usize;
            let range = at..(at + header_len + caplen).min(bytes.len());
            at = range.end;
            Some((state.record(&bytes[range.clone()]), range))
        })
    }

    /// Raw bytes of accepted records (ranges from [`Chunk::accepted`]).
    pub fn raw(&self, range: Range<usize>) -> &'a [u8] {
        &self.gathered[range]
    }

    /// Byte offset in the file just past this chunk's last record.
    pub fn end_offset(&self) -> u64 {
        self.end
    }
}

/// One chunk's results, passed from a worker to the consumer and back.
#[derive(Default)]
struct Work {
    /// The chunk: records starting in `[nominal_start, nominal_end)`.
    nominal_start: u64,
    nominal_end: u64,
    /// Where the walk started: the worker's guess of the first record's
    /// offset (`None`: no guess).
    start: Option<u64>,
    /// The accepted records' raw bytes, when gathered.
    gathered: Vec<u8>,
    /// How many of them the worker handed over (the consumer may walk the
    /// chunk again).
    gathered_sent: usize,
    accepted: usize,
    /// Offset in the file just past the last record walked.
    end: u64,
    /// The walk ended the file: cleanly (`None`) or at damage.
    last: Option<Option<Failure>>,
}

impl Work {
    fn clear(&mut self) {
        self.start = None;
        self.gathered.clear();
        self.accepted = 0;
        self.end = 0;
        self.last = None;
    }

    fn finish(&mut self, outcome: Walked) {
        match outcome {
            Walked::More(next) => {
                self.end = next;
                self.last = None;
            }
            Walked::End(end, failure) => {
                self.end = end;
                self.last = Some(failure);
            }
        }
    }
}

impl ParallelPcap {
    /// Open `path` for parallel reading if it is a regular file holding a
    /// classic pcap file with a valid header; `Ok(None)` otherwise (pcapng,
    /// pipes, damaged or empty files: [`super::CaptureReader`] reads those,
    /// and reports their errors).
    pub fn open(path: &Path) -> Result<Option<ParallelPcap>, CaptureError> {
        let name = path.display().to_string();
        if name == "-" {
            return Ok(None);
        }
        let open_error = |source| CaptureError::Open {
            file: name.clone(),
            source,
        };
        let file = File::open(path).map_err(open_error)?;
        let metadata = file.metadata().map_err(open_error)?;
        if !metadata.is_file() {
            return Ok(None);
        }
        let mut header = [0u8; pcap::FILE_HEADER_LEN];
        if file.read_exact_at(&mut header, 0).is_err() {
            return Ok(None);
        }
        let magic = u32::from_le_bytes(header[0..4].try_into().expect("4 bytes"));
        if !pcap::is_pcap_magic(magic) {
            return Ok(None);
        }
        let Ok(state) = pcap::parse_header(&header) else {
            return Ok(None);
        };
        Ok(Some(ParallelPcap {
            name,
            file,
            state,
            size: metadata.len(),
            missed_guesses: AtomicUsize::new(0),
        }))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many chunks so far were walked from their real start offset
    /// after their worker could not guess it, or guessed wrong (the slower
    /// path, for tests and tuning).
    pub fn missed_guesses(&self) -> usize {
        self.missed_guesses.load(Ordering::Relaxed)
    }

    /// The file's size when opened.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn linktype(&self) -> LinkType {
        self.state.linktype
    }

    /// The link type field as stored, with any FCS-length bits.
    pub fn linktype_field(&self) -> u32 {
        self.state.linktype_field
    }

    pub fn snaplen(&self) -> u32 {
        self.state.snaplen
    }

    pub fn precision(&self) -> TimestampPrecision {
        self.state.precision
    }

    pub fn swapped(&self) -> bool {
        self.state.swapped()
    }

    /// Whether the raw bytes of a record (from [`Chunk::accepted`]) are
    /// exactly what [`super::PcapWriter`] would write for it, in the file's
    /// precision and without truncation.
    #[inline]
    pub fn rewrites_verbatim(&self, raw: &[u8]) -> bool {
        self.state.rewrites_verbatim(raw)
    }

    /// Filter the file on `workers` threads in chunks of `chunk` bytes:
    /// `accept` decides each record (on the workers), and `consume` gets
    /// every chunk's results in input order (on this thread) and returns
    /// `Ok(false)` to stop early. After damage, the chunk holding the
    /// records before it is consumed, then the error is returned.
    ///
    /// With `gather`, each chunk also carries the accepted records' raw
    /// bytes (see [`Chunk::accepted`]); without, only their number.
    pub fn run<A, C, E>(
        &self,
        workers: usize,
        chunk: usize,
        gather: bool,
        accept: &A,
        mut consume: C,
    ) -> Result<(), E>
    where
        A: Fn(&Record) -> bool + Sync,
        C: FnMut(&Chunk) -> Result<bool, E>,
        E: From<CaptureError>,
    {
        let workers = workers.max(1);
        let chunk = chunk.max(1);
        let open_error = |source| CaptureError::Open {
            file: self.name.clone(),
            source,
        };
        thread::scope(|scope| {
            let mut results = Vec::with_capacity(workers);
            let mut free = Vec::with_capacity(workers);
            for w in 0..workers {
                let (result_tx, result_rx) = sync_channel::<Work>(BUFFERS_PER_WORKER);
                let (free_tx, free_rx) = sync_channel::<Work>(BUFFERS_PER_WORKER);
                for _ in 0..BUFFERS_PER_WORKER {
                    free_tx
                        .send(Work::default())
                        .expect("the receiver is alive and the channel has room");
                }
                // Each worker reads through a file description of its own,
                // with its own read-ahead state.
                let job = Job {
                    file: reopen(&self.file).map_err(open_error)?,
                    state: &self.state,
                    first_chunk: w,
                    stride: workers,
                    chunk,
                    gather,
                };
                thread::Builder::new()
                    .name(format!("bpfdump-filter-{w}"))
                    .spawn_scoped(scope, move || job.work(accept, free_rx, result_tx))
                    .map_err(open_error)?;
                results.push(result_rx);
                free.push(free_tx);
            }
            let own = reopen(&self.file).map_err(open_error)?;
            let mut checker = Checker {
                window: Window::new(&own),
                gather,
                accept,
            };
            // Dropping the channels on return ends every worker.
            self.consume_in_order(results, free, chunk, &mut checker, &mut consume)
        })
    }

    /// Hand the chunks to `consume` in order, each checked first: a chunk
    /// walked from the wrong start offset (or none) is walked again here.
    fn consume_in_order<A, C, E>(
        &self,
        results: Vec<Receiver<Work>>,
        free: Vec<SyncSender<Work>>,
        chunk: usize,
        checker: &mut Checker<A>,
        consume: &mut C,
    ) -> Result<(), E>
    where
        A: Fn(&Record) -> bool,
        C: FnMut(&Chunk) -> Result<bool, E>,
        E: From<CaptureError>,
    {
        let header_end = pcap::FILE_HEADER_LEN as u64;
        let mut expected = header_end;
        for k in 0u64.. {
            let w = (k % results.len() as u64) as usize;
            let mut work = results[w].recv().unwrap_or_else(|_| {
                // The worker ended without this chunk: it found the file
                // ending before it, and the file has grown since (or it
                // panicked, and the scope re-raises the panic). Walk the
                // chunk here.
                let nominal_start = header_end.saturating_add(k.saturating_mul(chunk as u64));
                Work {
                    nominal_start,
                    nominal_end: nominal_start.saturating_add(chunk as u64),
                    ..Work::default()
                }
            });
            if work.start != Some(expected) {
                self.missed_guesses.fetch_add(1, Ordering::Relaxed);
                checker.walk(&self.state, &mut work, expected);
            }
            let go_on = consume(&Chunk {
                gathered: &work.gathered,
                accepted: work.accepted,
                state: &self.state,
                end: work.end,
            })?;
            if !go_on {
                return Ok(());
            }
            if let Some(last) = work.last.take() {
                // A clean end short of the size at open: the file was cut
                // while being read.
                return match last.or_else(|| shrunk(work.end, Some(self.size))) {
                    None => Ok(()),
                    Some(failure) => Err(failure.describe(&self.name).into()),
                };
            }
            expected = work.end;
            // Fails only when the worker has ended; then the buffer goes.
            let _ = free[w].send(work);
        }
        unreachable!("chunks run out only after 2^64")
    }
}

/// The consumer's own walker, for the chunks whose worker guessed wrong.
struct Checker<'f, 'a, A> {
    window: Window<'f>,
    gather: bool,
    accept: &'a A,
}

impl<A> Checker<'_, '_, A>
where
    A: Fn(&Record) -> bool,
{
    /// Walk `work`'s chunk again from its real start offset.
    fn walk(&mut self, state: &PcapState, work: &mut Work, start: u64) {
        work.gathered.clear();
        work.accepted = 0;
        let gathered = self.gather.then_some(&mut work.gathered);
        let outcome = self.window.walk(
            state,
            start,
            work.nominal_end,
            self.accept,
            gathered,
            &mut work.accepted,
        );
        work.finish(outcome);
        self.window.shrink();
    }
}

/// A new file description for the file `file` has open (its own offset and
/// read-ahead state), or failing that a duplicate of the descriptor.
fn reopen(file: &File) -> io::Result<File> {
    use std::os::fd::AsRawFd;
    File::open(format!("/proc/self/fd/{}", file.as_raw_fd())).or_else(|_| file.try_clone())
}

/// One worker's share of the file.
struct Job<'f> {
    file: File,
    state: &'f PcapState,
    first_chunk: usize,
    stride: usize,
    chunk: usize,
    gather: bool,
}

impl Job<'_> {
    /// Handle chunks `first_chunk`, `first_chunk + stride`, ... until one
    /// starts at or past the end of the file, or the consumer goes away.
    ///
    /// Where a chunk's first record starts is known for sure only from the
    /// chunk before: the worker guesses it (the first chunk's is known),
    /// walks and filters from the guess, and leaves the check to the
    /// consumer, which knows the real offset by then. So the workers never
    /// wait for each other.
    fn work<A>(&self, accept: &A, free: Receiver<Work>, results: SyncSender<Work>)
    where
        A: Fn(&Record) -> bool,
    {
        let header_end = pcap::FILE_HEADER_LEN as u64;
        let mut window = Window::new(&self.file);
        // Buffers back from the consumer, most recently returned last (and
        // reused first, so that few of them ever grow).
        let mut pool: Vec<Work> = Vec::with_capacity(BUFFERS_PER_WORKER);
        let mut in_flight = 0;
        for k in (self.first_chunk..).step_by(self.stride) {
            while let Ok(back) = free.try_recv() {
                in_flight -= back.gathered_sent;
                pool.push(back);
            }
            while pool.is_empty() || in_flight > GATHER_BUDGET {
                let Ok(back) = free.recv() else { return };
                in_flight -= back.gathered_sent;
                pool.push(back);
            }
            let mut work = pool.pop().expect("the pool has a buffer");
            work.clear();
            if work.gathered.capacity() > 2 * self.chunk + window::WINDOW {
                // Grown for one huge record: give the memory back.
                work.gathered = Vec::new();
            }
            work.nominal_start =
                header_end.saturating_add((k as u64).saturating_mul(self.chunk as u64));
            work.nominal_end = work.nominal_start.saturating_add(self.chunk as u64);
            let past_end = window.past_end(work.nominal_start, work.nominal_end);
            let guess = if k == 0 {
                Some(header_end)
            } else {
                window.guess_start(self.state, work.nominal_start, self.chunk)
            };
            if let Some(guess) = guess {
                let gathered = self.gather.then_some(&mut work.gathered);
                let outcome = window.walk(
                    self.state,
                    guess,
                    work.nominal_end,
                    accept,
                    gathered,
                    &mut work.accepted,
                );
                work.start = Some(guess);
                work.finish(outcome);
            }
            work.gathered_sent = work.gathered.len();
            in_flight += work.gathered_sent;
            if results.send(work).is_err() || past_end {
                return;
            }
            window.shrink();
        }
    }
}
