//! A read-only reader of OLE2 compound files (MS-CFB), the container of legacy Office
//! files: the header, the sector allocation tables (FAT, DIFAT, mini FAT), the directory,
//! and the top-level streams read whole. That is all corpusforge needs of them: the names
//! of the streams tell the format ([`super::detect`]), and an XLS workbook or an encrypted
//! OOXML package is one or two streams.
//!
//! The `cfb` crate reads these too, but it builds the whole directory tree with
//! normalised names and validates every allocation table up front; on the small
//! workbooks most corpora hold, that was a quarter of an XLS file's time, and detection
//! needs the stream names before any reader runs. Every sector number and chain is
//! checked against the file: a broken file is an error naming what is broken, never a
//! panic or a loop.

/// The signature of every compound file.
pub(crate) const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers at and above this one are markers, not sectors.
const MAX_SECTOR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// "No entry" in the directory's sibling and child links.
const NO_STREAM: u32 = 0xFFFF_FFFF;
/// Directory entry types.
const STREAM: u8 = 2;
const ROOT: u8 = 5;
/// Mini streams hold 64-byte sectors.
const MINI_SECTOR: usize = 64;

/// A compound file, its allocation table and directory read.
pub(crate) struct Ole2<'b> {
    bytes: &'b [u8],
    sector: usize,
    fat: Vec<u32>,
    first_mini_fat: u32,
    mini_cutoff: u64,
    entries: Vec<Entry>,
    /// Indexes of the entries in the root storage (its children), streams and storages.
    top: Vec<usize>,
}

/// A directory entry: its name, type, first sector and size.
struct Entry {
    name: String,
    kind: u8,
    start: u32,
    size: u64,
}

/// What is wrong with a compound file, for a `CorruptDocument` error.
pub(crate) type Broken = String;

