//! Plain text in any encoding: byte-order marks, UTF-8 validation, UTF-16 without a BOM,
//! and `chardetng` for legacy encodings (Windows-125x, ISO-8859-x, KOI8-R, Shift-JIS,
//! EUC-JP, GBK, Big5, EUC-KR, ...), decoded by `encoding_rs`.

use encoding_rs::Encoding;

use super::builder::DocBuilder;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::{Error, Result};

/// Extracts a plain-text document: paragraphs at blank lines.
pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let (text, enc) = decode(bytes, ctx)?;
    let text = unix_newlines(text);
    let mut b = DocBuilder::new();
    for r in crate::segment::split_paragraphs(&text) {
        b.push(BlockKind::Paragraph, &text[r]);
    }
    let mut meta = Metadata::default();
    meta.extra
        .insert("encoding".into(), enc.name().to_ascii_lowercase());
    Ok(b.finish(meta))
}

/// The text with its line breaks as `\n`, whatever the file used (`\r\n`, `\r`): one
/// pass, and none at all for text without `\r`.
fn unix_newlines(text: String) -> String {
    let b = text.as_bytes();
    let mut crs = memchr::memchr_iter(b'\r', b).peekable();
    if crs.peek().is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for i in crs {
        out.push_str(&text[last..i]);
        out.push('\n');
        last = i + 1 + usize::from(b.get(i + 1) == Some(&b'\n'));
    }
    out.push_str(&text[last..]);
    out
}

/// Decodes `bytes` as text: the encoding option if given, else a BOM, else UTF-8 when the
/// bytes are valid UTF-8, else the encoding `chardetng` finds most likely.
pub(crate) fn decode(bytes: &[u8], ctx: &Ctx) -> Result<(String, &'static Encoding)> {
    let enc = match &ctx.opts.encoding {
        Some(label) => Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::invalid_option("encoding", format!("unknown encoding label {label:?}"))
        })?,
        None => guess(bytes),
    };
    // Valid UTF-8 without a BOM is copied as it is: encoding_rs would check it again.
    if enc == encoding_rs::UTF_8 && !bytes.starts_with(b"\xEF\xBB\xBF") {
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            return Ok((text.to_owned(), enc));
        }
    }
    let (text, _, _) = enc.decode(bytes);
    Ok((text.into_owned(), enc))
}

/// Like [`decode`], but valid UTF-8 (no encoding option, no BOM) is borrowed, not
/// copied: for readers that parse the text and keep none of it.
pub(crate) fn decode_str<'a>(bytes: &'a [u8], ctx: &Ctx) -> Result<std::borrow::Cow<'a, str>> {
    if ctx.opts.encoding.is_none() && !bytes.starts_with(b"\xEF\xBB\xBF") {
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            return Ok(std::borrow::Cow::Borrowed(text));
        }
    }
    Ok(std::borrow::Cow::Owned(decode(bytes, ctx)?.0))
}

/// The encoding of `bytes`, without decoding them.
pub(crate) fn guess(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return enc;
    }
    if is_utf8(bytes) {
        return encoding_rs::UTF_8;
    }
    // chardetng reads some 10 MB/s once past the ASCII prefix it skips, so it is fed
    // 16 KiB at a time from the first non-ASCII byte, until it has seen 2048 non-ASCII
    // bytes (dense text: one piece) or a megabyte (text with a rare accent).
    const PIECE: usize = 16 << 10;
    const ENOUGH: usize = 2048;
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let first = Encoding::ascii_valid_up_to(bytes);
    let (mut at, mut non_ascii) = (0, 0);
    loop {
        let end = first.max(at).saturating_add(PIECE).min(bytes.len());
        let piece = &bytes[at..end];
        non_ascii += piece.iter().filter(|&&b| b >= 0x80).count();
        let last = end == bytes.len();
        det.feed(piece, last);
        if last || non_ascii >= ENOUGH || end - first >= 1 << 20 {
            break;
        }
        at = end;
    }
    det.guess(None, chardetng::Utf8Detection::Deny)
}

fn is_utf8(bytes: &[u8]) -> bool {
    // The SIMD check first: it says only whether the bytes are valid.
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        return true;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // A file cut mid-character (a sample, a truncated download) is still UTF-8.
        Err(e) => e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4,
    }
}

/// UTF-16 text without a BOM: most bytes at even (BE) or odd (LE) positions are zero.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    // Text of one byte per character has no zero byte: one scan says so.
    if head.len() < 8 || memchr::memchr(0, head).is_none() {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The encoding of a Windows code page number (RTF's `\ansicpg`, an XLS `CodePage`
/// record).
pub(crate) fn codepage(cp: i64) -> Option<&'static Encoding> {
    let label = match cp {
        65001 => "utf-8",
        1250..=1258 => return Encoding::for_label(format!("windows-{cp}").as_bytes()),
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        866 => "ibm866",
        20866 => "koi8-r",
        21866 => "koi8-u",
        10000 => "macintosh",
        28591 => "iso-8859-1",
        28592 => "iso-8859-2",
        28595 => "iso-8859-5",
        437 | 850 => "windows-1252",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_newlines() {
        for (text, want) in [
            ("a\r\nb\rc\nd", "a\nb\nc\nd"),
            ("\r\r\n\r", "\n\n\n"),
            ("no breaks", "no breaks"),
            ("é\r\n", "é\n"),
        ] {
            assert_eq!(unix_newlines(text.to_string()), want, "{text:?}");
        }
    }

    #[test]
    fn guesses_legacy_encodings() {
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252
            .encode("Déjà vu, façade, naïve café. Überraschung für Bäcker.");
        assert_eq!(guess(&cp1252), encoding_rs::WINDOWS_1252);
        let (sjis, _, _) = encoding_rs::SHIFT_JIS
            .encode("日本語のテキストです。これは長い文章のテストです。東京都");
        assert_eq!(guess(&sjis), encoding_rs::SHIFT_JIS);
        let moscow = "Москва - столица России, крупнейший город страны.";
        let (koi, _, _) = encoding_rs::KOI8_R.encode(moscow);
        // KOI8-U is a superset of KOI8-R: either decodes the text.
        assert_eq!(guess(&koi).decode(&koi).0, moscow);
        assert_eq!(guess("plain".as_bytes()), encoding_rs::UTF_8);
        // Past a long ASCII prefix, and with accents too rare for one piece to hold
        // enough of them.
        let mut prefixed = b"ascii only. ".repeat(20_000);
        prefixed.extend_from_slice(&koi);
        assert!(guess(&prefixed).decode(&prefixed).0.ends_with(moscow));
        let sparse =
            ("Zażółć gęślą jaźń. ".to_string() + &"plain words here ".repeat(40)).repeat(400);
        let (cp1250, _, _) = encoding_rs::WINDOWS_1250.encode(&sparse);
        assert_eq!(guess(&cp1250), encoding_rs::WINDOWS_1250);
        let le: Vec<u8> = "Hello world, UTF-16"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(guess(&le), encoding_rs::UTF_16LE);
    }
}
