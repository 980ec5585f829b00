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
//! `k - 1`'s records have been walked: each worker hands the start offset
//! of the next chunk on to the worker of chunk `k + 1` (a ring of
//! channels), and the consumer sees the chunks strictly in order, on the
//! calling thread.
//!
//! Waiting for that offset before walking would leave the walk for after
//! the whole chunk is read, when its first bytes have left the core's cache
//! (the walk is a chain of dependent loads, one per record: measured, it
//! cost a fifth of the CPU time that way). So a worker that does not have
//! its start offset yet guesses it: the first place in the chunk where
//! several consecutive record headers look sound. It reads the chunk a step
//! (256 KiB) at a time and walks and filters each step while it is in
//! cache. Then it takes the real start offset: if the guess was right, the
//! walk is exactly the one the real offset gives, and the next offset goes
//! on at once (the only serial step is that hand-over); if not (packet data
//! that looks like records), the worker walks again from the real offset,
//! hands the next offset on, and filters. The guess only ever costs time.
//!
//! Damage found while walking chunk `k` ends the walk there: the records
//! before it are filtered and consumed, then the run ends with the same
//! error, at the same byte offset, as [`super::CaptureReader`] reports.
//!
//! Memory is bounded: every worker owns [`BUFFERS_PER_WORKER`] chunk
//! buffers, which circulate between it and the consumer.

use super::error::{CaptureError, Damage};
use super::pcap::{self, PcapState};
use super::reader::{Failure, Record};
use crate::packet::TimestampPrecision;
use crate::LinkType;
use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender, TryRecvError};
use std::thread;

/// Default bytes per chunk.
pub const DEFAULT_CHUNK: usize = 4 << 20;
/// Bytes read past a chunk's nominal end when the whole chunk is read at
/// once, so that the record straddling the end usually needs no second read.
const SLACK: usize = 64 << 10;
/// Bytes per `pread` when a chunk is read as it is walked: small enough to
/// stay in a core's cache until the walk reaches them.
const STEP: usize = 256 << 10;
/// How far into a chunk its first record is looked for.
const GUESS_SCAN: usize = STEP;
/// Consecutive plausible record headers that make a guessed start offset.
const GUESS_RECORDS: usize = 8;
/// The longest packet a guessed record header may announce (the largest
/// IPv4 / IPv6 packet with its link header, with room to spare).
const GUESS_MAX_WIRE_LEN: u32 = 1 << 18;
/// Chunk buffers per worker: one being filled and filtered, one waiting for
/// or being used by the consumer.
const BUFFERS_PER_WORKER: usize = 2;

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
    bytes: &'a [u8],
    accepted: &'a [u32],
    state: &'a PcapState,
    end: u64,
}

impl<'a> Chunk<'a> {
    /// How many of the chunk's records the filter accepted.
    pub fn accepted_count(&self) -> usize {
        self.accepted.len()
    }

    /// The accepted records, in file order: each as a [`Record`] and as the
    /// range of its raw bytes (record header and captured data) for
    /// [`Chunk::raw`]. Consecutive records have adjacent ranges.
    pub fn accepted(&self) -> impl Iterator<Item = (Record<'a>, Range<usize>)> + '_ {
        let header_len = self.state.record_header_len();
        let bytes = self.bytes;
        let state = self.state;
        self.accepted.iter().map(move |&at| {
            let at = at as usize;
            // Checked by the walk: the whole record is in the buffer and its
            // length is not absurd.
            let caplen = state.caplen(&bytes[at..]).unwrap_or(0) as usize;
            let range = at..at + header_len + caplen;
            (state.record(&bytes[range.clone()]), range)
        })
    }

    /// Raw file bytes of this chunk (ranges from [`Chunk::accepted`]).
    pub fn raw(&self, range: Range<usize>) -> &'a [u8] {
        &self.bytes[range]
    }

    /// Byte offset in the file just past this chunk's last record.
    pub fn end_offset(&self) -> u64 {
        self.end
    }
}

