//! Expressions libpcap refuses to compile (for the link type): we must
//! refuse them too, with the message of libpcap's development snapshot
//! (`../shared/oracles/libpcap`), which the project follows where it and
//! the installed tcpdump's libpcap 1.10 word them differently.

mod common;
mod compile_common;

use bpfdump::compile::{generate, CompileOptions};
use bpfdump::LinkType;

/// (link type, expression) pairs that are well formed but not compilable.
const CASES: &[(&str, &str)] = &[
    ("EN10MB", "port 99999"),
    ("EN10MB", "portrange 1-99999"),
    ("EN10MB", "host nosuchhost.invalid"),
    ("EN10MB", "port nosuchport"),
    ("EN10MB", "proto nosuchproto"),
    ("EN10MB", "ip proto nosuchproto"),
    ("EN10MB", "ether proto nosuchproto"),
    ("EN10MB", "tcp proto nosuchproto"),
    ("EN10MB", "udp port ftp"),
    ("EN10MB", "tcp host 1.2.3.4"),
    ("EN10MB", "tcp net 1.0.0.0/8"),
    ("EN10MB", "ether host 1.2.3.4"),
    ("EN10MB", "ip6 host 1.2.3.4"),
    ("EN10MB", "ip host ::1"),
    ("EN10MB", "ip net ::1"),
    ("EN10MB", "port ::1"),
    ("EN10MB", "proto 1.2"),
    ("EN10MB", "portrange 1.2"),
    ("EN10MB", "gateway 1.2"),
    ("EN10MB", "gateway foo"),
    ("EN10MB", "vlan 5000"),
    ("EN10MB", "mpls 2000000"),
    ("EN10MB", "pppoes 70000"),
    ("EN10MB", "geneve 20000000"),
    ("EN10MB", "mpls and arp"),
    ("EN10MB", "mpls and vlan"),
    ("EN10MB", "10 / 0 = 1"),
    ("EN10MB", "10 % 0 = 1"),
    ("EN10MB", "10 / ip[0] = 1"),
    ("EN10MB", "1 << 32 = 1"),
    ("EN10MB", "net 1.2.3.4/33"),
    ("EN10MB", "net 1.2.3.4/24"),
    ("EN10MB", "net 1.2.3.4 mask 255.255.0.0"),
    ("EN10MB", "host ::1/64"),
    ("EN10MB", "net ::1/129"),
    ("EN10MB", "arp proto 5"),
    ("EN10MB", "tcp proto 5"),
    ("EN10MB", "clnp proto 5"),
    ("EN10MB", "atalk proto 5"),
    ("EN10MB", "tcp protochain 5"),
    ("EN10MB", "link"),
    ("EN10MB", "ether"),
    ("EN10MB", "ip6 broadcast"),
    ("EN10MB", "tcp broadcast"),
    ("EN10MB", "udp multicast"),
    ("EN10MB", "addr1 1.2.3.4"),
    ("EN10MB", "ether addr1 1:2:3:4:5:6"),
    ("EN10MB", "iso host 1.2.3.4"),
    ("EN10MB", "atalk host 1.2.3.4"),
    ("EN10MB", "ether host nosuchhost"),
    ("EN10MB", "iso[0] = 1"),
    ("EN10MB", "radio[0] = 1"),
    ("EN10MB", "type mgt"),
    ("EN10MB", "ip6 host localhost"),
    ("RAW", "vlan"),
    ("RAW", "mpls"),
    ("RAW", "ether host 1:2:3:4:5:6"),
    ("RAW", "ether broadcast"),
    ("RAW", "llc"),
    ("LINUX_SLL", "vlan 1"),
    ("PPP", "pppoes and vlan"),
    ("SLIP", "ether multicast"),
    ("DBUS", "ip"),
    ("MFR", "tcp"),
    ("PKTAP", "ip"),
    ("VSOCK", "port 80"),
    ("IEEE802_11_RADIO", "protochain 6"),
];

