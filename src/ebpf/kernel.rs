//! The kernel engine: a classic program translated to an eBPF socket filter
//! (`BPF_LD_ABS`/`BPF_LD_IND` form, see [`super::translate::Target::Kernel`]),
//! loaded with `bpf(BPF_PROG_LOAD)` and run on packets with
//! `BPF_PROG_TEST_RUN`. The kernel's own verifier and JIT then serve as an
//! independent cross-check of ours.

use super::insn::Insn;
use super::translate::{self, Target, TranslateError};
use crate::cbpf;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

const BPF_PROG_LOAD: libc::c_long = 5;
const BPF_PROG_TEST_RUN: libc::c_long = 10;
const BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;
/// `BPF_PROG_TEST_RUN` on a socket filter strips an Ethernet header first.
const ETH_HLEN: usize = 14;
/// `sizeof(struct __sk_buff)`.
const SKB_CTX_SIZE: usize = 192;
/// The kernel copies test packets into one page with head- and tailroom;
/// larger ones are refused.
pub const MAX_TEST_PACKET: usize = 3000;

#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    #[error(transparent)]
    Translate(#[from] TranslateError),
    #[error("the kernel does not permit loading eBPF programs here (needs root or CAP_BPF): {0}")]
    NotPermitted(std::io::Error),
    #[error("the kernel rejected the program: {error}\n{log}")]
    Rejected { error: std::io::Error, log: String },
    #[error("BPF_PROG_TEST_RUN failed: {0}")]
    TestRun(std::io::Error),
    #[error("packet of {0} bytes too large for BPF_PROG_TEST_RUN (max {MAX_TEST_PACKET})")]
    PacketTooLarge(usize),
}

/// `union bpf_attr` as used by `BPF_PROG_LOAD`.
#[repr(C)]
#[derive(Default)]
struct ProgLoadAttr {
    prog_type: u32,
    insn_cnt: u32,
    insns: u64,
    license: u64,
    log_level: u32,
    log_size: u32,
    log_buf: u64,
    kern_version: u32,
    prog_flags: u32,
    prog_name: [u8; 16],
    prog_ifindex: u32,
    expected_attach_type: u32,
}

/// `union bpf_attr` as used by `BPF_PROG_TEST_RUN`.
#[repr(C)]
#[derive(Default)]
struct TestRunAttr {
    prog_fd: u32,
    retval: u32,
    data_size_in: u32,
    data_size_out: u32,
    data_in: u64,
    data_out: u64,
    repeat: u32,
    duration: u32,
    ctx_size_in: u32,
    ctx_size_out: u32,
    ctx_in: u64,
    ctx_out: u64,
    flags: u32,
    cpu: u32,
    batch_size: u32,
    _pad: u32,
}

fn bpf<T>(cmd: libc::c_long, attr: &mut T) -> std::io::Result<libc::c_long> {
    // The kernel's verifier gives up with EAGAIN, and a test run with
    // EINTR, when a signal arrives meanwhile (a timer, SIGCHLD, a resized
    // terminal): try again (libbpf tries 5 times; a busy process may see
    // signals more often than a long program takes to verify).
    for attempt in 1.. {
        // SAFETY: `attr` is a properly initialised `#[repr(C)]` prefix of
        // `union bpf_attr` for `cmd`, valid for the size passed; every
        // pointer inside it refers to memory the caller keeps alive for
        // this call.
        let ret = unsafe {
            libc::syscall(
                libc::SYS_bpf,
                cmd,
                attr as *mut T as *mut libc::c_void,
                std::mem::size_of::<T>() as libc::c_uint,
            )
        };
        if ret >= 0 {
            return Ok(ret);
        }
        let error = std::io::Error::last_os_error();
        let interrupted = matches!(error.raw_os_error(), Some(libc::EAGAIN | libc::EINTR));
        if !interrupted || attempt == BPF_ATTEMPTS {
            return Err(error);
        }
    }
    unreachable!()
}