/// A chunk buffer with its walk and filter results, passed between a
/// worker and the consumer.
struct Work {
    /// File bytes `[base, base + len)` are `bytes[..len]`; the rest of
    /// `bytes` is room, allocated (and zeroed) once and reused.
    bytes: Vec<u8>,
    len: usize,
    base: u64,
    /// Offsets in `bytes` of every record starting in the chunk.
    records: Vec<u32>,
    /// Offsets in `bytes` of the accepted records.
    accepted: Vec<u32>,
    /// Offset in the file just past the last record walked.
    end: u64,
    /// The walk ended the file: cleanly (`None`) or at damage.
    last: Option<Option<Failure>>,
}

/// What a worker passes on to the worker of the next chunk.
enum Baton {
    /// The next chunk's first record starts at this file offset.
    Start(u64),
    /// The file ended in an earlier chunk.
    Stop,
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
    pub fn run<A, C, E>(
        &self,
        workers: usize,
        chunk: usize,
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
        thread::scope(|scope| {
            let mut batons: Vec<(Sender<Baton>, Option<Receiver<Baton>>)> = (0..workers)
                .map(|_| {
                    let (tx, rx) = channel();
                    (tx, Some(rx))
                })
                .collect();
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
                let baton_in = batons[w].1.take().expect("taken once");
                let baton_out = batons[(w + 1) % workers].0.clone();
                let job = Job {
                    file: &self.file,
                    missed: &self.missed_guesses,
                    state: &self.state,
                    first_chunk: w,
                    stride: workers,
                    chunk,
                };
                thread::Builder::new()
                    .name(format!("bpfdump-filter-{w}"))
                    .spawn_scoped(scope, move || {
                        job.work(accept, free_rx, baton_in, baton_out, result_tx)
                    })
                    .map_err(|source| CaptureError::Open {
                        file: self.name.clone(),
                        source,
                    })?;
                results.push(result_rx);
                free.push(free_tx);
            }
            // The first chunk starts after the file header; then only the
            // workers hold baton senders, so that a worker waiting for a
            // start offset is released when its predecessor ends.
            let first = batons.swap_remove(0).0;
            let _ = first.send(Baton::Start(pcap::FILE_HEADER_LEN as u64));
            drop(first);
            drop(batons);
            // Dropping the channels on return ends every worker.
            self.consume_in_order(results, free, &mut consume)
        })
    }

    fn consume_in_order<C, E>(
        &self,
        results: Vec<Receiver<Work>>,
        free: Vec<SyncSender<Work>>,
        consume: &mut C,
    ) -> Result<(), E>
    where
        C: FnMut(&Chunk) -> Result<bool, E>,
        E: From<CaptureError>,
    {
        for w in (0..results.len()).cycle() {
            let Ok(mut work) = results[w].recv() else {
                // A worker ended without sending the chunk: it panicked (the
                // scope re-raises the panic) or failed to start.
                return Err(CaptureError::Io {
                    file: self.name.clone(),
                    offset: 0,
                    source: io::Error::other("a filter thread ended early"),
                }
                .into());
            };
            let go_on = consume(&Chunk {
                bytes: &work.bytes[..work.len],
                accepted: &work.accepted,
                state: &self.state,
                end: work.end,
            })?;
            if !go_on {
                return Ok(());
            }
            if let Some(last) = work.last.take() {
                return match last {
                    None => Ok(()),
                    Some(failure) => Err(failure.describe(&self.name).into()),
                };
            }
            // Fails only when the worker has ended; then the buffer goes.
            let _ = free[w].send(work);
        }
        unreachable!("cycle never ends")
    }
}

impl Default for Work {
    fn default() -> Self {
        Work {
            bytes: Vec::new(),
            len: 0,
            base: 0,
            records: Vec::new(),
            accepted: Vec::new(),
            end: 0,
            last: None,
        }
    }
}

