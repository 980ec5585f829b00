//! The few system calls live capture needs, each wrapped once so that the
//! rest of the module is safe code. Every `unsafe` block in `live` is here
//! or in `ring.rs`.

use crate::cbpf::Insn;
use std::ffi::CString;
use std::io;
use std::mem::{size_of, zeroed};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// `ETH_P_ALL` in network byte order, as `socket(2)` and `bind(2)` want it.
pub const ETH_P_ALL_BE: u16 = (libc::ETH_P_ALL as u16).to_be();

/// `SIOCETHTOOL` command asking for the link state.
const ETHTOOL_GLINK: u32 = 0x0000_000a;

fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// `socket(AF_PACKET, kind, protocol)`. `protocol` 0 means the socket
/// receives nothing until it is bound with a protocol, which lets us attach
/// the filter before the first packet can arrive.
pub fn packet_socket(kind: libc::c_int, protocol: u16) -> io::Result<OwnedFd> {
    // SAFETY: plain system call with integer arguments; on success the
    // returned descriptor is new and owned by nobody else.
    let fd = check(unsafe {
        libc::socket(
            libc::AF_PACKET,
            kind | libc::SOCK_CLOEXEC,
            libc::c_int::from(protocol),
        )
    })?;
    // SAFETY: `fd` was just returned by socket(2) and is owned here only.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `setsockopt(fd, level, name, &value, sizeof value)` for a plain-old-data
/// value.
pub fn setsockopt<T: Copy>(
    fd: &impl AsRawFd,
    level: libc::c_int,
    name: libc::c_int,
    value: &T,
) -> io::Result<()> {
    // SAFETY: `value` points to `size_of::<T>()` readable bytes for the
    // duration of the call; `T: Copy` types here are C structs or integers.
    check(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (value as *const T).cast(),
            size_of::<T>() as libc::socklen_t,
        )
    })?;
    Ok(())
}

/// `getsockopt` into a plain-old-data value.
pub fn getsockopt<T: Copy>(
    fd: &impl AsRawFd,
    level: libc::c_int,
    name: libc::c_int,
) -> io::Result<T> {
    // SAFETY: the types read this way (integers, `tpacket_stats_v3`) are
    // valid for any bit pattern, including all zeroes.
    let mut value: T = unsafe { zeroed() };
    let mut len = size_of::<T>() as libc::socklen_t;
    // SAFETY: `value` is a writable buffer of `len` bytes.
    check(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&mut value as *mut T).cast(),
            &mut len,
        )
    })?;
    Ok(value)
}

/// Attach a classic BPF program to the socket (`SO_ATTACH_FILTER`).
pub fn attach_filter(fd: &impl AsRawFd, program: &[Insn]) -> io::Result<()> {
    let fprog = libc::sock_fprog {
        len: program.len() as u16,
        // `Insn` is `#[repr(C)]` with exactly the layout of `sock_filter`.
        filter: program.as_ptr() as *mut libc::sock_filter,
    };
    setsockopt(fd, libc::SOL_SOCKET, libc::SO_ATTACH_FILTER, &fprog)
}

/// Bind the packet socket to `ifindex` (0: all interfaces) for `protocol`
/// (network byte order).
pub fn bind_packet(fd: &impl AsRawFd, ifindex: i32, protocol_be: u16) -> io::Result<()> {
    // SAFETY: sockaddr_ll is plain data, valid when zeroed.
    let mut addr: libc::sockaddr_ll = unsafe { zeroed() };
    addr.sll_family = libc::AF_PACKET as u16;
    addr.sll_protocol = protocol_be;
    addr.sll_ifindex = ifindex;
    // SAFETY: `addr` is a properly initialised sockaddr_ll and its size is
    // passed along.
    check(unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&addr as *const libc::sockaddr_ll).cast(),
            size_of::<libc::sockaddr_ll>() as libc::socklen_t,
        )
    })?;
    Ok(())
}

/// Wait until `fd` is readable or has an error, for at most `timeout_ms`
/// (negative: forever). Returns the `revents` bits, 0 on timeout; EINTR is
/// returned as an error so that the caller can look at its stop flag.
pub fn poll_one(fd: RawFd, timeout_ms: i32) -> io::Result<i16> {
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN | libc::POLLERR,
        revents: 0,
    };
    // SAFETY: one valid pollfd structure, count 1.
    let n = check(unsafe { libc::poll(&mut pfd, 1, timeout_ms) })?;
    Ok(if n == 0 { 0 } else { pfd.revents })
}

