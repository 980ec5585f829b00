//! Where capture bytes come from: a large reusable buffer filled by `read`
//! (files, standard input, pipes), or a memory map. Both present the same
//! "window onto the bytes at the current position" so the format parsers
//! are written once.

use super::prefetch::Prefetch;
use memmap2::Mmap;
use std::io::{self, Read};

/// Where a streamed source's bytes come from.
pub(crate) enum Feed {
    /// `read` into our buffer on this thread.
    Direct(Box<dyn Read + Send>),
    /// Chunks read ahead by a helper thread.
    Prefetched(Prefetch),
}

/// Initial size of the buffer for streamed input; it only grows when one
/// record is larger.
const STREAM_BUFFER: usize = 1 << 20;

pub(crate) enum Source {
    Mapped {
        map: Mmap,
        pos: usize,
        /// Pages before this offset have been released (see `release`).
        released: usize,
    },
    Stream {
        feed: Feed,
        buf: Vec<u8>,
        /// Unconsumed bytes are `buf[start..end]`.
        start: usize,
        end: usize,
        /// File offset of `buf[start]`.
        offset: u64,
        eof: bool,
    },
}

impl Source {
    pub fn mapped(map: Mmap) -> Source {
        Source::Mapped {
            map,
            pos: 0,
            released: 0,
        }
    }

    pub fn stream(reader: Box<dyn Read + Send>) -> Source {
        Source::Stream {
            feed: Feed::Direct(reader),
            buf: vec![0; STREAM_BUFFER],
            start: 0,
            end: 0,
            offset: 0,
            eof: false,
        }
    }

    /// A stream read ahead in chunks of `chunk` bytes by a helper thread.
    pub fn prefetched(reader: Box<dyn Read + Send>, chunk: usize) -> io::Result<Source> {
        Ok(Source::Stream {
            feed: Feed::Prefetched(Prefetch::start(reader, chunk)?),
            buf: Vec::new(),
            start: 0,
            end: 0,
            offset: 0,
            eof: false,
        })
    }

    /// Byte offset of the current position in the file.
    #[inline]
    pub fn offset(&self) -> u64 {
        match self {
            Source::Mapped { pos, .. } => *pos as u64,
            Source::Stream { offset, .. } => *offset,
        }
    }

    /// Make at least `need` bytes available at the current position if the
    /// input has them; returns how many are available (fewer than `need`
    /// only at end of input).
    #[inline]
    pub fn ensure(&mut self, need: usize) -> io::Result<usize> {
        match self {
            Source::Mapped { map, pos, .. } => Ok(map.len() - *pos),
            Source::Stream {
                start, end, eof, ..
            } => {
                let have = *end - *start;
                if have >= need || *eof {
                    Ok(have)
                } else {
                    self.refill(need)
                }
            }
        }
    }

    #[cold]
    fn refill(&mut self, need: usize) -> io::Result<usize> {
        let Source::Stream {
            feed,
            buf,
            start,
            end,
            eof,
            ..
        } = self
        else {
            unreachable!("refill is only called on streams")
        };
        let reader = match feed {
            Feed::Direct(reader) => reader,
            Feed::Prefetched(prefetch) => {
                prefetch.refill(buf, start, end, eof, need)?;
                return Ok(*end - *start);
            }
        };
        if *start + need > buf.len() {
            // Move the unconsumed tail to the front.
            buf.copy_within(*start..*end, 0);
            *end -= *start;
            *start = 0;
        }
        while *end - *start < need {
            if *end == buf.len() {
                // A record larger than the buffer: grow it as its bytes
                // arrive, not to what its header claims (up to 128 MiB,
                // in a file that may hold a few bytes).
                let grown = (buf.len() * 2).max(1).min(*start + need);
                buf.resize(grown, 0);
            }
            match reader.read(&mut buf[*end..]) {
                Ok(0) => {
                    *eof = true;
                    break;
                }
                Ok(n) => *end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(*end - *start)
    }

    /// The bytes available at the current position (after [`Self::ensure`]).
    #[inline]
    pub fn peek(&self) -> &[u8] {
        match self {
            Source::Mapped { map, pos, .. } => &map[*pos..],
            Source::Stream {
                buf, start, end, ..
            } => &buf[*start..*end],
        }
    }

    /// Consume `n` bytes (already made available) and return them; they stay
    /// valid until the next call that takes `&mut self`.
    #[inline]
    pub fn take(&mut self, n: usize) -> &[u8] {
        match self {
            Source::Mapped { map, pos, released } => {
                let start = *pos;
                *pos += n;
                if *pos - *released >= RELEASE_EVERY {
                    release(map, released, start);
                }
                &map[start..start + n]
            }
            Source::Stream {
                buf, start, offset, ..
            } => {
                let bytes = &buf[*start..*start + n];
                *start += n;
                *offset += n as u64;
                bytes
            }
        }
    }
}

/// How far the read position runs ahead of the last release of mapped
/// pages, in bytes.
const RELEASE_EVERY: usize = 32 << 20;

/// Drop the mapping of the pages wholly before `upto`, so that the resident
/// set stays bounded whatever the file size (the pages stay in the page
/// cache; only this process's mapping of them goes).
#[cold]
fn release(map: &Mmap, released: &mut usize, upto: usize) {
    const PAGE: usize = 4096;
    let end = upto / PAGE * PAGE;
    if end <= *released {
        return;
    }
    // SAFETY: MADV_DONTNEED on a private, read-only file mapping only drops
    // page-table entries: a later access faults the same file contents back
    // in, so no data is lost and no reference is invalidated. In any case
    // no record before `upto` is still borrowed: `take` has `&mut self`,
    // which ends every earlier record's borrow.
    let result = unsafe {
        map.unchecked_advise_range(
            memmap2::UncheckedAdvice::DontNeed,
            *released,
            end - *released,
        )
    };
    // Failure only means the memory is not given back early.
    let _ = result;
    *released = end;
}
