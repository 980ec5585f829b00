//! Test scaffolding for live capture: a pair of network namespaces joined
//! by a veth pair (created here, removed on drop, also when a test fails),
//! traffic sent only inside them, the bpfdump binary run inside one, and a
//! small pcap reader to check what it wrote.
#![allow(dead_code)]

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_bpfdump");

/// True if we may create namespaces; otherwise print why the test is
/// skipped.
pub fn root_or_skip(test: &str) -> bool {
    let root = nix::unistd::geteuid().is_root();
    if !root {
        eprintln!("{test}: skipped: not root");
    }
    root
}

pub fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn run(cmd: &[&str]) -> Result<(), String> {
    let out = Command::new(cmd[0])
        .args(&cmd[1..])
        .output()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Two namespaces `a` and `b`, with `va` in `a` and `vb` in `b` joined by
/// a veth pair: 10.199.1.1 (02:00:00:00:01:01) ↔ 10.199.1.2
/// (02:00:00:00:01:02). IPv6 is off and neighbours are static, so the only
/// packets on the link are the ones a test sends.
pub struct NetPair {
    pub a: String,
    pub b: String,
}

pub const IP_A: Ipv4Addr = Ipv4Addr::new(10, 199, 1, 1);
pub const IP_B: Ipv4Addr = Ipv4Addr::new(10, 199, 1, 2);
pub const MAC_A: [u8; 6] = [2, 0, 0, 0, 1, 1];
pub const MAC_B: [u8; 6] = [2, 0, 0, 0, 1, 2];

impl NetPair {
    pub fn new() -> NetPair {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let base = format!("bpfdump-test-{}-{n}", std::process::id());
        let pair = NetPair {
            a: format!("{base}-a"),
            b: format!("{base}-b"),
        };
        // From here on, Drop removes whatever was created.
        pair.setup()
            .unwrap_or_else(|e| panic!("setting up namespaces: {e}"));
        pair
    }

    fn setup(&self) -> Result<(), String> {
        for ns in [&self.a, &self.b] {
            run(&["ip", "netns", "add", ns])?;
            run(&[
                "ip",
                "netns",
                "exec",
                ns,
                "sysctl",
                "-qw",
                "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1",
            ])?;
            run(&["ip", "-n", ns, "link", "set", "lo", "up"])?;
        }
        run(&[
            "ip",
            "-n",
            &self.a,
            "link",
            "add",
            "va",
            "address",
            "02:00:00:00:01:01",
            "type",
            "veth",
            "peer",
            "name",
            "vb",
            "address",
            "02:00:00:00:01:02",
            "netns",
            &self.b,
        ])?;
        run(&[
            "ip",
            "-n",
            &self.a,
            "addr",
            "add",
            "10.199.1.1/24",
            "dev",
            "va",
        ])?;
        run(&[
            "ip",
            "-n",
            &self.b,
            "addr",
            "add",
            "10.199.1.2/24",
            "dev",
            "vb",
        ])?;
        run(&["ip", "-n", &self.a, "link", "set", "va", "up"])?;
        run(&["ip", "-n", &self.b, "link", "set", "vb", "up"])?;
        run(&[
            "ip",
            "-n",
            &self.a,
            "neigh",
            "add",
            "10.199.1.2",
            "lladdr",
            "02:00:00:00:01:02",
            "dev",
            "va",
            "nud",
            "permanent",
        ])?;
        run(&[
            "ip",
            "-n",
            &self.b,
            "neigh",
            "add",
            "10.199.1.1",
            "lladdr",
            "02:00:00:00:01:01",
            "dev",
            "vb",
            "nud",
            "permanent",
        ])?;
        Ok(())
    }

    /// Delete the veth pair (both ends), as if the NIC went away.
    pub fn delete_link(&self) {
        run(&["ip", "-n", &self.a, "link", "del", "va"]).expect("delete veth");
    }

    /// The interface index of `iface` inside namespace `ns`.
    pub fn ifindex(&self, ns: &str, iface: &str) -> u32 {
        let iface = iface.to_string();
        in_netns(ns, move || {
            nix::net::if_::if_nametoindex(iface.as_str()).expect("ifindex")
        })
    }

    /// Bound UDP sockets in each namespace, so that datagrams are received
    /// (no ICMP port unreachable replies add to the traffic).
    pub fn udp_socket(&self, ns: &str, ip: Ipv4Addr, port: u16) -> UdpSocket {
        in_netns(ns, move || {
            let s = UdpSocket::bind(SocketAddrV4::new(ip, port)).expect("bind udp");
            s.set_nonblocking(true).ok();
            s
        })
    }

    /// Run `bpfdump ARGS` inside namespace `ns`.
    pub fn spawn_bpfdump(&self, ns: &str, args: &[&str]) -> Running {
        self.spawn(ns, BIN, args)
    }

    pub fn spawn(&self, ns: &str, program: &str, args: &[&str]) -> Running {
        let child = Command::new("ip")
            .args(["netns", "exec", ns, program])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn capture");
        Running::new(child)
    }

    /// tcpdump writing what it captures on `interface` in `ns` to `path`
    /// (with `filter`, if any), once it listens: the reference run beside
    /// ours. None when tcpdump is not installed.
    pub fn spawn_tcpdump_writer(
        &self,
        ns: &str,
        interface: &str,
        path: &Path,
        filter: Option<&str>,
    ) -> Option<Running> {
        if !have("tcpdump") {
            return None;
        }
        let path = path.to_str().unwrap();
        let mut args = vec!["--immediate-mode", "-i", interface, "-w", path];
        args.extend(filter);
        let mut t = self.spawn(ns, "tcpdump", &args);
        t.wait_listening();
        Some(t)
    }
}

impl Drop for NetPair {
    fn drop(&mut self) {
        // Deleting a namespace deletes the interfaces in it.
        for ns in [&self.a, &self.b] {
            let _ = run(&["ip", "netns", "del", ns]);
        }
    }
}

/// Run `f` on a thread that has entered network namespace `ns`; sockets it
/// creates stay in that namespace.
pub fn in_netns<T: Send + 'static>(ns: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let path = format!("/run/netns/{ns}");
    std::thread::spawn(move || {
        let file = File::open(&path).expect("open netns");
        // SAFETY: setns(2) on a valid namespace descriptor; it switches
        // only this (short-lived) thread.
        let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
        assert_eq!(rc, 0, "setns: {}", std::io::Error::last_os_error());
        f()
    })
    .join()
    .expect("thread in netns")
}

