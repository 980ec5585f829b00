//! Generate the small captures in `testdata/`: synthetic but well-formed
//! mixed traffic (ARP, IPv4/IPv6 TCP with various flags and options,
//! UDP/DNS, ICMP/ICMPv6, VLAN-tagged frames, IPv4 fragments).
//!
//! `cargo run --example make_testdata [OUTDIR]` writes
//! - `mixed.pcap`: pcap, microsecond timestamps, Ethernet;
//! - `mixed-ns.pcap`: the same packets, nanosecond timestamps;
//! - `mixed.pcapng`: two interfaces (Ethernet, microseconds; Linux cooked
//!   v1, nanoseconds) interleaved, with name-resolution, statistics and an
//!   unknown custom block a reader must skip.
//!
//! Everything is deterministic, so regenerating gives identical files.

use bpfdump::capture::PcapWriter;
use bpfdump::packet::{PacketRef, Timestamp, TimestampPrecision};
use bpfdump::LinkType;
use etherparse::{
    ArpHardwareId, ArpOperation, ArpPacket, EtherType, IpFragOffset, IpNumber, Ipv4Header,
    PacketBuilder, TcpOptionElement, VlanId,
};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const BASE_SECS: i64 = 1_700_000_000;

/// A tiny deterministic generator (64-bit LCG), so the data looks varied
/// without depending on a random-number crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
}

struct Frame {
    timestamp: Timestamp,
    bytes: Vec<u8>,
}

struct Traffic {
    frames: Vec<Frame>,
    clock_nanos: u64,
    rng: Lcg,
}

const ROUTER_MAC: [u8; 6] = [0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x01];
const BROADCAST_MAC: [u8; 6] = [0xff; 6];

fn host_mac(n: u8) -> [u8; 6] {
    [0x52, 0x54, 0x00, 0x12, 0x34, n]
}

fn v6(last: u16) -> [u8; 16] {
    let mut a = [0u8; 16];
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = 0xb8;
    a[14..16].copy_from_slice(&last.to_be_bytes());
    a
}

impl Traffic {
    fn new() -> Traffic {
        Traffic {
            frames: Vec::new(),
            clock_nanos: 0,
            rng: Lcg(0x5eed),
        }
    }

    /// Append a frame a little after the previous one; the gaps have
    /// sub-microsecond digits so that nanosecond files differ from
    /// microsecond ones.
    fn push(&mut self, bytes: Vec<u8>) {
        self.clock_nanos += 1_000 + (self.rng.next() % 3_000_000) as u64;
        self.frames.push(Frame {
            timestamp: Timestamp {
                secs: BASE_SECS + (self.clock_nanos / 1_000_000_000) as i64,
                nanos: (self.clock_nanos % 1_000_000_000) as u32,
            },
            bytes,
        });
    }

    fn arp_exchange(&mut self, asker: u8, target_ip: [u8; 4]) {
        let asker_ip = [192, 168, 1, asker];
        let request = PacketBuilder::ethernet2(host_mac(asker), BROADCAST_MAC).arp(
            ArpPacket::new(
                ArpHardwareId::ETHERNET,
                EtherType::IPV4,
                ArpOperation::REQUEST,
                &host_mac(asker),
                &asker_ip,
                &[0; 6],
                &target_ip,
            )
            .expect("valid ARP"),
        );
        let mut bytes = Vec::new();
        request.write(&mut bytes).expect("write ARP");
        self.push(bytes);
        let reply = PacketBuilder::ethernet2(ROUTER_MAC, host_mac(asker)).arp(
            ArpPacket::new(
                ArpHardwareId::ETHERNET,
                EtherType::IPV4,
                ArpOperation::REPLY,
                &ROUTER_MAC,
                &target_ip,
                &host_mac(asker),
                &asker_ip,
            )
            .expect("valid ARP"),
        );
        let mut bytes = Vec::new();
        reply.write(&mut bytes).expect("write ARP");
        self.push(bytes);
    }