/// How often a `bpf` call a signal interrupted is made (libbpf's
/// `PROG_LOAD_ATTEMPTS`).
const BPF_ATTEMPTS: u32 = 25;

/// A socket filter loaded into the running kernel.
#[derive(Debug)]
pub struct KernelProgram {
    fd: OwnedFd,
    program: Vec<Insn>,
}

impl KernelProgram {
    /// Translate a verified classic program and load it.
    pub fn load_classic(classic: &[cbpf::Insn]) -> Result<KernelProgram, KernelError> {
        let program = translate::translate(classic, Target::Kernel)?;
        Self::load(program)
    }

    /// Load an eBPF socket filter.
    pub fn load(program: Vec<Insn>) -> Result<KernelProgram, KernelError> {
        let license = b"BSD\0";
        let mut attr = ProgLoadAttr {
            prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
            insn_cnt: program.len() as u32,
            insns: program.as_ptr() as u64,
            license: license.as_ptr() as u64,
            ..Default::default()
        };
        attr.prog_name[..7].copy_from_slice(b"bpfdump");
        match bpf(BPF_PROG_LOAD, &mut attr) {
            // SAFETY: a successful BPF_PROG_LOAD returns a new file
            // descriptor that nothing else owns.
            Ok(fd) => Ok(KernelProgram {
                fd: unsafe { OwnedFd::from_raw_fd(fd as i32) },
                program,
            }),
            Err(e) if matches!(e.raw_os_error(), Some(libc::EPERM) | Some(libc::EACCES)) => {
                Err(KernelError::NotPermitted(e))
            }
            Err(error) => {
                // Load again with the verifier log switched on, for the message.
                let mut log = vec![0u8; 1 << 16];
                attr.log_level = 1;
                attr.log_size = log.len() as u32;
                attr.log_buf = log.as_mut_ptr() as u64;
                let _ = bpf(BPF_PROG_LOAD, &mut attr);
                let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
                Err(KernelError::Rejected {
                    error,
                    log: String::from_utf8_lossy(&log[..end]).into_owned(),
                })
            }
        }
    }

    /// The eBPF program as loaded.
    pub fn program(&self) -> &[Insn] {
        &self.program
    }

    /// Run `repeat` times (at least once) on one packet; returns the
    /// program's return value and the kernel's average run time in ns.
    pub fn test_run(
        &self,
        data: &[u8],
        wire_len: u32,
        repeat: u32,
    ) -> Result<(u32, u32), KernelError> {
        if data.len() > MAX_TEST_PACKET {
            return Err(KernelError::PacketTooLarge(data.len()));
        }
        // The kernel pulls an Ethernet header off the front of the test
        // data before running a socket filter: give it a dummy one.
        let mut frame = Vec::with_capacity(ETH_HLEN + data.len());
        frame.extend_from_slice(&[0u8; ETH_HLEN]);
        frame.extend_from_slice(data);
        // cb[0] of the context carries the length on the wire.
        let mut ctx = [0u8; SKB_CTX_SIZE];
        let cb0 = translate::SKB_CB0_OFFSET as usize;
        ctx[cb0..cb0 + 4].copy_from_slice(&wire_len.to_ne_bytes());
        let mut attr = TestRunAttr {
            prog_fd: self.fd.as_raw_fd() as u32,
            data_size_in: frame.len() as u32,
            data_in: frame.as_ptr() as u64,
            repeat,
            ctx_size_in: ctx.len() as u32,
            ctx_in: ctx.as_ptr() as u64,
            ..Default::default()
        };
        bpf(BPF_PROG_TEST_RUN, &mut attr).map_err(KernelError::TestRun)?;
        Ok((attr.retval, attr.duration))
    }
}

/// Whether this process may load eBPF programs: tries a trivial one.
pub fn available() -> Result<(), KernelError> {
    KernelProgram::load(vec![Insn::mov64_imm(0, 0), Insn::exit()]).map(|_| ())
}
