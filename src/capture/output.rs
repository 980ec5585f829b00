//! Writing a capture file in either format, optionally compressed: what
//! `-w` needs, whatever `--pcapng` and `--compress` say.

use super::buffer::RecordBuffer;
use super::pcapng_writer::{InterfaceInfo, InterfaceStats, PcapngWriter, SectionInfo};
use super::reader::PacketOptions;
use super::writer::PcapWriter;
use crate::packet::PacketRef;
use crate::LinkType;
use std::io::{self, Write};

/// The file format written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Classic pcap: one link type per file.
    #[default]
    Pcap,
    /// pcapng: any number of interfaces, comments, statistics.
    Pcapng,
}

/// How the written bytes are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    #[default]
    None,
    /// gzip (deflate), level 6.
    Gzip,
    /// Zstandard, level 3.
    Zstd,
}

/// How to write a capture file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: OutputFormat,
    pub compression: Compression,
    /// What a pcapng section header says (pcap: unused).
    pub section: SectionInfo,
}

/// A byte sink, compressed or not.
pub enum Compressor<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Compressor<W> {
    pub fn new(out: W, compression: Compression) -> io::Result<Compressor<W>> {
        Ok(match compression {
            Compression::None => Compressor::Plain(out),
            Compression::Gzip => Compressor::Gzip(flate2::write::GzEncoder::new(
                out,
                flate2::Compression::default(),
            )),
            Compression::Zstd => Compressor::Zstd(zstd::stream::write::Encoder::new(out, 3)?),
        })
    }

    /// Write out the end of the compressed stream (and everything before
    /// it) and flush the sink; nothing may be written after this.
    pub fn finish(&mut self) -> io::Result<()> {
        match self {
            Compressor::Plain(out) => out.flush(),
            Compressor::Gzip(gz) => gz.try_finish().and_then(|_| gz.get_mut().flush()),
            Compressor::Zstd(zstd) => zstd.do_finish().and_then(|_| zstd.get_mut().flush()),
        }
    }

    /// The sink.
    pub fn get_ref(&self) -> &W {
        match self {
            Compressor::Plain(out) => out,
            Compressor::Gzip(gz) => gz.get_ref(),
            Compressor::Zstd(zstd) => zstd.get_ref(),
        }
    }
}

impl<W: Write> Write for Compressor<W> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Compressor::Plain(out) => out.write(buf),
            Compressor::Gzip(gz) => gz.write(buf),
            Compressor::Zstd(zstd) => zstd.write(buf),
        }
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Compressor::Plain(out) => out.write_all(buf),
            Compressor::Gzip(gz) => gz.write_all(buf),
            Compressor::Zstd(zstd) => zstd.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Compressor::Plain(out) => out.flush(),
            Compressor::Gzip(gz) => gz.flush(),
            Compressor::Zstd(zstd) => zstd.flush(),
        }
    }
}

/// The buffered, possibly compressed sink a [`CaptureWriter`] writes to.
pub type Sink<W> = RecordBuffer<Compressor<W>>;

enum Format<W: Write> {
    Pcap(PcapWriter<Sink<W>>),
    Pcapng(PcapngWriter<Sink<W>>),
}

/// A capture file being written: pcap or pcapng, compressed or not,
/// buffered.
pub struct CaptureWriter<W: Write> {
    format: Format<W>,
    /// The link type of interface 0 (a pcap file's only one).
    linktype: LinkType,
    /// Set by [`CaptureWriter::finish`].
    finished: bool,
}

impl<W: Write> CaptureWriter<W> {
    /// Start a file on `out` (buffered by `buffer` bytes), with `first` as
    /// its interface 0: the pcap file header, or pcapng's section header
    /// and first interface description.
    pub fn new(
        out: W,
        spec: &OutputSpec,
        first: &InterfaceInfo,
        buffer: usize,
    ) -> io::Result<CaptureWriter<W>> {
        let sink = RecordBuffer::with_capacity(buffer, Compressor::new(out, spec.compression)?);
        let format = match spec.format {
            OutputFormat::Pcap => Format::Pcap(PcapWriter::new(
                sink,
                first.linktype,
                first.snaplen,
                first.precision,
            )?),
            OutputFormat::Pcapng => {
                let mut writer = PcapngWriter::new(sink, &spec.section)?;
                writer.add_interface(first)?;
                Format::Pcapng(writer)
            }
        };
        Ok(CaptureWriter {
            format,
            linktype: first.linktype,
            finished: false,
        })
    }

