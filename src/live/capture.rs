//! One capturing `AF_PACKET` socket with its ring.

use super::cooked;
use super::interfaces::{self, Framing, ANY};
use super::ring::{Frame, Ring, RingGeometry};
use super::sys;
use super::{Direction, LiveError, Stats};
use crate::cbpf::{op, Insn, Program};
use crate::engine::PacketFilter;
use crate::packet::{PacketRef, Timestamp};
use crate::LinkType;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

/// The interface and link type a capture will use, known before the filter
/// is compiled (the filter depends on the link type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub interface: String,
    /// 0 for `any`.
    pub ifindex: i32,
    pub linktype: LinkType,
    pub framing: Framing,
}

impl Link {
    /// Look up `interface` and choose its link type: `requested` (from
    /// `-y`) if the interface offers it, else its default (`LINUX_SLL2` for
    /// `any`, as tcpdump 4.99 chooses).
    pub fn resolve(interface: &str, requested: Option<LinkType>) -> Result<Link, LiveError> {
        let no_such = || LiveError::NoSuchDevice(interface.to_string());
        let ifindex = if interface == ANY {
            0
        } else {
            nix::net::if_::if_nametoindex(interface).map_err(|_| no_such())? as i32
        };
        let types = interfaces::link_types(interface).ok_or_else(no_such)?;
        let (linktype, framing) = match requested {
            Some(want) => *types.iter().find(|(t, _)| *t == want).ok_or_else(|| {
                LiveError::LinkTypeNotSupported {
                    interface: interface.to_string(),
                    linktype: want,
                }
            })?,
            None if interface == ANY => (LinkType::LINUX_SLL2, Framing::Cooked),
            None => types[0],
        };
        Ok(Link {
            interface: interface.to_string(),
            ifindex,
            linktype,
            framing,
        })
    }

    /// The program the kernel should run for a filter compiled for this
    /// link type, or `None` if it can only run in user space.
    pub fn kernel_program(&self, program: &[Insn]) -> Option<Program> {
        match self.framing {
            Framing::Raw if self.linktype == LinkType::ETHERNET && reads_vlan_tags(program) => None,
            Framing::Raw => Some(program.to_vec()),
            Framing::Cooked => cooked::kernel_program(program, self.linktype),
        }
    }
}

/// Whether a program looks for 802.1Q/802.1ad tags in the packet bytes
/// (compares a value with a VLAN TPID) without using the kernel's VLAN
/// ancillary fields. The kernel strips tags into metadata before packet
/// sockets see the frame, so such a program must run in user space, where
/// the tags are put back in place.
pub fn reads_vlan_tags(program: &[Insn]) -> bool {
    const TPIDS: [u32; 3] = [0x8100, 0x88a8, 0x9100];
    let ancillary = [op::SKF_AD_VLAN_TAG, op::SKF_AD_VLAN_TAG_PRESENT].map(|f| op::SKF_AD_OFF + f);
    let uses_ancillary = program
        .iter()
        .any(|i| i.class() == op::LD && op::mode(i.code) == op::ABS && ancillary.contains(&i.k));
    let compares_tpid = program
        .iter()
        .any(|i| i.class() == op::JMP && op::src(i.code) == op::K && TPIDS.contains(&i.k));
    compares_tpid && !uses_ancillary
}

/// Where the filter runs.
pub enum FilterPlan {
    /// No filter: everything is captured.
    AcceptAll,
    /// In the kernel (already rewritten with [`Link::kernel_program`] and
    /// checked by the classic verifier).
    Kernel(Program),
    /// In user space, on every packet the kernel delivers.
    UserSpace(Box<dyn PacketFilter>),
}

/// Everything that shapes a capture besides the filter.
#[derive(Debug, Clone)]
pub struct CaptureConfig {
    pub snaplen: u32,
    pub promiscuous: bool,
    pub direction: Direction,
    /// Total ring size in bytes (`-B` KiB × 1024).
    pub buffer_bytes: usize,
    /// Deliver each packet as soon as possible (`--immediate-mode`).
    pub immediate: bool,
    /// Join this `PACKET_FANOUT` group (hash mode) after binding.
    pub fanout_group: Option<u16>,
}

