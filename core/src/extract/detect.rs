//! Format detection: magic bytes first, the file name's extension second.
//!
//! Binary formats are known by their signatures (PDF, ZIP, OLE2, gzip, tar, images); ZIP
//! containers by their manifest (`mimetype` entry or the OOXML part names); OLE2 files by
//! the stream names in their directory; text formats by sniffing the first kilobytes (RTF,
//! HTML, XML, JSON, e-mail headers). Only what the bytes cannot tell — Markdown versus
//! plain text, CSV versus TSV — comes from the extension.

use std::io::Cursor;

/// A document format corpusforge knows (to read it, or to name it in an error).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Portable Document Format.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// Excel (Office Open XML).
    Xlsx,
    /// PowerPoint (Office Open XML).
    Pptx,
    /// OpenDocument text.
    Odt,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument presentation.
    Odp,
    /// EPUB e-book.
    Epub,
    /// Legacy Word 97-2003 (OLE2).
    Doc,
    /// Legacy Excel 97-2003 (OLE2).
    Xls,
    /// Legacy PowerPoint 97-2003 (OLE2).
    Ppt,
    /// An Office file encrypted with a password (OLE2 `EncryptedPackage`).
    EncryptedOffice,
    /// Another OLE2 compound file.
    Ole2,
    /// Rich Text Format.
    Rtf,
    /// HTML or XHTML.
    Html,
    /// Other XML.
    Xml,
    /// JSON.
    Json,
    /// Jupyter notebook.
    Ipynb,
    /// Markdown.
    Markdown,
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// E-mail message (RFC 5322 / MIME).
    Eml,
    /// Plain text in any encoding.
    Text,
    /// ZIP archive (not an office document or e-book).
    Zip,
    /// Tar archive.
    Tar,
    /// gzip-compressed data.
    Gzip,
    /// An image (text in images needs OCR).
    Image,
    /// Binary data of no known format.
    Binary,
}

impl Format {
    /// The short name used in [`Source::format`](crate::Source::format) and the record's `format` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Odp => "odp",
            Format::Epub => "epub",
            Format::Doc => "doc",
            Format::Xls => "xls",
            Format::Ppt => "ppt",
            Format::EncryptedOffice => "encrypted_office",
            Format::Ole2 => "ole2",
            Format::Rtf => "rtf",
            Format::Html => "html",
            Format::Xml => "xml",
            Format::Json => "json",
            Format::Ipynb => "ipynb",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Eml => "eml",
            Format::Text => "text",
            Format::Zip => "zip",
            Format::Tar => "tar",
            Format::Gzip => "gzip",
            Format::Image => "image",
            Format::Binary => "binary",
        }
    }

    /// A human description, for error messages.
    pub fn description(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Doc => "legacy Word 97-2003 document (OLE2); save it as DOCX",
            Format::Ppt => "legacy PowerPoint 97-2003 presentation (OLE2); save it as PPTX",
            Format::EncryptedOffice => "password-protected Office document",
            Format::Ole2 => "OLE2 compound file of an unknown kind",
            Format::Zip => "ZIP archive (expand it with extract_all)",
            Format::Tar => "tar archive (expand it with extract_all)",
            Format::Gzip => "gzip-compressed data (expand it with extract_all)",
            Format::Image => "image (text in images needs OCR, which corpusforge does not do)",
            Format::Binary => "binary data of no known format",
            _ => "format",
        }
    }
}

/// How many bytes of `bytes` are C0 controls that text does not use (all but tab, line
/// feed, form feed, carriage return and escape). Branch-free, with a byte counter per
/// 255-byte run, so that it compiles to vector compares: it runs over every text file.
fn stray_controls(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|run| {
            let n = run.iter().fold(0u8, |n, &b| {
                let stray = u8::from(b < 0x20)
                    & u8::from(b != b'\t')
                    & u8::from(b != b'\n')
                    & u8::from(b != b'\r')
                    & u8::from(b != 0x0C)
                    & u8::from(b != 0x1B);
                n + stray
            });
            usize::from(n)
        })
        .sum()
}

