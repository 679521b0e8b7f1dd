//! Reading an input file. Small files are read into memory; larger ones are mapped, so a
//! container reads only the pages it needs (a 1 MB presentation whose slides are a few
//! kilobytes beside its images is not copied whole), as polars and ripgrep read files.

use std::fs::File;
use std::ops::Deref;
use std::path::Path;

use memmap2::Mmap;

use super::ExtractOptions;
use crate::error::{Error, Result};

/// From this size on a file is mapped rather than read: below it, one read costs less
/// than setting up and faulting in a mapping.
const MAP_BYTES: u64 = 256 * 1024;

/// A file's bytes: read into memory, or mapped.
#[derive(Debug)]
pub(crate) enum Input {
    Read(Vec<u8>),
    Mapped(Mmap),
}

impl Deref for Input {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Input::Read(v) => v,
            Input::Mapped(m) => m,
        }
    }
}

/// The bytes and display name of the file at `path`, after the `max_bytes` limit.
///
/// A mapped file must not be truncated by another process while it is being extracted
/// (reading a page cut off the end of a mapping stops the process); files being written
/// should be extracted once they are complete.
#[allow(unsafe_code)]
pub(crate) fn read_input(path: &Path, options: &ExtractOptions) -> Result<(Input, String)> {
    let name = path.display().to_string();
    let io = |e| Error::io(&name, e);
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::other("is a directory, not a file")));
    }
    if meta.len() > options.max_bytes {
        return Err(Error::LimitExceeded {
            source_name: name,
            limit: "max_bytes".into(),
            max: options.max_bytes,
            actual: meta.len(),
        });
    }
    let input = if meta.is_file() && meta.len() >= MAP_BYTES {
        // SAFETY: the mapping is read-only and private to this call; the one hazard, the
        // file shrinking while mapped, is documented above (as polars and ripgrep do).
        match unsafe { Mmap::map(&file) } {
            Ok(map) => Input::Mapped(map),
            Err(_) => Input::Read(read_all(file, meta.len(), options.max_bytes).map_err(io)?),
        }
    } else {
        Input::Read(read_all(file, meta.len(), options.max_bytes).map_err(io)?)
    };
    Ok((input, name))
}

/// The whole of `file` (a pipe or special file may hold more or less than its size says),
/// or its first `limit` bytes and one more, which the caller reports as over the limit.
/// Read into a buffer sized from the metadata already in hand: std's `read_to_end` asks
/// the system for the size and position again, and reads once more to see the end: three
/// calls that cost as much as the read of a small file. Bytes appended after the size
/// was taken are not read (the file as it was when opened).
fn read_all(mut file: File, size: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // One byte of room past the size, so that the read after the last one sees the end.
    let mut bytes = vec![0u8; usize::try_from(size).unwrap_or(0).saturating_add(1)];
    let mut filled = 0;
    while (filled as u64) <= limit {
        if filled == bytes.len() {
            bytes.resize(filled.saturating_mul(2).max(8192), 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                // A file that holds the bytes its size says is read: the read that would
                // see its end is one system call too many. (A size of 0 says nothing:
                // /proc files have it.)
                if size > 0 && filled as u64 == size {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_are_read_and_large_ones_mapped_with_the_same_bytes() {
        let dir = std::env::temp_dir().join(format!("cf-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let opts = ExtractOptions::default();
        for (size, mapped) in [(10usize, false), (MAP_BYTES as usize + 7, true)] {
            let path = dir.join(format!("f{size}"));
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let (input, name) = read_input(&path, &opts).unwrap();
            assert_eq!(matches!(input, Input::Mapped(_)), mapped);
            assert_eq!(&*input, &bytes[..]);
            assert!(name.ends_with(&format!("f{size}")));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A special file without end is read only past the limit, which then refuses it.
    #[cfg(unix)]
    #[test]
    fn an_endless_special_file_stops_at_the_limit() {
        let opts = ExtractOptions {
            max_bytes: 100_000,
            ..Default::default()
        };
        let (input, _) = read_input(Path::new("/dev/zero"), &opts).unwrap();
        assert!(input.len() as u64 > opts.max_bytes && input.len() < 1 << 20);
        let err = crate::extract::extract("/dev/zero", &opts).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::LimitExceeded, "{err}");
    }

    #[test]
    fn a_folder_and_an_oversized_file_are_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("cf-input-dir-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = read_input(&dir, &ExtractOptions::default()).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
        let path = dir.join("big");
        std::fs::write(&path, [0u8; 100]).unwrap();
        let opts = ExtractOptions {
            max_bytes: 10,
            ..Default::default()
        };
        let err = read_input(&path, &opts).unwrap_err();
        assert!(err.to_string().contains("max_bytes"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