impl Default for CaptureConfig {
    fn default() -> Self {
        CaptureConfig {
            snaplen: crate::DEFAULT_SNAPLEN,
            promiscuous: true,
            direction: Direction::InOut,
            buffer_bytes: super::DEFAULT_BUFFER_BYTES,
            immediate: false,
            fanout_group: None,
        }
    }
}

/// What one wait for packets produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Some blocks were read (the callback may have seen no packet, if the
    /// user-space filter rejected them all).
    Delivered,
    /// Nothing arrived within the timeout, or a signal interrupted the
    /// wait.
    Idle,
    /// The callback asked to stop.
    Stopped,
}

/// An open capture: socket, ring, and what is needed to turn ring frames
/// into packets.
pub struct Capture {
    link: Link,
    config: CaptureConfig,
    user_filter: Option<Box<dyn PacketFilter>>,
    ring: Ring,
    // Declared after `ring` so the mapping goes before the socket.
    socket: OwnedFd,
    stats: Stats,
    if_drops_at_open: u64,
    /// A failure seen on the socket, reported once the blocks the kernel
    /// still retires after it have been read.
    pending_failure: Option<(LiveError, std::time::Instant)>,
    /// Set while the interface is down (the socket said `ENETDOWN`): when
    /// it was last checked for having been removed.
    down_checked: Option<std::time::Instant>,
}

impl Capture {
    /// Open the socket, attach the filter, set up the ring and bind; no
    /// packet reaches the ring before the filter is in place, because the
    /// socket is created with protocol 0 and only bound (which starts
    /// delivery) once the filter is attached.
    pub fn open(
        link: &Link,
        config: &CaptureConfig,
        plan: FilterPlan,
    ) -> Result<Capture, LiveError> {
        let iface = || link.interface.clone();
        let kind = match link.framing {
            Framing::Raw => libc::SOCK_RAW,
            Framing::Cooked => libc::SOCK_DGRAM,
        };
        let socket = sys::packet_socket(kind, 0).map_err(|e| match e.raw_os_error() {
            Some(libc::EPERM) | Some(libc::EACCES) => LiveError::PermissionDenied(iface()),
            _ => LiveError::Io {
                interface: iface(),
                what: "socket",
                source: e,
            },
        })?;
        let io_err = |what: &'static str| {
            let interface = iface();
            move |source: io::Error| LiveError::Io {
                interface,
                what,
                source,
            }
        };

        if link.ifindex != 0 && interfaces::is_up(&link.interface) == Some(false) {
            return Err(LiveError::NotUp(iface()));
        }

        let version = libc::tpacket_versions::TPACKET_V3 as libc::c_int;
        sys::setsockopt(&socket, libc::SOL_PACKET, libc::PACKET_VERSION, &version)
            .map_err(io_err("setsockopt(PACKET_VERSION)"))?;
        // Room in front of each packet for a cooked header or a VLAN tag
        // (the kernel adds it to the headroom it leaves anyway).
        let reserve = match link.framing {
            Framing::Raw => 4,
            Framing::Cooked => cooked::SLL2_HDR_LEN as libc::c_uint,
        };
        sys::setsockopt(&socket, libc::SOL_PACKET, libc::PACKET_RESERVE, &reserve)
            .map_err(io_err("setsockopt(PACKET_RESERVE)"))?;
        if config.direction == Direction::In {
            let one: libc::c_int = 1;
            // Older kernels lack it; the filter check below still applies.
            let _ = sys::setsockopt(
                &socket,
                libc::SOL_PACKET,
                libc::PACKET_IGNORE_OUTGOING,
                &one,
            );
        }

