//! Compressed captures: gzip and zstd, recognized by their first bytes
//! (not by the file's name) and decompressed as they are read, so that
//! the format readers see the capture's own bytes.

use super::output::Compression;
use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// The compression the first bytes of a stream announce.
pub fn detect(head: &[u8]) -> Compression {
    if head.starts_with(&ZSTD_MAGIC) {
        Compression::Zstd
    } else if head.starts_with(&GZIP_MAGIC) {
        Compression::Gzip
    } else {
        Compression::None
    }
}

/// The compression of a file, from its first bytes (read where they are,
/// without moving the file's position).
pub(crate) fn detect_file(file: &File) -> Compression {
    let mut head = [0u8; 4];
    let mut have = 0;
    while have < head.len() {
        match file.read_at(&mut head[have..], have as u64) {
            Ok(0) => break,
            Ok(n) => have += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    detect(&head[..have])
}

/// A stream's compression, from its first bytes, and the stream with those
/// bytes put back in front.
pub(crate) fn detect_stream(
    mut reader: Box<dyn Read + Send>,
) -> io::Result<(Compression, Box<dyn Read + Send>)> {
    let mut head = [0u8; 4];
    let mut have = 0;
    while have < head.len() {
        match reader.read(&mut head[have..]) {
            Ok(0) => break,
            Ok(n) => have += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let compression = detect(&head[..have]);
    let head = io::Cursor::new(head[..have].to_vec());
    Ok((compression, Box::new(head.chain(reader))))
}

/// `reader` decompressed (as is, for [`Compression::None`]). Damaged or
/// cut-short compressed data is a read error saying so, after every byte
/// before the damage.
pub(crate) fn decompressed(
    reader: Box<dyn Read + Send>,
    compression: Compression,
) -> io::Result<Box<dyn Read + Send>> {
    Ok(match compression {
        Compression::None => reader,
        // Several gzip members in a row are one stream (as gzip -d reads
        // `cat a.gz b.gz`).
        Compression::Gzip => Box::new(Decompressing {
            inner: flate2::read::MultiGzDecoder::new(reader),
            what: "gzip",
        }),
        Compression::Zstd => Box::new(Decompressing {
            inner: zstd::stream::read::Decoder::new(reader)?,
            what: "zstd",
        }),
    })
}

/// Names the compression in the decoder's errors.
struct Decompressing<R> {
    inner: R,
    what: &'static str,
}

impl<R: Read> Read for Decompressing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                return e;
            }
            // Without the decoder's own words: they depend on how much the
            // caller asked for at once (zstd says "Data corruption
            // detected" to one reader and "Destination buffer is too
            // small" to another for the same bytes), and the same damage
            // must read the same whichever reader meets it.
            io::Error::new(
                e.kind(),
                format!("{}-compressed data damaged or cut short", self.what),
            )
        })
    }
}
