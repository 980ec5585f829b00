//! Reading the small text files the command line names (`-F`, `-V`) with
//! a bound, so that `-F /dev/zero` or a huge file by mistake ends with an
//! error instead of reading without end.

use std::io::{self, Read};
use std::path::Path;

/// The most a `-F` filter file may hold. tcpdump reads the whole file;
/// an expression of megabytes is a mistake (it would take minutes to
/// compile), not a filter.
pub const FILTER_FILE_LIMIT: u64 = 4 << 20;
/// The most a `-V` list of capture files may hold: about a hundred
/// thousand names.
pub const LIST_FILE_LIMIT: u64 = 16 << 20;

/// Read the text file `path` (`-`: standard input, when `stdin_dash`)
/// whole, or fail with a message naming it if it holds more than `limit`
/// bytes (`what` says what the file is for).
pub fn read_bounded(
    path: &Path,
    limit: u64,
    what: &str,
    stdin_dash: bool,
) -> anyhow::Result<String> {
    let name = path.display();
    let bytes = if stdin_dash && path.as_os_str() == "-" {
        read_at_most(io::stdin().lock(), limit)
    } else {
        std::fs::File::open(path).and_then(|f| read_at_most(f, limit))
    }
    .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let Some(bytes) = bytes else {
        anyhow::bail!(
            "{name}: more than {} MiB, the most {what} may hold",
            limit >> 20
        );
    };
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{name}: not a text file (invalid UTF-8)"))
}

/// The whole input, or `None` if it is longer than `limit` bytes (only
/// `limit + 1` bytes are ever read).
fn read_at_most(input: impl Read, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_no_further() {
        assert_eq!(read_at_most(&b"abc"[..], 3).unwrap(), Some(b"abc".to_vec()));
        assert_eq!(read_at_most(&b"abcd"[..], 3).unwrap(), None);
        // An endless input stops at the limit.
        assert_eq!(read_at_most(io::repeat(0), 1 << 20).unwrap(), None);
    }
}
