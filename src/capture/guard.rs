//! Never write over an input: the output files of a run are checked
//! against the files it reads (by device and inode, so that a symbolic or
//! hard link, or another name for the same file, is caught too) before
//! anything is written to them or they are emptied.

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The regular files a run reads, which none of its outputs may be.
#[derive(Debug, Clone, Default)]
pub struct OutputGuard {
    /// Device, inode and the name the input was given by.
    inputs: Vec<(u64, u64, String)>,
}

impl OutputGuard {
    pub fn new() -> OutputGuard {
        OutputGuard::default()
    }

    /// Protect the file `path` names (through any symbolic links). Names
    /// of nothing (yet), of standard input (`-`) or of anything but a
    /// regular file are ignored: opening them as inputs reports the error,
    /// and writing to a device or a pipe destroys nothing.
    pub fn protect(&mut self, path: &Path) {
        if path.as_os_str() == "-" {
            return;
        }
        if let Ok(metadata) = std::fs::metadata(path) {
            if metadata.is_file() {
                self.inputs
                    .push((metadata.dev(), metadata.ino(), path.display().to_string()));
            }
        }
    }

    /// The input `metadata` describes, if it is one.
    fn input_of(&self, metadata: &Metadata) -> Option<&str> {
        if !metadata.is_file() {
            return None;
        }
        self.inputs
            .iter()
            .find(|(dev, ino, _)| (*dev, *ino) == (metadata.dev(), metadata.ino()))
            .map(|(_, _, name)| name.as_str())
    }

    fn refuse(input: &str) -> io::Error {
        io::Error::other(format!(
            "is the input file {input}: refusing to overwrite it"
        ))
    }

    /// Fail if `path` names one of the inputs (a name of nothing yet is
    /// fine): to refuse a run before it writes anything.
    pub fn check_path(&self, path: &Path) -> io::Result<()> {
        match std::fs::metadata(path) {
            Ok(metadata) => self.check_metadata(&metadata),
            Err(_) => Ok(()),
        }
    }

    /// Fail if the open `file` is one of the inputs (standard output
    /// redirected to an input, say).
    pub fn check_file(&self, file: &File) -> io::Result<()> {
        self.check_metadata(&file.metadata()?)
    }

    fn check_metadata(&self, metadata: &Metadata) -> io::Result<()> {
        match self.input_of(metadata) {
            Some(input) => Err(OutputGuard::refuse(input)),
            None => Ok(()),
        }
    }

    /// Open (or create) `path` for writing, without emptying it, after
    /// checking that the file opened is not an input; the caller empties
    /// it (as [`OutputGuard::create`] does).
    pub fn open_unemptied(&self, path: &Path) -> io::Result<File> {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        // Checked on the file opened, not on the name: no other name for
        // it can slip through between a check and the open.
        self.check_file(&file)?;
        Ok(file)
    }

    /// [`File::create`], unless `path` is one of the inputs: then nothing
    /// is emptied and the error says which input it is.
    pub fn create(&self, path: &Path) -> io::Result<File> {
        let file = self.open_unemptied(path)?;
        // Only a regular file has a length to cut (as O_TRUNC, which
        // leaves devices and pipes alone).
        if file.metadata()?.is_file() {
            file.set_len(0)?;
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_other_names_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.pcap");
        std::fs::write(&input, b"precious").unwrap();
        let hard = dir.path().join("hard.pcap");
        std::fs::hard_link(&input, &hard).unwrap();
        let soft = dir.path().join("soft.pcap");
        std::os::unix::fs::symlink(&input, &soft).unwrap();
        let dotted = dir.path().join(".").join("in.pcap");
        let mut guard = OutputGuard::new();
        guard.protect(&input);
        for name in [&input, &hard, &soft, &dotted] {
            let e = guard.create(name).unwrap_err();
            assert!(e.to_string().contains("is the input file"), "{e}");
            assert!(guard.check_path(name).is_err());
        }
        assert_eq!(std::fs::read(&input).unwrap(), b"precious");
        let other = dir.path().join("other.pcap");
        std::fs::write(&other, b"old").unwrap();
        guard.check_path(&other).unwrap();
        guard.create(&other).unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"");
        // Not there yet: fine, and created.
        let new = dir.path().join("new.pcap");
        guard.check_path(&new).unwrap();
        guard.create(&new).unwrap();
        assert!(new.exists());
    }
}
