//! Network interfaces: the `-D` listing, the `-L` link types, and what a
//! capture needs to know about an interface before opening it.

use super::{sys, LiveError};
use crate::LinkType;
use std::fmt::Write as _;

/// `ARPHRD_*` hardware types that decide how we capture.
pub mod arphrd {
    pub const ETHER: u16 = 1;
    pub const LOOPBACK: u16 = 772;
    pub const NONE: u16 = 0xfffe;
    pub const TUNNEL: u16 = 768;
    pub const TUNNEL6: u16 = 769;
    pub const SIT: u16 = 776;
    pub const IEEE80211: u16 = 801;
    pub const IEEE80211_PRISM: u16 = 802;
    pub const IEEE80211_RADIOTAP: u16 = 803;
    pub const IRDA: u16 = 783;
    pub const IEEE802154: u16 = 804;
    pub const IEEE802154_MONITOR: u16 = 805;
    pub const SIXLOWPAN: u16 = 825;
}

const IFF_UP: u32 = libc::IFF_UP as u32;
const IFF_LOOPBACK: u32 = libc::IFF_LOOPBACK as u32;
const IFF_RUNNING: u32 = libc::IFF_RUNNING as u32;

/// Whether a link is connected, as libpcap reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Unknown,
    Connected,
    Disconnected,
    NotApplicable,
}

/// One line of `-D`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceEntry {
    pub name: String,
    pub description: Option<String>,
    pub up: bool,
    pub running: bool,
    pub loopback: bool,
    pub wireless: bool,
    pub connection: Connection,
}

/// The name of the pseudo-interface that captures on all interfaces.
pub const ANY: &str = "any";

impl InterfaceEntry {
    fn any() -> InterfaceEntry {
        InterfaceEntry {
            name: ANY.to_string(),
            description: Some("Pseudo-device that captures on all interfaces".to_string()),
            up: true,
            running: true,
            loopback: false,
            wireless: false,
            connection: Connection::NotApplicable,
        }
    }

    /// Sort key, lower first: running, up, connected, non-loopback
    /// interfaces first, `any` after the other good ones; equal keys keep
    /// the kernel's order (libpcap 1.10's ordering).
    fn figure_of_merit(&self) -> u32 {
        let mut n = 0;
        if !self.running {
            n |= 0x8000_0000;
        }
        if !self.up {
            n |= 0x4000_0000;
        }
        if !self.wireless && self.connection == Connection::Disconnected {
            n |= 0x2000_0000;
        }
        if self.loopback {
            n |= 0x1000_0000;
        }
        if self.name == ANY {
            n |= 0x0800_0000;
        }
        n
    }

    /// The bracketed flags tcpdump prints after the name.
    pub fn flags_text(&self) -> String {
        let mut words: Vec<&str> = Vec::new();
        if self.up {
            words.push("Up");
        }
        if self.running {
            words.push("Running");
        }
        if self.loopback {
            words.push("Loopback");
        }
        if self.wireless {
            words.push("Wireless");
        }
        let mut text = if words.is_empty() {
            "none".to_string()
        } else {
            words.join(", ")
        };
        let status = match (self.wireless, self.connection) {
            (_, Connection::NotApplicable) => None,
            (true, Connection::Unknown) => Some("Association status unknown"),
            (true, Connection::Connected) => Some("Associated"),
            (true, Connection::Disconnected) => Some("Not associated"),
            (false, Connection::Unknown) => Some("Connection status unknown"),
            (false, Connection::Connected) => Some("Connected"),
            (false, Connection::Disconnected) => Some("Disconnected"),
        };
        if let Some(s) = status {
            text.push_str(", ");
            text.push_str(s);
        }
        text
    }
}

fn sysfs(name: &str, file: &str) -> Option<String> {
    std::fs::read_to_string(format!("/sys/class/net/{name}/{file}"))
        .ok()
        .map(|s| s.trim().to_string())
}

/// The `ARPHRD_*` type of an interface.
pub fn hardware_type(name: &str) -> Option<u16> {
    sys::hardware_type(name).ok()
}

