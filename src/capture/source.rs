//! Where capture bytes come from: a memory map for regular files, a large
//! reusable buffer for standard input and pipes. Both present the same
//! "window onto the bytes at the current position" so the format parsers
//! are written once.

use memmap2::Mmap;
use std::io::{self, Read};

/// Initial size of the buffer for streamed input; it only grows when one
/// record is larger.
const STREAM_BUFFER: usize = 1 << 20;

pub(crate) enum Source {
    Mapped {
        map: Mmap,
        pos: usize,
    },
    Stream {
        reader: Box<dyn Read + Send>,
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
        Source::Mapped { map, pos: 0 }
    }

    pub fn stream(reader: Box<dyn Read + Send>) -> Source {
        Source::Stream {
            reader,
            buf: vec![0; STREAM_BUFFER],
            start: 0,
            end: 0,
            offset: 0,
            eof: false,
        }
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
            Source::Mapped { map, pos } => Ok(map.len() - *pos),
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
            reader,
            buf,
            start,
            end,
            eof,
            ..
        } = self
        else {
            unreachable!("refill is only called on streams")
        };
        if *start + need > buf.len() {
            // Move the unconsumed tail to the front, growing the buffer if
            // a single record is larger than it.
            buf.copy_within(*start..*end, 0);
            *end -= *start;
            *start = 0;
            if need > buf.len() {
                buf.resize(need, 0);
            }
        }
        while *end - *start < need {
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
            Source::Mapped { map, pos } => &map[*pos..],
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
            Source::Mapped { map, pos } => {
                let bytes = &map[*pos..*pos + n];
                *pos += n;
                bytes
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

    /// The whole mapped file, if this source is a memory map (for the
    /// multi-threaded path, which splits the file itself).
    pub fn mapped_bytes(&self) -> Option<&[u8]> {
        match self {
            Source::Mapped { map, .. } => Some(map),
            Source::Stream { .. } => None,
        }
    }
}
