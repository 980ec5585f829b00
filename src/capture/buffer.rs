//! The output buffer capture files are written through: `BufWriter`'s
//! behaviour (writes gathered into one buffer, handed on when it fills; a
//! failed hand-off keeps what was not written), plus a way to append a
//! pcap record, its 16-byte header and its data, with one check for room
//! and one update of the fill level. A live capture writing a file spends
//! a large part of its own time appending records, so this is its hot
//! path; `BufWriter` takes five separately checked appends for the same.

use std::io::{self, Write};

/// `dst.copy_from_slice(src)`, without a call to `memcpy` for the small
/// packets a capture mostly writes: 16-byte moves from the front, the last
/// one ending at the end (overlapping the one before it).
#[inline(always)]
fn copy_packet(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if (16..=64).contains(&n) && dst.len() == n {
        let mut i = 0;
        while i + 16 < n {
            dst[i..i + 16].copy_from_slice(&src[i..i + 16]);
            i += 16;
        }
        dst[n - 16..].copy_from_slice(&src[n - 16..]);
    } else {
        dst.copy_from_slice(src);
    }
}

/// A buffered writer over `W` with a fixed-size buffer.
pub struct RecordBuffer<W: Write> {
    buf: Box<[u8]>,
    /// Bytes of `buf` in use, from its start.
    len: usize,
    /// `None` only after [`RecordBuffer::into_parts`].
    inner: Option<W>,
    /// Bytes handed to `inner` so far: where the next byte lands in a
    /// file written from its start.
    handed: u64,
}

/// A full buffer is handed on up to a multiple of this, the rest kept for
/// the next write: the kernel then fills each page of a file in one write
/// (a page cut between two writes is looked up twice, and its tail zeroed
/// in between).
const PAGE: u64 = 4096;

impl<W: Write> RecordBuffer<W> {
    /// A buffer of `capacity` bytes (at least 64) in front of `inner`.
    pub fn with_capacity(capacity: usize, inner: W) -> RecordBuffer<W> {
        RecordBuffer {
            buf: vec![0u8; capacity.max(64)].into_boxed_slice(),
            len: 0,
            inner: Some(inner),
            handed: 0,
        }
    }

    /// Append a pcap record: the four header fields (in the host's byte
    /// order) and the data.
    #[inline]
    pub fn put_record(&mut self, fields: [u32; 4], data: &[u8]) -> io::Result<()> {
        let need = 16 + data.len();
        if self.buf.len() - self.len < need {
            return self.put_record_cold(fields, data);
        }
        let out = &mut self.buf[self.len..self.len + need];
        out[0..4].copy_from_slice(&fields[0].to_ne_bytes());
        out[4..8].copy_from_slice(&fields[1].to_ne_bytes());
        out[8..12].copy_from_slice(&fields[2].to_ne_bytes());
        out[12..16].copy_from_slice(&fields[3].to_ne_bytes());
        copy_packet(&mut out[16..], data);
        self.len += need;
        Ok(())
    }

    #[cold]
    fn put_record_cold(&mut self, fields: [u32; 4], data: &[u8]) -> io::Result<()> {
        self.flush_pages()?;
        if 16 + data.len() <= self.buf.len() {
            return self.put_record(fields, data);
        }
        for field in fields {
            self.write_all(&field.to_ne_bytes())?;
        }
        self.write_all(data)
    }

    /// Make room in a full buffer: hand on the whole pages it holds, or
    /// everything if they are less than half of it.
    fn flush_pages(&mut self) -> io::Result<()> {
        let tail = ((self.handed + self.len as u64) % PAGE) as usize;
        if tail < self.len && self.len - tail >= self.buf.len() / 2 {
            self.flush_upto(self.len - tail)
        } else {
            self.flush_buf()
        }
    }

    /// Hand the buffered bytes to the writer. What it did not take stays
    /// buffered (at the front) when it fails.
    fn flush_buf(&mut self) -> io::Result<()> {
        self.flush_upto(self.len)
    }

    /// Hand the first `upto` buffered bytes to the writer and move the
    /// rest to the front (with what it did not take, if it failed).
    fn flush_upto(&mut self, upto: usize) -> io::Result<()> {
        let Some(inner) = self.inner.as_mut() else {
            return Ok(());
        };
        let mut written = 0;
        let mut result = Ok(());
        while written < upto {
            match inner.write(&self.buf[written..upto]) {
                Ok(0) => {
                    result = Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "failed to write the buffered data",
                    ));
                    break;
                }
                Ok(n) => written += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.buf.copy_within(written..self.len, 0);
        self.len -= written;
        self.handed += written as u64;
        result
    }