        let snaplen = config.snaplen.max(1);
        let (kernel, user_filter) = match plan {
            FilterPlan::AcceptAll => (vec![Insn::stmt(op::RET | op::K, snaplen)], None),
            FilterPlan::Kernel(p) => (p, None),
            FilterPlan::UserSpace(f) => (vec![Insn::stmt(op::RET | op::K, snaplen)], Some(f)),
        };
        let kernel = match config.direction {
            Direction::InOut => kernel,
            Direction::In => cooked::prepend_direction_check(&kernel, false),
            Direction::Out => cooked::prepend_direction_check(&kernel, true),
        };
        sys::attach_filter(&socket, &kernel).map_err(|e| LiveError::FilterRejected {
            interface: iface(),
            source: e,
        })?;

        // A frame holds at most the snapshot length, and never more than
        // the largest packet the stack builds (64 KiB GSO) plus headers.
        let max_frame = (snaplen as usize).min(65536 + 64) + cooked::SLL2_HDR_LEN + 4;
        let timeout = if config.immediate {
            1
        } else {
            super::BLOCK_TIMEOUT_MS
        };
        let geometry = RingGeometry::for_buffer(config.buffer_bytes, max_frame, timeout);
        let ring = Ring::new(&socket, geometry).map_err(io_err("setting up the receive ring"))?;

        sys::bind_packet(&socket, link.ifindex, sys::ETH_P_ALL_BE).map_err(|e| {
            match e.raw_os_error() {
                Some(libc::ENODEV) | Some(libc::ENXIO) => LiveError::NoSuchDevice(iface()),
                Some(libc::ENETDOWN) => LiveError::NotUp(iface()),
                _ => io_err("bind")(e),
            }
        })?;

        if config.promiscuous && link.ifindex != 0 {
            let mreq = libc::packet_mreq {
                mr_ifindex: link.ifindex,
                mr_type: libc::PACKET_MR_PROMISC as u16,
                mr_alen: 0,
                mr_address: [0; 8],
            };
            // Membership ends when the socket closes, which restores the
            // interface's previous mode.
            sys::setsockopt(
                &socket,
                libc::SOL_PACKET,
                libc::PACKET_ADD_MEMBERSHIP,
                &mreq,
            )
            .map_err(io_err("setsockopt(PACKET_ADD_MEMBERSHIP)"))?;
        }
        if let Some(group) = config.fanout_group {
            let arg: u32 = u32::from(group) | (libc::PACKET_FANOUT_HASH << 16);
            sys::setsockopt(&socket, libc::SOL_PACKET, libc::PACKET_FANOUT, &arg)
                .map_err(io_err("setsockopt(PACKET_FANOUT)"))?;
        }