fn is_wifi(name: &str) -> bool {
    std::path::Path::new(&format!("/sys/class/net/{name}/wireless")).exists()
}

fn describe(name: &str) -> Option<InterfaceEntry> {
    let flags = sys::interface_flags(name).ok()?;
    let loopback = flags & IFF_LOOPBACK != 0;
    let mut wireless = false;
    let connection = if loopback {
        Connection::NotApplicable
    } else {
        if is_wifi(name) {
            wireless = true;
        } else if let Some(t) = hardware_type(name) {
            if t == arphrd::LOOPBACK {
                // libpcap doesn't ask about the link of these.
                return Some(entry(name, flags, false, Connection::Unknown));
            }
            wireless = matches!(
                t,
                arphrd::IRDA
                    | arphrd::IEEE80211
                    | arphrd::IEEE80211_PRISM
                    | arphrd::IEEE80211_RADIOTAP
                    | arphrd::IEEE802154
                    | arphrd::IEEE802154_MONITOR
                    | arphrd::SIXLOWPAN
            );
        }
        match sys::ethtool_link(name) {
            Ok(Some(true)) => Connection::Connected,
            Ok(Some(false)) => Connection::Disconnected,
            Ok(None) => Connection::NotApplicable,
            Err(_) => Connection::Unknown,
        }
    };
    Some(entry(name, flags, wireless, connection))
}

fn entry(name: &str, flags: u32, wireless: bool, connection: Connection) -> InterfaceEntry {
    InterfaceEntry {
        name: name.to_string(),
        description: None,
        up: flags & IFF_UP != 0,
        running: flags & IFF_RUNNING != 0,
        loopback: flags & IFF_LOOPBACK != 0,
        wireless,
        connection,
    }
}

/// The interfaces a capture can be opened on, in libpcap's order.
pub fn list_interfaces() -> std::io::Result<Vec<InterfaceEntry>> {
    let names = nix::net::if_::if_nameindex().map_err(std::io::Error::from)?;
    let mut list: Vec<InterfaceEntry> = Vec::new();
    let found = names
        .iter()
        .filter_map(|i| i.name().to_str().ok().and_then(describe))
        .chain(std::iter::once(InterfaceEntry::any()));
    for dev in found {
        // Insert after every entry with a merit no worse (a stable sort).
        let merit = dev.figure_of_merit();
        let at = list
            .iter()
            .position(|d| d.figure_of_merit() > merit)
            .unwrap_or(list.len());
        list.insert(at, dev);
    }
    Ok(list)
}

/// The interface `-i NAME` means: NAME itself if an interface of that
/// name exists (or it is `any`); else, if NAME is a number N, the N-th
/// interface of the `-D` listing, as tcpdump does. Anything else is
/// returned as it is, for opening to report.
pub fn resolve_name(name: &str) -> Result<String, LiveError> {
    if name == ANY || nix::net::if_::if_nametoindex(name).is_ok() {
        return Ok(name.to_string());
    }
    let digits = name.strip_prefix(['+', '-']).unwrap_or(name);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(name.to_string());
    }
    let list = list_interfaces().map_err(|source| LiveError::Io {
        interface: name.to_string(),
        what: "listing the interfaces",
        source,
    })?;
    // An index too large for u64 is as invalid as any other beyond the list.
    let index = match digits.parse::<u64>() {
        Ok(n) if !name.starts_with('-') => n,
        Ok(_) => 0,
        Err(_) => u64::MAX,
    };
    usize::try_from(index)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| list.get(i))
        .map(|dev| dev.name.clone())
        .ok_or_else(|| LiveError::InvalidAdapterIndex {
            given: name.to_string(),
            listed: list.len(),
        })
}

/// `-D` output: `1.eth0 [Up, Running, Connected]`, one line each.
pub fn format_listing(list: &[InterfaceEntry]) -> String {
    let mut out = String::new();
    for (i, dev) in list.iter().enumerate() {
        let _ = write!(out, "{}.{}", i + 1, dev.name);
        if let Some(d) = &dev.description {
            let _ = write!(out, " ({d})");
        }
        let _ = writeln!(out, " [{}]", dev.flags_text());
    }
    out
}

