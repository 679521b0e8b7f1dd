//! Extraction: bytes of any supported format → [`Document`] (text in reading order,
//! structure as blocks, metadata).
//!
//! The format is detected from the bytes first (magic numbers, ZIP manifests, OLE2
//! directories, sniffed text) and from the file name's extension only where the bytes
//! cannot tell (Markdown versus plain text, CSV versus TSV), so a wrong extension does not
//! matter. Every container has limits ([`ExtractOptions`]): exceeding one is
//! [`Error::LimitExceeded`] naming the limit; broken files are [`Error::CorruptDocument`];
//! nothing panics.

mod archive;
mod builder;
mod container;
mod delimited;
pub mod detect;
mod docx;
mod email;
mod encrypted_odf;
mod encrypted_office;
mod encrypted_xls;
mod epub;
mod html;
mod input;
mod markdown;
mod markers;
mod notebook;
mod odf;
mod ods;
mod ole2;
mod oleps;
mod ooxml;
mod pdf;
mod plain_xml;
mod pptx;
mod raw_text;
mod rtf;
mod spreadsheet;
mod structured;
mod table;
mod text;
mod xls;
mod xlsx;
mod xml;

use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document::{Document, Source};
use crate::error::{Error, Result};
pub use archive::extract_all_bytes;
pub use detect::{detect, Format};

/// How tables are written into a document's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    /// A Markdown pipe table (the first row as its header).
    #[default]
    Markdown,
    /// One line per row, cells separated by tabs.
    Tsv,
}

impl std::str::FromStr for TableFormat {
    type Err = Error;
    /// Parses `markdown` or `tsv`.
    fn from_str(s: &str) -> Result<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string()))
            .map_err(|_| Error::invalid_option("table_format", "expected one of markdown, tsv"))
    }
}

/// Options of [`extract`] and [`extract_bytes`]. `Debug` shows the password as
/// `<redacted>`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExtractOptions {
    /// Put page headers and footers into `text` (they are always kept as blocks). Default
    /// off: they are boilerplate repeated on every page.
    pub include_headers_footers: bool,
    /// Put reviewers' comments into `text`. Default off.
    pub include_comments: bool,
    /// Put speaker notes (presentations) into `text`. Default off.
    pub include_notes: bool,
    /// Put images' alternative text into `text`. Default off (often "Picture 1").
    pub include_alt_text: bool,
    /// How tables appear in `text`: `markdown` (default) or `tsv`.
    pub table_format: TableFormat,
    /// Password of an encrypted PDF, DOCX, XLSX, PPTX, ODT, ODP, ODS or XLS. Without one, an
    /// encrypted PDF is tried with the empty password and an Office file with Excel's
    /// default one.
    pub password: Option<String>,
    /// PDF: join a word that a hyphen broke at a line's end (`infor-` + `mation`). Default
    /// on; off keeps the hyphen and the line break as printed.
    pub dehyphenate: bool,
    /// HTML: keep only the main content (drop navigation, sidebars and link lists by text
    /// density). Default off.
    pub main_content: bool,
    /// Plain text: the encoding to decode with (a WHATWG label such as `windows-1252` or
    /// `shift_jis`); detected when absent.
    pub encoding: Option<String>,
    /// [`extract_all`]: e-mail attachments become documents of their own. Default off.
    pub attachments: bool,
    /// Fill [`Source::sha256`] with the hash of the input's bytes. Default off: the hash
    /// reads every byte, images and fonts included, at about 1.7 GB/s, which can cost more
    /// than the extraction itself (a 1.2 MB slide deck of photos: 0.7 ms of hashing against
    /// 0.2 ms of reading its text). The pipeline always turns it on: its `doc_id` is this hash.
    pub sha256: bool,
    /// Largest input accepted, in bytes. Default 256 MiB.
    pub max_bytes: u64,
    /// Most bytes decompressed from one container, all entries together. Default 1 GiB.
    pub max_decompressed_bytes: u64,
    /// Highest compression ratio of a container entry larger than 1 MiB (zip bombs). Default 100.
    pub max_compression_ratio: u64,
    /// Most entries in a container. Default 10,000.
    pub max_entries: u64,
    /// Deepest XML or HTML element nesting. Default 512.
    pub max_depth: u64,
    /// Time budget per document in milliseconds; 0 for none. Default 60,000.
    pub timeout_ms: u64,
}

impl std::fmt::Debug for ExtractOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::options::debug_redacted(f, "ExtractOptions", self, "password")
    }
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            include_headers_footers: false,
            include_comments: false,
            include_notes: false,
            include_alt_text: false,
            table_format: TableFormat::Markdown,
            password: None,
            dehyphenate: true,
            main_content: false,
            encoding: None,
            attachments: false,
            sha256: false,
            max_bytes: 256 << 20,
            max_decompressed_bytes: 1 << 30,
            max_compression_ratio: 100,
            max_entries: 10_000,
            max_depth: 512,
            timeout_ms: 60_000,
        }
    }
}