/// One worker's share of the file.
struct Job<'f> {
    file: &'f File,
    /// Counts the chunks whose start offset could not be guessed, or not
    /// rightly.
    missed: &'f AtomicUsize,
    state: &'f PcapState,
    first_chunk: usize,
    stride: usize,
    chunk: usize,
}

impl Job<'_> {
    /// Handle chunks `first_chunk`, `first_chunk + stride`, ... until the
    /// file ends or the consumer goes away.
    fn work<A>(
        &self,
        accept: &A,
        free: Receiver<Work>,
        baton_in: Receiver<Baton>,
        baton_out: Sender<Baton>,
        results: SyncSender<Work>,
    ) where
        A: Fn(&Record) -> bool,
    {
        let header_end = pcap::FILE_HEADER_LEN as u64;
        for k in (self.first_chunk..).step_by(self.stride) {
            let Ok(mut work) = free.recv() else { return };
            let base = header_end.saturating_add((k as u64).saturating_mul(self.chunk as u64));
            let nominal_end = base.saturating_add(self.chunk as u64);
            // Tiny chunks (tests) read little past their end.
            let slack = SLACK.min(self.chunk.max(256));
            // Reading a step at a time can run a step past the chunk's end.
            let usual = self.chunk + slack + STEP;
            let first_step = STEP.min(self.chunk + slack);
            let mut reader = ChunkReader::new(self.file, &mut work, base, first_step, usual);
            // The start offset is known already for the first chunk, or
            // when the previous chunk is done.
            let known = match baton_in.try_recv() {
                Ok(baton) => Some(baton),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(Baton::Stop),
            };
            // Otherwise guess it, and walk and filter the chunk from the
            // guess while its bytes are still in this core's cache; the
            // guess is checked against the real start offset below.
            let guess = match known {
                Some(Baton::Start(start)) => Some(start),
                Some(Baton::Stop) => {
                    let _ = baton_out.send(Baton::Stop);
                    return;
                }
                None => reader.guess_start(self.state, self.chunk),
            };
            let walked = match guess {
                Some(guess) => Some((
                    guess,
                    reader.walk(self.state, guess, nominal_end, Some(accept)),
                )),
                None => {
                    // Read the whole chunk before waiting: the reading is
                    // the part that must run in parallel.
                    reader.read_to(self.chunk + slack);
                    None
                }
            };
            let start = match known.map_or_else(|| baton_in.recv(), Ok) {
                Ok(Baton::Start(start)) => start,
                Ok(Baton::Stop) | Err(_) => {
                    let _ = baton_out.send(Baton::Stop);
                    return;
                }
            };
            let (outcome, filtered) = match walked {
                Some((guess, outcome)) if guess == start => (outcome, true),
                _ => {
                    self.missed.fetch_add(1, Ordering::Relaxed);
                    // No guess, or a wrong one: walk from the real start;
                    // filter only once the next worker has its start.
                    reader.forget_records();
                    (
                        reader.walk(self.state, start, nominal_end, None::<&A>),
                        false,
                    )
                }
            };
            let baton = match &outcome {
                Walked::More(next) => Baton::Start(*next),
                Walked::End(_, _) => Baton::Stop,
            };
            // The next chunk's worker may be gone already (-c); no matter.
            let _ = baton_out.send(baton);
            let ended = matches!(outcome, Walked::End(..));
            match outcome {
                Walked::More(end) => work.end = end,
                Walked::End(end, failure) => {
                    work.end = end;
                    work.last = Some(failure);
                }
            }
            if !filtered {
                filter(self.state, &mut work, accept);
            }
            if results.send(work).is_err() || ended {
                return;
            }
        }
    }
}

