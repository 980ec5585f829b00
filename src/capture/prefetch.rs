//! Read-ahead on a second thread: while the packets of one chunk are
//! filtered, a helper thread is already `read`ing the next chunk, so the
//! kernel's copy out of the page cache (the largest cost of a run over a
//! cached file) overlaps with our work instead of adding to it.
//!
//! A small fixed pool of chunk buffers circulates between the two threads,
//! so memory stays constant whatever the file size.

use std::io::{self, Read};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

/// Bytes read per chunk by the helper thread.
pub(crate) const CHUNK: usize = 2 << 20;
/// Room kept in front of every chunk for the unconsumed tail of the
/// previous one, so that a record straddling two chunks becomes contiguous
/// by copying only that tail (larger than any record of the usual snapshot
/// lengths; longer records take the slow path).
const HEADROOM: usize = 512 << 10;
/// Buffers in circulation: one being parsed, one ready, one being read.
const BUFFERS: usize = 3;

/// A filled chunk: the data is `buf[HEADROOM..HEADROOM + len]`.
struct Chunk {
    buf: Vec<u8>,
    len: usize,
}

pub(crate) struct Prefetch {
    /// Filled chunks (or the read error that ended the input), in order.
    full: Receiver<io::Result<Chunk>>,
    /// Buffers handed back to the helper thread for refilling.
    empty: SyncSender<Vec<u8>>,
    chunk: usize,
}

impl Prefetch {
    /// Start the helper thread reading `reader` in chunks of `chunk` bytes.
    pub fn start(mut reader: Box<dyn Read + Send>, chunk: usize) -> io::Result<Prefetch> {
        let chunk = chunk.max(1);
        let (full_tx, full) = sync_channel::<io::Result<Chunk>>(BUFFERS);
        let (empty, empty_rx) = sync_channel::<Vec<u8>>(BUFFERS);
        for _ in 0..BUFFERS - 1 {
            empty
                .send(Vec::new())
                .expect("the receiver is alive and the channel has room");
        }
        thread::Builder::new()
            .name("bpfdump-read".into())
            .spawn(move || {
                // Ends when the input ends or fails, or when the consumer
                // is gone (either channel disconnected).
                while let Ok(mut buf) = empty_rx.recv() {
                    if buf.len() < HEADROOM + chunk {
                        buf.resize(HEADROOM + chunk, 0);
                    }
                    let (len, outcome) = fill(&mut reader, &mut buf[HEADROOM..HEADROOM + chunk]);
                    if len > 0 && full_tx.send(Ok(Chunk { buf, len })).is_err() {
                        return;
                    }
                    match outcome {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(e) => {
                            let _ = full_tx.send(Err(e));
                            return;
                        }
                    }
                }
            })?;
        Ok(Prefetch { full, empty, chunk })
    }

    /// Make at least `need` contiguous bytes available in `buf[*start..*end]`
    /// (fewer only at the end of input, then `*eof` is set), replacing `buf`
    /// by the next chunk with the unconsumed tail moved in front of it.
    #[cold]
    pub fn refill(
        &mut self,
        buf: &mut Vec<u8>,
        start: &mut usize,
        end: &mut usize,
        eof: &mut bool,
        need: usize,
    ) -> io::Result<()> {
        while *end - *start < need && !*eof {
            let next = match self.full.recv() {
                Ok(Ok(next)) => next,
                Ok(Err(e)) => {
                    *eof = true;
                    return Err(e);
                }
                // The helper thread finished: end of input.
                Err(_) => {
                    *eof = true;
                    break;
                }
            };
            let tail = *end - *start;
            let Chunk {
                buf: mut fresh,
                len,
            } = next;
            if tail <= HEADROOM {
                // Usual case: copy the short tail in front of the new data.
                fresh[HEADROOM - tail..HEADROOM].copy_from_slice(&buf[*start..*end]);
                let old = std::mem::replace(buf, fresh);
                *start = HEADROOM - tail;
                *end = HEADROOM + len;
                self.recycle(old);
            } else {
                // A record longer than the headroom: grow the current
                // buffer and append the new data to it.
                buf.copy_within(*start..*end, 0);
                buf.truncate(tail);
                buf.extend_from_slice(&fresh[HEADROOM..HEADROOM + len]);
                *start = 0;
                *end = buf.len();
                self.recycle(fresh);
            }
        }
        Ok(())
    }

    fn recycle(&self, mut buf: Vec<u8>) {
        if buf.len() > HEADROOM + self.chunk {
            // Do not keep a buffer grown for one huge record.
            buf = Vec::new();
        }
        // Fails only when the helper thread has ended; the buffer is dropped.
        let _ = self.empty.send(buf);
    }
}

/// Read into `buf` until it is full or the input ends; returns the bytes
/// read and whether more input may follow (`Ok(false)`: end of input).
fn fill(reader: &mut dyn Read, buf: &mut [u8]) -> (usize, io::Result<bool>) {
    let mut len = 0;
    while len < buf.len() {
        match reader.read(&mut buf[len..]) {
            Ok(0) => return (len, Ok(false)),
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (len, Err(e)),
        }
    }
    (len, Ok(true))
}
