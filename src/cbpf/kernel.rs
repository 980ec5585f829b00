//! Ask the running kernel whether it accepts a classic program.
//!
//! [`attach_check`] attaches the program with `SO_ATTACH_FILTER` to a fresh,
//! unbound UDP socket (which never receives anything, and needs no
//! privileges) and reports the kernel's answer. `EINVAL` means the kernel's
//! verifier rejected the program; `ENOMEM` means it passed the verifier but
//! its eBPF translation does not fit in the socket's option memory
//! (`net.core.optmem_max`), a resource limit rather than a rule.

use super::Insn;
use std::io;

/// Attach `program` to a throw-away socket; `Ok` if the kernel accepts it,
/// otherwise the kernel's error (`EINVAL` for a rejected program). On other
/// systems than Linux, an error of kind [`io::ErrorKind::Unsupported`].
#[cfg(target_os = "linux")]
pub fn attach_check(program: &[Insn]) -> io::Result<()> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    // `struct sock_fprog` counts instructions in an unsigned short; longer
    // programs cannot even be described to the kernel.
    let len = u16::try_from(program.len()).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "program longer than 65535 instructions",
        )
    })?;

    // SAFETY: plain socket(2) call with constant arguments; the result is
    // checked before use.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a freshly created descriptor that nothing else owns;
    // `OwnedFd` closes it when dropped.
    let socket = unsafe { OwnedFd::from_raw_fd(fd) };

    let fprog = libc::sock_fprog {
        len,
        // The kernel only reads through this pointer. `Insn` is `repr(C)`
        // with the layout of `struct sock_filter`. For an empty program the
        // (dangling but non-null) pointer is never dereferenced.
        filter: program.as_ptr() as *mut libc::sock_filter,
    };
    // SAFETY: `fprog` points to `len` valid `sock_filter`-layout
    // instructions that outlive the call, and the option length is the size
    // of the structure passed.
    let rc = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_ATTACH_FILTER,
            (&fprog as *const libc::sock_fprog).cast(),
            std::mem::size_of::<libc::sock_fprog>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Attaching classic filters is a Linux feature.
#[cfg(not(target_os = "linux"))]
pub fn attach_check(program: &[Insn]) -> io::Result<()> {
    let _ = program;
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "SO_ATTACH_FILTER is only available on Linux",
    ))
}

/// True if `err` from [`attach_check`] means the kernel's verifier accepted
/// the program but the socket could not afford its memory (`ENOMEM`).
pub fn is_resource_limit(err: &io::Error) -> bool {
    err.raw_os_error() == Some(libc::ENOMEM)
}

// The layout `attach_check` relies on.
const _: () = assert!(std::mem::size_of::<Insn>() == 8 && std::mem::align_of::<Insn>() == 4);

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use crate::cbpf::op::*;

    #[test]
    fn kernel_accepts_and_rejects() {
        let ok = [Insn::stmt(LD | H | ABS, 12), Insn::stmt(RET | K, 0)];
        if let Err(e) = attach_check(&ok) {
            eprintln!("skipped: cannot attach a filter here: {e}");
            return;
        }
        let bad = [Insn::stmt(ALU | DIV | K, 0), Insn::stmt(RET | K, 0)];
        assert_eq!(
            attach_check(&bad).unwrap_err().raw_os_error(),
            Some(libc::EINVAL)
        );
        assert_eq!(
            attach_check(&[]).unwrap_err().raw_os_error(),
            Some(libc::EINVAL)
        );
    }
}