/// The pending error of a socket (`SO_ERROR`), which also clears it.
pub fn socket_error(fd: &impl AsRawFd) -> io::Result<i32> {
    getsockopt::<libc::c_int>(fd, libc::SOL_SOCKET, libc::SO_ERROR)
}

/// A shared read-write mapping of the receive ring.
pub struct Mapping {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the mapping is plain memory; access to its blocks is coordinated
// with the kernel through the block status words, and the owning `Ring` is
// only used from one thread at a time.
unsafe impl Send for Mapping {}

impl Mapping {
    pub fn new(fd: &impl AsRawFd, len: usize) -> io::Result<Mapping> {
        // SAFETY: a fresh shared mapping of the socket's ring; the kernel
        // validates `len` against the ring it set up.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_LOCKED,
                fd.as_raw_fd(),
                0,
            )
        };
        let ptr = if ptr == libc::MAP_FAILED {
            // MAP_LOCKED can fail under a low RLIMIT_MEMLOCK; try without.
            // SAFETY: as above.
            let again = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_SHARED,
                    fd.as_raw_fd(),
                    0,
                )
            };
            if again == libc::MAP_FAILED {
                return Err(io::Error::last_os_error());
            }
            again
        } else {
            ptr
        };
        Ok(Mapping {
            ptr: ptr.cast(),
            len,
        })
    }

    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr
    }

    pub fn len(&self) -> usize {
        self.len
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: `ptr`/`len` describe a mapping made by `Mapping::new`
        // that nothing refers to any more (borrows of it end with `self`).
        unsafe {
            libc::munmap(self.ptr.cast(), self.len);
        }
    }
}

/// An `ifreq` with the interface name filled in.
fn ifreq_for(name: &str) -> io::Result<libc::ifreq> {
    let c = CString::new(name).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let bytes = c.as_bytes_with_nul();
    if bytes.len() > libc::IFNAMSIZ {
        return Err(io::Error::from_raw_os_error(libc::ENODEV));
    }
    // SAFETY: ifreq is plain data, valid when zeroed.
    let mut ifr: libc::ifreq = unsafe { zeroed() };
    for (dst, &src) in ifr.ifr_name.iter_mut().zip(bytes) {
        *dst = src as libc::c_char;
    }
    Ok(ifr)
}

/// A datagram socket for interface ioctls (needs no privilege).
fn ioctl_socket() -> io::Result<OwnedFd> {
    // SAFETY: plain system call; the new descriptor is owned here only.
    let fd =
        check(unsafe { libc::socket(libc::AF_UNIX, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) })?;
    // SAFETY: `fd` was just returned by socket(2).
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// The interface flags (`IFF_UP`, `IFF_RUNNING`, ...) as `SIOCGIFFLAGS`
/// reports them (sysfs lacks the computed `IFF_RUNNING`).
pub fn interface_flags(name: &str) -> io::Result<u32> {
    let sock = ioctl_socket()?;
    let mut ifr = ifreq_for(name)?;
    // SAFETY: SIOCGIFFLAGS reads the name from and writes the flags into
    // `ifr`, a valid ifreq.
    check(unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCGIFFLAGS, &mut ifr) })?;
    // SAFETY: after SIOCGIFFLAGS the union holds `ifru_flags`.
    let flags = unsafe { ifr.ifr_ifru.ifru_flags };
    Ok(flags as u16 as u32)
}

/// The `ARPHRD_*` hardware type of an interface (`SIOCGIFHWADDR`), which
/// works in any network namespace, unlike sysfs, which shows the namespace
/// it was mounted in.
pub fn hardware_type(name: &str) -> io::Result<u16> {
    let sock = ioctl_socket()?;
    let mut ifr = ifreq_for(name)?;
    // SAFETY: SIOCGIFHWADDR reads the name from and writes the hardware
    // address into `ifr`, a valid ifreq.
    check(unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCGIFHWADDR, &mut ifr) })?;
    // SAFETY: after SIOCGIFHWADDR the union holds `ifru_hwaddr`.
    Ok(unsafe { ifr.ifr_ifru.ifru_hwaddr.sa_family })
}