/// Detects the format of `bytes`; `name` is a file name or extension used only where the
/// bytes cannot tell.
pub fn detect(bytes: &[u8], name: Option<&str>) -> Format {
    let ext = name.map(extension).unwrap_or_default();
    if let Some(f) = binary_signature(bytes) {
        return match f {
            Format::Zip => quick_zip_kind(bytes)
                .or_else(|| zip_kind(bytes))
                .unwrap_or_else(|| zip_by_extension(&ext)),
            Format::Ole2 => ole2_kind(bytes),
            f => f,
        };
    }
    if bytes.len() >= 262 && &bytes[257..262] == b"ustar" {
        return Format::Tar;
    }
    let head = sniff_text(bytes);
    let Some(head) = head else {
        return Format::Binary;
    };
    let t = head.trim_start_matches('\u{feff}').trim_start();
    // The first 4 KiB (cut at a character's start), lower-cased byte by byte.
    let mut end = t.len().min(4096);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let lower = t[..end].to_ascii_lowercase();
    if lower.starts_with("{\\rtf") {
        return Format::Rtf;
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Format::Html;
    }
    if lower.starts_with("<?xml") || lower.starts_with("<!doctype") {
        if lower.contains("<html") || lower.contains("http://www.w3.org/1999/xhtml") {
            return Format::Html;
        }
        return Format::Xml;
    }
    if lower.starts_with('<')
        && ["<head", "<body", "<meta", "<title"]
            .iter()
            .any(|m| lower.contains(m))
    {
        return Format::Html;
    }
    if (lower.starts_with('{') || lower.starts_with('['))
        && (matches!(ext.as_str(), "json" | "ipynb" | "geojson")
            || serde_json::from_slice::<serde::de::IgnoredAny>(strip_bom(bytes)).is_ok())
    {
        if lower.contains("\"nbformat\"") || lower.contains("\"cells\"") || ext == "ipynb" {
            return Format::Ipynb;
        }
        return Format::Json;
    }
    if looks_like_email(t) {
        return Format::Eml;
    }
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" | "mdx" => Format::Markdown,
        "csv" => Format::Csv,
        "tsv" | "tab" => Format::Tsv,
        "htm" | "html" | "xhtml" => Format::Html,
        "xml" => Format::Xml,
        "eml" => Format::Eml,
        _ => Format::Text,
    }
}

/// The lower-case extension of a file name, or the name itself when it has no dot (a bare
/// extension such as `"md"` given as a hint).
fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\', '!']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((_, e)) => e.to_ascii_lowercase(),
        None => base.to_ascii_lowercase(),
    }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b)
}

fn binary_signature(b: &[u8]) -> Option<Format> {
    let starts = |sig: &[u8]| b.starts_with(sig);
    if memchr::memmem::find(&b[..b.len().min(1024)], b"%PDF-").is_some() {
        return Some(Format::Pdf);
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        return Some(Format::Zip);
    }
    if starts(&super::ole2::MAGIC) {
        return Some(Format::Ole2);
    }
    if starts(&[0x1F, 0x8B]) {
        return Some(Format::Gzip);
    }
    let image = starts(b"\x89PNG\r\n\x1a\n")
        || starts(&[0xFF, 0xD8, 0xFF])
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || starts(b"II*\0")
        || starts(b"MM\0*")
        || starts(b"BM") && b.len() > 14 && b[6..10] == [0, 0, 0, 0]
        || (starts(b"RIFF") && b.len() > 12 && &b[8..12] == b"WEBP");
    if image {
        return Some(Format::Image);
    }
    if starts(b"7z\xBC\xAF\x27\x1C") || starts(b"Rar!\x1A\x07") {
        return Some(Format::Binary);
    }
    None
}

/// The kind of a well-formed office or e-book ZIP read straight from its bytes, without
/// parsing the archive (the reader parses it next): ODF and EPUB store an uncompressed
/// `mimetype` entry first; OOXML packages name their main part in the central directory.
/// `None` when the bytes do not say, and the archive's directory is consulted.
fn quick_zip_kind(bytes: &[u8]) -> Option<Format> {
    if bytes.get(30..38) == Some(b"mimetype") {
        let rest = &bytes[38..bytes.len().min(38 + 80)];
        for (m, f) in [
            (&b"application/epub+zip"[..], Format::Epub),
            (b"application/vnd.oasis.opendocument.text", Format::Odt),
            (
                b"application/vnd.oasis.opendocument.spreadsheet",
                Format::Ods,
            ),
            (
                b"application/vnd.oasis.opendocument.presentation",
                Format::Odp,
            ),
        ] {
            if rest.starts_with(m) {
                return Some(f);
            }
        }
        return None;
    }
    // OOXML packages by their main part, in the central directory at the end (the local
    // headers sit between the members' data, megabytes of images in a deck). When the
    // directory cannot be read the archive reader decides.
    const MAIN: [(&[u8], Format); 3] = [
        (b"word/document.xml", Format::Docx),
        (b"xl/workbook.xml", Format::Xlsx),
        (b"ppt/presentation.xml", Format::Pptx),
    ];
    let zip = rawzip::ZipArchive::from_slice(bytes).ok()?;
    let mut entries = zip.entries();
    let mut best: Option<usize> = None;
    while let Some(e) = entries.next_entry().ok()? {
        let name = e.file_path().as_bytes();
        if let Some(i) = MAIN.iter().position(|(m, _)| name.eq_ignore_ascii_case(m)) {
            best = Some(best.map_or(i, |b| b.min(i)));
        }
    }
    best.map(|i| MAIN[i].1)
}