    /// A complete TCP connection over IPv4 (optionally VLAN-tagged):
    /// handshake with options, request, response, FIN teardown.
    #[allow(clippy::too_many_arguments)]
    fn tcp_session(
        &mut self,
        client: u8,
        server: [u8; 4],
        client_port: u16,
        server_port: u16,
        request: &[u8],
        response: &[u8],
        vlan: Option<u16>,
        reset: bool,
    ) {
        let client_ip = [192, 168, 1, client];
        let client_isn = self.rng.next();
        let server_isn = self.rng.next();
        let syn_options = [
            TcpOptionElement::MaximumSegmentSize(1460),
            TcpOptionElement::SelectiveAcknowledgementPermitted,
            TcpOptionElement::Timestamp(self.rng.next(), 0),
            TcpOptionElement::Noop,
            TcpOptionElement::WindowScale(7),
        ];
        // (from client?, seq, ack, flags, payload)
        let mut segments: Vec<(bool, u32, u32, &str, &[u8])> = vec![
            (true, client_isn, 0, "S", &[]),
            (false, server_isn, client_isn + 1, "SA", &[]),
            (true, client_isn + 1, server_isn + 1, "A", &[]),
            (true, client_isn + 1, server_isn + 1, "PA", request),
            (
                false,
                server_isn + 1,
                client_isn + 1 + request.len() as u32,
                "PA",
                response,
            ),
        ];
        let client_end = client_isn + 1 + request.len() as u32;
        let server_end = server_isn + 1 + response.len() as u32;
        if reset {
            segments.push((true, client_end, server_end, "R", &[]));
        } else {
            segments.push((true, client_end, server_end, "FA", &[]));
            segments.push((false, server_end, client_end + 1, "FA", &[]));
            segments.push((true, client_end + 1, server_end + 1, "A", &[]));
        }
        for (from_client, seq, ack, flags, payload) in segments {
            let (src_mac, dst_mac, src_ip, dst_ip, sport, dport) = if from_client {
                (
                    host_mac(client),
                    ROUTER_MAC,
                    client_ip,
                    server,
                    client_port,
                    server_port,
                )
            } else {
                (
                    ROUTER_MAC,
                    host_mac(client),
                    server,
                    client_ip,
                    server_port,
                    client_port,
                )
            };
            let link = PacketBuilder::ethernet2(src_mac, dst_mac);
            let ip = match vlan {
                Some(id) => link
                    .single_vlan(VlanId::try_new(id).expect("valid VLAN id"))
                    .ipv4(src_ip, dst_ip, 64),
                None => link.ipv4(src_ip, dst_ip, 64),
            };
            let mut tcp = ip.tcp(sport, dport, seq, 64240);
            for flag in flags.chars() {
                tcp = match flag {
                    'S' => tcp.syn(),
                    'A' => tcp.ack(ack),
                    'P' => tcp.psh(),
                    'F' => tcp.fin(),
                    'R' => tcp.rst(),
                    _ => tcp,
                };
            }
            if flags.contains('S') {
                tcp = tcp.options(&syn_options).expect("options fit");
            }
            let mut bytes = Vec::new();
            tcp.write(&mut bytes, payload).expect("write TCP");
            self.push(bytes);
        }
    }

    /// The same shape of connection over IPv6.
    fn tcp6_session(&mut self, client: u16, server: u16, client_port: u16, server_port: u16) {
        let request = b"GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n\r\n";
        let response = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        let isn = self.rng.next();
        let steps: [(bool, &str, &[u8]); 5] = [
            (true, "S", &[]),
            (false, "SA", &[]),
            (true, "PA", request),
            (false, "PA", response),
            (true, "FA", &[]),
        ];
        for (i, (from_client, flags, payload)) in steps.into_iter().enumerate() {
            let (src, dst, sport, dport, src_mac, dst_mac) = if from_client {
                (
                    v6(client),
                    v6(server),
                    client_port,
                    server_port,
                    host_mac(client as u8),
                    ROUTER_MAC,
                )
            } else {
                (
                    v6(server),
                    v6(client),
                    server_port,
                    client_port,
                    ROUTER_MAC,
                    host_mac(client as u8),
                )
            };
            let mut tcp = PacketBuilder::ethernet2(src_mac, dst_mac)
                .ipv6(src, dst, 64)
                .tcp(sport, dport, isn.wrapping_add(i as u32 * 100), 65535);
            for flag in flags.chars() {
                tcp = match flag {
                    'S' => tcp.syn(),
                    'A' => tcp.ack(isn.wrapping_add(7)),
                    'P' => tcp.psh(),
                    'F' => tcp.fin(),
                    _ => tcp,
                };
            }
            let mut bytes = Vec::new();
            tcp.write(&mut bytes, payload).expect("write TCP6");
            self.push(bytes);
        }
    }

