//! Fonts to Unicode and widths: what each character code of a shown string says and how far
//! it moves the pen.
//!
//! Unicode comes from the font's ToUnicode CMap first, then from its encoding (a base
//! encoding plus `/Differences` glyph names, read with the Adobe Glyph List conventions:
//! `uniXXXX`, `uXXXX[XX]`, `f_f_i`, `a.sc`). Widths come from `/Widths` (simple fonts),
//! `/W` and `/DW` (CID fonts), or the standard 14 fonts' metrics when a file leaves them out.
//! Codes that map to nothing are counted by the caller, never guessed.

use lopdf::{Dictionary, Document as PdfDoc, Encoding, Object};

use super::glyphs;
use super::obj::{deref, dict_of, name_of, num_of};
use super::std14;

/// Unicode per code, read from a ToUnicode CMap.
type CodeMap = foldhash::HashMap<u32, Box<str>>;

/// Glyph names of a base encoding, by code.
type NameTable = [&'static str; 256];

/// One shown character code, decoded.
pub(crate) struct Code<'f> {
    /// The Unicode text (possibly several characters, e.g. a ligature's letters), empty when
    /// the code maps to nothing.
    pub text: &'f str,
    /// Horizontal advance in text space units per unit of font size.
    pub width: f32,
    /// A single-byte code 32: word spacing (`Tw`) applies to it.
    pub word_space: bool,
}

/// A font as the text engine needs it.
pub(crate) struct Font {
    /// How bytes become codes and codes become text.
    kind: Kind,
    /// Unicode per code: simple fonts index by byte; composite fonts use `cid_text`.
    simple_text: Vec<Box<str>>,
    cid_text: foldhash::HashMap<u32, Box<str>>,
    /// Widths per code in glyph units; `default_width` for codes outside.
    simple_widths: Vec<f32>,
    first_char: u32,
    cid_widths: foldhash::HashMap<u32, f32>,
    default_width: f32,
    /// Glyph space to text space (1/1000, or a Type3 font's FontMatrix).
    scale: f32,
    /// Font name contains Bold / a heavy weight.
    pub bold: bool,
    /// Vertical writing (a `-V` CMap): glyphs advance downwards by one em.
    pub vertical: bool,
}

impl Font {
    /// Reads a font dictionary. Never fails: a font that cannot be read decodes bytes as
    /// WinAnsi with a default width, which is what viewers show for broken files.
    pub fn load(doc: &PdfDoc, font: &Dictionary, limit: usize) -> Font {
        let subtype = font.get(b"Subtype").ok().and_then(name_of).unwrap_or(b"");
        let base_font = font
            .get(b"BaseFont")
            .ok()
            .and_then(|o| name_of(deref(doc, o)))
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let bold = {
            let l = base_font.to_ascii_lowercase();
            l.contains("bold")
                || l.contains("black")
                || l.contains("heavy")
                || l.contains("semibold")
        };
        let code_len = if subtype == b"Type0" { 2 } else { 1 };
        let to_unicode = font
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| load_to_unicode(doc, o, limit, code_len));
        if subtype == b"Type0" {
            return Self::load_type0(doc, font, to_unicode, bold);
        }

        // Simple font: Type1, MMType1, TrueType, Type3.
        let std = std14::std14_font(&base_font);
        let symbolic = std.is_some_and(|s| s.is_symbolic())
            || font
                .get(b"FontDescriptor")
                .ok()
                .and_then(|o| dict_of(doc, o))
                .and_then(|d| d.get(b"Flags").ok().and_then(|f| num_of(doc, f)))
                .is_some_and(|f| (f as i64) & 4 != 0 && (f as i64) & 32 == 0);
        let (base, differences) = simple_encoding(doc, font, subtype, symbolic, &base_font, limit);
        let names: Vec<&str> = (0..256usize)
            .map(|code| {
                differences
                    .get(&(code as u8))
                    .map_or(base[code], String::as_str)
            })
            .collect();
        let mut text: Vec<Box<str>> = Vec::with_capacity(256);
        for (code, name) in names.iter().enumerate() {
            let mut s = glyph_name_to_text(name);
            if s.is_empty() && symbolic && subtype == b"TrueType" && code >= 32 {
                // Symbolic TrueType fonts without an encoding often use the code itself.
                s.extend(char::from_u32(code as u32));
            }
            if let Some(t) = to_unicode.as_ref().and_then(|tu| tu.get(&(code as u32))) {
                s = t.to_string();
            }
            text.push(expand_ligatures(&s).into_boxed_str());
        }

