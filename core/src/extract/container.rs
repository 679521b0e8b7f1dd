//! ZIP containers (OOXML, OpenDocument, EPUB) read under the extraction limits: number of
//! entries, total bytes decompressed, and compression ratio per entry (zip bombs). Sizes
//! written in the archive are not trusted: reading stops when a limit is reached.

use std::borrow::Cow;
use std::cell::RefCell;

use flate2::{Decompress, FlushDecompress, Status};
use rawzip::{CompressionMethod, ZipArchiveEntryWayfinder, ZipSliceArchive};

use super::Ctx;
use crate::error::{Error, Result};

/// Entries below this size are never judged by their compression ratio (small XML parts
/// compress very well).
pub(crate) const RATIO_FLOOR: u64 = 1 << 20;

/// An open ZIP container. The central directory is read once into a list of entries
/// whose names borrow the archive's bytes (rawzip: no allocation per entry, which in a
/// deck of 300 parts cost more than reading the slides).
pub(crate) struct Package<'a, 'c> {
    zip: ZipSliceArchive<&'a [u8]>,
    entries: Vec<Entry<'a>>,
    ctx: &'c Ctx<'c>,
    total: u64,
}

thread_local! {
    /// One inflater per thread, for every part of every document: a document reads ten
    /// parts or so, most of them small, and setting up a decoder (a zeroed 32 KiB window)
    /// cost as much as inflating one. Each use starts with a reset.
    static INFLATER: RefCell<Option<Decompress>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's inflater.
fn with_inflater<T>(f: impl FnOnce(&mut Decompress) -> T) -> T {
    INFLATER.with(|slot| {
        f(slot
            .borrow_mut()
            .get_or_insert_with(|| Decompress::new(false)))
    })
}

/// One entry of the central directory.
struct Entry<'a> {
    /// The name: UTF-8 when it is valid UTF-8 (flagged or not, as most tools write it),
    /// else decoded as code page 437, the ZIP default.
    name: Cow<'a, str>,
    at: ZipArchiveEntryWayfinder,
    method: CompressionMethod,
    crc: u32,
    encrypted: bool,
}

impl<'a, 'c> Package<'a, 'c> {
    /// Opens the container, checking the number of entries.
    pub fn open(bytes: &'a [u8], ctx: &'c Ctx<'c>) -> Result<Self> {
        let zip = rawzip::ZipArchive::from_slice(bytes).map_err(|e| zip_error(ctx, "", e))?;
        let max = ctx.opts.max_entries;
        let mut entries = Vec::with_capacity(zip.entries_hint().min(max).min(1 << 16) as usize);
        let mut list = zip.entries();
        while let Some(e) = list.next_entry().map_err(|e| zip_error(ctx, "", e))? {
            if entries.len() as u64 >= max {
                return Err(ctx.limit("max_entries", max, zip.entries_hint().max(max + 1)));
            }
            // The name lies in `bytes`; borrowed from there it outlives this loop.
            let raw = e.file_path().as_bytes();
            let start = (raw.as_ptr() as usize).wrapping_sub(bytes.as_ptr() as usize);
            let name = match bytes.get(start..start.saturating_add(raw.len())) {
                Some(own) if std::ptr::eq(own.as_ptr(), raw.as_ptr()) => {
                    match std::str::from_utf8(own) {
                        Ok(s) => Cow::Borrowed(s),
                        Err(_) => Cow::Owned(cp437(own)),
                    }
                }
                _ => {
                    Cow::Owned(std::str::from_utf8(raw).map_or_else(|_| cp437(raw), str::to_string))
                }
            };
            entries.push(Entry {
                name,
                at: e.wayfinder(),
                method: e.compression_method(),
                crc: e.crc32(),
                encrypted: e.flags().is_encrypted(),
            });
        }
        Ok(Package {
            zip,
            entries,
            ctx,
            total: 0,
        })
    }

