//! Compile a filter and attach it to a packet socket of your own: the
//! kernel then hands the socket only the frames the filter accepts.
//!
//! `sudo cargo run --example attach_socket -- lo 'udp port 53' 5`
//! captures five matching frames on `lo` and prints them (a packet socket
//! needs CAP_NET_RAW).

use bpfdump::packet::{PacketRef, Timestamp};
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::{Filter, FilterOptions, LinkType};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: attach_socket INTERFACE EXPRESSION [COUNT]";
    let interface = args.next().ok_or(usage)?;
    let expression = args.next().ok_or(usage)?;
    let count: usize = args.next().map_or(Ok(10), |c| c.parse())?;

    // Ethernet framing: what a packet socket on an Ethernet interface (or
    // the loopback) shows.
    let options = FilterOptions {
        linktype: LinkType::ETHERNET,
        ..FilterOptions::default()
    };
    let filter = Filter::compile(&expression, &options)?;

    let socket = packet_socket(&interface)?;
    filter.attach(&socket)?;

    let mut printer = Printer::new(
        PrintOptions {
            numeric: 1,
            ..PrintOptions::default()
        },
        LinkType::ETHERNET,
    );
    let (mut buf, mut line) = (vec![0u8; 65536], Vec::new());
    for _ in 0..count {
        // SAFETY: `buf` is valid for writes of its length.
        let n = unsafe {
            libc::recv(
                socket.as_raw_fd(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                libc::MSG_TRUNC,
            )
        };
        if n < 0 {
            return Err(std::io::Error::last_os_error().into());
        }
        let wire_len = n as usize;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
        let packet = PacketRef {
            timestamp: Timestamp {
                secs: now.as_secs() as i64,
                nanos: now.subsec_nanos(),
            },
            wire_len: wire_len as u32,
            data: &buf[..wire_len.min(buf.len())],
        };
        line.clear();
        printer.print(&packet, &mut line);
        print!("{}", String::from_utf8_lossy(&line));
    }
    Ok(())
}

/// An `AF_PACKET` socket receiving every protocol on `interface`.
fn packet_socket(interface: &str) -> std::io::Result<OwnedFd> {
    let all = (libc::ETH_P_ALL as u16).to_be();
    // SAFETY: plain system calls on values we own; the descriptor is
    // checked before being wrapped.
    let fd = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW, all as i32) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor nothing else owns.
    let socket = unsafe { OwnedFd::from_raw_fd(fd) };
    let name = std::ffi::CString::new(interface)?;
    // SAFETY: `name` is a valid C string.
    let index = unsafe { libc::if_nametoindex(name.as_ptr()) };
    if index == 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: sockaddr_ll is plain data, valid when zeroed, and passed
    // with its size.
    let rc = unsafe {
        let mut address: libc::sockaddr_ll = std::mem::zeroed();
        address.sll_family = libc::AF_PACKET as u16;
        address.sll_protocol = all;
        address.sll_ifindex = index as i32;
        libc::bind(
            socket.as_raw_fd(),
            (&address as *const libc::sockaddr_ll).cast(),
            std::mem::size_of::<libc::sockaddr_ll>() as u32,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(socket)
}