    pub fn format(&self) -> OutputFormat {
        match self.format {
            Format::Pcap(_) => OutputFormat::Pcap,
            Format::Pcapng(_) => OutputFormat::Pcapng,
        }
    }

    /// Describe another interface; returns its number. A pcap file has
    /// one link type: another interface of the same link type is
    /// interface 0, one of another link type is an error.
    pub fn add_interface(&mut self, interface: &InterfaceInfo) -> io::Result<u32> {
        match &mut self.format {
            Format::Pcapng(writer) => writer.add_interface(interface),
            Format::Pcap(_) if interface.linktype == self.linktype => Ok(0),
            Format::Pcap(_) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "a pcap file holds one link type ({}), not also {}; pcapng (--pcapng) holds several",
                    self.linktype, interface.linktype
                ),
            )),
        }
    }

    /// Append a packet captured on `interface`.
    #[inline]
    pub fn write(&mut self, interface: u32, packet: &PacketRef) -> io::Result<()> {
        match &mut self.format {
            Format::Pcap(writer) => writer.write_buffered(packet),
            Format::Pcapng(writer) => writer.write(interface, packet),
        }
    }

    /// Append a packet with the comments among `options` (pcapng only;
    /// pcap has nowhere to keep them).
    #[inline]
    pub fn write_with_options(
        &mut self,
        interface: u32,
        packet: &PacketRef,
        options: &PacketOptions,
    ) -> io::Result<()> {
        match &mut self.format {
            Format::Pcapng(writer) if !options.is_empty() => {
                writer.write_with_comments(interface, packet, options.comments())
            }
            _ => self.write(interface, packet),
        }
    }

    /// Write statistics for `interface` (pcapng only).
    pub fn write_statistics(&mut self, interface: u32, stats: &InterfaceStats) -> io::Result<()> {
        match &mut self.format {
            Format::Pcap(_) => Ok(()),
            Format::Pcapng(writer) => writer.write_statistics(interface, stats),
        }
    }

    /// Cut records to `limit` bytes instead of the snapshot length
    /// (`u32::MAX`: never; see [`PcapWriter::set_truncation`]).
    pub fn set_truncation(&mut self, limit: u32) {
        match &mut self.format {
            Format::Pcap(writer) => writer.set_truncation(limit),
            Format::Pcapng(writer) => writer.set_truncation(limit),
        }
    }

    /// Bytes written so far, before compression (raw writes through
    /// [`CaptureWriter::raw`] not counted).
    pub fn bytes_written(&self) -> u64 {
        match &self.format {
            Format::Pcap(writer) => writer.bytes_written(),
            Format::Pcapng(writer) => writer.bytes_written(),
        }
    }

    /// A pcap file's sink, to append records already encoded (as this
    /// writer would have encoded them).
    pub fn raw(&mut self) -> Option<&mut Sink<W>> {
        match &mut self.format {
            Format::Pcap(writer) => Some(writer.get_mut()),
            Format::Pcapng(_) => None,
        }
    }

    fn sink(&mut self) -> &mut Sink<W> {
        match &mut self.format {
            Format::Pcap(writer) => writer.get_mut(),
            Format::Pcapng(writer) => writer.get_mut(),
        }
    }

    /// Flush the buffer (a compressed stream stays open).
    pub fn flush(&mut self) -> io::Result<()> {
        self.sink().flush()
    }

    /// Write out everything buffered and the end of the compressed
    /// stream, and flush: the file is complete. Nothing may be written
    /// after this; a second call does nothing.
    pub fn finish(&mut self) -> io::Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let sink = self.sink();
        sink.flush()?;
        sink.get_mut().finish()
    }

    /// The sink, e.g. to give the file to another user.
    pub fn get_ref(&self) -> &W {
        match &self.format {
            Format::Pcap(writer) => writer.get_ref().get_ref().get_ref(),
            Format::Pcapng(writer) => writer.get_ref().get_ref().get_ref(),
        }
    }

    /// After a write error: drop everything buffered without writing it
    /// (the error has been reported once).
    pub fn abandon(self) {
        let sink = match self.format {
            Format::Pcap(writer) => writer.into_inner(),
            Format::Pcapng(writer) => writer.into_inner(),
        };
        // (A gzip stream, dropped, tries once more to write its end,
        // ignoring the error.)
        drop(sink.into_parts());
    }
}
