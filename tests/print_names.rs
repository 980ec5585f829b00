//! Name resolution without `-n`: host names from /etc/hosts and port names
//! from /etc/services, compared with tcpdump on a capture whose only
//! address is 127.0.0.1 (so tcpdump finds every name in /etc/hosts and
//! makes no DNS query either).

mod common;
mod print_capture;

use bpfdump::packet::PacketRef;
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::LinkType;
use std::process::Command;
use std::time::Duration;

fn hosts_maps_loopback() -> bool {
    std::fs::read_to_string("/etc/hosts").is_ok_and(|t| {
        t.lines().any(|l| {
            l.split('#').next().unwrap_or("").split_whitespace().next() == Some("127.0.0.1")
        })
    })
}

#[test]
fn names_come_from_hosts_and_services_like_tcpdump() {
    let Some(shared) =
        common::shared_dir_or_skip("names_come_from_hosts_and_services_like_tcpdump")
    else {
        return;
    };
    if !common::have_tcpdump("names_come_from_hosts_and_services_like_tcpdump") {
        return;
    }
    if !hosts_maps_loopback() {
        eprintln!("names_come_from_hosts_and_services_like_tcpdump: skipped: /etc/hosts has no 127.0.0.1 entry");
        return;
    }
    let file = shared.join("pcaps/resp_3_malicious.pcap");
    let capture = print_capture::read(&file).unwrap();
    let linktype = LinkType(capture.packets[0].linktype);
    let mut printer = Printer::new(
        PrintOptions {
            timestamp: 2,
            ..Default::default()
        },
        linktype,
    );
    let mut ours = Vec::new();
    for p in &capture.packets {
        printer.print(
            &PacketRef {
                timestamp: p.timestamp,
                wire_len: p.wire_len,
                data: &p.data,
            },
            &mut ours,
        );
    }
    let ours = String::from_utf8(ours).unwrap();
    let mut cmd = Command::new("tcpdump");
    cmd.args(["-tt", "-r"]).arg(&file);
    let theirs =
        common::run_with_timeout(&mut cmd, Duration::from_secs(20)).expect("tcpdump timed out");
    let theirs = String::from_utf8_lossy(&theirs.stdout).into_owned();
    let (mut compared, mut differ) = (0, 0);
    for (o, t) in ours.lines().zip(theirs.lines()) {
        // The Redis payload decoder is not implemented; its lines differ.
        if t.contains("RESP") {
            continue;
        }
        compared += 1;
        if o != t {
            differ += 1;
            eprintln!("ours:    {o}\ntcpdump: {t}");
        }
    }
    assert!(
        theirs.contains("localhost.redis"),
        "expected resolved names in tcpdump's output"
    );
    assert!(compared > 100);
    assert_eq!(differ, 0);
}
