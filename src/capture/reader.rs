//! Opening a capture file of either format and iterating over its packets.

use super::decompress;
use super::error::{CaptureError, Damage};
use super::output::Compression;
use super::pcap::{self, PcapState};
use super::pcapng::{self, PcapngState};
use super::pcapng_writer::InterfaceInfo;
use super::prefetch::CHUNK;
use super::source::Source;
use crate::packet::{PacketRef, Timestamp, TimestampPrecision};
use crate::LinkType;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// One packet read from a capture file, borrowed from the reader's buffer
/// or memory map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    pub packet: PacketRef<'a>,
    /// The link type of the interface the packet was captured on.
    pub linktype: LinkType,
    /// The pcapng interface number (0 for pcap).
    pub interface: u32,
    /// The pcapng packet block's options (none for pcap).
    pub options: PacketOptions<'a>,
}

/// The options of a pcapng packet block, as stored (comments and the
/// like: nothing a filter looks at).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PacketOptions<'a> {
    raw: &'a [u8],
    swapped: bool,
}

impl<'a> PacketOptions<'a> {
    /// No options.
    pub const NONE: PacketOptions<'static> = PacketOptions {
        raw: &[],
        swapped: false,
    };

    /// Options as stored in a block of a section whose byte order is
    /// `swapped` from this machine's.
    pub fn new(raw: &'a [u8], swapped: bool) -> PacketOptions<'a> {
        PacketOptions { raw, swapped }
    }

    /// Whether there are none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.raw.len() < 4
    }

    /// The options, code and value, up to the end marker (a malformed
    /// option ends the list).
    pub fn iter(&self) -> impl Iterator<Item = (u16, &'a [u8])> + 'a {
        let (raw, swapped) = (self.raw, self.swapped);
        let u16_at = move |at: usize| {
            let v = u16::from_le_bytes([raw[at], raw[at + 1]]);
            if swapped {
                v.swap_bytes()
            } else {
                v
            }
        };
        let mut at = 0;
        std::iter::from_fn(move || {
            if at + 4 > raw.len() {
                return None;
            }
            let (code, len) = (u16_at(at), u16_at(at + 2) as usize);
            let value = raw.get(at + 4..at + 4 + len).filter(|_| code != 0)?;
            at += 4 + len.next_multiple_of(4);
            Some((code, value))
        })
    }

    /// The options as stored, and whether their section's byte order is
    /// the other one.
    pub fn raw(&self) -> (&'a [u8], bool) {
        (self.raw, self.swapped)
    }

    /// The comments (`opt_comment`), as text.
    pub fn comments(&self) -> impl Iterator<Item = std::borrow::Cow<'a, str>> + 'a {
        self.iter()
            .filter(|(code, _)| *code == 1)
            .map(|(_, value)| String::from_utf8_lossy(value))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Pcap,
    Pcapng,
}

/// Why reading the next record failed and where, before the reader
/// attaches the file name.
pub(crate) struct Failure {
    offset: u64,
    kind: FailureKind,
}

/// A [`Record`] copied out of the reader, to keep while reading on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedRecord {
    pub timestamp: Timestamp,
    pub wire_len: u32,
    pub data: Vec<u8>,
    pub linktype: LinkType,
    pub interface: u32,
    options: Vec<u8>,
    swapped: bool,
}

impl Default for OwnedRecord {
    fn default() -> OwnedRecord {
        OwnedRecord {
            timestamp: Timestamp::default(),
            wire_len: 0,
            data: Vec::new(),
            linktype: LinkType::ETHERNET,
            interface: 0,
            options: Vec::new(),
            swapped: false,
        }
    }
}

impl OwnedRecord {
    /// A copy of `record`.
    pub fn copy_of(record: &Record) -> OwnedRecord {
        let mut owned = OwnedRecord::default();
        owned.set(record);
        owned
    }