/// The link state from the driver (`ETHTOOL_GLINK`): `Ok(Some(up))`, or
/// `Ok(None)` when the driver doesn't report one.
pub fn ethtool_link(name: &str) -> io::Result<Option<bool>> {
    #[repr(C)]
    struct EthtoolValue {
        cmd: u32,
        data: u32,
    }
    let sock = ioctl_socket()?;
    let mut ifr = ifreq_for(name)?;
    let mut value = EthtoolValue {
        cmd: ETHTOOL_GLINK,
        data: 0,
    };
    ifr.ifr_ifru.ifru_data = (&mut value as *mut EthtoolValue).cast();
    // SAFETY: SIOCETHTOOL with ETHTOOL_GLINK writes one `ethtool_value`
    // through `ifru_data`, which points to `value`, alive for the call.
    let ret = unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCETHTOOL, &mut ifr) };
    if ret < 0 {
        let err = io::Error::last_os_error();
        return match err.raw_os_error() {
            Some(libc::EOPNOTSUPP) | Some(libc::EINVAL) => Ok(None),
            _ => Err(err),
        };
    }
    Ok(Some(value.data != 0))
}

/// What a driver says of its time stamping (`ETHTOOL_GET_TS_INFO`): the
/// `SOF_TIMESTAMPING_*` capabilities and the receive filters (bit `n` for
/// `HWTSTAMP_FILTER_n`); `None` when the interface or driver can't say.
pub fn ethtool_ts_info(name: &str) -> Option<(u32, u32)> {
    #[repr(C)]
    #[derive(Default)]
    struct EthtoolTsInfo {
        cmd: u32,
        so_timestamping: u32,
        phc_index: i32,
        tx_types: u32,
        tx_reserved: [u32; 3],
        rx_filters: u32,
        rx_reserved: [u32; 3],
    }
    const ETHTOOL_GET_TS_INFO: u32 = 0x41;
    let sock = ioctl_socket().ok()?;
    let mut ifr = ifreq_for(name).ok()?;
    let mut info = EthtoolTsInfo {
        cmd: ETHTOOL_GET_TS_INFO,
        ..Default::default()
    };
    ifr.ifr_ifru.ifru_data = (&mut info as *mut EthtoolTsInfo).cast();
    // SAFETY: SIOCETHTOOL with ETHTOOL_GET_TS_INFO writes one
    // `ethtool_ts_info` through `ifru_data`, which points to `info`, alive
    // for the call and laid out as the kernel's struct.
    let ret = unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCETHTOOL, &mut ifr) };
    (ret >= 0).then_some((info.so_timestamping, info.rx_filters))
}

/// The user `-Z` names, looked up: what to switch to after opening the
/// capture (and, as tcpdump does, to give the output file to).
#[derive(Debug, Clone)]
pub struct Account {
    pub name: String,
    pub uid: nix::unistd::Uid,
    pub gid: nix::unistd::Gid,
}

impl Account {
    /// Look `user` up (tcpdump's message when there is no such user).
    pub fn lookup(user: &str) -> Result<Account, String> {
        let shown = crate::quote::user_text(user);
        let entry = nix::unistd::User::from_name(user)
            .map_err(|e| format!("Couldn't find user '{shown}': {e}"))?
            .ok_or_else(|| format!("Couldn't find user '{shown}'"))?;
        Ok(Account {
            name: user.to_string(),
            uid: entry.uid,
            gid: entry.gid,
        })
    }

    /// Give the open file `file` to this user and its group.
    pub fn give(&self, file: &std::fs::File) -> io::Result<()> {
        nix::unistd::fchown(file.as_raw_fd(), Some(self.uid), Some(self.gid))
            .map_err(io::Error::from)
    }

    /// Switch to this user for good: groups, then group, then user.
    pub fn switch_to(&self) -> Result<(), String> {
        use nix::unistd::{setgid, setgroups, setuid};
        setgroups(&[self.gid])
            .and_then(|_| setgid(self.gid))
            .and_then(|_| setuid(self.uid))
            .map_err(|e| {
                format!(
                    "Couldn't change to '{}' uid={} gid={}: {e}",
                    crate::quote::user_text(&self.name),
                    self.uid,
                    self.gid
                )
            })
    }
}

/// Switch to another user for `-Z`: groups, then group, then user.
pub fn drop_privileges(user: &str) -> Result<(), String> {
    Account::lookup(user)?.switch_to()
}
