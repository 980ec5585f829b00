//! Name resolution as libpcap does it: `/etc/protocols`, `/etc/services`,
//! `/etc/networks`, `/etc/ethers`, libpcap's built-in Ethernet type and LLC
//! names, and host names through the system resolver.

use std::net::{IpAddr, ToSocketAddrs};

/// Read a system database file; a missing file is an empty database.
fn db(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Fields of the non-comment part of each line.
fn entries(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter_map(|line| {
        let line = line.split('#').next().unwrap_or("");
        let f: Vec<&str> = line.split_whitespace().collect();
        (!f.is_empty()).then_some(f)
    })
}

/// An IP protocol number by name or alias (`getprotobyname`).
pub fn ip_proto(name: &str) -> Option<u32> {
    let text = db("/etc/protocols");
    for f in entries(&text) {
        if f.len() >= 2 && (f[0] == name || f[2..].contains(&name)) {
            return f[1].parse().ok();
        }
    }
    None
}

/// A service's port for `proto` ("tcp", "udp", "sctp") (`getservbyname`).
fn service(name: &str, proto: &str) -> Option<u32> {
    let text = db("/etc/services");
    for f in entries(&text) {
        if f.len() < 2 {
            continue;
        }
        let (port, p) = match f[1].split_once('/') {
            Some(x) => x,
            None => continue,
        };
        if p == proto && (f[0] == name || f[2..].contains(&name)) {
            return port.parse().ok();
        }
    }
    None
}

/// IP protocol numbers as libpcap's port lookups report them.
pub const IPPROTO_TCP: u32 = 6;
pub const IPPROTO_UDP: u32 = 17;
pub const IPPROTO_SCTP: u32 = 132;
/// "Any of TCP, UDP and SCTP" (libpcap's `PROTO_UNDEF`).
pub const PROTO_UNDEF: u32 = u32::MAX;

/// A port by service name, with the transport protocol it belongs to
/// (libpcap's `pcap_nametoport`).
pub fn port(name: &str) -> Option<(u32, u32)> {
    let tcp = service(name, "tcp");
    let udp = service(name, "udp");
    if let Some(t) = tcp {
        let proto = match udp {
            Some(u) if u == t => PROTO_UNDEF,
            _ => IPPROTO_TCP,
        };
        return Some((t, proto));
    }
    // libpcap 1.10 looks up TCP and UDP only.
    udp.map(|u| (u, IPPROTO_UDP))
}

/// A port range `a-b` by numbers or names (`pcap_nametoportrange`).
pub fn port_range(name: &str) -> Option<(u32, u32, u32)> {
    let (a, b) = name.split_once('-')?;
    let num = |s: &str| -> Option<u32> {
        if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse::<u64>().ok().map(|v| v.min(u32::MAX as u64) as u32)
        } else {
            None
        }
    };
    // Each end a number (any protocol) or a service name; the range is in
    // one protocol only when both ends are names in it.
    let end = |s: &str| num(s).map(|n| (n, PROTO_UNDEF)).or_else(|| port(s));
    let (p1, proto1) = end(a)?;
    let (p2, proto2) = end(b)?;
    let proto = if proto1 == proto2 {
        proto1
    } else {
        PROTO_UNDEF
    };
    Some((p1, p2, proto))
}

/// An IPv4 network by name (`getnetbyname`), host byte order.
pub fn network(name: &str) -> Option<u32> {
    let text = db("/etc/networks");
    for f in entries(&text) {
        if f.len() >= 2 && (f[0] == name || f[2..].contains(&name)) {
            // inet_network(): 1 to 4 parts, the last fills the low bytes.
            let parts: Vec<u32> = f[1]
                .split('.')
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            let mut v = 0u32;
            for p in &parts {
                v = (v << 8) | (p & 0xff);
            }
            return Some(v);
        }
    }
    None
}

/// A MAC address by host name from `/etc/ethers`.
pub fn ether_host(name: &str) -> Option<[u8; 6]> {
    let text = db("/etc/ethers");
    for f in entries(&text) {
        if f.len() >= 2 && f[1] == name {
            let bytes: Vec<u8> = f[0]
                .split(':')
                .map(|b| u8::from_str_radix(b, 16).ok())
                .collect::<Option<_>>()?;
            if bytes.len() == 6 {
                let mut m = [0u8; 6];
                m.copy_from_slice(&bytes);
                return Some(m);
            }
        }
    }
    None
}

/// Addresses of a host name, in resolver order, without duplicates.
pub fn host_addrs(name: &str) -> Vec<IpAddr> {
    let mut out: Vec<IpAddr> = Vec::new();
    if let Ok(iter) = (name, 0u16).to_socket_addrs() {
        for a in iter {
            if !out.contains(&a.ip()) {
                out.push(a.ip());
            }
        }
    }
    out
}

/// libpcap's built-in Ethernet type names.
pub fn eproto(name: &str) -> Option<u32> {
    Some(match name {
        "aarp" => 0x80f3,
        "arp" => 0x0806,
        "atalk" => 0x809b,
        "decnet" => 0x6003,
        "ip" => 0x0800,
        "ip6" => 0x86dd,
        "lat" => 0x6004,
        "loopback" => 0x9000,
        "mopdl" => 0x6001,
        "moprc" => 0x6002,
        "rarp" => 0x8035,
        "sca" => 0x6007,
        _ => return None,
    })
}

/// libpcap's built-in LLC SAP names.
pub fn llc(name: &str) -> Option<u32> {
    Some(match name {
        "iso" => 0xfe,
        "stp" => 0x42,
        "ipx" => 0xe0,
        "netbeui" => 0xf0,
        _ => return None,
    })
}

/// libpcap's `__pcap_atoin`: a dotted IPv4 address or prefix, with the
/// number of bits given (8 per part).
pub fn atoin(s: &str) -> Option<(u32, u32)> {
    let mut addr = 0u32;
    let mut len = 0u32;
    for part in s.split('.') {
        if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: u64 = part.parse().ok()?;
        if n > 255 {
            return None;
        }
        addr = (addr << 8) | n as u32;
        len += 8;
        if len > 32 {
            return None;
        }
    }
    Some((addr, len))
}

/// libpcap's `__pcap_atodn`: a DECnet `area.node` address.
pub fn atodn(s: &str) -> Option<u32> {
    let (a, n) = s.split_once('.')?;
    let area: u32 = a.parse().ok()?;
    let node: u32 = n.parse().ok()?;
    if area > 63 || node > 1023 {
        return None;
    }
    Some((area << 10) | node)
}