    /// Make this a copy of `record`, reusing its buffers.
    pub fn set(&mut self, record: &Record) {
        self.timestamp = record.packet.timestamp;
        self.wire_len = record.packet.wire_len;
        self.data.clear();
        self.data.extend_from_slice(record.packet.data);
        self.linktype = record.linktype;
        self.interface = record.interface;
        let (options, swapped) = record.options.raw();
        self.options.clear();
        self.options.extend_from_slice(options);
        self.swapped = swapped;
    }

    /// The record, borrowed.
    pub fn as_record(&self) -> Record<'_> {
        Record {
            packet: PacketRef {
                timestamp: self.timestamp,
                wire_len: self.wire_len,
                data: &self.data,
            },
            linktype: self.linktype,
            interface: self.interface,
            options: PacketOptions::new(&self.options, self.swapped),
        }
    }
}

enum FailureKind {
    Io(io::Error),
    Damage(Damage),
}

impl Failure {
    pub fn io(offset: u64, error: io::Error) -> Failure {
        Failure {
            offset,
            kind: FailureKind::Io(error),
        }
    }

    pub fn damage(offset: u64, damage: Damage) -> Failure {
        Failure {
            offset,
            kind: FailureKind::Damage(damage),
        }
    }

    pub(crate) fn describe(self, name: &str) -> CaptureError {
        let file = name.to_string();
        let offset = self.offset;
        match self.kind {
            FailureKind::Io(source) => CaptureError::Io {
                file,
                offset,
                source,
            },
            FailureKind::Damage(damage) => CaptureError::Damaged {
                file,
                offset,
                damage,
            },
        }
    }
}

enum Format {
    Pcap(PcapState),
    Pcapng(PcapngState),
}

/// A capture file being read, one record at a time.
///
/// `next` hands out records that borrow the reader, so no packet is ever
/// copied or allocated; the borrow ends before the following call.
pub struct CaptureReader {
    name: String,
    source: Source,
    format: Format,
    linktype: LinkType,
    linktype_field: u32,
    snaplen: u32,
    precision: TimestampPrecision,
    /// Set after an error: the reader yields nothing more.
    finished: bool,
    /// The file's size, when it is a regular file.
    size: Option<u64>,
}

impl CaptureReader {
    /// Open a capture file; `-` is standard input.
    ///
    /// Everything is read with large sequential `read`s into one reusable
    /// 1 MiB buffer. On the benchmark machine this took about half the CPU
    /// time of the memory map (`--count tcp` over 3 million packets: ~140 ms
    /// against ~230-280 ms, with or without MADV_POPULATE_READ and software
    /// prefetching): walking the dependent chain of record headers through
    /// the map pays page-table, TLB and cache misses that the kernel's bulk
    /// copy into a cache-resident buffer avoids. It also keeps memory
    /// constant whatever the file size. [`CaptureReader::open_mapped`] is the
    /// memory-mapped alternative.
    ///
    /// A gzip or zstd compressed capture (recognized by its first bytes,
    /// whatever its name) is decompressed as it is read.
    pub fn open(path: &Path) -> Result<CaptureReader, CaptureError> {
        let name = path.display().to_string();
        if name == "-" {
            return CaptureReader::from_reader(name, Box::new(io::stdin()));
        }
        let file = File::open(path).map_err(|source| CaptureError::Open {
            file: name.clone(),
            source,
        })?;
        let file = match decompressing(&name, file)? {
            Ok(stream) => return CaptureReader::from_source(name, Source::stream(stream)),
            Err(plain) => plain,
        };
        let size = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        let mut reader = CaptureReader::from_source(name, Source::stream(Box::new(file)))?;
        reader.size = size;
        Ok(reader)
    }

