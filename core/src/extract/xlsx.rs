//! XLSX (and XLSM) workbooks read straight from their parts: the workbook's sheet list,
//! the shared strings, the date formats of the cell styles and each worksheet's cells.
//!
//! calamine reads these too (and still reads XLS and ODS), but it parses the whole
//! styles part (fonts, fills, borders) and the archive a second time; on the small
//! workbooks most corpora hold, that was most of the time. Here only the `numFmts` and
//! `cellXfs` sections of the styles part are parsed, since all that matters of a style is
//! whether it shows a number as a date.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::builder::DocBuilder;
use super::container::Package;
use super::ooxml::{properties, rels};
use super::spreadsheet::{number_text, push_table, SheetCell, MAX_CELLS};
use super::xml::{attr, local, Ev, XmlReader};
use super::Ctx;
use crate::document::{BlockKind, Document};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut pkg = Package::open(bytes, ctx)?;
    let mut meta = properties(&mut pkg, ctx)?;
    let book_part = rels(&mut pkg, "", ctx)?
        .into_values()
        .find(|r| r.kind == "officeDocument" && !r.external)
        .map_or_else(|| "xl/workbook.xml".to_string(), |r| r.target);
    let book_xml = pkg.require_text(&book_part)?;
    let book = workbook(&book_xml, &book_part, ctx)?;
    let book_rels = rels(&mut pkg, &book_part, ctx)?;
    let part_of = |kind: &str, default: &str| {
        book_rels
            .values()
            .find(|r| r.kind == kind && !r.external)
            .map_or_else(|| default.to_string(), |r| r.target.clone())
    };
    let strings_part = part_of("sharedStrings", "xl/sharedStrings.xml");
    let strings = match pkg.read_text(&strings_part)? {
        Some(xml) => shared_strings(&xml, &strings_part, ctx)?,
        None => Vec::new(),
    };
    let styles_part = part_of("styles", "xl/styles.xml");
    let date_styles = match pkg.read_text(&styles_part)? {
        Some(xml) => date_styles(&xml, &styles_part, ctx)?,
        None => Vec::new(),
    };
    let cells = Cells {
        strings: &strings,
        date_styles: &date_styles,
        date1904: book.date1904,
    };
    let mut b = DocBuilder::new();
    let mut budget = MAX_CELLS;
    for (i, sheet) in book.sheets.iter().enumerate() {
        ctx.check_time()?;
        let Some(rel) = book_rels.get(&sheet.rel_id).filter(|r| !r.external) else {
            continue; // a sheet the package does not hold
        };
        if rel.kind != "worksheet" {
            continue; // chart and dialog sheets hold no cells
        }
        let Some(xml) = pkg.read_text(&rel.target)? else {
            return Err(ctx.corrupt(format!("missing part {}", rel.target)));
        };
        b.set_page(Some(i as u32 + 1));
        b.push(BlockKind::Heading { level: 2 }, &sheet.name);
        let (found, cut) = cells.read(&xml, &rel.target, ctx, budget)?;
        budget -= found.len();
        if push_table(&mut b, &mut meta, found, cut, ctx) {
            break;
        }
    }
    b.set_page(None);
    meta.page_count = Some(book.sheets.len() as u32);
    Ok(b.finish(meta))
}

/// A sheet as the workbook lists it.
struct Sheet {
    name: String,
    rel_id: String,
}

/// What `workbook.xml` says: the sheets in order and the date system.
struct Workbook {
    sheets: Vec<Sheet>,
    /// Serial dates count from 1904-01-01 (old Mac workbooks), not from 1900.
    date1904: bool,
}

