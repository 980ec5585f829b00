//! Names for addresses and ports when `-n` is not given: from /etc/hosts
//! and /etc/services only, read once. No DNS lookup is ever made, so
//! printing never blocks on the network.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortProto {
    Tcp,
    Udp,
}

#[derive(Debug, Default)]
pub struct Names {
    loaded: bool,
    enabled: bool,
    hosts4: HashMap<[u8; 4], String>,
    hosts6: HashMap<[u8; 16], String>,
    ports: HashMap<(PortProto, u16), String>,
    interfaces: HashMap<u32, String>,
    /// /etc/ethers.
    ethers: HashMap<[u8; 6], String>,
    /// `-N`: host names cut at their first dot.
    short: bool,
    /// `-f`: IPv4 addresses outside this network are not looked up.
    local_net: Option<([u8; 4], [u8; 4])>,
}

impl Names {
    pub fn new(enabled: bool) -> Names {
        Names {
            enabled,
            ..Default::default()
        }
    }

    fn load(&mut self) {
        if self.loaded {
            return;
        }
        self.loaded = true;
        if !self.enabled {
            return;
        }
        if let Ok(text) = std::fs::read_to_string("/etc/hosts") {
            self.read_hosts(&text);
        }
        if let Ok(text) = std::fs::read_to_string("/etc/services") {
            self.read_services(&text);
        }
        if let Ok(text) = std::fs::read_to_string("/etc/ethers") {
            self.read_ethers(&text);
        }
    }

    /// /etc/ethers: `MAC NAME` lines (hex bytes separated by `:`, `-` or
    /// `.`, leading zeros optional).
    fn read_ethers(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut fields = line.split_whitespace();
            let (Some(addr), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            let bytes: Vec<u8> = addr
                .split([':', '-', '.'])
                .map_while(|h| u8::from_str_radix(h, 16).ok().filter(|_| h.len() <= 2))
                .collect();
            if let Ok(key) = <[u8; 6]>::try_from(bytes.as_slice()) {
                self.ethers.entry(key).or_insert_with(|| name.to_string());
            }
        }
    }

    /// How a MAC address prints without `-n`: its /etc/ethers name,
    /// `Broadcast`, or the address followed by the name of its OUI
    /// (`Unknown` when tcpdump knows none).
    pub fn mac(&mut self, a: &[u8], out: &mut Vec<u8>) {
        self.load();
        if let Ok(key) = <[u8; 6]>::try_from(a) {
            if let Some(name) = self.ethers.get(&key) {
                out.extend_from_slice(name.as_bytes());
                return;
            }
            if key == [0xff; 6] {
                out.extend_from_slice(b"Broadcast");
                return;
            }
        }
        super::fmt::put_mac(out, a);
        if let [x, y, z, ..] = *a {
            let oui = u32::from_be_bytes([0, x, y, z]);
            out.extend_from_slice(b" (oui ");
            out.extend_from_slice(super::oui::name(oui).unwrap_or("Unknown").as_bytes());
            out.push(b')');
        }
    }

    fn read_hosts(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut fields = line.split_whitespace();
            let (Some(addr), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            // The first name listed for an address wins, as with gethostbyaddr.
            match addr.parse::<std::net::IpAddr>() {
                Ok(std::net::IpAddr::V4(a)) => {
                    self.hosts4
                        .entry(a.octets())
                        .or_insert_with(|| name.to_string());
                }
                Ok(std::net::IpAddr::V6(a)) => {
                    self.hosts6
                        .entry(a.octets())
                        .or_insert_with(|| name.to_string());
                }
                Err(_) => {}
            }
        }
    }

    fn read_services(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut fields = line.split_whitespace();
            let (Some(name), Some(port_proto)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Some((port, proto)) = port_proto.split_once('/') else {
                continue;
            };
            let Ok(port) = port.parse::<u16>() else {
                continue;
            };
            let proto = match proto {
                "tcp" => PortProto::Tcp,
                "udp" => PortProto::Udp,
                _ => continue,
            };
            self.ports
                .entry((proto, port))
                .or_insert_with(|| name.to_string());
        }
    }

    /// `-N`: names without their domain.
    pub fn short(mut self, short: bool) -> Names {
        self.short = short;
        self
    }

    /// `-f`: look up only the IPv4 addresses of `net` (address, mask).
    pub fn local_net(mut self, net: Option<([u8; 4], [u8; 4])>) -> Names {
        self.local_net = net;
        self
    }

    fn shown(short: bool, name: &str) -> &str {
        match name.find('.') {
            Some(dot) if short => &name[..dot],
            _ => name,
        }
    }

    pub fn host4(&mut self, a: &[u8]) -> Option<&str> {
        self.load();
        let key: [u8; 4] = a.get(..4)?.try_into().ok()?;
        if let Some((net, mask)) = self.local_net {
            if (0..4).any(|i| key[i] & mask[i] != net[i]) {
                return None;
            }
        }
        let name = self.hosts4.get(&key)?;
        Some(Names::shown(self.short, name))
    }

    pub fn host6(&mut self, a: &[u8]) -> Option<&str> {
        self.load();
        let key: [u8; 16] = a.get(..16)?.try_into().ok()?;
        let name = self.hosts6.get(&key)?;
        Some(Names::shown(self.short, name))
    }

    /// The name of interface `index` (`?` if there is none), looked up
    /// with `lookup` the first time.
    pub fn interface(&mut self, index: u32, lookup: impl FnOnce(u32) -> Option<String>) -> &str {
        self.interfaces
            .entry(index)
            .or_insert_with(|| lookup(index).unwrap_or_else(|| "?".to_string()))
    }

