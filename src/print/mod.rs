//! Printing packets as tcpdump does.

use crate::packet::PacketRef;
use crate::LinkType;

/// tcpdump's printing flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// `-n` count: no name resolution.
    pub numeric: u8,
    /// `-e`
    pub link_header: bool,
    /// `-q`
    pub quiet: bool,
    /// `-t` count (0 = default timestamps).
    pub timestamp: u8,
    pub precision: crate::packet::TimestampPrecision,
    /// `-v` count
    pub verbose: u8,
    /// `-x` count
    pub hex: u8,
    /// `-X` count
    pub hex_ascii: u8,
    /// `-A`
    pub ascii: bool,
    /// `-#`
    pub packet_numbers: bool,
    /// `-S`
    pub absolute_seq: bool,
}

/// Prints packets of one link type, keeping the state tcpdump keeps between
/// packets (previous timestamp, TCP sequence bases, packet number).
pub struct Printer {
    options: PrintOptions,
    linktype: LinkType,
}

impl Printer {
    pub fn new(options: PrintOptions, linktype: LinkType) -> Printer {
        Printer { options, linktype }
    }

    /// Append the lines for one packet to `out`.
    pub fn print(&mut self, packet: &PacketRef, out: &mut Vec<u8>) {
        let _ = (packet, out, &self.options, self.linktype);
        unimplemented!("printer")
    }
}