/// How packets are read from an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `SOCK_RAW`: the packet as the driver sees it, with its link header.
    Raw,
    /// `SOCK_DGRAM`: the network-layer packet; we synthesize a cooked
    /// (`LINUX_SLL`/`LINUX_SLL2`) header in front of it.
    Cooked,
}

/// The link types an interface can be captured as (the first is the
/// default), and how each is read. `None` if the interface doesn't exist.
pub fn link_types(name: &str) -> Option<Vec<(LinkType, Framing)>> {
    const DOCSIS: LinkType = LinkType(143);
    if name == ANY {
        return Some(vec![
            (LinkType::LINUX_SLL, Framing::Cooked),
            (LinkType::LINUX_SLL2, Framing::Cooked),
        ]);
    }
    let t = hardware_type(name)?;
    Some(match t {
        arphrd::ETHER if !is_wifi(name) => {
            vec![(LinkType::ETHERNET, Framing::Raw), (DOCSIS, Framing::Raw)]
        }
        arphrd::ETHER | arphrd::LOOPBACK => vec![(LinkType::ETHERNET, Framing::Raw)],
        arphrd::NONE | arphrd::TUNNEL | arphrd::TUNNEL6 | arphrd::SIT => {
            vec![(LinkType::RAW, Framing::Raw)]
        }
        arphrd::IEEE80211 => vec![(LinkType::IEEE802_11, Framing::Raw)],
        arphrd::IEEE80211_RADIOTAP => vec![(LinkType::IEEE802_11_RADIO, Framing::Raw)],
        // Anything else: libpcap's fallback, cooked mode.
        _ => vec![
            (LinkType::LINUX_SLL, Framing::Cooked),
            (LinkType::LINUX_SLL2, Framing::Cooked),
        ],
    })
}

/// `-L` output, as tcpdump prints it.
pub fn format_link_types(name: &str, types: &[(LinkType, Framing)]) -> String {
    let mut out = format!("Data link types for {name} (use option -y to set):\n");
    for (lt, _) in types {
        let _ = write!(out, "  {}", lt);
        match lt.description() {
            Some(d) => {
                let _ = write!(out, " ({d})");
            }
            None => out.push_str(" (not supported)"),
        }
        // tcpdump marks the types it can't dissect.
        if lt.0 == 143 {
            out.push_str(" (printing not supported)");
        }
        out.push('\n');
    }
    out
}

/// Whether the interface is administratively up.
pub fn is_up(name: &str) -> Option<bool> {
    sys::interface_flags(name).ok().map(|f| f & IFF_UP != 0)
}

