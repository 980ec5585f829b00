//! Damaged and cut-short frames against what the tcpdump snapshot prints
//! for the same bytes (`-n -t`, with `-v` where given): where decoders of
//! several folders stop, and what they say of bad lengths.

use crate::packet::{PacketRef, Timestamp};
use crate::print::{PrintOptions, Printer};
use crate::LinkType;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Print one frame of `wire` bytes on the wire (of which `frame` was
/// captured) with `-n -t` and `verbose` times `-v`.
fn check(link: u32, frame: &str, wire: u32, verbose: u8, expected: &str) {
    let opts = PrintOptions {
        numeric: 1,
        timestamp: 1,
        verbose,
        ..PrintOptions::default()
    };
    let mut printer = Printer::new(opts, LinkType(link));
    let mut out = Vec::new();
    let data = unhex(frame);
    let packet = PacketRef {
        timestamp: Timestamp { secs: 0, nanos: 0 },
        wire_len: wire,
        data: &data,
    };
    printer.print(&packet, &mut out);
    assert_eq!(String::from_utf8_lossy(&out), expected);
}

#[test]
fn ospf_md5_digest_is_left_out_of_the_packet() {
    // Authentication type MD5: the 16-byte digest after the packet is
    // taken off the length and off the bytes decoded.
    check(
        1,
        "01005e000005002389afd261080045c0004000e400000159aeba28010101e00000050201002c3201010200000000a09900020000000000000000",
        78,
        1,
        "IP (tos 0xc0, ttl 1, id 228, offset 0, flags [none], proto OSPF (89), length 64)\n    40.1.1.1 > 224.0.0.5: OSPFv2, Hello, length 28 [len 44]\n\tRouter-ID 50.1.1.2 [|ospf2]\n",
    );
}

#[test]
fn erspan_header_words_shown_as_far_as_captured() {
    check(
        1,
        "00e0009b6d8100259e81b354080045fc006c00ab4000fb2fbc0a01010102c0a8ff05100088be000000ab1156c29a",
        122,
        1,
        "IP (tos 0xfc, ttl 251, id 171, offset 0, flags [DF], proto GRE (47), length 108)\n    1.1.1.2 > 192.168.255.5: GREv0, Flags [sequence# present], seq 171, length 88\n\terspan type2 session 666 cos 6 [|erspan]\n",
    );
    check(
        1,
        "001018b38f10881dfcc9dc0308004500007000000000ff2f3669c0a801acc0a801f9100022eb0000bade20011865",
        126,
        1,
        "IP (tos 0x0, ttl 255, id 0, offset 0, flags [none], proto GRE (47), length 112)\n    192.168.1.172 > 192.168.1.249: GREv0, Flags [sequence# present], seq 47838, length 92\n\terspan type3 session 101 bso Bad cos 0 [|erspan]\n",
    );
}

#[test]
fn sctp_chunks_on_the_header_line_with_one_v() {
    check(
        1,
        "00a080005e460001af0c069608004500008496da00004084c28e0a1c062a0a1c062c0b590b5900000e50b0b01883000300646ca8b1cc0006002a00000003010001010000005400020049c583af405bd5000100a0010a02020705819084190f0a070317933393798008018003057c038890a61d038890a6310200643f06039300060010f4056476c328813902f49000000000",
        146,
        1,
        "IP (tos 0x0, ttl 64, id 38618, offset 0, flags [none], proto SCTP (132), length 132)\n    10.28.6.42.2905 > 10.28.6.44.2905: sctp (1) [DATA] (B)(E) [TSN: 1822994892] [SID: 6] [SSEQ 42] [PPID M3UA] \n",
    );
}

#[test]
fn dtp_tlv_longer_than_the_message_is_invalid() {
    check(
        1,
        "01000ccccccc001906eab8850025aaaa0300000c200401000100084c616200000200600400030005400004000a001906eab885000000000000000000",
        60,
        1,
        "DTPv1, length 29\n\tDomain (0x0001) TLV, length 8, Lab\n\tStatus (0x0002) TLV, length 96[TLV length 96] (invalid)\n",
    );
    check(
        1,
        "01000ccccccc001906eab8850025aaaa0300000c200401000100084c616200000200050400030005",
        60,
        1,
        "DTPv1, length 29\n\tDomain (0x0001) TLV, length 8, Lab\n\tStatus (0x0002) TLV, length 5, 0x4\n\tDTP type (0x0003) TLV, length 5 [|dtp]\n",
    );
}

#[test]
fn slarp_needs_the_message_before_its_code() {
    check(
        104,
        "8f00803500000002000d0a31",
        22,
        1,
        "SLARP (length: 18),  [|chdlc_slarp]\n",
    );
}

#[test]
fn arista_fields_show_as_far_as_captured() {
    let frame = "000000000001001122334455d28b000100";
    check(1, &frame[..30], 110, 0, "[|arista]\n");
    check(
        1,
        &frame[..32],
        110,
        0,
        "ethertype Arista Vendor Specific Protocol (0xd28b), length 110: SubType Timestamp (0x0001),  [|arista]\n",
    );
    check(
        1,
        frame,
        110,
        0,
        "ethertype Arista Vendor Specific Protocol (0xd28b), length 110: SubType Timestamp (0x0001), Timescale TAI (0),  [|arista]\n",
    );
}

#[test]
fn mpls_unknown_payload_dump_has_no_separator() {
    // Label 1024, bottom of stack, then a payload that is neither IPv4
    // nor IPv6 (first nibble 0xa): the dump follows the label directly.
    check(
        1,
        "000000000001001122334455884700400140a600",
        20,
        0,
        "MPLS (label 1024, tc 0, [S], ttl 64)\n\t0x0000:  a600                                     ..\n",
    );
}
