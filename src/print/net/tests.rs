//! Decoders of this folder on small (often damaged) packets, against what
//! the tcpdump snapshot prints for the same bytes (Ethernet frames,
//! `-n -t`).

use crate::packet::{PacketRef, Timestamp};
use crate::print::{PrintOptions, Printer};
use crate::LinkType;

/// `hex` or `hex:wirelen`; spaces in the hex are ignored.
fn frame(s: &str) -> (Vec<u8>, Option<u32>) {
    let (hex, wire) = match s.split_once(':') {
        Some((h, w)) => (h, Some(w.parse().unwrap())),
        None => (s, None),
    };
    let hex: String = hex.chars().filter(|c| !c.is_whitespace()).collect();
    let data = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    (data, wire)
}

/// Print the frames of a link type with `-n -t` and the given `-v` flags.
fn check_link(link: u32, frames: &[&str], flags: &str, expected: &str) {
    let opts = PrintOptions {
        numeric: 1,
        timestamp: 1,
        verbose: flags.matches('v').count() as u8,
        ..PrintOptions::default()
    };
    let mut printer = Printer::new(opts, LinkType(link));
    let mut out = Vec::new();
    for f in frames {
        let (data, wire) = frame(f);
        let packet = PacketRef {
            timestamp: Timestamp { secs: 0, nanos: 0 },
            wire_len: wire.unwrap_or(data.len() as u32),
            data: &data,
        };
        printer.print(&packet, &mut out);
    }
    assert_eq!(String::from_utf8_lossy(&out), expected);
}

fn check(frames: &[&str], flags: &str, expected: &str) {
    check_link(1, frames, flags, expected)
}

/// Ethernet and IPv4 (10.0.0.1 > 224.0.0.10, protocol EIGRP, total length
/// 20 + `len`) before an EIGRP packet.
fn eigrp_frame(len: usize, eigrp: &str) -> String {
    let ip = [
        0x45c0,
        20 + len as u32,
        0,
        0,
        0x0258,
        0,
        0x0a00,
        0x0001,
        0xe000,
        0x000a,
    ];
    let sum = ip.iter().sum::<u32>();
    let sum = !((sum & 0xffff) + (sum >> 16)) & 0xffff;
    format!(
        "01005e00000ac20173fe0000080045c0{:04x}000000000258{sum:04x}0a000001e000000a{eigrp}:{}",
        20 + len,
        34 + len
    )
}

#[test]
fn eigrp_damaged() {
    let h = "0205ee68 00000000 00000000 00000000 00000064";
    // Cut inside the header: the opcode is enough without -v, but the
    // whole packet must have been captured.
    check(
        &[&eigrp_frame(40, "0205ee"), &eigrp_frame(40, "03")],
        "",
        "IP 10.0.0.1 > 224.0.0.10: EIGRP Hello, length: 40 [|eigrp]\n\
         IP 10.0.0.1 > 224.0.0.10: EIGRP version 3 packet not supported [|eigrp]\n",
    );
    let full = |body: &str| eigrp_frame(body.replace(' ', "").len() / 2, body);
    check(
        &[
            &full("0305ee6800000000"),
            &full(&format!("{h} 0004 0006 0100 0004 0008 01020304")),
            &full(&format!(
                "{h} 0102001b 00000000 00000001 00000001 000500 00 01 01 0000 28 10203040"
            )),
        ],
        "-v",
        "IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 28)\n    \
         10.0.0.1 > 224.0.0.10: EIGRP Hello, length: 8 (too short, < 20)\n\
         IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 54)\n    \
         10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Hello (5), chksum: 0xee68, Flags: [none]\n\t\
         seq: 0x00000000, ack: 0x00000000, VRID: 0, AS: 100, length: 14\n\t  \
         Software Version TLV (0x0004), length: 6 (too short, < 8)\n\t  \
         Software Version TLV (0x0004), length: 8\n\t    IOS version: 1.2, EIGRP version 3.4\n\
         IP (tos 0xc0, ttl 2, id 0, offset 0, flags [none], proto EIGRP (88), length 69)\n    \
         10.0.0.1 > 224.0.0.10: \n\tEIGRP v2, opcode: Hello (5), chksum: 0xee68, Flags: [none]\n\t\
         seq: 0x00000000, ack: 0x00000000, VRID: 0, AS: 100, length: 29\n\t  \
         IP Internal routes TLV (0x0102), length: 27\n\t    illegal prefix length 40\n\t  \
         (only 2 bytes of data) (invalid)\n",
    );
}
