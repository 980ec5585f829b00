//! Decoders of this folder on small packets, against what the tcpdump
//! snapshot prints for the same bytes (Ethernet frames, `-n -t`).

use crate::packet::{PacketRef, Timestamp};
use crate::print::{PrintOptions, Printer};
use crate::LinkType;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Print the frames with `-n -t` and the given `-v` flags.
fn check(frames: &[&str], flags: &str, expected: &str) {
    let opts = PrintOptions {
        numeric: 1,
        timestamp: 1,
        verbose: flags.matches('v').count() as u8,
        ..PrintOptions::default()
    };
    let mut printer = Printer::new(opts, LinkType(1));
    let mut out = Vec::new();
    for f in frames {
        let data = unhex(f);
        let packet = PacketRef {
            timestamp: Timestamp { secs: 0, nanos: 0 },
            wire_len: data.len() as u32,
            data: &data,
        };
        printer.print(&packet, &mut out);
    }
    assert_eq!(String::from_utf8_lossy(&out), expected);
}

#[test]
fn resp() {
    check(&["0011223344550066778899aa08004500003c00010000400666b90a0000010a00000204d218eb000003e8000007d050182000fbce00002a320d0a24330d0a4745540d0a24310d0a6b0d0a"], "", "IP 10.0.0.1.1234 > 10.0.0.2.6379: Flags [P.], seq 1000:1020, ack 2000, win 8192, length 20: RESP \"GET\" \"k\"\n");
}

#[test]
fn snmp() {
    check(&["0011223344550066778899aa08004500004400010000401166a60a0000010a00000204d200a100300000302602010004067075626c6963a01902012a020100020100300e300c06082b060102010101000500"], "-v", "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 68)\n    10.0.0.1.1234 > 10.0.0.2.161:  { SNMPv1 { GetRequest(25) R=42  .1.3.6.1.2.1.1.1.0 } } \n");
}

#[test]
fn rip() {
    check(&["0011223344550066778899aa08004500003400010000401166b60a0000010a000002020802080020000002010000000200000a010000000000000000000000000003"], "-v", "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 52)\n    10.0.0.1.520 > 10.0.0.2.520: \n\tRIPv1, Response, length: 24, routes: 1\n\t  10.1.0.0, metric: 3\n");
}

#[test]
fn nfs_call() {
    check(&["0011223344550066778899aa08004500006400010000401166860a0000010a0000020320080100500000112233440000000000000002000186a30000000300000001000000010000001400000000000000000000000000000000000000000000000000000000000000080100000002000000"], "", "IP 10.0.0.1.800 > 10.0.0.2.2049: NFS request xid 287454020 72 getattr fh Un/0100000002000000\n");
}

#[test]
fn nfs_reply_unmatched() {
    check(&["0011223344550066778899aa080045000090000100004011665a0a0000020a00000108010320007c0000112233440000000100000000000000000000000000000000000000000000000100000002000001ed0000000200000000000000000000000000000200000000000000040000000000000000000000000000000063000000000000004d00000005000000060000000700000008000000090000000a"], "-v", "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 144)\n    10.0.0.2.2049 > 10.0.0.1.800: NFS reply xid 287454020 reply ok 116\n");
}

#[test]
fn syslog() {
    check(&["0011223344550066778899aa08004500002500010000401166c50a0000010a00000204d20202001100003c31333e68656c6c6f"], "", "IP 10.0.0.1.1234 > 10.0.0.2.514: SYSLOG user.notice, length: 9\n");
}

#[test]
fn ntp() {
    check(&["0011223344550066778899aa08004500004c000100004011669e0a0000010a00000204d2007b003800001b0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"], "", "IP 10.0.0.1.1234 > 10.0.0.2.123: NTPv3, Client, length 48\n");
}

#[test]
fn nfs_reply_matched_to_its_call() {
    check(&["0011223344550066778899aa08004500006400010000401166860a0000010a0000020320080100500000112233440000000000000002000186a30000000300000001000000010000001400000000000000000000000000000000000000000000000000000000000000080100000002000000", "0011223344550066778899aa080045000090000100004011665a0a0000020a00000108010320007c0000112233440000000100000000000000000000000000000000000000000000000100000002000001ed0000000200000000000000000000000000000200000000000000040000000000000000000000000000000063000000000000004d00000005000000060000000700000008000000090000000a"], "-vv", "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 100)\n    10.0.0.1.800 > 10.0.0.2.2049: NFS request xid 287454020 72 getattr fh Un/0100000002000000\nIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 144)\n    10.0.0.2.2049 > 10.0.0.1.800: NFS reply xid 287454020 reply ok 116 getattr REG 2 ids 2/0 sz 0\n");
}

#[test]
fn hncp() {
    check(&["0011223344550066778899aa080045000060000000004011668b0a0000010a00000220272027004cfcb00003000801020304050607080021001a0022001100000001000000026000000000000000000000ffff0a00000029001400000000000000000000ffff0a0000010272310a"], "-v", "IP (tos 0x0, ttl 64, id 0, offset 0, flags [none], proto UDP (17), length 96)\n    10.0.0.1.8231 > 10.0.0.2.8231: hncp (68)\n\tNode endpoint (12) NID: 01:02:03:04 EPID: 05060708\n\tExternal-Connection (30) (invalid)\n\tNode-Name (24) IP-Address: 10.0.0.1 Name: \"r1\"\n");
}

#[test]
fn pptp() {
    check(&["0011223344550066778899aa08004500003800000000400666be0a0000010a0000029c4006bb000003e8000007d050182000d8da0000001000011a2b3c4d00050000deadbeef"], "-v", "IP (tos 0x0, ttl 64, id 0, offset 0, flags [none], proto TCP (6), length 56)\n    10.0.0.1.40000 > 10.0.0.2.1723: Flags [P.], cksum 0xd8da (correct), seq 1000:1016, ack 2000, win 8192, length 16: pptp Length=16 CTRL-MSG Magic-Cookie=1a2b3c4d CTRL_MSGTYPE=ECHORQ ID(3735928559)\n");
}

#[test]
fn ptp_over_udp() {
    check(&["0011223344550066778899aa08004500001d00000000401166ce0a0000010a000002013f013f0009d75b12", "0011223344550066778899aa08004500004a00010000401166a00a0000010a000002013f013f0036df3d0802002c000000000000000000000000000000007483efffff01ac1601120000020000005e50098a33ae535f0000"], "", "IP 10.0.0.1.319 > 10.0.0.2.319: PTP [length 1 < 34] (invalid)\nIP 10.0.0.1.319 > 10.0.0.2.319: PTPv2, majorSdoId: 0x0, msg type: follow up msg, length: 44, domain: 0, reserved1: 0, Flags [none], NS correction: 0, sub NS correction: 0, reserved2: 0, clock identity: 0x7483efffff01ac16, port id: 274, seq id: 0, control: 2 (Follow_Up), log message interval: 0, preciseOriginTimeStamp: 1582303626.867062623 seconds\n");
}