/// Decide every walked record of `work`.
fn filter<A>(state: &PcapState, work: &mut Work, accept: &A)
where
    A: Fn(&Record) -> bool,
{
    let header_len = state.record_header_len();
    work.accepted.clear();
    let Work {
        bytes,
        records,
        accepted,
        ..
    } = work;
    for &at in records.iter() {
        let start = at as usize;
        let caplen = state.caplen(&bytes[start..]).unwrap_or(0) as usize;
        let record = state.record(&bytes[start..start + header_len + caplen]);
        if accept(&record) {
            accepted.push(at);
        }
    }
}

enum Walked {
    /// The next chunk starts at this offset.
    More(u64),
    /// The file ends in this chunk, just past this offset: cleanly or at
    /// damage.
    End(u64, Option<Failure>),
}

/// A chunk's bytes, read with `pread`, extended on demand.
struct ChunkReader<'a> {
    file: &'a File,
    work: &'a mut Work,
    /// A read returned nothing at this offset: the end of the file.
    eof_at: Option<u64>,
    /// A read failed at this offset.
    error: Option<(u64, io::Error)>,
}

impl<'a> ChunkReader<'a> {
    /// Read `want` bytes at `base` (fewer at the end of the file) into
    /// `work`'s buffer, first dropping the buffer if an earlier huge record
    /// grew it beyond twice `usual` bytes.
    fn new(file: &'a File, work: &'a mut Work, base: u64, want: usize, usual: usize) -> Self {
        work.base = base;
        work.len = 0;
        work.records.clear();
        work.accepted.clear();
        work.last = None;
        // Give back the memory of a buffer grown for one huge record.
        if work.bytes.len() > 2 * usual {
            work.bytes = Vec::new();
        }
        let mut reader = ChunkReader {
            file,
            work,
            eof_at: None,
            error: None,
        };
        reader.read_to(want);
        reader
    }

