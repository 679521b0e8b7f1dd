//! ZIP containers (OOXML, OpenDocument, EPUB) read under the extraction limits: number of
//! entries, total bytes decompressed, and compression ratio per entry (zip bombs). Sizes
//! written in the archive are not trusted: reading stops when a limit is reached.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use super::Ctx;
use crate::error::{Error, Result};

/// Entries below this size are never judged by their compression ratio (small XML parts
/// compress very well).
pub(crate) const RATIO_FLOOR: u64 = 1 << 20;

/// An open ZIP container.
pub(crate) struct Package<'a, 'c> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    ctx: &'c Ctx<'c>,
    total: u64,
}

impl<'a, 'c> Package<'a, 'c> {
    /// Opens the container, checking the number of entries.
    pub fn open(bytes: &'a [u8], ctx: &'c Ctx<'c>) -> Result<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(ctx, "", e))?;
        let entries = zip.len() as u64;
        if entries > ctx.opts.max_entries {
            return Err(ctx.limit("max_entries", ctx.opts.max_entries, entries));
        }
        Ok(Package { zip, ctx, total: 0 })
    }

    /// Every entry's name.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// The entry `name` decompressed (matched exactly, else ignoring ASCII case), or
    /// `None` when there is no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        self.ctx.check_time()?;
        let name = name.trim_start_matches('/');
        let index = match self.zip.index_for_name(name) {
            Some(i) => i,
            None => {
                let found = self
                    .names()
                    .into_iter()
                    .find(|n| n.eq_ignore_ascii_case(name));
                match found.and_then(|f| self.zip.index_for_name(&f)) {
                    Some(i) => i,
                    None => return Ok(None),
                }
            }
        };
        let opts = self.ctx.opts;
        let ctx = self.ctx;
        let mut f = self
            .zip
            .by_index(index)
            .map_err(|e| zip_error(ctx, name, e))?;
        let compressed = f.compressed_size().max(1);
        let left = opts.max_decompressed_bytes.saturating_sub(self.total);
        let by_ratio = compressed
            .saturating_mul(opts.max_compression_ratio)
            .max(RATIO_FLOOR);
        let cap = left.min(by_ratio);
        let mut out = Vec::with_capacity(f.size().min(cap).min(64 << 20) as usize);
        (&mut f)
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| ctx.corrupt(format!("{name}: {e}")))?;
        let got = out.len() as u64;
        if got > cap {
            return Err(if cap == by_ratio && by_ratio < left {
                ctx.limit(
                    "max_compression_ratio",
                    opts.max_compression_ratio,
                    got / compressed,
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
        Ok(Some(out))
    }

    /// Checks the sizes the archive declares against the limits, for readers (calamine)
    /// that open the archive themselves.
    pub fn check_declared_sizes(&mut self) -> Result<()> {
        let opts = self.ctx.opts;
        let mut total = 0u64;
        for i in 0..self.zip.len() {
            let f = self
                .zip
                .by_index_raw(i)
                .map_err(|e| zip_error(self.ctx, "", e))?;
            let (size, compressed) = (f.size(), f.compressed_size().max(1));
            total = total.saturating_add(size);
            if size > RATIO_FLOOR && size / compressed > opts.max_compression_ratio {
                return Err(self.ctx.limit(
                    "max_compression_ratio",
                    opts.max_compression_ratio,
                    size / compressed,
                ));
            }
        }
        if total > opts.max_decompressed_bytes {
            return Err(self.ctx.limit(
                "max_decompressed_bytes",
                opts.max_decompressed_bytes,
                total,
            ));
        }
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

fn zip_error(ctx: &Ctx, entry: &str, e: ZipError) -> Error {
    let at = if entry.is_empty() {
        String::new()
    } else {
        format!("{entry}: ")
    };
    match e {
        ZipError::UnsupportedArchive(m) if m.contains("ncrypt") || m.contains("assword") => {
            Error::Encrypted {
                source_name: ctx.name.to_string(),
                detail: format!("{at}encrypted ZIP entries are not supported"),
            }
        }
        ZipError::UnsupportedArchive(m) => ctx.unsupported(format!("{at}{m}")),
        ZipError::Io(e) => ctx.corrupt(format!("{at}{e}")),
        other => ctx.corrupt(format!("{at}{other}")),
    }
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
}