fn ours(lt: &str, expr: &str) -> Result<(), String> {
    let ast = bpfdump::syntax::parse(expr).map_err(|e| e.to_string())?;
    let opts = CompileOptions {
        linktype: LinkType::from_name(lt).unwrap(),
        snaplen: bpfdump::DEFAULT_SNAPLEN,
        netmask: None,
        capture: bpfdump::Capture::Live,
    };
    generate(&ast, &opts).map(|_| ()).map_err(|e| e.to_string())
}

/// Refused with the words of libpcap's development snapshot, which the
/// project follows where it and libpcap 1.10 (the installed tcpdump)
/// disagree; tcpdump is asked only whether it refuses the expression too.
#[test]
fn rejected_like_libpcap() {
    let filtertest = common::snapshot_filtertest();
    let tcpdump = common::have_tcpdump("compile_errors");
    if filtertest.is_none() {
        eprintln!("compile_errors: libpcap's snapshot not built here; messages not compared");
    }
    if filtertest.is_none() && !tcpdump {
        return;
    }
    let mut problems = Vec::new();
    for &(lt, expr) in CASES {
        let mine = match ours(lt, expr) {
            Ok(()) => {
                problems.push(format!("{lt} {expr:?}: we compile it"));
                continue;
            }
            Err(m) => m,
        };
        if let Some(ft) = &filtertest {
            match common::snapshot_verdict(ft, lt, expr) {
                Ok(()) => problems.push(format!(
                    "{lt} {expr:?}: libpcap's snapshot compiles it (test case is wrong)"
                )),
                Err(theirs) if !common::same_libpcap_message(&mine, &theirs) => {
                    problems.push(format!("{lt} {expr:?}: ours {mine:?}, libpcap {theirs:?}"))
                }
                Err(_) => {}
            }
        }
        if tcpdump && compile_common::tcpdump_cached(lt, expr, false).is_ok() {
            problems.push(format!(
                "{lt} {expr:?}: tcpdump compiles it (test case is wrong)"
            ));
        }
    }
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(
        problems.is_empty(),
        "{} differences from libpcap's rejections",
        problems.len()
    );
}

/// libpcap compiles each primitive as its parser reads it: a primitive it
/// cannot compile before a syntax error is what it reports (as its
/// development snapshot's `filtertest` does for these).
#[test]
fn refused_for_what_comes_before_a_syntax_error() {
    let cases = [
        (
            "host nosuchhost.invalid or",
            "unknown host 'nosuchhost.invalid'",
        ),
        (
            "tcp and (udp or port 70000",
            "port number 70000 greater than maximum 65535",
        ),
        (
            "vlan 5000 and mpls 9999999 or (",
            "VLAN tag 5000 greater than maximum 4095",
        ),
        (
            "port 70000 port",
            "port number 70000 greater than maximum 65535",
        ),
        (
            "host nosuchhost.invalid or 08",
            "unknown host 'nosuchhost.invalid'",
        ),
        // A protocol name before the error is not a primitive yet.
        ("link 1", "can't parse filter expression: syntax error"),
        (
            "tcp and (udp",
            "can't parse filter expression: syntax error",
        ),
    ];
    let filtertest = common::snapshot_filtertest();
    let options = bpfdump::FilterOptions::default();
    for (expr, want) in cases {
        let mine = bpfdump::compile_filter(expr, &options)
            .expect_err(expr)
            .to_string();
        assert!(
            mine.starts_with(want),
            "{expr:?}: {mine:?}, expected {want:?}"
        );
        if let Some(ft) = &filtertest {
            let theirs = common::snapshot_verdict(ft, "EN10MB", expr).expect_err(expr);
            assert!(
                common::same_libpcap_message(&mine, &theirs),
                "{expr:?}: ours {mine:?}, libpcap {theirs:?}"
            );
        }
    }
}