    /// Extend the chunk's bytes to `len` if the file has them.
    fn read_to(&mut self, len: usize) {
        let Work {
            bytes,
            len: have,
            base,
            ..
        } = &mut *self.work;
        if *have >= len || self.eof_at.is_some() || self.error.is_some() {
            return;
        }
        if bytes.len() < len {
            // Only the first chunks, or a record longer than the room.
            bytes.resize(len, 0);
        }
        while *have < len {
            let at = *base + *have as u64;
            match self.file.read_at(&mut bytes[*have..len], at) {
                Ok(0) => {
                    self.eof_at = Some(at);
                    break;
                }
                Ok(n) => *have += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some((at, e));
                    break;
                }
            }
        }
    }

    /// Forget the records walked and decided so far (a wrong guess).
    fn forget_records(&mut self) {
        self.work.records.clear();
        self.work.accepted.clear();
    }

    /// A likely start offset of the chunk's first record, found without
    /// the previous chunk: the first offset in the bytes read so far where
    /// [`GUESS_RECORDS`] consecutive record headers look sound (or as many
    /// as the bytes read hold, at least one whole record). Only a guess:
    /// packet data can look like record headers, so the caller checks it
    /// against the real start offset.
    fn guess_start(&self, state: &PcapState, chunk: usize) -> Option<u64> {
        let bytes = &self.work.bytes[..self.work.len];
        // A record starting further in belongs to the chunk, but is rare
        // enough (a long record just before) not to search for.
        let scan = bytes.len().min(chunk).min(GUESS_SCAN);
        (0..scan)
            .find(|&at| plausible_chain(state, bytes, at))
            .map(|at| self.work.base + at as u64)
    }

    /// Make the file bytes `[from, from + need)` available if the file has
    /// them; returns how many of them are (fewer only at the end of the
    /// file), or the read error that stopped short of them.
    fn ensure(&mut self, from: u64, need: usize) -> Result<usize, Failure> {
        let offset = (from - self.work.base) as usize;
        let mut have = self.work.len.saturating_sub(offset);
        if have < need {
            // Read a step at a time: more records usually follow, and
            // the step fits in the core's cache while it is walked.
            self.read_to(offset + need.max(STEP));
            have = self.work.len.saturating_sub(offset);
            if have < need {
                if let Some((_, error)) = self.error.take() {
                    return Err(Failure::io(from, error));
                }
            }
        }
        Ok(have.min(need))
    }

    /// Walk the records starting in `[start, nominal_end)`, noting their
    /// offsets in the buffer; the same checks, in the same order, as
    /// [`pcap::next_record`].
    ///
    /// With `accept`, also decide each record as soon as it is walked (its
    /// bytes were just read, so they are still in this core's cache).
    fn walk<A>(
        &mut self,
        state: &PcapState,
        start: u64,
        nominal_end: u64,
        accept: Option<&A>,
    ) -> Walked
    where
        A: Fn(&Record) -> bool,
    {
        let header_len = state.record_header_len();
        let mut at = start;
        while at < nominal_end {
            let have = match self.ensure(at, header_len) {
                Ok(have) => have,
                Err(failure) => return Walked::End(at, Some(failure)),
            };
            if have == 0 {
                return Walked::End(at, None);
            }
            if have < header_len {
                let damage = Damage::TruncatedHeader {
                    what: "packet record header",
                    wanted: header_len as u64,
                    got: have as u64,
                };
                return Walked::End(at, Some(Failure::damage(at, damage)));
            }
            let offset = (at - self.work.base) as usize;
            let caplen = match state.caplen(&self.work.bytes[offset..]) {
                Ok(caplen) => caplen,
                Err(damage) => return Walked::End(at, Some(Failure::damage(at, damage))),
            };
            let total = header_len + caplen as usize;
            let have = match self.ensure(at, total) {
                Ok(have) => have,
                Err(failure) => return Walked::End(at, Some(failure)),
            };
            if have < total {
                let damage = Damage::TruncatedRecord {
                    wanted: caplen as u64,
                    got: (have - header_len) as u64,
                };
                let failure = Failure::damage(at + header_len as u64, damage);
                return Walked::End(at, Some(failure));
            }
            match u32::try_from(offset) {
                Ok(at) => {
                    self.work.records.push(at);
                    if let Some(accept) = accept {
                        let record = state.record(&self.work.bytes[offset..offset + total]);
                        if accept(&record) {
                            self.work.accepted.push(at);
                        }
                    }
                }
                Err(_) => {
                    // A chunk buffer over 4 GiB: impossible with the chunk
                    // sizes and record lengths allowed.
                    let damage = Damage::Malformed("record too far into a chunk");
                    return Walked::End(at, Some(Failure::damage(at, damage)));
                }
            }
            at += total as u64;
        }
        Walked::More(at)
    }
}

/// Whether [`GUESS_RECORDS`] record headers chained from `at` look like
/// the real thing: some captured bytes, but no more than the snapshot
/// length or the length on the wire; a length on the wire no longer than
/// any link carries; a valid fraction of a second; each timestamp within an
/// hour of the one before. Fewer headers are enough when the bytes end
/// first, as long as one whole record fits.
fn plausible_chain(state: &PcapState, bytes: &[u8], at: usize) -> bool {
    let header_len = state.record_header_len();
    let fraction_limit = match state.precision {
        TimestampPrecision::Nano => 1_000_000_000,
        TimestampPrecision::Micro => 1_000_000,
    };
    let mut at = at;
    let mut previous_secs = None;
    for checked in 0..GUESS_RECORDS {
        let Some(header) = bytes.get(at..at + header_len) else {
            return checked > 0;
        };
        let (secs, frac, caplen, wire_len) = state.header_fields(header);
        let in_time = previous_secs.is_none_or(|p: u32| (secs as i64 - p as i64).abs() <= 3600);
        if !in_time
            || frac >= fraction_limit
            || caplen == 0
            || caplen > state.snaplen
            || caplen > wire_len
            || wire_len > GUESS_MAX_WIRE_LEN
        {
            return false;
        }
        previous_secs = Some(secs);
        at += header_len + caplen as usize;
        if at > bytes.len() {
            return checked > 0;
        }
    }
    true
}