        let mut scale = 0.001;
        if subtype == b"Type3" {
            if let Some(m) = font
                .get(b"FontMatrix")
                .ok()
                .and_then(|o| array_nums(doc, o))
            {
                if let Some(&a) = m.first() {
                    if a.is_finite() && a.abs() > 1e-6 && a.abs() < 1.0 {
                        scale = a.abs();
                    }
                }
            }
        }
        let first_char = font
            .get(b"FirstChar")
            .ok()
            .and_then(|o| num_of(doc, o))
            .map(|f| f.max(0.0) as u32)
            .unwrap_or(0);
        let mut widths: Vec<f32> = font
            .get(b"Widths")
            .ok()
            .and_then(|o| array_nums(doc, o))
            .unwrap_or_default();
        let missing = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| dict_of(doc, o))
            .and_then(|d| d.get(b"MissingWidth").ok().and_then(|w| num_of(doc, w)))
            .filter(|w| *w > 0.0);
        let mut first = first_char;
        let from_metrics = widths.is_empty() && std.is_some();
        if widths.is_empty() {
            // Standard 14 metrics by glyph name, when the file gives no widths.
            if let Some(std) = std {
                first = 0;
                widths = names
                    .iter()
                    .map(|n| std.width(n).map_or(0.0, f32::from))
                    .collect();
            }
        }
        // A code outside /Widths takes MissingWidth; with no widths at all, an average one.
        let default_width = missing.unwrap_or(if widths.is_empty() || from_metrics {
            500.0
        } else {
            0.0
        });
        Font {
            vertical: false,
            kind: Kind::Simple,
            simple_text: text,
            cid_text: Default::default(),
            simple_widths: widths,
            first_char: first,
            cid_widths: Default::default(),
            default_width,
            scale,
            bold,
        }
    }

    fn load_type0(
        doc: &PdfDoc,
        font: &Dictionary,
        to_unicode: Option<CodeMap>,
        bold: bool,
    ) -> Font {
        let encoding = font
            .get(b"Encoding")
            .ok()
            .and_then(|o| name_of(deref(doc, o)));
        // Identity-H/V and the UCS-2/UTF-16 CMaps use two bytes per code; other predefined
        // CMaps (mostly CJK) also mostly do. Embedded CMap streams are read as two-byte too.
        let ucs2 = matches!(
            encoding,
            Some(n) if n.starts_with(b"Uni") && (n.windows(4).any(|w| w == b"UCS2") || n.windows(5).any(|w| w == b"UTF16"))
        );
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| match deref(doc, o) {
                Object::Array(a) => a.first().and_then(|d| dict_of(doc, d)),
                other => dict_of(doc, other),
            });
        let mut default_width = 1000.0;
        let mut cid_widths = foldhash::HashMap::default();
        if let Some(d) = descendant {
            if let Some(dw) = d.get(b"DW").ok().and_then(|o| num_of(doc, o)) {
                default_width = dw;
            }
            if let Some(Object::Array(w)) = d.get(b"W").ok().map(|o| deref(doc, o)) {
                read_cid_widths(doc, w, &mut cid_widths);
            }
        }
        let vertical = encoding.is_some_and(|n| n.ends_with(b"-V"));
        let kind = if ucs2 && to_unicode.is_none() {
            Kind::Ucs2
        } else {
            Kind::Cid
        };
        let cid_text = to_unicode.unwrap_or_default();
        Font {
            vertical,
            kind,
            simple_text: Vec::new(),
            cid_text,
            simple_widths: Vec::new(),
            first_char: 0,
            cid_widths,
            default_width,
            scale: 0.001,
            bold,
        }
    }

    /// Decodes a shown string code by code.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(Code<'_>)) {
        if self.kind != Kind::Simple {
            let ucs2 = self.kind == Kind::Ucs2;
            let mut buf = String::new();
            for pair in bytes.chunks(2) {
                let code = if pair.len() == 2 {
                    u32::from(pair[0]) << 8 | u32::from(pair[1])
                } else {
                    u32::from(pair[0])
                };
                let width = self
                    .cid_widths
                    .get(&code)
                    .copied()
                    .unwrap_or(self.default_width)
                    * self.scale;
                let text: &str = if ucs2 {
                    buf.clear();
                    if let Some(c) = char::from_u32(code) {
                        buf.push(c);
                    }
                    &buf
                } else {
                    self.cid_text.get(&code).map_or("", |s| s)
                };
                f(Code {
                    text,
                    width,
                    word_space: false,
                });
            }
        } else {
            for &b in bytes {
                let code = u32::from(b);
                let w = code
                    .checked_sub(self.first_char)
                    .and_then(|i| self.simple_widths.get(i as usize))
                    .copied()
                    .filter(|w| *w > 0.0)
                    .unwrap_or(self.default_width);
                f(Code {
                    text: self.simple_text.get(b as usize).map_or("", |s| s),
                    width: w * self.scale,
                    word_space: b == 32,
                });
            }
        }
    }

    /// A font for when the named font is missing from the resources.
    pub fn fallback() -> Font {
        Font {
            vertical: false,
            kind: Kind::Simple,
            simple_text: glyphs::WIN_ANSI
                .iter()
                .map(|n| glyph_name_to_text(n).into_boxed_str())
                .collect(),
            cid_text: Default::default(),
            simple_widths: Vec::new(),
            first_char: 0,
            cid_widths: Default::default(),
            default_width: 500.0,
            scale: 0.001,
            bold: false,
        }
    }
}

