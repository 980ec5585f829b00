//! DHCPv6 (RFC 8415) on UDP ports 546 and 547: the message type.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const MESSAGE_TYPES: [&str; 22] = [
    "",
    "solicit",
    "advertise",
    "request",
    "confirm",
    "renew",
    "rebind",
    "reply",
    "release",
    "decline",
    "reconfigure",
    "inf-req",
    "relay-fwd",
    "relay-reply",
    "leasequery",
    "leasequery-reply",
    "leasequery-done",
    "leasequery-data",
    "reconfigure-request",
    "reconfigure-reply",
    "dhcpv4-query",
    "dhcpv4-response",
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "dhcp6";
    cx.s("dhcp6");
    if !p.body.has(0, 4) {
        cx.trunc_marker();
        return Ok(true);
    }
    let t = p.body[0];
    cx.b(b' ');
    match MESSAGE_TYPES.get(t as usize).filter(|n| !n.is_empty()) {
        Some(n) => cx.s(n),
        None => {
            cx.s("msgtype-");
            cx.u(t as u64);
        }
    }
    Ok(true)
}
