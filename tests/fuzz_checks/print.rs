//! Target `print`: arbitrary bytes as a packet of every link type the
//! printer decodes (and one it does not), in every mode: `-v` to `-vvv`,
//! `-e`, `-q`, `-x`/`-xx`, `-X`/`-XX`, `-A`, `-S`, `-#`, `-t` variants,
//! with and without `-n`. Never a panic (the printer's reads are checked
//! slice accesses: a read outside the packet panics), never a loop (the
//! fuzzer's time limit), and output in proportion to the packet.

use super::input::Input;
use bpfdump::packet::{PacketRef, Timestamp, TimestampPrecision};
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::LinkType;

/// The link types with a decoder, then one without.
pub const LINKTYPES: &[u32] = &[0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 105];

/// The most output one packet may produce: every mode together prints
/// the packet twice over in hex and ASCII (about 5 bytes per byte), and
/// the decoders a line per field; some fields are two bytes printed as a
/// long line (an IS-IS multi-topology entry is two bytes and an 80-byte
/// line, as tcpdump prints it). 64 bytes per packet byte plus a fixed
/// allowance covers that and still catches output that grows faster than
/// the packet (a decoder looping over the same bytes).
pub fn output_bound(len: usize) -> usize {
    4096 + 64 * len
}

pub fn options(input: &mut Input) -> PrintOptions {
    let a = input.u8();
    let b = input.u8();
    let c = input.u8();
    let types = bpfdump::print::PacketType::NAMES;
    PrintOptions {
        // -T TYPE on some inputs, and the printer's other switches.
        packet_type: (c & 0x80 != 0).then(|| types[usize::from(c & 0x7f) % types.len()].1),
        ascii_link: c & 1 != 0,
        lengths: c & 2 != 0,
        ip_oneline: c & 4 != 0,
        bgp_asdot: c & 8 != 0,
        no_checksum: c & 16 != 0,
        // Names need lookups (reverse DNS is never done, only local
        // tables, but keep the fuzzer's runs deterministic): -n mostly.
        numeric: if a & 0x80 != 0 { 0 } else { 1 + (a & 1) },
        link_header: a & 2 != 0,
        quiet: a & 4 != 0,
        timestamp: (a >> 3) & 7,
        precision: if b & 0x80 != 0 {
            TimestampPrecision::Nano
        } else {
            TimestampPrecision::Micro
        },
        verbose: b & 3,
        hex: (b >> 2) & 3,
        hex_ascii: (b >> 4) & 3,
        ascii: b & 0x40 != 0,
        packet_numbers: a & 0x40 != 0,
        absolute_seq: b & 0x01 != 0 && a & 0x01 != 0,
        ..Default::default()
    }
}

/// Everything on at once: the most decoding and the most output.
fn loudest() -> PrintOptions {
    PrintOptions {
        numeric: 1,
        link_header: true,
        verbose: 3,
        hex_ascii: 2,
        packet_numbers: true,
        timestamp: 4,
        ..Default::default()
    }
}

pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let linktype = LinkType(LINKTYPES[input.below(LINKTYPES.len())]);
    let chosen = options(&mut input);
    let extra_wire = match input.u8() {
        0..=127 => 0,
        n @ 128..=250 => n as u32,
        n => (n as u32) << 24,
    };
    let secs = input.u32() as i32 as i64;
    let nanos = input.u32() % 1_000_000_000;
    let packet = input.rest();
    for options in [chosen, loudest()] {
        let mut printer = Printer::new(options, linktype);
        let mut out = Vec::new();
        // The packet, then a truncated copy (a shorter capture of the same
        // packet), then the packet again (the TCP sequence table has seen
        // it), each on the same printer.
        let cut = packet.len() / 2;
        for (i, data) in [packet, &packet[..cut], packet].into_iter().enumerate() {
            let wire_len = (data.len() as u32).saturating_add(extra_wire);
            let wire_len = if i == 1 {
                packet.len() as u32
            } else {
                wire_len
            };
            let before = out.len();
            printer.print(
                &PacketRef {
                    timestamp: Timestamp { secs, nanos },
                    wire_len,
                    data,
                },
                &mut out,
            );
            let printed = &out[before..];
            assert!(printed.ends_with(b"\n"), "output does not end in a newline");
            assert!(
                printed.len() <= output_bound(data.len()),
                "{} bytes of output for a packet of {} bytes",
                printed.len(),
                data.len()
            );
        }
    }
}
