//! A worker's view of the file: a small window read with `pread`, slid
//! forward as the records are walked, so that the bytes the kernel copies
//! in are still in the core's cache when they are walked and filtered
//! (copying each chunk whole into a large buffer first cost about half as
//! much CPU time again: the copy's destination and then every record missed
//! the cache).

use super::{GUESS_MAX_WIRE_LEN, GUESS_RECORDS, GUESS_SCAN};
use crate::capture::pcap::{record_len, PcapState, RecordBytes};
use crate::capture::reader::{Failure, Record};
use crate::packet::TimestampPrecision;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

/// The usual window size: well within a core's L2 cache. A record longer
/// than this grows the window for a while. Measured (`--count tcp`, 3
/// million packets, 2 workers): 128 and 256 KiB cost the same CPU time,
/// 512 KiB 5% more, 1 MiB 20% more.
pub(super) const WINDOW: usize = 256 << 10;

pub(super) enum Walked {
    /// The next chunk starts at this offset.
    More(u64),
    /// The file ends in this chunk, just past this offset: cleanly or at
    /// damage.
    End(u64, Option<Failure>),
}

pub(super) struct Window<'f> {
    file: &'f File,
    /// File bytes `[base, base + len)` are `bytes[..len]`; the rest of
    /// `bytes` is room, allocated (and zeroed) once.
    bytes: Vec<u8>,
    len: usize,
    base: u64,
    /// A read failed at this offset (reported once, by the walk that
    /// needed the bytes).
    error: Option<io::Error>,
}

impl<'f> Window<'f> {
    pub fn new(file: &'f File) -> Self {
        Window {
            file,
            bytes: Vec::new(),
            len: 0,
            base: 0,
            error: None,
        }
    }

    /// Give back the memory of a window grown for one huge record.
    pub fn shrink(&mut self) {
        if self.bytes.len() > 2 * WINDOW {
            self.bytes = Vec::new();
            self.len = 0;
        }
    }

    /// Make the file bytes `[from, from + need)` available if the file has
    /// them; returns how many of them are (fewer only at the end of the
    /// file), or the read error that stopped short of them. Reads no
    /// further than `need` bytes or `read_to` (the chunk's end), whichever
    /// is further, so as not to copy much of the next worker's chunk.
    #[inline(always)]
    fn ensure(&mut self, from: u64, need: usize, read_to: u64) -> Result<usize, Failure> {
        // The usual case, once per record: the bytes are in the window.
        if let Some(at) = from.checked_sub(self.base) {
            if at as usize + need <= self.len && at <= self.len as u64 {
                return Ok(need);
            }
        }
        self.ensure_slow(from, need, read_to)
    }

    #[inline(never)]
    fn ensure_slow(&mut self, from: u64, need: usize, read_to: u64) -> Result<usize, Failure> {
        if from < self.base || from > self.base + self.len as u64 {
            // A jump: a new chunk, or back to a chunk's real start.
            self.base = from;
            self.len = 0;
        }
        let mut at = (from - self.base) as usize;
        if at + need <= self.len {
            return Ok(need);
        }
        if self.bytes.is_empty() {
            self.bytes = vec![0; WINDOW];
        }
        if at + need > self.bytes.len() {
            // Slide: keep the unconsumed tail, at the front.
            self.bytes.copy_within(at..self.len, 0);
            self.len -= at;
            self.base = from;
            at = 0;
        }
        let wanted = at + need;
        let hint = read_to
            .saturating_sub(self.base)
            .min(self.bytes.len() as u64) as usize;
        self.fill(wanted.max(hint));
        let have = self.len - at;
        if have < need {
            if let Some(error) = self.error.take() {
                return Err(Failure::io(from, error));
            }
        }
        Ok(have.min(need))
    }