    /// The name of IP protocol `number`, as tcpdump 4.99 prints it
    /// without `-n`: the IANA protocol keyword, from a built-in table
    /// (tcpdump no longer asks getprotobynumber, so /etc/protocols does
    /// not matter).
    pub fn protocol(number: u8) -> Option<&'static str> {
        let name = match number {
            0..=142 => IANA_PROTOCOLS[number as usize],
            253 => "exptest-253",
            254 => "exptest-254",
            255 => "reserved",
            _ => "",
        };
        (!name.is_empty()).then_some(name)
    }

    pub fn port(&mut self, port: u16, proto: PortProto) -> Option<&str> {
        self.load();
        self.ports.get(&(proto, port)).map(String::as_str)
    }
}

/// IANA protocol keywords for 0..=142, spelled as in /etc/protocols; ""
/// for the numbers IANA leaves to "any" protocol of a kind.
const IANA_PROTOCOLS: [&str; 143] = [
    "hopopt",
    "icmp",
    "igmp",
    "ggp",
    "ipencap",
    "st",
    "tcp",
    "cbt",
    "egp",
    "igp",
    "bbn-rcc-mon",
    "nvp-ii",
    "pup",
    "argus",
    "emcon",
    "xnet",
    "chaos",
    "udp",
    "mux",
    "dcn-meas",
    "hmp",
    "prm",
    "xns-idp",
    "trunk-1",
    "trunk-2",
    "leaf-1",
    "leaf-2",
    "rdp",
    "irtp",
    "iso-tp4",
    "netblt",
    "mfe-nsp",
    "merit-inp",
    "dccp",
    "3pc",
    "idpr",
    "xtp",
    "ddp",
    "idpr-cmtp",
    "tp++",
    "il",
    "ipv6",
    "sdrp",
    "ipv6-route",
    "ipv6-frag",
    "idrp",
    "rsvp",
    "gre",
    "dsr",
    "bna",
    "esp",
    "ah",
    "i-nlsp",
    "swipe",
    "narp",
    "mobile",
    "tlsp",
    "skip",
    "ipv6-icmp",
    "ipv6-nonxt",
    "ipv6-opts",
    "",
    "cftp",
    "",
    "sat-expak",
    "kryptolan",
    "rvd",
    "ippc",
    "",
    "sat-mon",
    "visa",
    "ipcv",
    "cpnx",
    "rspf",
    "wsn",
    "pvp",
    "br-sat-mon",
    "sun-nd",
    "wb-mon",
    "wb-expak",
    "iso-ip",
    "vmtp",
    "secure-vmtp",
    "vines",
    "ttp",
    "nsfnet-igp",
    "dgp",
    "tcf",
    "eigrp",
    "ospf",
    "sprite-rpc",
    "larp",
    "mtp",
    "ax.25",
    "ipip",
    "micp",
    "scc-sp",
    "etherip",
    "encap",
    "",
    "gmtp",
    "ifmp",
    "pnni",
    "pim",
    "aris",
    "scps",
    "qnx",
    "a/n",
    "ipcomp",
    "snp",
    "compaq-peer",
    "ipx-in-ip",
    "vrrp",
    "pgm",
    "",
    "l2tp",
    "ddx",
    "iatp",
    "stp",
    "srp",
    "uti",
    "smp",
    "sm",
    "ptp",
    "isis",
    "fire",
    "crtp",
    "crudp",
    "sscopmce",
    "iplt",
    "sps",
    "pipe",
    "sctp",
    "fc",
    "rsvp-e2e-ignore",
    "mobility-header",
    "udplite",
    "mpls-in-ip",
    "manet",
    "hip",
    "shim6",
    "wesp",
    "rohc",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_and_services_text() {
        let mut n = Names::new(true);
        n.loaded = true;
        n.read_hosts("# c\n10.1.2.3  alpha alias\n10.1.2.3 beta\n::1 lo6\n");
        n.read_services("http 80/tcp www\ndomain 53/udp\nbad line\n");
        assert_eq!(n.host4(&[10, 1, 2, 3]), Some("alpha"));
        assert_eq!(
            n.host6(&std::net::Ipv6Addr::LOCALHOST.octets()),
            Some("lo6")
        );
        assert_eq!(n.port(80, PortProto::Tcp), Some("http"));
        assert_eq!(n.port(80, PortProto::Udp), None);
        assert_eq!(n.port(53, PortProto::Udp), Some("domain"));
        assert_eq!(Names::protocol(0), Some("hopopt"));
        assert_eq!(Names::protocol(17), Some("udp"));
        assert_eq!(Names::protocol(61), None);
        assert_eq!(Names::protocol(142), Some("rohc"));
        assert_eq!(Names::protocol(200), None);
    }

    /// `-N` cuts names at their first dot; `-f` looks up only the
    /// addresses of the local network.
    #[test]
    fn short_names_and_the_local_network() {
        let text = "10.1.2.3 alpha.example.org\n192.0.2.7 far.example.net\n::1 lo6.example\n";
        let mut n = Names::new(true).short(true);
        n.loaded = true;
        n.read_hosts(text);
        assert_eq!(n.host4(&[10, 1, 2, 3]), Some("alpha"));
        assert_eq!(
            n.host6(&std::net::Ipv6Addr::LOCALHOST.octets()),
            Some("lo6")
        );
        let mut n = Names::new(true).local_net(Some(([10, 1, 0, 0], [255, 255, 0, 0])));
        n.loaded = true;
        n.read_hosts(text);
        assert_eq!(n.host4(&[10, 1, 2, 3]), Some("alpha.example.org"));
        assert_eq!(n.host4(&[192, 0, 2, 7]), None);
    }
}
