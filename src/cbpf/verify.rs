//! The classic verifier: the Linux kernel's rules for `SO_ATTACH_FILTER`.
