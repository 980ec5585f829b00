//! Transports: TCP (with MPTCP options) and UDP.

pub mod dccp;
pub mod mptcp;
pub mod sctp;
pub mod tcp;
pub mod tcp_md5;
pub mod udp;