/// `rx_missed_errors + rx_fifo_errors`: what libpcap reports as drops by
/// the interface.
pub fn interface_drops(name: &str) -> u64 {
    ["rx_missed_errors", "rx_fifo_errors"]
        .iter()
        .filter_map(|f| sysfs(name, &format!("statistics/{f}"))?.parse::<u64>().ok())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(name: &str, up: bool, running: bool, loopback: bool, c: Connection) -> InterfaceEntry {
        InterfaceEntry {
            name: name.into(),
            description: None,
            up,
            running,
            loopback,
            wireless: false,
            connection: c,
        }
    }

    #[test]
    fn flags_read_as_tcpdump_prints_them() {
        assert_eq!(
            dev("eth0", true, true, false, Connection::Connected).flags_text(),
            "Up, Running, Connected"
        );
        assert_eq!(
            dev("lo", true, true, true, Connection::NotApplicable).flags_text(),
            "Up, Running, Loopback"
        );
        assert_eq!(
            dev("ifb0", false, false, false, Connection::NotApplicable).flags_text(),
            "none"
        );
        assert_eq!(
            dev("veth1", true, false, false, Connection::Disconnected).flags_text(),
            "Up, Disconnected"
        );
        assert_eq!(InterfaceEntry::any().flags_text(), "Up, Running");
    }

    #[test]
    fn merit_orders_running_before_any_before_loopback_before_down() {
        let eth = dev("eth0", true, true, false, Connection::Connected);
        let lo = dev("lo", true, true, true, Connection::NotApplicable);
        let down = dev("ifb0", false, false, false, Connection::NotApplicable);
        let any = InterfaceEntry::any();
        assert!(eth.figure_of_merit() < any.figure_of_merit());
        assert!(any.figure_of_merit() < lo.figure_of_merit());
        assert!(lo.figure_of_merit() < down.figure_of_merit());
    }

    #[test]
    fn listing_matches_tcpdump_on_this_machine() {
        // The oracle: tcpdump -D, restricted to what we list (network
        // interfaces and `any`; libpcap adds non-network capture sources).
        let Ok(out) = std::process::Command::new("tcpdump").arg("-D").output() else {
            eprintln!("skipped: tcpdump not installed");
            return;
        };
        let ours = list_interfaces().unwrap();
        let names: Vec<&str> = ours.iter().map(|d| d.name.as_str()).collect();
        let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let rest = l.split_once('.')?.1;
                let name = rest.split([' ', '[']).next()?;
                names.contains(&name).then(|| rest.to_string())
            })
            .collect();
        let ours_text: Vec<String> = format_listing(&ours)
            .lines()
            .map(|l| l.split_once('.').unwrap().1.to_string())
            .collect();
        assert_eq!(ours_text, theirs);
    }
}

/// The time stamp types libpcap names (`-j`), with their descriptions.
pub const TIME_STAMP_TYPES: &[(&str, &str)] = &[
    ("host", "Host"),
    ("host_lowprec", "Host, low precision"),
    ("host_hiprec", "Host, high precision"),
    ("adapter", "Adapter"),
    ("adapter_unsynced", "Adapter, not synced with system time"),
    (
        "host_hiprec_unsynced",
        "Host, high precision, not synced with system time",
    ),
];

/// The time stamp types an interface offers (`-J`), as libpcap lists them
/// on Linux: the adapter's own kinds when its driver time-stamps every
/// packet it receives, else only the host's.
pub fn time_stamp_types(name: &str) -> Vec<&'static str> {
    const SOF_TIMESTAMPING_SOFTWARE: u32 = 1 << 4;
    const SOF_TIMESTAMPING_SYS_HARDWARE: u32 = 1 << 5;
    const SOF_TIMESTAMPING_RAW_HARDWARE: u32 = 1 << 6;
    const HWTSTAMP_FILTER_ALL: u32 = 1;
    let mut types = Vec::new();
    if let Some((caps, rx_filters)) = sys::ethtool_ts_info(name) {
        if rx_filters & (1 << HWTSTAMP_FILTER_ALL) != 0 {
            for (bit, kind) in [
                (SOF_TIMESTAMPING_SOFTWARE, "host"),
                (SOF_TIMESTAMPING_SYS_HARDWARE, "adapter"),
                (SOF_TIMESTAMPING_RAW_HARDWARE, "adapter_unsynced"),
            ] {
                if caps & bit != 0 {
                    types.push(kind);
                }
            }
        }
    }
    if types.is_empty() {
        types.push("host");
    }
    types
}

/// `-J`: the listing of [`time_stamp_types`].
pub fn format_time_stamp_types(name: &str, types: &[&str]) -> String {
    let mut out = format!("Time stamp types for {name} (use option -j to set):\n");
    for t in types {
        let description = TIME_STAMP_TYPES
            .iter()
            .find(|(n, _)| n == t)
            .map_or("", |(_, d)| *d);
        let _ = writeln!(out, "  {t} ({description})");
    }
    out
}

/// Whether an interface can capture in monitor mode (`-I`): an 802.11
/// interface, which bpfdump cannot switch to monitor mode itself.
pub fn is_wireless(name: &str) -> bool {
    is_wifi(name) || std::path::Path::new(&format!("/sys/class/net/{name}/phy80211")).exists()
}