    fn dns_lookup(&mut self, client: u8, name: &str, id: u16, vlan: Option<u16>) {
        let client_ip = [192, 168, 1, client];
        let resolver = [192, 168, 1, 53];
        let port = 40000 + (self.rng.next() % 20000) as u16;
        let query = dns_message(id, name, false);
        let answer = dns_message(id, name, true);
        for (from_client, payload) in [(true, query), (false, answer)] {
            let (src_mac, dst_mac, src, dst, sport, dport) = if from_client {
                (host_mac(client), ROUTER_MAC, client_ip, resolver, port, 53)
            } else {
                (ROUTER_MAC, host_mac(client), resolver, client_ip, 53, port)
            };
            let link = PacketBuilder::ethernet2(src_mac, dst_mac);
            let ip = match vlan {
                Some(v) => link
                    .single_vlan(VlanId::try_new(v).expect("valid VLAN id"))
                    .ipv4(src, dst, 64),
                None => link.ipv4(src, dst, 64),
            };
            let mut bytes = Vec::new();
            ip.udp(sport, dport)
                .write(&mut bytes, &payload)
                .expect("write UDP");
            self.push(bytes);
        }
    }

    fn ping(&mut self, client: u8, target: [u8; 4], seq: u16) {
        let client_ip = [192, 168, 1, client];
        let data: Vec<u8> = (0..56u8).collect();
        let mut bytes = Vec::new();
        PacketBuilder::ethernet2(host_mac(client), ROUTER_MAC)
            .ipv4(client_ip, target, 64)
            .icmpv4_echo_request(0x1234, seq)
            .write(&mut bytes, &data)
            .expect("write ICMP");
        self.push(bytes);
        let mut bytes = Vec::new();
        PacketBuilder::ethernet2(ROUTER_MAC, host_mac(client))
            .ipv4(target, client_ip, 57)
            .icmpv4_echo_reply(0x1234, seq)
            .write(&mut bytes, &data)
            .expect("write ICMP");
        self.push(bytes);
    }

    fn ping6(&mut self, client: u16, target: u16, seq: u16) {
        let data = [0xa5u8; 32];
        let mut bytes = Vec::new();
        PacketBuilder::ethernet2(host_mac(client as u8), ROUTER_MAC)
            .ipv6(v6(client), v6(target), 64)
            .icmpv6_echo_request(0x4321, seq)
            .write(&mut bytes, &data)
            .expect("write ICMPv6");
        self.push(bytes);
        let mut bytes = Vec::new();
        PacketBuilder::ethernet2(ROUTER_MAC, host_mac(client as u8))
            .ipv6(v6(target), v6(client), 64)
            .icmpv6_echo_reply(0x4321, seq)
            .write(&mut bytes, &data)
            .expect("write ICMPv6");
        self.push(bytes);
    }

    /// A 3000-byte UDP datagram (port 5004) cut into three IPv4 fragments.
    fn fragmented_udp(&mut self, client: u8, id: u16) {
        let src = [192, 168, 1, client];
        let dst = [10, 0, 0, 7];
        // The whole UDP datagram (header + payload), then sliced.
        let payload: Vec<u8> = (0..2992u32).map(|i| (i * 7) as u8).collect();
        let mut datagram = Vec::new();
        PacketBuilder::ipv4(src, dst, 64)
            .udp(40001, 5004)
            .write(&mut datagram, &payload)
            .expect("write UDP");
        let datagram = &datagram[Ipv4Header::MIN_LEN..];
        let mut offset = 0usize;
        while offset < datagram.len() {
            let end = (offset + 1480).min(datagram.len());
            let mut header = Ipv4Header::new((end - offset) as u16, 64, IpNumber::UDP, src, dst)
                .expect("valid header");
            header.identification = id;
            header.more_fragments = end < datagram.len();
            header.fragment_offset =
                IpFragOffset::try_new((offset / 8) as u16).expect("offset fits");
            let mut bytes = Vec::new();
            bytes.extend_from_slice(&ROUTER_MAC);
            bytes.extend_from_slice(&host_mac(client));
            bytes.extend_from_slice(&0x0800u16.to_be_bytes());
            header.write(&mut bytes).expect("write IPv4");
            bytes.extend_from_slice(&datagram[offset..end]);
            self.push(bytes);
            offset = end;
        }
    }
}