fn workbook(xml: &str, part: &str, ctx: &Ctx) -> Result<Workbook> {
    let mut r = XmlReader::new(xml, part, ctx);
    let mut book = Workbook {
        sheets: Vec::new(),
        date1904: false,
    };
    loop {
        match r.next()? {
            Ev::Start { e, .. } => match local(&e) {
                "workbookPr" => {
                    book.date1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true")
                }
                "sheet" => {
                    if let (Some(name), Some(rel_id)) = (attr(&e, "name"), attr(&e, "id")) {
                        book.sheets.push(Sheet { name, rel_id });
                    }
                }
                _ => {}
            },
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(book)
}

/// The shared string table: each `<si>`'s text, its rich-text runs joined and its
/// phonetic guides (`<rPh>`, furigana over Japanese) left out.
fn shared_strings(xml: &str, part: &str, ctx: &Ctx) -> Result<Vec<String>> {
    let mut r = XmlReader::new(xml, part, ctx);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            Ev::Start { e, empty } if local(&e) == "si" => {
                out.push(if empty {
                    String::new()
                } else {
                    text_within(&mut r, &["t"], &PHONETIC)?
                });
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The text of the elements named in `keep` up to the end of the element just opened,
/// the elements named in `skip` left out with all they hold: a shared string's `<t>` runs
/// without its phonetic guides (`<rPh>`, furigana over Japanese), or a cell's value
/// (`<v>`, or the `<t>` of an inline string) without its formula (`<f>`).
fn text_within(r: &mut XmlReader, keep: &[&str], skip: &[&str]) -> Result<String> {
    let mut out = String::new();
    let mut depth = 1usize;
    let mut in_kept = false;
    while depth > 0 {
        match r.next()? {
            Ev::Start { e, empty: false } => {
                let name = local(&e);
                if skip.contains(&name) {
                    r.skip()?;
                } else {
                    depth += 1;
                    in_kept = keep.contains(&name);
                }
            }
            Ev::End(_) => {
                depth -= 1;
                in_kept = false;
            }
            Ev::Text(t) if in_kept => out.push_str(&t),
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// What a shared string or an inline string leaves out.
const PHONETIC: [&str; 2] = ["rPh", "phoneticPr"];

/// For each cell style (`<cellXfs>` index, a cell's `s` attribute), whether it shows a
/// number as a date or time. Only the `numFmts` and `cellXfs` sections are parsed.
fn date_styles(xml: &str, part: &str, ctx: &Ctx) -> Result<Vec<bool>> {
    let mut custom: HashMap<u32, bool> = HashMap::new();
    if let Some(section) = section(xml, "numFmts") {
        let mut r = XmlReader::new(section, part, ctx);
        loop {
            match r.next()? {
                Ev::Start { e, .. } if local(&e) == "numFmt" => {
                    if let (Some(id), Some(code)) = (
                        attr(&e, "numFmtId").and_then(|v| v.parse().ok()),
                        attr(&e, "formatCode"),
                    ) {
                        custom.insert(id, is_date_format(&code));
                    }
                }
                Ev::Eof => break,
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    if let Some(section) = section(xml, "cellXfs") {
        let mut r = XmlReader::new(section, part, ctx);
        loop {
            match r.next()? {
                Ev::Start { e, .. } if local(&e) == "xf" => {
                    let id: u32 = attr(&e, "numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    out.push(custom.get(&id).copied().unwrap_or(builtin_date(id)));
                }
                Ev::Eof => break,
                _ => {}
            }
        }
    }
    Ok(out)
}

/// The element `<name ...>...</name>` (any namespace prefix) cut out of `xml`, or `None`
/// when there is none. An element left open runs to the end of the part.
fn section<'x>(xml: &'x str, name: &str) -> Option<&'x str> {
    let (b, n) = (xml.as_bytes(), name.as_bytes());
    // Where the tag holding the name at `i` starts, and whether it is a closing tag: `<`,
    // an optional `/`, an optional prefix and `:`, the name, then `>`, `/` or a space.
    let tag = |i: usize| -> Option<(usize, bool)> {
        if !matches!(
            b.get(i + n.len()),
            Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n')
        ) {
            return None;
        }
        let from = i.saturating_sub(40);
        let lt = from + b[from..i].iter().rposition(|&c| c == b'<')?;
        let (close, prefix) = match &b[lt + 1..i] {
            [b'/', rest @ ..] => (true, rest),
            rest => (false, rest),
        };
        let plain = prefix.is_empty()
            || (prefix.ends_with(b":")
                && prefix[..prefix.len() - 1]
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')));
        plain.then_some((lt, close))
    };
    let (i, start) =
        memchr::memmem::find_iter(b, n).find_map(|i| tag(i).filter(|t| !t.1).map(|t| (i, t.0)))?;
    let gt = i + memchr::memchr(b'>', &b[i..])?;
    if b[gt - 1] == b'/' {
        return xml.get(start..=gt);
    }
    let end = memchr::memmem::find_iter(&b[gt..], n)
        .map(|j| gt + j)
        .find(|&j| tag(j).is_some_and(|t| t.1) && b.get(j + n.len()) == Some(&b'>'))
        .map_or(xml.len(), |j| j + n.len() + 1);
    xml.get(start..end)
}

/// Whether a built-in number format (one a workbook uses without declaring) is a date or
/// time: 14-22, 45 and 47 in every locale, 27-36 and 50-58 in the East Asian ones (46 is
/// an elapsed time).
fn builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45 | 47 | 50..=58)
}

/// Whether a number format code shows a date or time: a `y`, `m`, `d`, `h` or `s` outside
/// quoted text, escapes and bracketed sections (colours, conditions, locales). Elapsed
/// times (`[h]:mm`) count as numbers, since they are durations.
fn is_date_format(code: &str) -> bool {
    // Only the first section (positive numbers) decides.
    let mut chars = code.chars();
    let mut elapsed = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inner: String = chars.by_ref().take_while(|&q| q != ']').collect();
                let l = inner.to_ascii_lowercase();
                if !l.is_empty() && l.chars().all(|q| matches!(q, 'h' | 'm' | 's')) {
                    elapsed = true;
                }
            }
            ';' => break,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' if !elapsed => return true,
            _ => {}
        }
    }
    false
}

/// What turning a worksheet's cells into text needs from the rest of the workbook.
struct Cells<'w> {
    strings: &'w [String],
    date_styles: &'w [bool],
    date1904: bool,
}

/// A cell's value type (`t` attribute).
#[derive(Clone, Copy, PartialEq)]
enum CellType {
    Number,
    Shared,
    Str,
    Inline,
    Bool,
    Error,
    Date,
}

impl Cells<'_> {
    /// The non-empty cells of a worksheet as (row, column, text), at most `budget` of
    /// them; `true` beside them when the sheet was cut at the budget.
    fn read(
        &self,
        xml: &str,
        part: &str,
        ctx: &Ctx,
        budget: usize,
    ) -> Result<(Vec<SheetCell>, bool)> {
        let mut r = XmlReader::new(xml, part, ctx);
        let mut out = Vec::new();
        let (mut row, mut col) = (0u32, 0u32);
        loop {
            match r.next()? {
                Ev::Start { e, empty } => match local(&e) {
                    "row" => {
                        row = row_number(&e).unwrap_or(row + 1);
                        col = 0;
                    }
                    "c" => {
                        if empty {
                            // A styled cell with no value (most of a formatted sheet's
                            // cells): only its place counts, and a writer that gives
                            // references gives one to the next cell too.
                            col += 1;
                            continue;
                        }
                        let (at, kind, style) = cell_attrs(&e);
                        col = at.map_or(col + 1, |(_, c)| c);
                        if let Some((r_at, _)) = at {
                            row = r_at;
                        }
                        let text = self.cell(&mut r, kind, style)?;
                        let text = text.trim();
                        if !text.is_empty() {
                            if out.len() >= budget {
                                return Ok((out, true));
                            }
                            out.push((row, col, text.to_string()));
                        }
                        if out.len() % 4096 == 0 {
                            ctx.check_time()?;
                        }
                    }
                    _ => {}
                },
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok((out, false))
    }

    /// The text of the cell just opened: its value (`<v>`) or inline string (`<is>`),
    /// read to the cell's end.
    fn cell(&self, r: &mut XmlReader, kind: CellType, style: usize) -> Result<String> {
        let value = text_within(r, &["v", "t"], &["f", PHONETIC[0], PHONETIC[1]])?;
        Ok(match kind {
            CellType::Shared => value
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|i| self.strings.get(i))
                .cloned()
                .unwrap_or_default(),
            CellType::Str | CellType::Inline | CellType::Date => value,
            CellType::Bool => match value.trim() {
                "1" => "true".into(),
                "0" => "false".into(),
                other => other.to_string(),
            },
            CellType::Error => String::new(),
            CellType::Number => match value.trim().parse::<f64>() {
                Ok(f) if self.date_styles.get(style).copied().unwrap_or(false) => {
                    serial_date(f, self.date1904).unwrap_or_else(|| number_text(f))
                }
                Ok(f) => number_text(f),
                Err(_) => value,
            },
        })
    }
}

/// A row's `r` attribute (1-based).
fn row_number(e: &BytesStart) -> Option<u32> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().into_inner() == "r")
        .and_then(|a| a.value.trim().parse().ok())
}

/// A cell's reference (`B7` → row 7, column 2), type and style index, in one pass over
/// its attributes.
fn cell_attrs(e: &BytesStart) -> (Option<(u32, u32)>, CellType, usize) {
    let (mut at, mut kind, mut style) = (None, CellType::Number, 0usize);
    for a in e.attributes().with_checks(false).flatten() {
        let v: &str = &a.value;
        match a.key.local_name().into_inner() {
            "r" => at = cell_ref(v.as_bytes()),
            "t" => {
                kind = match v {
                    "s" => CellType::Shared,
                    "str" => CellType::Str,
                    "inlineStr" => CellType::Inline,
                    "b" => CellType::Bool,
                    "e" => CellType::Error,
                    "d" => CellType::Date,
                    _ => CellType::Number,
                }
            }
            "s" => style = v.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    (at, kind, style)
}

/// `B7` → (7, 2); `None` for anything else.
fn cell_ref(v: &[u8]) -> Option<(u32, u32)> {
    let letters = v.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = v[..letters].iter().fold(0u32, |acc, c| {
        acc * 26 + u32::from(c.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = std::str::from_utf8(&v[letters..]).ok()?.parse().ok()?;
    (row > 0).then_some((row, col))
}

/// An Excel serial date as ISO 8601: the date alone at midnight, else with the time to the
/// second, and a serial below 1 as a time of day alone. The 1900 system counts the
/// 29 February 1900 that never was (Lotus's bug), so serials from 61 on are one day ahead.
/// Negative serials and those beyond the year 9999 are left as numbers.
fn serial_date(serial: f64, date1904: bool) -> Option<String> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let ms = (serial * 86_400_000.0).round() as i64;
    let (mut days, day_ms) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let secs = (day_ms + 500) / 1000;
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if serial < 1.0 {
        return Some(format!("{h:02}:{mi:02}:{s:02}"));
    }
    // Days from 1970-01-01.
    if date1904 {
        days -= 24_107; // 1904-01-01
    } else if days >= 61 {
        days -= 25_569; // 1899-12-30
    } else {
        days -= 25_568; // 1899-12-31
    }
    let (y, m, d) = civil_from_days(days);
    Some(if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    })
}

/// (year, month, day) of a day count from 1970-01-01 in the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_in_both_systems() {
        assert_eq!(serial_date(45355.0, false).as_deref(), Some("2024-03-04"));
        assert_eq!(
            serial_date(45355.5, false).as_deref(),
            Some("2024-03-04T12:00:00")
        );
        assert_eq!(serial_date(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(serial_date(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(serial_date(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(serial_date(1.0, true).as_deref(), Some("1904-01-02"));
        assert_eq!(serial_date(43893.0, true).as_deref(), Some("2024-03-04"));
        assert_eq!(serial_date(0.25, false).as_deref(), Some("06:00:00"));
        assert_eq!(serial_date(0.0, true).as_deref(), Some("00:00:00"));
        assert_eq!(serial_date(-1.0, false), None);
        assert_eq!(serial_date(f64::NAN, false), None);
        assert_eq!(serial_date(1e300, false), None);
    }

    #[test]
    fn date_format_codes() {
        for code in [
            "yyyy-mm-dd",
            "d/m/yy h:mm",
            "[$-409]mmmm d, yyyy;@",
            "hh:mm:ss AM/PM",
        ] {
            assert!(is_date_format(code), "{code}");
        }
        for code in [
            "General",
            "0.00",
            "#,##0 \"days\"",
            "[Red]0.00",
            "0.00E+00",
            "[h]:mm:ss",
            "\\d0",
            "@",
        ] {
            assert!(!is_date_format(code), "{code}");
        }
        assert!(builtin_date(14) && builtin_date(22) && !builtin_date(2) && !builtin_date(49));
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"AB12"), Some((12, 28)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_ref(b"A0"), None);
        assert_eq!(cell_ref(b"12"), None);
        assert_eq!(cell_ref(b"ABCD1"), None);
        assert_eq!(cell_ref(b"A99999999999"), None);
    }

    #[test]
    fn sections_of_a_styles_part() {
        let xml = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy"/></numFmts><cellStyleXfs><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;
        assert_eq!(
            section(xml, "cellXfs"),
            Some(r#"<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>"#)
        );
        assert_eq!(
            section(xml, "numFmts"),
            Some(r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy"/></numFmts>"#)
        );
        assert_eq!(section("<x:cellXfs/>", "cellXfs"), Some("<x:cellXfs/>"));
        assert_eq!(section("<a>cellXfs</a>", "cellXfs"), None);
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.xlsx", &opts);
        assert_eq!(date_styles(xml, "s", &ctx).unwrap(), vec![false, true]);
    }

    /// A workbook written part by part: `(path, xml)`.
    fn workbook_bytes(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, xml) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(xml.as_bytes()).unwrap();
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    const TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
    const ROOT_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const BOOK_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    const STRINGS: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Name</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Kouign </t></r><r><t>&amp; amann</t></r></si><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si/></sst>"#;
    const STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd\ hh:mm"/><numFmt numFmtId="165" formatCode="0.0&quot; kg&quot;"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    const SHEET1: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2" t="inlineStr"><is><t>Weight</t></is></c><c r="E2" t="s"><v>3</v></c></row><row r="3"><c r="B3" t="s"><v>1</v></c><c r="C3" s="1"><v>45355</v></c><c r="D3" s="3"><v>2.5</v></c></row><row r="4"><c r="B4" t="s"><v>2</v></c><c r="C4" s="2"><v>45355.75</v></c><c r="D4"><f>D3*2</f><v>5</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="e"><v>#DIV/0!</v></c></row><row r="6"><c r="B6" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D6"><v>0.1</v></c><c r="E6"><v>-12345678901</v></c></row></sheetData></worksheet>"#;
    const SHEET2: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>first</t></is></c><c t="inlineStr"><is><t>second</t></is></c></row><row><c><v>7</v></c><c/><c><v>9</v></c></row></sheetData></worksheet>"#;

    fn workbook_xml(date1904: bool) -> String {
        format!(
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="{}"/><sheets><sheet name="Ventes" sheetId="1" r:id="rId1"/><sheet name="Notes &amp; more" sheetId="2" r:id="rId2"/></sheets></workbook>"#,
            u8::from(date1904)
        )
    }

    fn crafted(date1904: bool) -> Vec<u8> {
        let book = workbook_xml(date1904);
        workbook_bytes(&[
            ("[Content_Types].xml", TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", &book),
            ("xl/_rels/workbook.xml.rels", BOOK_RELS),
            ("xl/sharedStrings.xml", STRINGS),
            ("xl/styles.xml", STYLES),
            ("xl/worksheets/sheet1.xml", SHEET1),
            ("xl/worksheets/sheet2.xml", SHEET2),
        ])
    }

    #[test]
    fn a_crafted_workbook() {
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.xlsx", &opts);
        let doc = extract(&crafted(false), &ctx).unwrap();
        assert_eq!(
            doc.text,
            "Ventes\n\n| Name |  | Weight |  |\n|---|---|---|---|\n\
             | Kouign & amann | 2024-03-04 | 2.5 |  |\n\
             | 東京 | 2024-03-04T18:00:00 | 5 | true |\n\
             | ab |  | 0.1 | -12345678901 |\n\n\
             Notes & more\n\n| first | second |  |\n|---|---|---|\n| 7 |  | 9 |"
        );
        assert_eq!(doc.metadata.page_count, Some(2));
        assert_eq!(doc.blocks[2].page, Some(2));
        let doc = extract(&crafted(true), &ctx).unwrap();
        assert!(doc.text.contains("| 2028-03-05 |"), "{}", doc.text);
    }

    /// The same text and blocks as calamine reads, on the crafted workbook and the real ones.
    #[test]
    fn reads_what_calamine_reads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut inputs = vec![("crafted".to_string(), crafted(false))];
        for path in [
            "tests/extract/generated/sheet-boulangerie.lo.xlsx",
            "../shared/corpus/office/documents/vodafone.xlsx",
        ] {
            if let Ok(bytes) = std::fs::read(root.join(path)) {
                inputs.push((path.to_string(), bytes));
            }
        }
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.xlsx", &opts);
        for (name, bytes) in inputs {
            let ours = extract(&bytes, &ctx).unwrap();
            let theirs = super::super::spreadsheet::extract(
                &bytes,
                super::super::detect::Format::Xlsx,
                &ctx,
            )
            .unwrap();
            assert_eq!(ours.text, theirs.text, "{name}");
            assert_eq!(ours.blocks, theirs.blocks, "{name}");
        }
    }
}