impl crate::options::StageOptions for ExtractOptions {
    const STAGE: &'static str = "extract";
    const FIELDS: &'static [&'static str] = &[
        "include_headers_footers",
        "include_comments",
        "include_notes",
        "include_alt_text",
        "table_format",
        "password",
        "dehyphenate",
        "main_content",
        "encoding",
        "attachments",
        "sha256",
        "max_bytes",
        "max_decompressed_bytes",
        "max_compression_ratio",
        "max_entries",
        "max_depth",
        "timeout_ms",
    ];
}

/// Extracts the document at `path`. Files from 256 KiB on are memory-mapped: extract a
/// file once it is complete (one truncated by another process meanwhile stops the
/// process, as with any mapped file).
///
/// ```no_run
/// use corpusforge::{extract, ExtractOptions};
/// let doc = extract("report.docx", &ExtractOptions::default())?;
/// println!("{} blocks, title {:?}", doc.blocks.len(), doc.metadata.title);
/// # Ok::<(), corpusforge::Error>(())
/// ```
pub fn extract(path: impl AsRef<Path>, options: &ExtractOptions) -> Result<Document> {
    let (bytes, name) = input::read_input(path.as_ref(), options)?;
    extract_named(&bytes, &name, options)
}

/// Extracts every document in the file at `path`: the document itself, or each member of
/// a ZIP, tar or tar.gz archive (nested archives too, named `outer.zip!inner.tar!doc.md`),
/// and e-mail attachments with the `attachments` option. See [`extract_all_bytes`].
pub fn extract_all(
    path: impl AsRef<Path>,
    options: &ExtractOptions,
) -> Result<Vec<Result<Document>>> {
    let (bytes, name) = input::read_input(path.as_ref(), options)?;
    extract_all_bytes(&bytes, &name, options)
}

/// Extracts a document held in memory. `hint` is a file name or extension (`"report.docx"`,
/// `"md"`), used only where the bytes cannot tell the format; it also names the document
/// in errors and in [`Source::name`].
pub fn extract_bytes(
    bytes: &[u8],
    hint: Option<&str>,
    options: &ExtractOptions,
) -> Result<Document> {
    extract_named(bytes, hint.unwrap_or("<bytes>"), options)
}

/// Inputs from this size on hash their bytes in parallel with the extraction (smaller ones
/// hash in microseconds, less than handing work to another thread costs).
const PARALLEL_HASH_BYTES: usize = 256 * 1024;

pub(crate) fn extract_named(
    bytes: &[u8],
    name: &str,
    options: &ExtractOptions,
) -> Result<Document> {
    if bytes.len() as u64 > options.max_bytes {
        return Err(Error::LimitExceeded {
            source_name: name.to_string(),
            limit: "max_bytes".into(),
            max: options.max_bytes,
            actual: bytes.len() as u64,
        });
    }
    let format = detect(bytes, Some(name));
    let ctx = Ctx::new(name, options);
    let run =
        || crate::error::catch_panic(|| open(bytes, format, &ctx)).map_err(|e| named(e, name));
    // On a large input the hash can cost more than the extraction, so it runs beside it
    // when a thread is free.
    let (doc, sha256) = match options.sha256 {
        false => (run(), None),
        true if bytes.len() >= PARALLEL_HASH_BYTES => {
            let (doc, sha) = rayon::join(run, || sha256_hex(bytes));
            (doc, Some(sha))
        }
        true => (run(), Some(sha256_hex(bytes))),
    };
    let (mut doc, format) = doc?;
    doc.source = Source {
        name: name.to_string(),
        format: format.as_str().to_string(),
        byte_len: bytes.len() as u64,
        sha256,
    };
    Ok(doc)
}

/// A caught panic's error with the input's name, as every other error names it.
fn named(e: Error, name: &str) -> Error {
    match e {
        Error::Internal { detail } => Error::Internal {
            detail: format!("{name}: {detail}"),
        },
        e => e,
    }
}

/// Extracts `bytes` of the detected `format`; a password-protected Office file is
/// decrypted first. Returns the document and the format its content had.
fn open(bytes: &[u8], format: Format, ctx: &Ctx) -> Result<(Document, Format)> {
    if format != Format::EncryptedOffice {
        return dispatch(bytes, format, ctx).map(|doc| (doc, format));
    }
    let decrypted = encrypted_office::decrypt(bytes, ctx)?;
    let inner = detect(&decrypted.package, Some(ctx.name));
    if !matches!(inner, Format::Docx | Format::Xlsx | Format::Pptx) {
        return Err(match inner {
            // An encrypted XLSB or another package corpusforge does not read.
            Format::Zip => {
                ctx.unsupported("encrypted Office package that is not DOCX, XLSX or PPTX")
            }
            _ => ctx.corrupt("the decrypted package is not a DOCX, XLSX or PPTX file"),
        });
    }
    let mut doc = dispatch(&decrypted.package, inner, ctx)?;
    mark_encrypted(&mut doc.metadata, decrypted.method);
    Ok((doc, inner))
}