/// A minimal DNS message for `name`, type A, class IN; an answer carries
/// one A record.
fn dns_message(id: u16, name: &str, answer: bool) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&id.to_be_bytes());
    m.extend_from_slice(&(if answer { 0x8180u16 } else { 0x0100 }).to_be_bytes());
    m.extend_from_slice(&1u16.to_be_bytes()); // questions
    m.extend_from_slice(&(answer as u16).to_be_bytes()); // answers
    m.extend_from_slice(&[0, 0, 0, 0]); // authority, additional
    for label in name.split('.') {
        m.push(label.len() as u8);
        m.extend_from_slice(label.as_bytes());
    }
    m.push(0);
    m.extend_from_slice(&[0, 1, 0, 1]); // type A, class IN
    if answer {
        m.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1]); // name pointer, A, IN
        m.extend_from_slice(&300u32.to_be_bytes()); // TTL
        m.extend_from_slice(&4u16.to_be_bytes());
        m.extend_from_slice(&[93, 184, 216, 34]);
    }
    m
}

fn build_traffic() -> Traffic {
    let mut t = Traffic::new();
    let web = [93, 184, 216, 34];
    let request =
        b"GET / HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: bpfdump-testdata\r\n\r\n";
    let response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n<html>hello</html>\r\n";
    for round in 0..12u8 {
        let client = 10 + round % 5;
        t.arp_exchange(client, [192, 168, 1, 1]);
        t.dns_lookup(client, "www.example.com", 0x1000 + round as u16, None);
        t.tcp_session(
            client,
            web,
            50000 + round as u16,
            80,
            request,
            response,
            None,
            round % 4 == 3,
        );
        t.tcp_session(
            client,
            [140, 82, 121, 4],
            51000 + round as u16,
            443,
            b"\x16\x03\x01\x00\x05hello",
            b"\x16\x03\x03\x00\x05world",
            None,
            false,
        );
        if round % 2 == 0 {
            t.tcp_session(
                client,
                [10, 0, 0, 22],
                52000 + round as u16,
                22,
                b"SSH-2.0-OpenSSH_9.6\r\n",
                b"SSH-2.0-OpenSSH_9.2\r\n",
                None,
                false,
            );
            t.ping(client, [8, 8, 8, 8], round as u16);
        } else {
            t.tcp6_session(client as u16, 0x80, 53000 + round as u16, 80);
            t.ping6(client as u16, 0x1, round as u16);
        }
        if round % 3 == 0 {
            t.tcp_session(
                client,
                web,
                54000 + round as u16,
                8080,
                request,
                response,
                Some(100),
                false,
            );
            t.dns_lookup(client, "vlan.example.org", 0x2000 + round as u16, Some(200));
        }
        if round % 4 == 1 {
            t.fragmented_udp(client, 0x7000 + round as u16);
        }
    }
    t
}

fn write_pcap(path: &Path, frames: &[Frame], precision: TimestampPrecision) -> std::io::Result<()> {
    let out = BufWriter::new(std::fs::File::create(path)?);
    let mut writer = PcapWriter::new(out, LinkType::ETHERNET, 65535, precision)?;
    for f in frames {
        writer.write(&PacketRef {
            timestamp: f.timestamp,
            wire_len: f.bytes.len() as u32,
            data: &f.bytes,
        })?;
    }
    writer.flush()
}

/// One pcapng block: type, length, body padded to 4 bytes, length again.
fn block(out: &mut Vec<u8>, block_type: u32, body: &[u8]) {
    let padded = body.len().div_ceil(4) * 4;
    let length = (12 + padded) as u32;
    out.extend_from_slice(&block_type.to_le_bytes());
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(body);
    out.resize(out.len() + padded - body.len(), 0);
    out.extend_from_slice(&length.to_le_bytes());
}

fn option(body: &mut Vec<u8>, code: u16, value: &[u8]) {
    body.extend_from_slice(&code.to_le_bytes());
    body.extend_from_slice(&(value.len() as u16).to_le_bytes());
    body.extend_from_slice(value);
    body.resize(body.len().div_ceil(4) * 4, 0);
}