    /// Bytes buffered, not yet handed on.
    pub fn buffer(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub fn get_ref(&self) -> &W {
        self.inner
            .as_ref()
            .expect("only into_parts takes the writer")
    }

    pub fn get_mut(&mut self) -> &mut W {
        self.inner
            .as_mut()
            .expect("only into_parts takes the writer")
    }

    /// The writer and what is still buffered, without writing it.
    pub fn into_parts(mut self) -> (W, Vec<u8>) {
        let rest = self.buffer().to_vec();
        self.len = 0;
        let inner = self.inner.take().expect("only into_parts takes the writer");
        (inner, rest)
    }
}

impl<W: Write> Write for RecordBuffer<W> {
    #[inline]
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() - self.len < data.len() {
            self.flush_pages()?;
            if self.buf.len() - self.len < data.len() {
                self.flush_buf()?;
            }
            if data.len() >= self.buf.len() {
                let n = self.get_mut().write(data)?;
                self.handed += n as u64;
                return Ok(n);
            }
        }
        self.buf[self.len..self.len + data.len()].copy_from_slice(data);
        self.len += data.len();
        Ok(data.len())
    }

    #[inline]
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        if self.buf.len() - self.len >= data.len() {
            self.buf[self.len..self.len + data.len()].copy_from_slice(data);
            self.len += data.len();
            return Ok(());
        }
        let mut rest = data;
        while !rest.is_empty() {
            match self.write(rest) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "failed to write whole buffer",
                    ))
                }
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_buf()?;
        self.get_mut().flush()
    }
}

impl<W: Write> Drop for RecordBuffer<W> {
    /// Like `BufWriter`: what is buffered is written (errors ignored:
    /// call `flush` to see them), unless the writer was taken.
    fn drop(&mut self) {
        if self.inner.is_some() && !std::thread::panicking() {
            let _ = self.flush_buf();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes at most `step` bytes per call and fails after
    /// `limit` bytes in all.
    struct Stingy {
        got: Vec<u8>,
        step: usize,
        limit: usize,
    }

    impl Write for Stingy {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            if self.got.len() >= self.limit {
                return Err(io::Error::other("disk full"));
            }
            let n = data.len().min(self.step).min(self.limit - self.got.len());
            self.got.extend_from_slice(&data[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn record(fields: [u32; 4], data: &[u8]) -> Vec<u8> {
        let mut v: Vec<u8> = fields.iter().flat_map(|f| f.to_ne_bytes()).collect();
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn records_and_plain_writes_come_out_in_order() {
        let mut expected = Vec::new();
        let mut b = RecordBuffer::with_capacity(
            100,
            Stingy {
                got: Vec::new(),
                step: 7,
                limit: usize::MAX,
            },
        );
        for i in 0..50u32 {
            let data: Vec<u8> = (0..(i as usize * 3) % 150).map(|x| x as u8).collect();
            let f = [i, i + 1, data.len() as u32, 1000];
            b.put_record(f, &data).unwrap();
            expected.extend(record(f, &data));
            b.write_all(b"xyz").unwrap();
            expected.extend_from_slice(b"xyz");
        }
        b.flush().unwrap();
        assert_eq!(b.get_ref().got, expected);
    }

    #[test]
    fn a_failed_flush_keeps_what_was_not_written() {
        let mut b = RecordBuffer::with_capacity(
            64,
            Stingy {
                got: Vec::new(),
                step: 10,
                limit: 25,
            },
        );
        b.write_all(&[1u8; 40]).unwrap();
        assert!(b.flush().is_err());
        assert_eq!(b.get_ref().got.len(), 25);
        assert_eq!(b.buffer(), &[1u8; 15][..]);
        let (w, rest) = b.into_parts();
        assert_eq!((w.got.len(), rest.len()), (25, 15));
    }

    /// What a writer was handed, call by call.
    #[derive(Default)]
    struct Calls(Vec<usize>);

    impl Write for Calls {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            self.0.push(data.len());
            Ok(data.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_buffer_is_handed_on_in_whole_pages() {
        let mut b = RecordBuffer::with_capacity(1 << 16, Calls::default());
        b.write_all(&[0u8; 24]).unwrap(); // a pcap file header
        let mut total = 24usize;
        for i in 0..20_000u32 {
            let data = vec![i as u8; 40 + (i as usize * 7) % 100];
            b.put_record([i, 0, data.len() as u32, 1500], &data)
                .unwrap();
            total += 16 + data.len();
        }
        let before_big = b.get_ref().0.len();
        b.write_all(&[7u8; 100_000]).unwrap(); // more than the buffer holds
        total += 100_000;
        b.flush().unwrap();
        let calls = &b.get_ref().0;
        assert_eq!(calls.iter().sum::<usize>(), total);
        assert!(before_big > 20);
        let mut at = 0;
        for (k, n) in calls[..before_big].iter().enumerate() {
            at += n;
            assert_eq!(at % 4096, 0, "write {k} ends at {at}");
        }
    }

    #[test]
    fn packets_of_every_small_length_are_copied_whole() {
        for n in 0..=100usize {
            let src: Vec<u8> = (0..n).map(|i| (i * 7 + 3) as u8).collect();
            let mut dst = vec![0u8; n];
            copy_packet(&mut dst, &src);
            assert_eq!(dst, src, "length {n}");
        }
    }

    #[test]
    fn dropping_writes_out_the_rest() {
        let mut out = Vec::new();
        {
            let mut b = RecordBuffer::with_capacity(64, &mut out);
            b.put_record([1, 2, 3, 4], b"abc").unwrap();
        }
        assert_eq!(out, record([1, 2, 3, 4], b"abc"));
    }
}