    /// Every entry's name, in the directory's order.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().map(|e| e.name.as_ref())
    }

    /// The entry `name` decompressed (matched exactly, else ignoring ASCII case), or
    /// `None` when there is no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        self.ctx.check_time()?;
        let name = name.trim_start_matches('/');
        let found = self
            .entries
            .iter()
            .position(|e| e.name == name)
            .or_else(|| {
                self.entries
                    .iter()
                    .position(|e| e.name.eq_ignore_ascii_case(name))
            });
        let Some(entry) = found.map(|i| &self.entries[i]) else {
            return Ok(None);
        };
        let ctx = self.ctx;
        if entry.encrypted {
            return Err(ctx.encrypted(format!("{name}: encrypted ZIP entries are not supported")));
        }
        let (method, size, compressed, crc) = (
            entry.method,
            entry.at.uncompressed_size_hint(),
            entry.at.compressed_size_hint(),
            entry.crc,
        );
        let data = self
            .zip
            .get_entry(entry.at)
            .map_err(|e| zip_error(ctx, name, e))?
            .data();
        let cap = self.cap(compressed);
        // Room past the declared size: the inflater's fast loop needs 258 bytes of
        // output space ahead, and an exact buffer sends a small part's last few hundred
        // bytes through its slow path.
        let mut out = Vec::with_capacity(size.min(cap).min(64 << 20) as usize + 320);
        match method {
            CompressionMethod::STORE => {
                let keep = data
                    .len()
                    .min(usize::try_from(cap + 1).unwrap_or(usize::MAX));
                out.extend_from_slice(&data[..keep]);
            }
            CompressionMethod::DEFLATE => {
                with_inflater(|d| inflate(d, data, &mut out, cap))
                    .map_err(|e| ctx.corrupt(format!("{name}: {e}")))?;
            }
            other => {
                return Err(ctx.unsupported(format!(
                    "{name}: compression method {} is not supported",
                    other.name().unwrap_or("unknown")
                )));
            }
        }
        if (out.len() as u64) <= cap && crc32fast::hash(&out) != crc {
            return Err(ctx.corrupt(format!("{name}: checksum mismatch")));
        }
        self.account(out.len() as u64, compressed)?;
        Ok(Some(out))
    }

    /// Inflates `compressed`, the raw deflate data of part `name` that the archive held
    /// encrypted (OpenDocument encrypts parts after deflating them), under the same
    /// limits as [`read`](Self::read). The `stored` bytes that `read` counted for the
    /// part (its ciphertext) stop counting: only what it inflates to does.
    pub fn inflate_part(
        &mut self,
        name: &str,
        stored: usize,
        compressed: &[u8],
    ) -> Result<Vec<u8>> {
        self.total = self.total.saturating_sub(stored as u64);
        let size = compressed.len() as u64;
        let cap = self.cap(size);
        let mut out = Vec::with_capacity((size.saturating_mul(4)).min(cap).min(64 << 20) as usize);
        with_inflater(|d| inflate(d, compressed, &mut out, cap))
            .map_err(|e| self.ctx.corrupt(format!("{name}: {e}")))?;
        self.account(out.len() as u64, size)?;
        Ok(out)
    }

    /// How many bytes a part of `compressed` bytes may inflate to: what is left of
    /// `max_decompressed_bytes`, and `max_compression_ratio` times its size.
    fn cap(&self, compressed: u64) -> u64 {
        let opts = self.ctx.opts;
        let left = opts.max_decompressed_bytes.saturating_sub(self.total);
        left.min(ratio_cap(compressed, opts.max_compression_ratio))
    }

    /// Counts `got` decompressed bytes against the limits, naming the one exceeded.
    fn account(&mut self, got: u64, compressed: u64) -> Result<()> {
        let (ctx, opts) = (self.ctx, self.ctx.opts);
        let left = opts.max_decompressed_bytes.saturating_sub(self.total);
        let by_ratio = ratio_cap(compressed, opts.max_compression_ratio);
        if got > left.min(by_ratio) {
            return Err(if by_ratio < left {
                ctx.limit(
                    "max_compression_ratio",
                    opts.max_compression_ratio,
                    got / compressed.max(1),
                )
            } else {
                ctx.limit(
                    "max_decompressed_bytes",
                    opts.max_decompressed_bytes,
                    self.total + got,
                )
            });
        }
        self.total += got;
        Ok(())
    }

    /// The entry `name` as text (see [`xml_text`](super::xml::xml_text)).
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>> {
        Ok(self.read(name)?.map(super::xml::into_text))
    }

    /// Like [`read_text`](Self::read_text), but a missing entry is a corrupt document.
    pub fn require_text(&mut self, name: &str) -> Result<String> {
        self.read_text(name)?
            .ok_or_else(|| self.ctx.corrupt(format!("missing part {name}")))
    }
}

/// How many bytes `compressed` bytes may inflate to by the ratio limit (small parts get
/// `RATIO_FLOOR`, since a short run of one byte compresses far beyond any sane ratio).
fn ratio_cap(compressed: u64, ratio: u64) -> u64 {
    compressed.max(1).saturating_mul(ratio).max(RATIO_FLOOR)
}

/// Inflates the raw deflate stream `data` into `out`, stopping once `out` holds more than
/// `cap` bytes (the caller reports the limit). A stream that ends before its end marker is
/// an error.
fn inflate(
    d: &mut Decompress,
    data: &[u8],
    out: &mut Vec<u8>,
    cap: u64,
) -> std::result::Result<(), String> {
    d.reset(false);
    if data.is_empty() {
        return Ok(()); // an empty entry some writers deflate to nothing
    }
    loop {
        if out.len() == out.capacity() {
            out.reserve(out.capacity().clamp(4096, 1 << 20));
        }
        let (read, written) = (d.total_in(), out.len());
        let rest = data.get(read as usize..).unwrap_or_default();
        let status = d
            .decompress_vec(rest, out, FlushDecompress::None)
            .map_err(|e| e.to_string())?;
        if status == Status::StreamEnd || out.len() as u64 > cap {
            return Ok(());
        }
        if d.total_in() == read && out.len() == written {
            return Err("the compressed data ends early".into());
        }
    }
}

