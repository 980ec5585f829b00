//! Issue 16: the library's front door, [`bpfdump::Filter`], against the
//! stages it stands for, and `Filter::attach` on a real socket.

use bpfdump::capture::CaptureReader;
use bpfdump::cbpf::op::*;
use bpfdump::cbpf::Insn;
use bpfdump::{compile_filter, EngineKind, Error, Filter, FilterOptions, LinkType};
use std::net::UdpSocket;
use std::time::Duration;

/// `Filter` is `compile_filter` verified: the same program, the same
/// listing, and its engines and trace agree with the reference
/// interpreter on every packet of the sample.
#[test]
fn filter_is_the_compiled_program() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/mixed.pcap");
    for expression in ["tcp port 80", "udp or arp", "ip6 and not icmp6", "vlan 100"] {
        let options = FilterOptions::default();
        let filter = Filter::compile(expression, &options).unwrap();
        let program = compile_filter(expression, &options).unwrap();
        assert_eq!(filter.program(), &program[..]);
        assert_eq!(filter.expression(), expression);
        assert_eq!(filter.dump(1), bpfdump::cbpf::dump::listing(&program, 1));
        let ebpf = filter.ebpf().unwrap();
        assert_eq!(
            filter.dump_ebpf().unwrap(),
            bpfdump::ebpf::dump::listing(&ebpf)
        );
        let engines: Vec<_> = [EngineKind::Cbpf, EngineKind::Interp, EngineKind::Jit]
            .into_iter()
            .map(|kind| filter.engine(kind).unwrap())
            .collect();
        let mut reader = CaptureReader::open(path.as_ref()).unwrap();
        let mut matched = 0;
        while let Some(record) = reader.next().unwrap() {
            let (data, len) = (record.packet.data, record.packet.wire_len);
            let verdict = filter.run(data, len);
            assert_eq!(filter.matches(data, len), verdict != 0);
            assert_eq!(filter.trace(data, len).verdict(), verdict, "{expression}");
            for engine in &engines {
                assert_eq!(engine.run(data, len), verdict, "{expression}");
            }
            matched += usize::from(verdict != 0);
        }
        assert!(matched > 0, "{expression}");
    }
}

/// Bad input is an error saying what is wrong, never a panic.
#[test]
fn errors_say_what_is_wrong() {
    let options = FilterOptions::default();
    match Filter::compile("tcp port", &options) {
        Err(Error::Filter(e)) => assert!(!e.to_string().is_empty()),
        other => panic!("{other:?}"),
    }
    let unterminated = vec![Insn::stmt(LD | IMM, 1)];
    match Filter::from_program(unterminated, &options) {
        Err(Error::Verify(e)) => assert!(e.to_string().contains("ret"), "{e}"),
        other => panic!("{other:?}"),
    }
    let raw = FilterOptions {
        linktype: LinkType::RAW,
        ..options
    };
    assert!(Filter::compile("ether host 1:2:3:4:5:6", &raw).is_err());
}

/// `attach` filters a socket of ours: a UDP socket with a program that
/// rejects everything receives nothing; with one that accepts, it does.
#[test]
fn attach_filters_a_socket() {
    let options = FilterOptions::default();
    let received = |program: Vec<Insn>| {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let filter = Filter::from_program(program, &options).unwrap();
        filter.attach(&socket).unwrap();
        let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
        sender
            .send_to(b"hello", socket.local_addr().unwrap())
            .unwrap();
        let mut buf = [0u8; 16];
        socket.recv(&mut buf).ok()
    };
    assert_eq!(received(vec![Insn::stmt(RET | K, 0)]), None);
    assert_eq!(received(vec![Insn::stmt(RET | K, u32::MAX)]), Some(5));
    // A compiled one too: `len` (here the UDP datagram) over 4 bytes.
    let long = Filter::compile("len > 4", &options)
        .unwrap()
        .program()
        .to_vec();
    assert_eq!(received(long), Some(5));
}