    /// Read into the window up to `len` bytes, or the end of the file.
    fn fill(&mut self, len: usize) {
        while self.len < len {
            if self.len == self.bytes.len() {
                // A record longer than the window: grow it as the record's
                // bytes arrive, not to what its header claims (up to
                // 128 MiB, in a file that may hold a few bytes).
                let grown = (self.bytes.len() * 2).max(WINDOW).min(len);
                self.bytes.resize(grown, 0);
            }
            let at = self.base + self.len as u64;
            let end = len.min(self.bytes.len());
            match self.file.read_at(&mut self.bytes[self.len..end], at) {
                Ok(0) => break,
                Ok(n) => self.len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    break;
                }
            }
        }
    }

    /// The bytes at file offset `at` (after [`Self::ensure`]).
    #[inline]
    fn at(&self, at: u64) -> &[u8] {
        &self.bytes[(at - self.base) as usize..self.len]
    }

    /// Whether the file ends at or before `at` (reading the window there,
    /// up to `read_to`, if it does not).
    pub fn past_end(&mut self, at: u64, read_to: u64) -> bool {
        matches!(self.ensure(at, 1, read_to), Ok(0))
    }

    /// A likely start offset of the first record of the chunk of `chunk`
    /// bytes at `base`, found without the previous chunk: the first offset
    /// where [`GUESS_RECORDS`] consecutive record headers look sound (or as
    /// many as the bytes read hold, at least one whole record). Only a
    /// guess: packet data can look like record headers, so the caller
    /// checks it against the real start offset.
    pub fn guess_start(&mut self, state: &PcapState, base: u64, chunk: usize) -> Option<u64> {
        // A record starting further in belongs to the chunk too, but is
        // rare enough (a long record just before) not to search for.
        let scan = chunk.min(GUESS_SCAN);
        let read_to = base.saturating_add(chunk as u64);
        let have = self.ensure(base, scan, read_to).ok()?;
        let bytes = self.at(base);
        // A sound header's length on the wire is below 2^24, so its most
        // significant byte is zero: a test of one byte rules out most
        // offsets inside packet data (a long packet before the chunk's
        // first record means scanning tens of KiB).
        const _: () = assert!(GUESS_MAX_WIRE_LEN < 1 << 24);
        let top_byte = if state.swapped() { 12 } else { 15 };
        let tops = bytes.get(top_byte..).unwrap_or_default();
        tops.iter()
            .take(have.min(scan))
            .enumerate()
            .find(|&(at, &top)| top == 0 && plausible_chain(state, bytes, at))
            .map(|(at, _)| base + at as u64)
    }

    /// Walk the records starting in `[start, nominal_end)` and decide each
    /// with `accept` as soon as its bytes are read: count the accepted ones
    /// and append their raw bytes to `gathered`. Records are checked by
    /// [`record_len`], as the one-thread reader's are.
    pub fn walk<A>(
        &mut self,
        state: &PcapState,
        start: u64,
        nominal_end: u64,
        accept: &A,
        mut gathered: Option<&mut Vec<u8>>,
        accepted: &mut usize,
    ) -> Walked
    where
        A: Fn(&Record) -> bool,
    {
        let mut at = start;
        while at < nominal_end {
            let mut input = InWindow {
                window: self,
                at,
                read_to: nominal_end,
            };
            let total = match record_len(state, at, &mut input) {
                Ok(Some(total)) => total,
                Ok(None) => return Walked::End(at, None),
                Err(failure) => return Walked::End(at, Some(failure)),
            };
            let raw = &self.at(at)[..total];
            if accept(&state.record(raw)) {
                *accepted += 1;
                if let Some(gathered) = gathered.as_mut() {
                    gathered.extend_from_slice(raw);
                }
            }
            at += total as u64;
        }
        Walked::More(at)
    }
}

/// The window positioned at a record starting at `at`, reading ahead no
/// further than `read_to` (see [`Window::ensure`]).
struct InWindow<'w, 'f> {
    window: &'w mut Window<'f>,
    at: u64,
    read_to: u64,
}

impl RecordBytes for InWindow<'_, '_> {
    #[inline(always)]
    fn ensure(&mut self, need: usize) -> Result<usize, Failure> {
        self.window.ensure(self.at, need, self.read_to)
    }
    #[inline(always)]
    fn bytes(&self) -> &[u8] {
        self.window.at(self.at)
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