        let if_drops_at_open = if link.ifindex != 0 {
            interfaces::interface_drops(&link.interface)
        } else {
            0
        };
        Ok(Capture {
            link: link.clone(),
            config: config.clone(),
            user_filter,
            ring,
            socket,
            stats: Stats::default(),
            if_drops_at_open,
            pending_failure: None,
            down_checked: None,
        })
    }

    pub fn link(&self) -> &Link {
        &self.link
    }

    /// The descriptor to poll, e.g. to wait on several captures at once.
    pub fn raw_fd(&self) -> i32 {
        self.socket.as_raw_fd()
    }

    /// Kernel counters so far: packets that passed the filter (including
    /// those dropped for lack of ring space) and drops.
    pub fn stats(&mut self) -> Stats {
        // The kernel resets its counters on every read, so accumulate.
        if let Ok(k) = sys::getsockopt::<libc::tpacket_stats_v3>(
            &self.socket,
            libc::SOL_PACKET,
            libc::PACKET_STATISTICS,
        ) {
            // For TPACKET_V3 the kernel already counts drops in tp_packets.
            self.stats.received += u64::from(k.tp_packets);
            self.stats.dropped += u64::from(k.tp_drops);
        }
        if self.link.ifindex != 0 {
            self.stats.interface_dropped = interfaces::interface_drops(&self.link.interface)
                .saturating_sub(self.if_drops_at_open);
        }
        self.stats
    }

    /// Wait up to `timeout_ms` (negative: forever) for packets and hand
    /// each one to `deliver`, which returns `false` to stop. Reads every
    /// block that is ready. An interface going down does not end the
    /// capture (the kernel resumes delivery when it comes back up, as with
    /// libpcap); errors do: the interface went away, or the socket failed.
    pub fn next_packets<F: FnMut(&PacketRef) -> bool + ?Sized>(
        &mut self,
        timeout_ms: i32,
        deliver: &mut F,
    ) -> Result<Progress, LiveError> {
        self.check_removed_while_down();
        if !self.ring.ready() {
            let mut timeout_ms = timeout_ms;
            if let Some((_, deadline)) = &self.pending_failure {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                if left.is_zero() {
                    let (err, _) = self.pending_failure.take().expect("checked above");
                    return Err(err);
                }
                let left = left.as_millis().max(1) as i32;
                timeout_ms = if timeout_ms < 0 {
                    left
                } else {
                    timeout_ms.min(left)
                };
            } else if self.down_checked.is_some() {
                // Wake up to look for the interface's removal.
                let every = super::BLOCK_TIMEOUT_MS as i32;
                timeout_ms = if timeout_ms < 0 {
                    every
                } else {
                    timeout_ms.min(every)
                };
            }
            let revents = match sys::poll_one(self.socket.as_raw_fd(), timeout_ms) {
                Ok(r) => r,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(Progress::Idle),
                Err(e) => {
                    return Err(LiveError::Io {
                        interface: self.link.interface.clone(),
                        what: "poll",
                        source: e,
                    })
                }
            };
            if revents & (libc::POLLERR | libc::POLLHUP | libc::POLLNVAL) != 0
                && self.pending_failure.is_none()
            {
                // The kernel still retires the partly filled block on its
                // timer: wait for it so that nothing captured is lost.
                match self.socket_failure(revents) {
                    Some(failure) => self.fail_after_grace(failure),
                    None => self.down_checked = Some(std::time::Instant::now()),
                }
            }
            if !self.ring.ready() {
                return Ok(Progress::Idle);
            }
        }
        while self.ring.ready() {
            let link = &self.link;
            let config = &self.config;
            let filter = self.user_filter.as_deref();
            let kept_going = self
                .ring
                .with_next_block(|frame| deliver_frame(link, config, filter, frame, deliver))
                .unwrap_or(true);
            if !kept_going {
                return Ok(Progress::Stopped);
            }
        }
        Ok(Progress::Delivered)
    }

    /// Report `failure` once the kernel's timer has retired the partly
    /// filled block, so that nothing captured before it is lost.
    fn fail_after_grace(&mut self, failure: LiveError) {
        let grace = std::time::Duration::from_millis(2 * u64::from(super::BLOCK_TIMEOUT_MS) + 50);
        self.pending_failure = Some((failure, std::time::Instant::now() + grace));
    }

    /// Whether the interface captured on no longer exists (or its name now
    /// belongs to another one).
    fn interface_gone(&self) -> bool {
        self.link.ifindex != 0
            && nix::net::if_::if_nametoindex(self.link.interface.as_str())
                .map(|i| i as i32 != self.link.ifindex)
                .unwrap_or(true)
    }

    /// While the interface is down, check now and then (every block
    /// timeout) whether it was removed: the kernel reports the removal of
    /// an interface that is already down with no error on the socket.
    fn check_removed_while_down(&mut self) {
        let Some(checked) = self.down_checked else {
            return;
        };
        let every = std::time::Duration::from_millis(u64::from(super::BLOCK_TIMEOUT_MS));
        if checked.elapsed() < every || self.pending_failure.is_some() {
            return;
        }
        if self.interface_gone() {
            self.down_checked = None;
            self.fail_after_grace(LiveError::Disappeared(self.link.interface.clone()));
        } else if interfaces::is_up(&self.link.interface) == Some(true) {
            self.down_checked = None;
        } else {
            self.down_checked = Some(std::time::Instant::now());
        }
    }

    /// What an error condition on the socket means: `None` when the
    /// interface merely went down, which does not end the capture.
    fn socket_failure(&self, revents: i16) -> Option<LiveError> {
        let interface = self.link.interface.clone();
        let err = sys::socket_error(&self.socket).unwrap_or(0);
        if err == libc::ENETDOWN || err == libc::ENODEV || err == libc::ENXIO {
            return self
                .interface_gone()
                .then_some(LiveError::Disappeared(interface));
        }
        let source = if err != 0 {
            io::Error::from_raw_os_error(err)
        } else if revents & libc::POLLNVAL != 0 {
            io::Error::other("invalid polling request on packet socket")
        } else {
            io::Error::other("hangup on packet socket")
        };
        Some(LiveError::Io {
            interface,
            what: "capture",
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_programs_run_in_user_space_on_ethernet() {
        let vlan = vec![
            Insn::stmt(op::LD | op::H | op::ABS, 12),
            Insn::jump(op::JMP | op::JEQ | op::K, 0x8100, 0, 1),
            Insn::stmt(op::RET | op::K, 262144),
            Insn::stmt(op::RET | op::K, 0),
        ];
        assert!(reads_vlan_tags(&vlan));
        let link = Link {
            interface: "x".into(),
            ifindex: 1,
            linktype: LinkType::ETHERNET,
            framing: Framing::Raw,
        };
        assert_eq!(link.kernel_program(&vlan), None);
        let mut ip = vlan.clone();
        ip[1].k = 0x0800;
        assert_eq!(link.kernel_program(&ip), Some(ip.clone()));
        let mut with_ancillary = vlan.clone();
        with_ancillary.insert(
            0,
            Insn::stmt(
                op::LD | op::B | op::ABS,
                op::SKF_AD_OFF + op::SKF_AD_VLAN_TAG_PRESENT,
            ),
        );
        assert!(!reads_vlan_tags(&with_ancillary));
    }
}

/// Turn one ring frame into a packet and deliver it, unless the direction
/// or the user-space filter rejects it.
#[inline]
fn deliver_frame<F: FnMut(&PacketRef) -> bool + ?Sized>(
    link: &Link,
    config: &CaptureConfig,
    filter: Option<&dyn PacketFilter>,
    frame: Frame<'_>,
    deliver: &mut F,
) -> bool {
    let Frame {
        info,
        area,
        data_start,
    } = frame;
    let outgoing = info.addr.sll_pkttype == libc::PACKET_OUTGOING as u8;
    match config.direction {
        Direction::In if outgoing => return true,
        Direction::Out if !outgoing => return true,
        _ => {}
    }
    let mut start = data_start;
    let mut wire_len = info.len;
    match link.framing {
        Framing::Cooked => {
            let hdr = cooked::header_len(link.linktype);
            if start < hdr {
                return true; // Cannot happen with PACKET_RESERVE; never panic.
            }
            start -= hdr;
            cooked::write_header(link.linktype, &info.addr, &mut area[start..start + hdr]);
            wire_len += hdr as u32;
        }
        Framing::Raw => {
            let tagged = info.status & libc::TP_STATUS_VLAN_VALID != 0 || info.vlan_tci != 0;
            // The kernel strips 802.1Q tags into metadata; put them back
            // where they were on the wire, as libpcap does.
            if tagged
                && link.linktype == LinkType::ETHERNET
                && start >= 4
                && area.len() - start >= 12
            {
                let tpid = if info.status & libc::TP_STATUS_VLAN_TPID_VALID != 0 {
                    info.vlan_tpid
                } else {
                    0x8100
                };
                area.copy_within(start..start + 12, start - 4);
                start -= 4;
                area[start + 12..start + 14].copy_from_slice(&tpid.to_be_bytes());
                area[start + 14..start + 16].copy_from_slice(&info.vlan_tci.to_be_bytes());
                wire_len += 4;
            }
        }
    }
    let mut data = &area[start..];
    if let Some(f) = filter {
        let keep = f.run(data, wire_len);
        if keep == 0 {
            return true;
        }
        data = &data[..data.len().min(keep as usize)];
    }
    data = &data[..data.len().min(config.snaplen.max(1) as usize)];
    let packet = PacketRef {
        timestamp: Timestamp {
            secs: i64::from(info.sec),
            nanos: info.nsec,
        },
        wire_len,
        data,
    };
    deliver(&packet)
}