/// What a ZIP container holds, from its `mimetype` entry or its part names.
fn zip_kind(bytes: &[u8]) -> Option<Format> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if let Ok(mut f) = zip.by_name("mimetype") {
        let mut m = String::new();
        if f.size() < 256 && std::io::Read::read_to_string(&mut f, &mut m).is_ok() {
            let m = m.trim();
            let kind = match m {
                "application/epub+zip" => Some(Format::Epub),
                "application/vnd.oasis.opendocument.text" => Some(Format::Odt),
                "application/vnd.oasis.opendocument.spreadsheet" => Some(Format::Ods),
                "application/vnd.oasis.opendocument.presentation" => Some(Format::Odp),
                _ => None,
            };
            if kind.is_some() {
                return kind;
            }
        }
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("word/document.xml") {
        return Some(Format::Docx);
    }
    if has("xl/workbook.xml") {
        return Some(Format::Xlsx);
    }
    if has("ppt/presentation.xml") {
        return Some(Format::Pptx);
    }
    if has("[Content_Types].xml") {
        // OOXML with non-default part names: the content types say which.
        if let Ok(mut f) = zip.by_name("[Content_Types].xml") {
            let mut s = String::new();
            if f.size() < (1 << 20) && std::io::Read::read_to_string(&mut f, &mut s).is_ok() {
                if s.contains("wordprocessingml.document.main") {
                    return Some(Format::Docx);
                }
                if s.contains("spreadsheetml.sheet.main") {
                    return Some(Format::Xlsx);
                }
                if s.contains("presentationml.presentation.main") {
                    return Some(Format::Pptx);
                }
            }
        }
    }
    if has("META-INF/container.xml") {
        return Some(Format::Epub);
    }
    if has("content.xml") && has("META-INF/manifest.xml") {
        return Some(Format::Odt);
    }
    Some(Format::Zip)
}

/// A ZIP whose directory cannot be read: trust the extension, so the format's extractor
/// reports the corruption.
fn zip_by_extension(ext: &str) -> Format {
    match ext {
        "docx" | "docm" | "dotx" => Format::Docx,
        "xlsx" | "xlsm" => Format::Xlsx,
        "pptx" | "pptm" => Format::Pptx,
        "odt" => Format::Odt,
        "ods" => Format::Ods,
        "odp" => Format::Odp,
        "epub" => Format::Epub,
        _ => Format::Zip,
    }
}

/// The kind of an OLE2 compound file, from the names of its streams. A file whose
/// directory cannot be read is told by the names found anywhere in its bytes (UTF-16LE),
/// so that its reader can say what is broken.
fn ole2_kind(bytes: &[u8]) -> Format {
    let Ok(file) = super::ole2::Ole2::open(bytes) else {
        return ole2_kind_by_scan(bytes);
    };
    if file.has_stream("EncryptedPackage") && file.has_stream("EncryptionInfo") {
        Format::EncryptedOffice
    } else if file.has_stream("WordDocument") {
        Format::Doc
    } else if file.has_stream("PowerPoint Document") {
        Format::Ppt
    } else if file.has_stream("Workbook") || file.has_stream("Book") {
        Format::Xls
    } else {
        Format::Ole2
    }
}

/// [`ole2_kind`] of a file whose directory is unreadable: the stream names anywhere in it.
fn ole2_kind_by_scan(bytes: &[u8]) -> Format {
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        memchr::memmem::find(bytes, &utf16).is_some()
    };
    // Both stream names: Word keeps its text as UTF-16LE too, so one word in a .doc
    // could name a stream.
    if has("EncryptedPackage") && has("EncryptionInfo") {
        Format::EncryptedOffice
    } else if has("WordDocument") {
        Format::Doc
    } else if has("PowerPoint Document") {
        Format::Ppt
    } else if has("Workbook") || has("Book") {
        Format::Xls
    } else {
        Format::Ole2
    }
}