/// A running capture, its stderr collected as it comes.
pub struct Running {
    pub child: Child,
    stderr: Arc<Mutex<String>>,
    /// Ends at the stderr pipe's EOF.
    stderr_reader: Option<std::thread::JoinHandle<()>>,
    stdout: Option<std::thread::JoinHandle<Vec<u8>>>,
}

impl Running {
    fn new(mut child: Child) -> Running {
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        let stderr_reader = Some(std::thread::spawn(move || {
            let mut reader = BufReader::new(err_pipe);
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        }));
        let mut out_pipe = child.stdout.take().expect("stdout");
        let stdout = Some(std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = out_pipe.read_to_end(&mut v);
            v
        }));
        Running {
            child,
            stderr,
            stderr_reader,
            stdout,
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Wait until the capture says it is listening (or fail the test).
    pub fn wait_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.stderr().contains("listening on") {
                // The socket is bound before the message is printed.
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("capture exited early ({status}): {}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("capture never started: {}", self.stderr());
    }

    pub fn signal(&self, sig: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        let _ = nix::sys::signal::kill(pid, sig);
    }

    /// Wait for the process to end (killing it after `limit`), returning
    /// its status, stdout and stderr.
    pub fn finish(mut self, limit: Duration) -> (ExitStatus, Vec<u8>, String) {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                break s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let s = self.child.wait().expect("wait");
                panic!("capture did not end in time ({s}): {}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let out = self.stdout.take().unwrap().join().unwrap_or_default();
        // Everything written to stderr has been read once the reader sees
        // EOF (a loaded machine can take a while to get there; a fixed
        // pause lost the message of a process that had just exited).
        if let Some(reader) = self.stderr_reader.take() {
            let deadline = Instant::now() + Duration::from_secs(5);
            while !reader.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        (status, out, self.stderr())
    }

    /// SIGINT, then wait.
    pub fn interrupt(self) -> (ExitStatus, Vec<u8>, String) {
        self.signal(nix::sys::signal::Signal::SIGINT);
        self.finish(Duration::from_secs(10))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One record of a pcap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub secs: u32,
    pub frac: u32,
    pub wire_len: u32,
    pub data: Vec<u8>,
}

/// A pcap file: link type, snapshot length, records.
#[derive(Debug)]
pub struct PcapFile {
    pub linktype: u32,
    pub snaplen: u32,
    pub nanos: bool,
    pub records: Vec<Record>,
}

/// Read a little- or big-endian pcap file, failing on anything malformed
/// (including a truncated last record).
pub fn read_pcap(path: &Path) -> PcapFile {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() >= 24,
        "pcap header truncated ({} bytes)",
        bytes.len()
    );
    let magic = u32::from_le_bytes(bytes[0..4].try_into().unwrap());
    let (le, nanos) = match magic {
        0xa1b2c3d4 => (true, false),
        0xa1b23c4d => (true, true),
        0xd4c3b2a1 => (false, false),
        0x4d3cb2a1 => (false, true),
        m => panic!("bad pcap magic {m:#x}"),
    };
    let u32_at = |o: usize| {
        let b: [u8; 4] = bytes[o..o + 4].try_into().unwrap();
        if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let mut records = Vec::new();
    let mut off = 24;
    while off < bytes.len() {
        assert!(off + 16 <= bytes.len(), "record header truncated");
        let caplen = u32_at(off + 8) as usize;
        assert!(off + 16 + caplen <= bytes.len(), "record data truncated");
        records.push(Record {
            secs: u32_at(off),
            frac: u32_at(off + 4),
            wire_len: u32_at(off + 12),
            data: bytes[off + 16..off + 16 + caplen].to_vec(),
        });
        off += 16 + caplen;
    }
    PcapFile {
        linktype: u32_at(20),
        snaplen: u32_at(16),
        nanos,
        records,
    }
}

/// The UDP payload of an Ethernet/IPv4/UDP frame (`offset`: where the IP
/// header starts), with its ports, if it is one.
pub fn udp_of(frame: &[u8], offset: usize) -> Option<(u16, u16, &[u8])> {
    let ip = frame.get(offset..)?;
    if ip.len() < 28 || ip[0] >> 4 != 4 || ip[9] != 17 {
        return None;
    }
    let ihl = usize::from(ip[0] & 0xf) * 4;
    let udp = ip.get(ihl..)?;
    let src = u16::from_be_bytes([udp[0], udp[1]]);
    let dst = u16::from_be_bytes([udp[2], udp[3]]);
    Some((src, dst, udp.get(8..)?))
}

/// The statistics block at the end of stderr, as numbers:
/// (captured, received by filter, dropped by kernel).
pub fn parse_stats(stderr: &str) -> Option<(u64, u64, u64)> {
    let num = |suffix: &str| -> Option<u64> {
        stderr
            .lines()
            .find(|l| l.ends_with(suffix))?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    };
    Some((
        num("captured")?,
        num("received by filter")?,
        num("dropped by kernel")?,
    ))
}

/// Send `count` datagrams from `from` to `to`, each with payload
/// `"{tag}-{i}"`, a little apart so that nothing is lost to socket
/// buffers.
pub fn send_numbered(from: &UdpSocket, to: SocketAddrV4, tag: &str, count: usize) {
    for i in 0..count {
        let payload = format!("{tag}-{i}");
        from.send_to(payload.as_bytes(), to).expect("send");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Send raw Ethernet `frames` out of `iface` in namespace `ns` through an
/// `AF_PACKET` socket (for frames the IP stack would not build, such as
/// 802.1Q-tagged ones).
pub fn send_raw_frames(ns: &str, iface: &str, frames: Vec<Vec<u8>>) {
    let iface = iface.to_string();
    in_netns(ns, move || {
        let ifindex = nix::net::if_::if_nametoindex(iface.as_str()).expect("ifindex");
        // SAFETY: plain socket(2) call; the descriptor is closed below.
        let fd = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW, 0) };
        assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
        // SAFETY: sockaddr_ll is plain data, valid when zeroed.
        let mut addr: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
        addr.sll_family = libc::AF_PACKET as u16;
        addr.sll_ifindex = ifindex as i32;
        addr.sll_halen = 6;
        for frame in &frames {
            // SAFETY: `frame` and `addr` are valid for the lengths given.
            let n = unsafe {
                libc::sendto(
                    fd,
                    frame.as_ptr().cast(),
                    frame.len(),
                    0,
                    (&addr as *const libc::sockaddr_ll).cast(),
                    std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t,
                )
            };
            assert_eq!(
                n,
                frame.len() as isize,
                "sendto: {}",
                std::io::Error::last_os_error()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        // SAFETY: `fd` is ours and not used after this.
        unsafe { libc::close(fd) };
    });
}

/// An 802.1Q-tagged Ethernet/IPv4/UDP frame from A to B.
pub fn vlan_frame(vid: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&MAC_B);
    f.extend_from_slice(&MAC_A);
    f.extend_from_slice(&[0x81, 0x00]);
    f.extend_from_slice(&vid.to_be_bytes());
    f.extend_from_slice(&[0x08, 0x00]);
    let total = (20 + 8 + payload.len()) as u16;
    let mut ip = vec![0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0];
    ip[2..4].copy_from_slice(&total.to_be_bytes());
    ip.extend_from_slice(&IP_A.octets());
    ip.extend_from_slice(&IP_B.octets());
    let sum = {
        let mut s: u32 = ip
            .chunks(2)
            .map(|c| u32::from(u16::from_be_bytes([c[0], c[1]])))
            .sum();
        while s > 0xffff {
            s = (s & 0xffff) + (s >> 16);
        }
        !(s as u16)
    };
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    f.extend_from_slice(&ip);
    f.extend_from_slice(&4000u16.to_be_bytes());
    f.extend_from_slice(&40001u16.to_be_bytes());
    f.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(payload);
    f
}