/// Rewrite an Ethernet frame as a Linux cooked (v1) frame, as if captured
/// on `any`: 16-byte header with packet type, ARPHRD, address, protocol.
fn ethernet_to_sll(frame: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(frame.len() + 2);
    let outgoing = frame[6..12] == ROUTER_MAC;
    out.extend_from_slice(&(if outgoing { 4u16 } else { 0 }).to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes()); // ARPHRD_ETHER
    out.extend_from_slice(&6u16.to_be_bytes());
    out.extend_from_slice(&frame[6..12]);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&frame[12..]);
    out
}

fn write_pcapng(path: &Path, frames: &[Frame]) -> std::io::Result<()> {
    let mut out = Vec::new();
    // Section header: byte-order magic, version 1.0, unknown section length.
    let mut shb = Vec::new();
    shb.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&(-1i64).to_le_bytes());
    option(&mut shb, 4, b"bpfdump make_testdata"); // shb_userappl
    option(&mut shb, 0, &[]);
    block(&mut out, 0x0a0d_0d0a, &shb);
    // Interface 0: Ethernet, default (microsecond) resolution.
    let mut idb = Vec::new();
    idb.extend_from_slice(&1u16.to_le_bytes());
    idb.extend_from_slice(&0u16.to_le_bytes());
    idb.extend_from_slice(&65535u32.to_le_bytes());
    option(&mut idb, 2, b"eth0"); // if_name
    option(&mut idb, 0, &[]);
    block(&mut out, 1, &idb);
    // An unknown (custom, copiable) block a reader must skip.
    let mut custom = Vec::new();
    custom.extend_from_slice(&32473u32.to_le_bytes()); // private enterprise number
    custom.extend_from_slice(b"skip me");
    block(&mut out, 0x0000_0bad, &custom);
    // Interface 1: Linux cooked v1, nanosecond resolution.
    let mut idb = Vec::new();
    idb.extend_from_slice(&113u16.to_le_bytes());
    idb.extend_from_slice(&0u16.to_le_bytes());
    idb.extend_from_slice(&262144u32.to_le_bytes());
    option(&mut idb, 2, b"any");
    option(&mut idb, 9, &[9]); // if_tsresol: 10^-9
    option(&mut idb, 0, &[]);
    block(&mut out, 1, &idb);
    // A name resolution block: skipped as well.
    let mut nrb = Vec::new();
    nrb.extend_from_slice(&1u16.to_le_bytes()); // IPv4 record
    nrb.extend_from_slice(&20u16.to_le_bytes());
    nrb.extend_from_slice(&[93, 184, 216, 34]);
    nrb.extend_from_slice(b"www.example.com\0");
    nrb.extend_from_slice(&[0, 0, 0, 0]); // end of records
    block(&mut out, 4, &nrb);
    for (i, f) in frames.iter().enumerate() {
        let interface = (i % 3 == 2) as u32;
        let (data, units) = if interface == 0 {
            let micros = f.timestamp.secs as u64 * 1_000_000 + (f.timestamp.nanos / 1000) as u64;
            (f.bytes.clone(), micros)
        } else {
            let nanos = f.timestamp.secs as u64 * 1_000_000_000 + f.timestamp.nanos as u64;
            (ethernet_to_sll(&f.bytes), nanos)
        };
        let mut epb = Vec::new();
        epb.extend_from_slice(&interface.to_le_bytes());
        epb.extend_from_slice(&((units >> 32) as u32).to_le_bytes());
        epb.extend_from_slice(&(units as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(&data);
        epb.resize(epb.len().div_ceil(4) * 4, 0);
        block(&mut out, 6, &epb);
    }
    // Interface statistics for interface 0 at the end: skipped.
    let mut isb = Vec::new();
    isb.extend_from_slice(&0u32.to_le_bytes());
    isb.extend_from_slice(&[0; 8]);
    block(&mut out, 5, &isb);
    std::fs::File::create(path)?.write_all(&out)
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata"));
    std::fs::create_dir_all(&dir)?;
    let traffic = build_traffic();
    write_pcap(
        &dir.join("mixed.pcap"),
        &traffic.frames,
        TimestampPrecision::Micro,
    )?;
    write_pcap(
        &dir.join("mixed-ns.pcap"),
        &traffic.frames,
        TimestampPrecision::Nano,
    )?;
    write_pcapng(&dir.join("mixed.pcapng"), &traffic.frames)?;
    eprintln!(
        "wrote {} packets to each capture in {}",
        traffic.frames.len(),
        dir.display()
    );
    Ok(())
}