    /// Open a capture file through a memory map (zero-copy: records borrow
    /// the mapped pages). Pages already read are unmapped as the reader
    /// advances, so the resident set stays bounded. Non-regular and empty
    /// files fall back to [`CaptureReader::open`].
    pub fn open_mapped(path: &Path) -> Result<CaptureReader, CaptureError> {
        let name = path.display().to_string();
        let open_error = |source| CaptureError::Open {
            file: name.clone(),
            source,
        };
        let file = File::open(path).map_err(open_error)?;
        let metadata = file.metadata().map_err(open_error)?;
        if !metadata.is_file()
            || metadata.len() == 0
            || decompress::detect_file(&file) != Compression::None
        {
            return CaptureReader::open(path);
        }
        // SAFETY: the map is read-only and private to this process. If
        // another process truncates the file while we read it, accessing the
        // lost pages raises SIGBUS; that is the accepted price of zero-copy
        // reading, the same as for every mmap-based capture reader.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(open_error)?;
        // Sequential access: ask the kernel for aggressive read-ahead.
        let _ = map.advise(memmap2::Advice::Sequential);
        let mut reader = CaptureReader::from_source(name, Source::mapped(map))?;
        reader.size = Some(metadata.len());
        Ok(reader)
    }

    /// Open a capture file (`-`: standard input) with read-ahead on a
    /// helper thread: the next chunk is read while the current one is
    /// parsed and filtered (see [`CaptureReader::open`] for why reading
    /// beats a memory map here). Memory stays constant: a few chunk buffers
    /// of a few MiB circulate between the threads.
    pub fn open_prefetched(path: &Path) -> Result<CaptureReader, CaptureError> {
        let name = path.display().to_string();
        if name == "-" {
            return CaptureReader::from_reader_prefetched(name, Box::new(io::stdin()), CHUNK);
        }
        let file = File::open(path).map_err(|source| CaptureError::Open {
            file: name.clone(),
            source,
        })?;
        let file = match decompressing(&name, file)? {
            // Decompressed on the helper thread, ahead of the parsing.
            Ok(stream) => return CaptureReader::prefetching(name, stream, CHUNK),
            Err(plain) => plain,
        };
        let size = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        let mut reader = CaptureReader::prefetching(name, Box::new(file), CHUNK)?;
        reader.size = size;
        Ok(reader)
    }

    /// Read a capture from any byte stream with read-ahead on a helper
    /// thread, in chunks of `chunk` bytes; `name` is used in error messages.
    /// A gzip or zstd compressed stream is decompressed (on the helper
    /// thread).
    pub fn from_reader_prefetched(
        name: String,
        reader: Box<dyn Read + Send>,
        chunk: usize,
    ) -> Result<CaptureReader, CaptureError> {
        let reader = CaptureReader::decompressed_stream(&name, reader)?;
        CaptureReader::prefetching(name, reader, chunk)
    }

    fn prefetching(
        name: String,
        reader: Box<dyn Read + Send>,
        chunk: usize,
    ) -> Result<CaptureReader, CaptureError> {
        let source = Source::prefetched(reader, chunk).map_err(|source| CaptureError::Open {
            file: name.clone(),
            source,
        })?;
        CaptureReader::from_source(name, source)
    }

    /// Read a capture from any byte stream (standard input, a pipe, a
    /// buffer in memory); `name` is used in error messages. A gzip or zstd
    /// compressed stream is decompressed.
    pub fn from_reader(
        name: String,
        reader: Box<dyn Read + Send>,
    ) -> Result<CaptureReader, CaptureError> {
        let reader = CaptureReader::decompressed_stream(&name, reader)?;
        CaptureReader::from_source(name, Source::stream(reader))
    }

    /// `reader`, decompressed if its first bytes say it is compressed.
    fn decompressed_stream(
        name: &str,
        reader: Box<dyn Read + Send>,
    ) -> Result<Box<dyn Read + Send>, CaptureError> {
        let (compression, reader) =
            decompress::detect_stream(reader).map_err(|source| CaptureError::Io {
                file: name.to_string(),
                offset: 0,
                source,
            })?;
        decompress::decompressed(reader, compression).map_err(|source| CaptureError::Open {
            file: name.to_string(),
            source,
        })
    }