impl<'b> Ole2<'b> {
    /// Reads the header, the allocation table and the directory of `bytes`.
    pub(crate) fn open(bytes: &'b [u8]) -> Result<Self, Broken> {
        if bytes.len() < 512 || bytes[..8] != MAGIC {
            return Err("not an OLE2 compound file (too short or no signature)".into());
        }
        let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4]));
        let sector = match (u16_at(0x1A), u16_at(0x1E)) {
            (3, 9) => 512,
            (4, 12) => 4096,
            (major, shift) => {
                return Err(format!(
                    "unknown compound file version {major} with sectors of 2^{shift} bytes"
                ))
            }
        };
        let mut file = Ole2 {
            bytes,
            sector,
            fat: Vec::new(),
            first_mini_fat: u32_at(0x3C),
            mini_cutoff: u64::from(u32_at(0x38)),
            entries: Vec::new(),
            top: Vec::new(),
        };
        // The FAT's sectors: 109 listed in the header, the rest in the DIFAT chain.
        let fat_sectors = u32_at(0x2C) as usize;
        if fat_sectors > bytes.len() / sector {
            return Err(format!(
                "{fat_sectors} allocation-table sectors in a smaller file"
            ));
        }
        let mut listed: Vec<u32> = (0..109.min(fat_sectors))
            .map(|i| u32_at(0x4C + 4 * i))
            .collect();
        let mut difat = u32_at(0x44);
        let per_difat = sector / 4 - 1;
        while listed.len() < fat_sectors && difat < MAX_SECTOR {
            let s = file.sector(difat)?;
            let ids = s
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
            listed.extend(ids.take(per_difat).take(fat_sectors - listed.len()));
            difat = u32::from_le_bytes(s[sector - 4..].try_into().unwrap_or([0xFF; 4]));
        }
        if listed.len() < fat_sectors {
            return Err("the allocation table is listed only in part".into());
        }
        let mut fat = Vec::with_capacity(fat_sectors * sector / 4);
        for &id in &listed {
            let s = file.sector(id)?;
            fat.extend(
                s.chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
        }
        file.fat = fat;
        // The directory: 128-byte entries in a chain of sectors.
        let directory = file.chain_bytes(u32_at(0x30), &file.fat, sector, None)?;
        let version3 = sector == 512;
        file.entries = directory
            .chunks_exact(128)
            .map(|e| {
                let len = (u16::from_le_bytes([e[64], e[65]]) as usize).min(64);
                let units: Vec<u16> = e[..len.saturating_sub(2)]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let size = u64::from_le_bytes(e[120..128].try_into().unwrap_or([0; 8]));
                Entry {
                    name: String::from_utf16_lossy(&units),
                    kind: e[66],
                    start: u32::from_le_bytes([e[116], e[117], e[118], e[119]]),
                    // Version 3 files may leave garbage in the size's high half.
                    size: if version3 { size & 0xFFFF_FFFF } else { size },
                }
            })
            .collect();
        match file.entries.first() {
            Some(root) if root.kind == ROOT => {}
            _ => return Err("the directory has no root entry".into()),
        }
        // The root's children: a tree of siblings under its child link.
        let link = |i: usize, at: usize| {
            u32::from_le_bytes(
                directory[128 * i + at..128 * i + at + 4]
                    .try_into()
                    .unwrap_or([0xFF; 4]),
            )
        };
        let mut seen = vec![false; file.entries.len()];
        let mut stack = vec![link(0, 76)];
        while let Some(i) = stack.pop() {
            let i = i as usize;
            if i >= file.entries.len() || std::mem::replace(&mut seen[i], true) {
                continue; // no entry, or a link back into the tree
            }
            file.top.push(i);
            stack.extend(
                [link(i, 68), link(i, 72)]
                    .into_iter()
                    .filter(|&l| l != NO_STREAM),
            );
        }
        Ok(file)
    }

    /// The names of the root storage's streams.
    pub(crate) fn stream_names(&self) -> impl Iterator<Item = &str> {
        self.top
            .iter()
            .map(|&i| &self.entries[i])
            .filter(|e| e.kind == STREAM)
            .map(|e| e.name.as_str())
    }

    /// Whether the root storage holds a stream of this name (compared as MS-CFB
    /// compares names: without regard to case).
    pub(crate) fn has_stream(&self, name: &str) -> bool {
        self.stream_names().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The whole of the root storage's stream `name`; `None` when there is none.
    pub(crate) fn read_stream(&self, name: &str) -> Result<Option<Vec<u8>>, Broken> {
        let Some(entry) = self
            .top
            .iter()
            .map(|&i| &self.entries[i])
            .find(|e| e.kind == STREAM && e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        // A stream can be no larger than the file that holds it.
        if entry.size > self.bytes.len() as u64 {
            return Err(format!("stream {name} larger than the file"));
        }
        let size = entry.size as usize;
        if entry.size >= self.mini_cutoff {
            return self
                .chain_bytes(entry.start, &self.fat, self.sector, Some(size))
                .map(Some);
        }
        // A small stream lives in the mini stream (the root entry's data), in 64-byte
        // sectors chained by the mini FAT.
        let root = &self.entries[0];
        if root.size > self.bytes.len() as u64 {
            return Err("mini stream larger than the file".into());
        }
        let mini =
            self.chain_bytes(root.start, &self.fat, self.sector, Some(root.size as usize))?;
        let mini_fat: Vec<u32> = self
            .chain_bytes(self.first_mini_fat, &self.fat, self.sector, None)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut out = Vec::with_capacity(size);
        let mut at = entry.start;
        for _ in 0..=mini_fat.len() {
            if out.len() >= size || at == END_OF_CHAIN {
                break;
            }
            let from = at as usize * MINI_SECTOR;
            let data = mini
                .get(from..from + MINI_SECTOR)
                .ok_or_else(|| format!("stream {name}: mini sector {at} past the mini stream"))?;
            out.extend_from_slice(&data[..MINI_SECTOR.min(size - out.len())]);
            at = *mini_fat
                .get(at as usize)
                .ok_or_else(|| format!("stream {name}: mini sector {at} not in the mini FAT"))?;
        }
        if out.len() < size {
            return Err(format!("stream {name} is cut short"));
        }
        Ok(Some(out))
    }

    /// The bytes of sector `id`.
    fn sector(&self, id: u32) -> Result<&'b [u8], Broken> {
        let from = (id as usize + 1) * self.sector;
        self.bytes
            .get(from..from + self.sector)
            .ok_or_else(|| format!("sector {id} past the end of the file"))
    }

    /// The sectors of the chain starting at `start` in `table`, joined, cut to `size`
    /// when given (and then required to hold that many bytes).
    fn chain_bytes(
        &self,
        start: u32,
        table: &[u32],
        sector: usize,
        size: Option<usize>,
    ) -> Result<Vec<u8>, Broken> {
        let want = size.unwrap_or(usize::MAX);
        let mut out = Vec::with_capacity(size.unwrap_or(sector));
        let mut at = start;
        // A chain visits each sector once at most: longer, it loops.
        for _ in 0..=table.len() {
            if at == END_OF_CHAIN || at >= MAX_SECTOR || out.len() >= want {
                break;
            }
            let s = self.sector(at)?;
            out.extend_from_slice(&s[..sector.min(want - out.len())]);
            at = *table
                .get(at as usize)
                .ok_or_else(|| format!("sector {at} not in the allocation table"))?;
        }
        if out.len() < size.unwrap_or(0) {
            return Err("a stream is cut short".into());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// Every OLE2 fixture: the same streams, byte for byte, as the `cfb` crate reads.
    #[test]
    fn reads_what_cfb_reads() {
        let mut files = Vec::new();
        for dir in [
            "tests/extract/generated",
            "tests/extract/inputs",
            "tests/extract/encrypted",
        ] {
            for e in std::fs::read_dir(root().join(dir)).unwrap() {
                let path = e.unwrap().path();
                let bytes = std::fs::read(&path).unwrap();
                if bytes.starts_with(&MAGIC) {
                    files.push((path, bytes));
                }
            }
        }
        assert!(files.len() >= 8, "{} OLE2 fixtures", files.len());
        for (path, bytes) in files {
            let ours = Ole2::open(&bytes).unwrap();
            let mut theirs = cfb::CompoundFile::open(std::io::Cursor::new(&bytes)).unwrap();
            let mut names: Vec<String> = ours.stream_names().map(String::from).collect();
            let mut want: Vec<String> = theirs
                .read_root_storage()
                .filter(|e| e.is_stream())
                .map(|e| e.name().to_string())
                .collect();
            names.sort();
            want.sort();
            assert_eq!(names, want, "{}", path.display());
            for name in want {
                let mut data = Vec::new();
                theirs
                    .open_stream(format!("/{name}"))
                    .unwrap()
                    .read_to_end(&mut data)
                    .unwrap();
                assert_eq!(
                    ours.read_stream(&name).unwrap(),
                    Some(data),
                    "{}: {name}",
                    path.display()
                );
            }
        }
    }

    /// Files written by the `cfb` crate in both versions (512- and 4096-byte sectors),
    /// with a stream in the mini stream, one in regular sectors, one in a storage (not
    /// a top-level stream), and, in version 3, one large enough that the allocation
    /// table runs past the 109 sectors the header lists (into the DIFAT chain).
    #[test]
    fn reads_both_versions_and_long_allocation_tables() {
        use std::io::Write;
        for (version, big) in [(cfb::Version::V3, 8_000_000), (cfb::Version::V4, 300_000)] {
            let small: Vec<u8> = (0..100u8).collect();
            let large: Vec<u8> = (0..big).map(|i| (i % 251) as u8).collect();
            let mut file =
                cfb::CompoundFile::create_with_version(version, std::io::Cursor::new(Vec::new()))
                    .unwrap();
            file.create_stream("/Small")
                .unwrap()
                .write_all(&small)
                .unwrap();
            file.create_stream("/Big")
                .unwrap()
                .write_all(&large)
                .unwrap();
            file.create_storage("/Folder").unwrap();
            file.create_stream("/Folder/Inner")
                .unwrap()
                .write_all(b"in")
                .unwrap();
            let bytes = file.into_inner().into_inner();
            let ours = Ole2::open(&bytes).unwrap();
            assert_eq!(ours.read_stream("small").unwrap(), Some(small));
            assert_eq!(ours.read_stream("Big").unwrap(), Some(large));
            assert_eq!(ours.read_stream("Inner").unwrap(), None);
            assert!(ours.has_stream("BIG") && !ours.has_stream("Folder"));
        }
    }

    /// Damaged files are errors, never panics or endless loops.
    #[test]
    fn damaged_files_are_errors() {
        let bytes = std::fs::read(root().join("tests/extract/inputs/ledger.xls")).unwrap();
        assert!(Ole2::open(&bytes[..511]).is_err());
        for cut in (0..bytes.len()).step_by(509) {
            if let Ok(f) = Ole2::open(&bytes[..cut]) {
                let _ = f.read_stream("Workbook");
            }
        }
        for at in (0..bytes.len().min(8192)).step_by(7) {
            let mut broken = bytes.clone();
            broken[at] ^= 0xFF;
            if let Ok(f) = Ole2::open(&broken) {
                let _ = f.read_stream("Workbook");
            }
        }
        let fuzzed =
            std::fs::read(root().join("fuzz/regressions/extract_zip/ole2-fat-past-eof.xls"))
                .unwrap();
        let read = Ole2::open(&fuzzed).and_then(|f| f.read_stream("Workbook"));
        assert!(read.is_err());
    }
}
