//! Capture files: reading and writing pcap and pcapng, compressed or not.
//!
//! Reading makes no allocation per packet: every [`Record`] borrows its
//! bytes from one large reusable buffer filled by sequential `read`s (or
//! from a memory map, with [`CaptureReader::open_mapped`]; or filled ahead
//! by a helper thread, with [`CaptureReader::open_prefetched`]). Large
//! classic pcap files can also be filtered on several cores, results in
//! input order, with [`ParallelPcap`]. Damage is reported as a [`CaptureError`] naming the file, the byte offset and what
//! was wrong, after every good packet before it has been yielded.

mod buffer;
mod decompress;
mod error;
mod guard;
pub mod output;
mod parallel;
mod pcap;
mod pcapng;
mod pcapng_writer;
mod prefetch;
mod reader;
mod source;
mod writer;

pub use buffer::RecordBuffer;
pub use decompress::detect as detect_compression;
pub use error::{CaptureError, Damage};
pub use guard::OutputGuard;
pub use output::{CaptureWriter, Compression, Compressor, OutputFormat, OutputSpec};
pub use parallel::{Chunk, ParallelPcap, DEFAULT_CHUNK as PARALLEL_CHUNK};
pub use pcapng_writer::{InterfaceInfo, InterfaceStats, PcapngWriter, SectionInfo};
pub use reader::{CaptureReader, FileFormat, OwnedRecord, PacketOptions, Record};
pub use writer::PcapWriter;

use crate::LinkType;

/// The largest snapshot length libpcap accepts for a link type: records
/// longer than this are damage, not data (libpcap's `max_snaplen_for_dlt`).
pub fn max_snaplen(linktype: LinkType) -> u32 {
    match linktype.0 {
        // D-Bus messages can be up to 128 MiB.
        231 => 128 * 1024 * 1024,
        // USBPcap: 1 MiB.
        249 => 1024 * 1024,
        // EBHSCR: 8 MiB.
        279 => 8 * 1024 * 1024,
        _ => crate::DEFAULT_SNAPLEN,
    }
}

/// The snapshot length libpcap reports for a file whose header says
/// `snaplen`: zero or a value that does not fit libpcap's `int` means "the
/// maximum for the link type"; anything else is kept, even above that
/// maximum (records longer than the maximum are still damage).
pub fn effective_snaplen(snaplen: u32, linktype: LinkType) -> u32 {
    if snaplen == 0 || snaplen > i32::MAX as u32 {
        max_snaplen(linktype)
    } else {
        snaplen
    }
}