    fn from_source(name: String, mut source: Source) -> Result<CaptureReader, CaptureError> {
        let at_start = |damage| CaptureError::Damaged {
            file: name.clone(),
            offset: 0,
            damage,
        };
        let io_error = |source| CaptureError::Io {
            file: name.clone(),
            offset: 0,
            source,
        };
        let have = source.ensure(pcap::FILE_HEADER_LEN).map_err(io_error)?;
        if have == 0 {
            return Err(at_start(Damage::Empty));
        }
        if have < 4 {
            return Err(at_start(Damage::TruncatedHeader {
                what: "file header",
                wanted: 4,
                got: have as u64,
            }));
        }
        let magic = u32::from_le_bytes(source.peek()[0..4].try_into().expect("4 bytes"));
        if pcap::is_pcap_magic(magic) {
            if have < pcap::FILE_HEADER_LEN {
                return Err(at_start(Damage::TruncatedHeader {
                    what: "pcap file header",
                    wanted: pcap::FILE_HEADER_LEN as u64,
                    got: have as u64,
                }));
            }
            let state = pcap::parse_header(source.peek()).map_err(at_start)?;
            source.take(pcap::FILE_HEADER_LEN);
            return Ok(CaptureReader {
                name,
                source,
                linktype: state.linktype,
                linktype_field: state.linktype_field,
                snaplen: state.snaplen,
                precision: state.precision,
                format: Format::Pcap(state),
                finished: false,
                size: None,
            });
        }
        if magic != pcapng::SHB_TYPE {
            return Err(at_start(Damage::BadMagic(magic)));
        }
        let mut reader = CaptureReader {
            name,
            source,
            format: Format::Pcapng(PcapngState::default()),
            linktype: LinkType::ETHERNET,
            linktype_field: 1,
            snaplen: crate::DEFAULT_SNAPLEN,
            precision: TimestampPrecision::Micro,
            finished: false,
            size: None,
        };
        reader.read_first_interface()?;
        Ok(reader)
    }

    /// pcapng: read blocks up to the first Interface Description Block, so
    /// that the file's link type is known before the first packet (as
    /// libpcap does at open time).
    fn read_first_interface(&mut self) -> Result<(), CaptureError> {
        let Format::Pcapng(state) = &mut self.format else {
            return Ok(());
        };
        // Stops right after the first interface description block (or at
        // damage, or at the end of the file).
        let outcome = pcapng::next_record(&mut self.source, state, true, None);
        let missing = |offset| CaptureError::Damaged {
            file: self.name.clone(),
            offset,
            damage: Damage::Malformed("pcapng file ends before any interface description block"),
        };
        match outcome {
            Ok(None) if !state.interfaces.is_empty() => {}
            Ok(None) => return Err(missing(self.source.offset())),
            // A packet block before any interface is reported by
            // next_record as damage (unknown interface), so this cannot
            // happen; report it as damage rather than trust that.
            Ok(Some(_)) => {
                return Err(CaptureError::Damaged {
                    file: self.name.clone(),
                    offset: self.source.offset(),
                    damage: Damage::UnknownInterface(0),
                })
            }
            Err(failure) => return Err(failure.describe(&self.name)),
        }
        let first = &state.interfaces[0];
        self.linktype = first.linktype;
        self.linktype_field = first.linktype.0;
        self.snaplen = first.snaplen;
        self.precision = first.precision();
        Ok(())
    }