/// How a font's bytes become codes and codes become text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One byte per code, text from the encoding or ToUnicode.
    Simple,
    /// Two bytes per code (CID), text from ToUnicode.
    Cid,
    /// Two bytes per code that are UCS-2 themselves (a `Uni...-UCS2-H` CMap, no ToUnicode).
    Ucs2,
}

/// The base encoding table and the `/Differences` of a simple font.
fn simple_encoding(
    doc: &PdfDoc,
    font: &Dictionary,
    subtype: &[u8],
    symbolic: bool,
    base_font: &str,
    limit: usize,
) -> (&'static NameTable, foldhash::HashMap<u8, String>) {
    let default: &'static NameTable = if base_font.contains("Symbol") {
        &glyphs::SYMBOL
    } else if subtype == b"TrueType" && !symbolic {
        &glyphs::WIN_ANSI
    } else {
        &glyphs::STANDARD
    };
    // Without a named base encoding, an embedded Type 1 font's own encoding is the base
    // (TeX's fonts put ligatures and quotes at codes StandardEncoding leaves empty).
    let builtin = || type1_encoding(doc, font, limit).unwrap_or_default();
    let Ok(enc) = font.get(b"Encoding") else {
        return (default, builtin());
    };
    match deref(doc, enc) {
        Object::Name(n) => (named_encoding(n).unwrap_or(default), Default::default()),
        Object::Dictionary(d) => {
            let named = d
                .get(b"BaseEncoding")
                .ok()
                .and_then(|o| name_of(deref(doc, o)))
                .and_then(named_encoding);
            let mut diffs = if named.is_none() {
                builtin()
            } else {
                Default::default()
            };
            let base = named.unwrap_or(default);
            if let Ok(Object::Array(items)) = d.get(b"Differences").map(|o| deref(doc, o)) {
                let mut code: i64 = 0;
                for item in items {
                    match deref(doc, item) {
                        Object::Integer(i) => code = *i,
                        Object::Real(r) => code = *r as i64,
                        Object::Name(n) => {
                            if (0..256).contains(&code) {
                                diffs.insert(code as u8, String::from_utf8_lossy(n).into_owned());
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
            (base, diffs)
        }
        _ => (default, builtin()),
    }
}

/// The built-in encoding of an embedded font program, by code: a Type 1 program's
/// clear-text `dup 12 /fi put` entries, or a CFF (Type 1C) font's encoding and charset.
fn type1_encoding(
    doc: &PdfDoc,
    font: &Dictionary,
    limit: usize,
) -> Option<foldhash::HashMap<u8, String>> {
    let descriptor = dict_of(doc, font.get(b"FontDescriptor").ok()?)?;
    if let Ok(ff3) = descriptor.get(b"FontFile3") {
        let Object::Stream(file) = deref(doc, ff3) else {
            return None;
        };
        let program = file
            .get_plain_content_with_limit(limit.min(16 << 20))
            .ok()?;
        return cff_encoding(&program);
    }
    let Object::Stream(file) = deref(doc, descriptor.get(b"FontFile").ok()?) else {
        return None;
    };
    let program = file
        .get_plain_content_with_limit(limit.min(16 << 20))
        .ok()?;
    let clear = match memchr::memmem::find(&program, b"eexec") {
        Some(end) => &program[..end],
        None => &program[..program.len().min(64 << 10)],
    };
    let mut out = foldhash::HashMap::default();
    let mut words = clear
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(w) = words.next() {
        if w != b"dup" {
            continue;
        }
        let (Some(code), Some(name)) = (words.next(), words.next()) else {
            break;
        };
        let code = std::str::from_utf8(code)
            .ok()
            .and_then(|c| c.parse::<u8>().ok());
        if let (Some(code), Some(name)) = (code, name.strip_prefix(b"/")) {
            if words.peek() == Some(&&b"put"[..]) {
                out.insert(code, String::from_utf8_lossy(name).into_owned());
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

fn named_encoding(n: &[u8]) -> Option<&'static NameTable> {
    Some(match n {
        // PDFDocEncoding is for text strings, not fonts; some files name it anyway.
        b"WinAnsiEncoding" | b"PDFDocEncoding" => &glyphs::WIN_ANSI,
        b"MacRomanEncoding" => &glyphs::MAC_ROMAN,
        b"StandardEncoding" => &glyphs::STANDARD,
        _ => return None,
    })
}

/// The Adobe Glyph List's text for a glyph name.
fn agl(name: &str) -> Option<&'static str> {
    glyphs::AGL
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .map(|i| glyphs::AGL[i].1)
}

/// Unicode text of a glyph name: the Adobe Glyph List, `uniXXXX` (several code units),
/// `uXXXX`-`uXXXXXX`, components joined by `_`, and suffixes after `.` dropped.
pub(crate) fn glyph_name_to_text(name: &str) -> String {
    let base = name.split('.').next().unwrap_or("");
    let mut out = String::new();
    for part in base.split('_') {
        if let Some(t) = agl(part) {
            out.push_str(t);
            continue;
        }
        if let Some(hex) = part.strip_prefix("uni") {
            if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                let units: Vec<u16> = hex
                    .as_bytes()
                    .chunks(4)
                    .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                    .collect();
                out.push_str(&String::from_utf16_lossy(&units));
                continue;
            }
        }
        if let Some(hex) = part.strip_prefix('u') {
            if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                    continue;
                }
            }
        }
        // TeX fonts name glyphs this way too.
        match part {
            "ff" => out.push_str("ff"),
            "ffi" => out.push_str("ffi"),
            "ffl" => out.push_str("ffl"),
            "fi" => out.push_str("fi"),
            "fl" => out.push_str("fl"),
            "dotlessi" => out.push('ı'),
            "dotlessj" => out.push('ȷ'),
            "visiblespace" => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Ligature characters (U+FB00-U+FB06) become their letters, so words read as typed.
fn expand_ligatures(s: &str) -> String {
    if !s.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

/// Reads a ToUnicode CMap stream (with lopdf's CMap parser) into text per code of
/// `code_len` bytes.
fn load_to_unicode(doc: &PdfDoc, obj: &Object, limit: usize, code_len: u8) -> Option<CodeMap> {
    // lopdf exposes its CMap parser through a font's encoding: a font dictionary with only
    // a ToUnicode entry resolves to it.
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Font".to_vec()));
    d.set("ToUnicode", obj.clone());
    let Encoding::UnicodeMapEncoding(cmap) = d.get_font_encoding_with_limit(doc, limit).ok()?
    else {
        return None;
    };
    let mut out = CodeMap::default();
    for (range, _) in cmap.bf_ranges[usize::from(code_len - 1)].iter() {
        // A code space holds at most 65,536 two-byte codes; a range cannot claim more.
        let (lo, hi) = (
            *range.start(),
            (*range.end()).min(range.start().saturating_add(65_535)),
        );
        for code in lo..=hi {
            if let Some(u) = cmap.get(code, code_len) {
                let t = String::from_utf16_lossy(&u);
                if !t.is_empty() && t != "\u{fffd}" {
                    out.insert(code, expand_ligatures(&t).into_boxed_str());
                }
            }
        }
        if out.len() > 1 << 17 {
            break;
        }
    }
    Some(out)
}

/// A CFF font's own encoding: each code's glyph name (codes whose glyph is `.notdef` left
/// out). CID-keyed CFF fonts have none.
fn cff_encoding(program: &[u8]) -> Option<foldhash::HashMap<u8, String>> {
    let table = ttf_parser::cff::Table::parse(program)?;
    let mut out = foldhash::HashMap::default();
    for code in 0..=255u8 {
        let Some(gid) = table.glyph_index(code) else {
            continue;
        };
        if gid.0 == 0 {
            continue;
        }
        if let Some(name) = table.glyph_name(gid) {
            out.insert(code, name.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

fn array_nums(doc: &PdfDoc, o: &Object) -> Option<Vec<f32>> {
    match deref(doc, o) {
        Object::Array(a) => Some(a.iter().map(|x| num_of(doc, x).unwrap_or(0.0)).collect()),
        _ => None,
    }
}

/// `/W` of a CID font: `c [w1 w2 ...]` and `cfirst clast w` entries.
fn read_cid_widths(doc: &PdfDoc, w: &[Object], out: &mut foldhash::HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = num_of(doc, &w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, x) in ws.iter().enumerate().take(65_536) {
                    if let Some(v) = num_of(doc, x) {
                        out.insert(first + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(other) => {
                let last = num_of(doc, other).map_or(first, |l| l.max(0.0) as u32);
                let v = w.get(i + 2).and_then(|o| num_of(doc, o)).unwrap_or(1000.0);
                for c in first..=last.min(first + 65_535) {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_text("A"), "A");
        assert_eq!(glyph_name_to_text("eacute"), "é");
        assert_eq!(glyph_name_to_text("uni00410042"), "AB");
        assert_eq!(glyph_name_to_text("u1F600"), "😀");
        assert_eq!(glyph_name_to_text("f_f_i"), "ffi");
        assert_eq!(glyph_name_to_text("a.sc"), "a");
        assert_eq!(glyph_name_to_text("g123"), "");
    }

    #[test]
    fn ligatures_expand() {
        assert_eq!(expand_ligatures("e\u{FB03}cient"), "efficient");
    }
}
