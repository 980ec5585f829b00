//! What rides on TCP and UDP, picked by port (or `-T`) through
//! `dispatch.rs`.

pub mod ahcp;
pub mod aodv;
pub mod autorp;
pub mod babel;
pub mod beep;
pub mod bfd;
pub mod bgp;
pub mod bgp_update;
pub mod bootp;
pub mod cnfp;
pub mod dhcp6;
pub mod dns;
pub mod forces;
pub mod geneve;
pub mod hncp;
pub mod hsrp;
pub mod isakmp;
pub mod krb;
pub mod l2tp;
pub mod ldp;
pub mod lisp;
pub mod lmp;
pub mod lspping;
pub mod lwres;
pub mod m3ua;
pub mod msdp;
pub mod nfs;
pub mod ntp;
pub mod olsr;
pub mod openflow;
pub mod pptp;
pub mod quic;
pub mod radius;
pub mod resp;
pub mod rip;
pub mod ripng;
pub mod rpki_rtr;
pub mod rtp;
pub mod rx;
pub mod sflow;
pub mod snmp;
pub mod someip;
pub mod ssh;
pub mod syslog;
pub mod telnet;
pub mod text;
pub mod tftp;
pub mod timed;
pub mod vqp;
pub mod vxlan;
pub mod vxlan_gpe;
pub mod wb;
pub mod zmtp1;

#[cfg(test)]
mod tests;