/// Records in `meta.extra` that the file was decrypted, and by which `method`.
pub(crate) fn mark_encrypted(meta: &mut crate::document::Metadata, method: &str) {
    meta.extra.insert("encrypted".into(), "true".into());
    meta.extra.insert("encryption".into(), method.into());
}

fn dispatch(bytes: &[u8], format: Format, ctx: &Ctx) -> Result<Document> {
    match format {
        Format::Text => text::extract(bytes, ctx),
        Format::Pdf => pdf::extract(bytes, ctx),
        Format::Docx => docx::extract(bytes, ctx),
        Format::Html => html::extract(bytes, ctx),
        Format::Markdown => markdown::extract(bytes, ctx),
        Format::Csv => delimited::extract(bytes, b',', ctx),
        Format::Tsv => delimited::extract(bytes, b'\t', ctx),
        Format::Epub => epub::extract(bytes, ctx),
        Format::Rtf => rtf::extract(bytes, ctx),
        Format::Eml => email::extract(bytes, ctx),
        Format::Json => structured::extract_json(bytes, ctx),
        Format::Xml => structured::extract_xml(bytes, ctx),
        Format::Ipynb => notebook::extract(bytes, ctx),
        Format::Pptx => pptx::extract(bytes, ctx),
        Format::Odt | Format::Odp => odf::extract(bytes, ctx),
        Format::Xlsx => xlsx::extract(bytes, ctx),
        Format::Xls => xls::extract(bytes, ctx),
        Format::Ods => ods::extract(bytes, ctx),
        other => Err(Error::UnsupportedFormat {
            source_name: ctx.name.to_string(),
            detail: other.description().to_string(),
        }),
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::hex::lower(&Sha256::digest(bytes))
}

/// What every extractor carries: the document's name (for errors), the options and the
/// time budget.
pub(crate) struct Ctx<'a> {
    pub name: &'a str,
    pub opts: &'a ExtractOptions,
    start: Instant,
}

impl<'a> Ctx<'a> {
    pub fn new(name: &'a str, opts: &'a ExtractOptions) -> Self {
        Ctx {
            name,
            opts,
            start: Instant::now(),
        }
    }

    /// [`Error::LimitExceeded`] for `timeout_ms` once the time budget is spent.
    pub fn check_time(&self) -> Result<()> {
        if self.opts.timeout_ms == 0 {
            return Ok(());
        }
        let spent = self.start.elapsed();
        if spent > Duration::from_millis(self.opts.timeout_ms) {
            return Err(self.limit("timeout_ms", self.opts.timeout_ms, spent.as_millis() as u64));
        }
        Ok(())
    }

    /// [`Error::CorruptDocument`] naming this document.
    pub fn corrupt(&self, detail: impl Into<String>) -> Error {
        Error::CorruptDocument {
            source_name: self.name.to_string(),
            detail: detail.into(),
        }
    }

    /// [`Error::LimitExceeded`] naming this document.
    pub fn limit(&self, limit: &str, max: u64, actual: u64) -> Error {
        Error::LimitExceeded {
            source_name: self.name.to_string(),
            limit: limit.to_string(),
            max,
            actual,
        }
    }

    /// [`Error::Encrypted`] naming this document: no password, or a wrong one.
    pub fn encrypted(&self, detail: impl Into<String>) -> Error {
        Error::Encrypted {
            source_name: self.name.to_string(),
            detail: detail.into(),
        }
    }

    /// [`Error::UnsupportedFormat`] naming this document.
    pub fn unsupported(&self, detail: impl Into<String>) -> Error {
        Error::UnsupportedFormat {
            source_name: self.name.to_string(),
            detail: detail.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_names_the_input() {
        let caught = crate::error::catch_panic::<()>(|| panic!("index out of range"));
        let e = named(caught.unwrap_err(), "inbox/report.xls");
        assert_eq!(e.kind(), crate::ErrorKind::Internal);
        assert!(
            e.to_string().contains("inbox/report.xls: caught panic"),
            "{e}"
        );
        // Other errors name it already.
        let ctx_err = Ctx::new("a.txt", &ExtractOptions::default()).corrupt("cut short");
        assert_eq!(
            named(ctx_err, "b.txt").to_string().matches("a.txt").count(),
            1
        );
    }
}