fn zip_error(ctx: &Ctx, entry: &str, e: rawzip::Error) -> Error {
    let at = if entry.is_empty() {
        String::new()
    } else {
        format!("{entry}: ")
    };
    let cause = match e.kind() {
        rawzip::ErrorKind::MissingEndOfCentralDirectory => "no ZIP directory (truncated?)".into(),
        rawzip::ErrorKind::Eof => "the archive ends early".into(),
        other => format!("not a readable ZIP archive ({other:?})"),
    };
    ctx.corrupt(format!("{at}{cause}"))
}

/// A name in code page 437, the encoding of ZIP names not flagged as UTF-8.
fn cp437(raw: &[u8]) -> String {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
    raw.iter()
        .map(|&b| match b {
            0..=127 => char::from(b),
            _ => HIGH.chars().nth(usize::from(b - 128)).unwrap_or('\u{fffd}'),
        })
        .collect()
}

/// Resolves `target` (a relationship or href, possibly relative, possibly URL-encoded)
/// against the folder of the part `base`: `word/_rels/..` style paths inside a container.
pub(crate) fn resolve_path(base: &str, target: &str) -> String {
    let target = percent_decode(target.split('#').next().unwrap_or(target));
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop(); // the base part's own file name
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
            if let Ok(v) = u8::from_str_radix(hex, 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(
            resolve_path("word/document.xml", "media/a.png"),
            "word/media/a.png"
        );
        assert_eq!(
            resolve_path("OEBPS/content.opf", "../Text/ch%201.xhtml#x"),
            "Text/ch 1.xhtml"
        );
        assert_eq!(
            resolve_path("ppt/slides/slide1.xml", "/ppt/notes/n1.xml"),
            "ppt/notes/n1.xml"
        );
    }

    #[test]
    fn names_not_in_utf8_are_code_page_437() {
        assert_eq!(cp437(b"R\x82sum\x82 \x9c5.txt"), "Résumé £5.txt");
        assert_eq!(cp437(b"\xff"), "\u{a0}");
    }

    #[test]
    fn too_many_entries_is_a_limit() {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        for i in 0..5 {
            w.start_file(format!("{i}.txt"), zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"x").unwrap();
        }
        w.finish().unwrap();
        let bytes = buf.into_inner();
        let opts = crate::ExtractOptions {
            max_entries: 4,
            ..Default::default()
        };
        let ctx = Ctx::new("t.zip", &opts);
        let e = Package::open(&bytes, &ctx).err().unwrap();
        assert_eq!(e.kind(), crate::ErrorKind::LimitExceeded, "{e}");
        let opts = crate::ExtractOptions {
            max_entries: 5,
            ..Default::default()
        };
        let ctx = Ctx::new("t.zip", &opts);
        let mut pkg = Package::open(&bytes, &ctx).unwrap();
        assert_eq!(pkg.names().count(), 5);
        assert_eq!(pkg.read_text("/4.TXT").unwrap().as_deref(), Some("x"));
    }

    /// Stored and deflated entries read back as written, one inflater serving them all;
    /// a flipped byte is caught by the inflater or by the checksum.
    #[test]
    fn reads_entries_and_catches_damage() {
        use std::io::Write;
        let text: String = (0..2000).map(|i| format!("<p>{i}</p>")).collect();
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, opts) in [
            ("a.xml", zip::write::SimpleFileOptions::default()),
            ("b.xml", stored),
            ("c.xml", zip::write::SimpleFileOptions::default()),
            ("empty.xml", zip::write::SimpleFileOptions::default()),
        ] {
            w.start_file(name, opts).unwrap();
            if name != "empty.xml" {
                w.write_all(text.as_bytes()).unwrap();
            }
        }
        w.finish().unwrap();
        let bytes = buf.into_inner();
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.zip", &opts);
        let mut pkg = Package::open(&bytes, &ctx).unwrap();
        for name in ["a.xml", "b.xml", "c.xml"] {
            assert_eq!(pkg.read_text(name).unwrap().as_deref(), Some(text.as_str()));
        }
        assert_eq!(pkg.read_text("empty.xml").unwrap().as_deref(), Some(""));
        // Damage each entry's data in its middle.
        for name in ["a.xml", "b.xml"] {
            let at = {
                let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
                let i = zip.index_for_name(name).unwrap();
                let f = zip.by_index_raw(i).unwrap();
                (f.data_start().unwrap() + f.compressed_size() / 2) as usize
            };
            let mut bad = bytes.clone();
            bad[at] ^= 0x55;
            let mut pkg = Package::open(&bad, &ctx).unwrap();
            let e = pkg.read(name).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::CorruptDocument, "{name}: {e}");
        }
    }
}