    /// The next packet, `Ok(None)` at the end of the file. After an error
    /// the reader is finished and returns `Ok(None)`.
    ///
    /// Not `Iterator::next`: each record borrows the reader's buffer, which
    /// the next call reuses.
    #[allow(clippy::should_implement_trait)]
    #[inline]
    pub fn next(&mut self) -> Result<Option<Record<'_>>, CaptureError> {
        if self.finished {
            return Ok(None);
        }
        let CaptureReader {
            name,
            source,
            format,
            finished,
            size,
            ..
        } = self;
        let result = match format {
            Format::Pcap(state) => pcap::next_record(source, state, *size),
            Format::Pcapng(state) => pcapng::next_record(source, state, false, *size),
        };
        match result {
            Ok(record) => Ok(record),
            Err(failure) => {
                *finished = true;
                Err(failure.describe(name))
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn format(&self) -> FileFormat {
        match self.format {
            Format::Pcap(_) => FileFormat::Pcap,
            Format::Pcapng(_) => FileFormat::Pcapng,
        }
    }

    /// Whether the file (pcapng: its current section) was written on a
    /// machine of the other byte order. Filters depend on it for the BSD
    /// loopback link types, whose header is in the writer's byte order.
    pub fn swapped(&self) -> bool {
        match &self.format {
            Format::Pcap(state) => state.swapped(),
            Format::Pcapng(state) => state.swapped(),
        }
    }

    /// What is known of interface `id` (pcap: the only one, 0, from the
    /// file header), for copying it to a pcapng output; `None` for an
    /// interface not yet described.
    pub fn interface_info(&self, id: u32) -> Option<InterfaceInfo> {
        match &self.format {
            Format::Pcap(_) => (id == 0).then(|| {
                InterfaceInfo::new(LinkType(self.linktype_field), self.snaplen, self.precision)
            }),
            Format::Pcapng(state) => state
                .interfaces
                .get(id as usize)
                .map(|i| (*i.details).clone()),
        }
    }

    /// The comments of the pcapng section being read (none for pcap).
    pub fn section_comments(&self) -> &[String] {
        match &self.format {
            Format::Pcap(_) => &[],
            Format::Pcapng(state) => &state.comments,
        }
    }

    /// How many interfaces have been described so far (pcap: one).
    pub fn interface_count(&self) -> u32 {
        match &self.format {
            Format::Pcap(_) => 1,
            Format::Pcapng(state) => state.interfaces.len() as u32,
        }
    }

    /// The link type of the file (pcapng: of its first interface).
    pub fn linktype(&self) -> LinkType {
        self.linktype
    }

    /// The link type field to write in a pcap header for this file, with
    /// any FCS-length bits the input carried.
    pub fn linktype_field(&self) -> u32 {
        self.linktype_field
    }

    /// The snapshot length (pcapng: of the first interface), as libpcap
    /// reports it.
    pub fn snaplen(&self) -> u32 {
        self.snaplen
    }

    /// The timestamp precision of the file (pcapng: of the first interface).
    pub fn precision(&self) -> TimestampPrecision {
        self.precision
    }

    /// Byte offset of the next record.
    pub fn offset(&self) -> u64 {
        self.source.offset()
    }

    /// The file's size in bytes, if known (regular files).
    pub fn size(&self) -> Option<u64> {
        self.size
    }
}

/// A compressed `file` (by its first bytes) as the stream of its
/// decompressed bytes; `Err(file)` when it is not compressed.
#[allow(clippy::type_complexity)]
fn decompressing(
    name: &str,
    file: File,
) -> Result<Result<Box<dyn Read + Send>, File>, CaptureError> {
    let compression = decompress::detect_file(&file);
    if compression == Compression::None {
        return Ok(Err(file));
    }
    decompress::decompressed(Box::new(file), compression)
        .map(Ok)
        .map_err(|source| CaptureError::Open {
            file: name.to_string(),
            source,
        })
}

/// A regular file whose records end cleanly at `end`, short of the `size`
/// it had when opened, was cut while being read: damage at `end`, reported
/// by every reader alike (see [`Damage::Shrunk`]).
pub(crate) fn shrunk(end: u64, size: Option<u64>) -> Option<Failure> {
    let size = size?;
    (end < size).then(|| Failure::damage(end, Damage::Shrunk { size }))
}