/// The first few kilobytes as text, or `None` when they look binary.
fn sniff_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let (enc, skip) = if head[0] == 0xFF {
            (encoding_rs::UTF_16LE, 2)
        } else {
            (encoding_rs::UTF_16BE, 2)
        };
        let (s, _) = enc.decode_without_bom_handling(&head[skip..]);
        return Some(s);
    }
    if let Some(enc) = super::text::utf16_without_bom(head) {
        let (s, _) = enc.decode_without_bom_handling(head);
        return Some(s);
    }
    if head.is_empty() {
        return Some("".into());
    }
    // Binary: NUL bytes, or many control bytes that no text encoding uses.
    let controls = stray_controls(head);
    if head.contains(&0) || controls * 20 > head.len() {
        return None;
    }
    // Valid UTF-8 (the common case) is borrowed, not copied; the SIMD check first, as
    // std's lossy decoder is slow even on valid text.
    match simdutf8::basic::from_utf8(head) {
        Ok(s) => Some(s.into()),
        Err(_) => Some(String::from_utf8_lossy(head)),
    }
}

/// Whether `t` opens with RFC 5322 header fields that only e-mail has.
fn looks_like_email(t: &str) -> bool {
    let mut fields = 0;
    let mut strong = false;
    for line in t.lines().take(60) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue; // folded header line
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || name.contains(' ') {
            return false;
        }
        let n = name.to_ascii_lowercase();
        if matches!(
            n.as_str(),
            "received" | "message-id" | "mime-version" | "return-path" | "delivered-to"
        ) {
            strong = true;
        }
        if matches!(n.as_str(), "from" | "to" | "subject" | "date" | "cc") {
            fields += 1;
        }
    }
    fields >= 2 && (strong || fields >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_text_formats_regardless_of_extension() {
        assert_eq!(detect(b"{\\rtf1\\ansi hello}", Some("x.txt")), Format::Rtf);
        assert_eq!(detect(b"<!DOCTYPE html><p>x", Some("x.txt")), Format::Html);
        assert_eq!(detect(b"<?xml version=\"1.0\"?><a/>", None), Format::Xml);
        assert_eq!(detect(b"{\"a\": [1, 2]}", Some("data.txt")), Format::Json);
        assert_eq!(
            detect(
                b"From: a@b.c\nTo: d@e.f\nSubject: hi\n\nBody",
                Some("mail.txt")
            ),
            Format::Eml
        );
        assert_eq!(
            detect(b"# Title\n\nText", Some("notes.md")),
            Format::Markdown
        );
        assert_eq!(detect(b"# Title\n\nText", Some("notes.txt")), Format::Text);
        assert_eq!(detect(b"a,b\n1,2\n", Some("t.csv")), Format::Csv);
        assert_eq!(detect(b"plain words", None), Format::Text);
    }

    #[test]
    fn archive_holding_an_office_file_is_an_archive() {
        use std::io::Write;
        let docx = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/extract/generated/orchard-guide.pandoc.docx"
        ))
        .unwrap();
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("report.docx", stored).unwrap();
        w.write_all(&docx).unwrap();
        w.finish().unwrap();
        assert_eq!(detect(&buf.into_inner(), Some("bundle.zip")), Format::Zip);
        assert_eq!(detect(&docx, Some("x.bin")), Format::Docx);
    }

    #[test]
    fn binary_signatures() {
        assert_eq!(detect(b"%PDF-1.7\n...", Some("x.docx")), Format::Pdf);
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0", None), Format::Image);
        assert_eq!(detect(&[0u8, 1, 2, 3, 0, 0, 9, 200], None), Format::Binary);
        assert_eq!(detect(b"PK\x03\x04garbage", Some("a.docx")), Format::Docx);
        assert_eq!(detect(b"PK\x03\x04garbage", Some("a.bin")), Format::Zip);
    }

    #[test]
    fn ole2_kinds() {
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(&doc, Some("a.xls")), Format::Doc);
    }

    #[test]
    fn ooxml_kind_from_the_central_directory() {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        for name in [
            "[Content_Types].xml",
            "ppt/media/a.png",
            "ppt/presentation.xml",
        ] {
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"x").unwrap();
        }
        w.set_comment("a comment").unwrap();
        w.finish().unwrap();
        let zip = buf.into_inner();
        assert_eq!(quick_zip_kind(&zip), Some(Format::Pptx));
        assert_eq!(detect(&zip, None), Format::Pptx);
        // Bytes before the archive (a self-extractor's stub) shift nothing.
        let mut prefixed = b"stub".to_vec();
        prefixed.extend_from_slice(&zip);
        assert_eq!(quick_zip_kind(&prefixed), Some(Format::Pptx));
        // Cut short anywhere: no answer or the right one, no panic.
        for cut in 0..zip.len() {
            let kind = quick_zip_kind(&zip[..cut]);
            assert!(matches!(kind, None | Some(Format::Pptx)), "{cut}");
        }
    }
}
