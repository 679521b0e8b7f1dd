//! XLSX (and XLSM) workbooks read straight from their parts: the workbook's sheet list,
//! the shared strings, the date formats of the cell styles and each worksheet's cells.
//!
//! calamine reads these too, but it parses the whole
//! styles part (fonts, fills, borders) and the archive a second time; on the small
//! workbooks most corpora hold, that was most of the time. Here only the `numFmts` and
//! `cellXfs` sections of the styles part are parsed, since all that matters of a style is
//! whether it shows a number as a date.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::container::Package;
use super::ooxml::{properties, rels};
use super::plain_xml::{self, Tag};
use super::spreadsheet::{
    builtin_date, is_date_format, number_text, serial_date, SheetCell, Sheets,
};
use super::xml::{attr, local, Ev, XmlReader};
use super::Ctx;
use crate::document::Document;
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
    let mut sheets = Sheets::new();
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
        let (found, cut) = cells.read(&xml, &rel.target, ctx, sheets.budget)?;
        if sheets.push(&mut meta, i as u32 + 1, &sheet.name, found, cut, ctx) {
            break;
        }
    }
    meta.page_count = Some(book.sheets.len() as u32);
    Ok(sheets.finish(meta))
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
    let date = |id: u32| custom.get(&id).copied().unwrap_or(builtin_date(id));
    let mut out = Vec::new();
    if let Some(section) = section(xml, "cellXfs") {
        if let Some(ids) = plain_format_ids(section) {
            return Ok(ids.into_iter().map(date).collect());
        }
        let mut r = XmlReader::new(section, part, ctx);
        loop {
            match r.next()? {
                Ev::Start { e, .. } if local(&e) == "xf" => {
                    let id: u32 = attr(&e, "numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    out.push(date(id));
                }
                Ev::Eof => break,
                _ => {}
            }
        }
    }
    Ok(out)
}

/// The number format of each `<xf>` of a `<cellXfs>` section written the plain way (see
/// [`Tag::at`]), read by a scan for `<`; `None` when it is not plain.
fn plain_format_ids(section: &str) -> Option<Vec<u32>> {
    let b = section.as_bytes();
    let mut ids = Vec::new();
    let mut at = memchr::memchr(b'<', b)?;
    loop {
        let tag = Tag::at(b, at).filter(Tag::plain)?;
        if tag.name == b"xf" && !tag.close {
            let id = tag
                .attrs()
                .find(|(k, _)| plain_xml::local(k) == b"numFmtId");
            ids.push(
                id.and_then(|(_, v)| std::str::from_utf8(v).ok()?.parse().ok())
                    .unwrap_or(0),
            );
        }
        match memchr::memchr(b'<', &b[tag.end..]) {
            Some(i) => at = tag.end + i,
            None => return Some(ids),
        }
    }
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

/// The cells of a sheet read so far, and where the reader stands in it.
struct SheetCursor {
    out: Vec<SheetCell>,
    row: u32,
    col: u32,
}

impl SheetCursor {
    fn new() -> Self {
        SheetCursor {
            out: Vec::new(),
            row: 0,
            col: 0,
        }
    }

    /// A `<row>` opens: at its number when it gives one, else the next.
    fn row(&mut self, number: Option<u32>) {
        self.row = number.unwrap_or(self.row + 1);
        self.col = 0;
    }

    /// A cell opens: at its reference when it gives one, else in the next column.
    fn cell(&mut self, at: Option<(u32, u32)>) {
        match at {
            Some((r, c)) => (self.row, self.col) = (r, c),
            None => self.col += 1,
        }
    }

    /// Keeps a cell's text (trimmed, unless empty); `true` when the budget was already
    /// spent, so the sheet is cut here.
    fn keep(&mut self, text: &str, budget: usize, ctx: &Ctx) -> Result<bool> {
        let text = text.trim();
        if !text.is_empty() {
            if self.out.len() >= budget {
                return Ok(true);
            }
            self.out.push((self.row, self.col, text.to_string()));
        }
        if self.out.len().is_multiple_of(4096) {
            ctx.check_time()?;
        }
        Ok(false)
    }
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
        match self.read_plain(xml, ctx, budget)? {
            Some(read) => Ok(read),
            None => self.read_xml(xml, part, ctx, budget),
        }
    }

    /// [`Cells::read`] through the XML reader, for any well-formed sheet.
    fn read_xml(
        &self,
        xml: &str,
        part: &str,
        ctx: &Ctx,
        budget: usize,
    ) -> Result<(Vec<SheetCell>, bool)> {
        let mut r = XmlReader::new(xml, part, ctx);
        let mut at = SheetCursor::new();
        loop {
            match r.next()? {
                Ev::Start { e, empty } => match local(&e) {
                    "row" => at.row(row_number(&e)),
                    // A styled cell with no value (most of a formatted sheet's cells):
                    // only its place counts, and a writer that gives references gives
                    // one to the next cell too.
                    "c" if empty => at.col += 1,
                    "c" => {
                        let c = cell_attrs(&e);
                        at.cell(c.at);
                        let text = self.cell(&mut r, c.kind, c.style)?;
                        if at.keep(&text, budget, ctx)? {
                            return Ok((at.out, true));
                        }
                    }
                    _ => {}
                },
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok((at.out, false))
    }

    /// The text of the cell just opened: its value (`<v>`) or inline string (`<is>`),
    /// read to the cell's end.
    fn cell(&self, r: &mut XmlReader, kind: CellType, style: usize) -> Result<String> {
        let value = text_within(r, &["v", "t"], &["f", PHONETIC[0], PHONETIC[1]])?;
        Ok(self.value_text(value, kind, style))
    }

    /// The text a cell of type `kind` and style `style` shows for its raw value.
    fn value_text(&self, value: String, kind: CellType, style: usize) -> String {
        match kind {
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
        }
    }

    /// [`Cells::read`] for a worksheet written the plain way, as Excel, LibreOffice and
    /// most libraries write it: rows of cells whose values are `<v>` elements (formulas
    /// beside them skipped), no namespace prefix, no entity, comment or CDATA in the cells.
    /// A scan for `<` then reads it at several times the speed of the XML reader, which
    /// was a third of an XLSX file's time. `None` as soon as anything else shows up (an
    /// inline string, an unknown element, malformed or truncated XML): the XML reader
    /// then reads the sheet, and reports what is wrong with it.
    fn read_plain(
        &self,
        xml: &str,
        ctx: &Ctx,
        budget: usize,
    ) -> Result<Option<(Vec<SheetCell>, bool)>> {
        let b = xml.as_bytes();
        let Some(open) = memchr::memmem::find(b, b"<sheetData") else {
            return Ok(None);
        };
        let mut at_cell = SheetCursor::new();
        // The cell open: its type and style, and its value so far.
        let mut cell: Option<(CellType, usize, String)> = None;
        let mut at = open;
        loop {
            let Some(tag) = Tag::at(b, at).filter(Tag::plain) else {
                return Ok(None);
            };
            // Where the scan goes on: after the tag, or after what it holds when read here.
            let mut next = tag.end;
            match (tag.name, tag.close, tag.empty, &mut cell) {
                (b"sheetData", false, false, None) if at == open => {}
                (b"sheetData", false, true, None) | (b"sheetData", true, _, None) => {
                    return Ok(Some((at_cell.out, false)));
                }
                (b"row", false, _, None) => at_cell.row(tag.row()),
                (b"row", true, _, None) => {}
                (b"c", false, true, None) => at_cell.col += 1,
                (b"c", false, false, None) => {
                    let c = tag.cell();
                    at_cell.cell(c.at);
                    cell = Some((c.kind, c.style, String::new()));
                }
                (b"v", false, true, Some(_)) | (b"f", false, true, Some(_)) => {}
                (b"v", false, false, Some((_, _, value))) => {
                    // The value runs to the next tag, which must close it.
                    let end = memchr::memchr(b'<', &b[next..]).map_or(b.len(), |i| next + i);
                    let text = &xml[next..end];
                    if text.contains(['&', '\r']) || !b[end..].starts_with(b"</v>") {
                        return Ok(None);
                    }
                    value.push_str(text);
                    next = end + b"</v>".len();
                }
                (b"f", false, false, Some(_)) => {
                    let Some(end) = memchr::memmem::find(&b[next..], b"</f>") else {
                        return Ok(None);
                    };
                    next += end + b"</f>".len();
                }
                (b"c", true, _, Some(_)) => {
                    let Some((kind, style, value)) = cell.take() else {
                        return Ok(None);
                    };
                    let text = self.value_text(value, kind, style);
                    if at_cell.keep(&text, budget, ctx)? {
                        return Ok(Some((at_cell.out, true)));
                    }
                }
                _ => return Ok(None),
            }
            // Between tags: only white space (most writers put none).
            let gap = next
                + b[next..]
                    .iter()
                    .take_while(|c| c.is_ascii_whitespace())
                    .count();
            if b.get(gap) != Some(&b'<') {
                return Ok(None);
            }
            at = gap;
        }
    }
}

impl Tag<'_> {
    /// Whether XLSX's plain scan takes the tag: no namespace prefix, and no reference in
    /// its attributes (the XML reader resolves those).
    fn plain(&self) -> bool {
        !self.name.contains(&b':') && !self.attrs.contains(&b'&')
    }

    /// A row's number (its `r`).
    fn row(&self) -> Option<u32> {
        let (_, v) = self.attrs().find(|(k, _)| plain_xml::local(k) == b"r")?;
        std::str::from_utf8(v).ok()?.trim().parse().ok()
    }

    /// A cell's reference, type and style.
    fn cell(&self) -> CellAttrs {
        let mut c = CellAttrs::default();
        for (k, v) in self.attrs() {
            c.read(plain_xml::local(k), v);
        }
        c
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
fn cell_attrs(e: &BytesStart) -> CellAttrs {
    let mut c = CellAttrs::default();
    for a in e.attributes().with_checks(false).flatten() {
        c.read(
            a.key.local_name().into_inner().as_bytes(),
            a.value.as_bytes(),
        );
    }
    c
}

/// What a cell's attributes say, whichever reader read them.
#[derive(Clone, Copy)]
struct CellAttrs {
    /// Its reference as (row, column), 1-based.
    at: Option<(u32, u32)>,
    kind: CellType,
    /// Its `cellXfs` style index.
    style: usize,
}

impl Default for CellAttrs {
    fn default() -> Self {
        CellAttrs {
            at: None,
            kind: CellType::Number,
            style: 0,
        }
    }
}

impl CellAttrs {
    /// Takes in one attribute (local name, raw value).
    fn read(&mut self, key: &[u8], value: &[u8]) {
        match key {
            b"r" => self.at = cell_ref(value),
            b"t" => self.kind = cell_type(value),
            b"s" => {
                self.style = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0)
            }
            _ => {}
        }
    }
}

/// A cell's type from its `t` attribute.
fn cell_type(t: &[u8]) -> CellType {
    match t {
        b"s" => CellType::Shared,
        b"str" => CellType::Str,
        b"inlineStr" => CellType::Inline,
        b"b" => CellType::Bool,
        b"e" => CellType::Error,
        b"d" => CellType::Date,
        _ => CellType::Number,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::spreadsheet::MAX_CELLS;

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
        // The plain scan reads every `xf`, with or without children; anything else is
        // left to the reader, which gives the same.
        let plain = "<cellXfs>\n <xf numFmtId='14'><alignment wrapText=\"1\"/></xf><xf/></cellXfs>";
        assert_eq!(plain_format_ids(plain), Some(vec![14, 0]));
        for other in [
            "<cellXfs><!-- c --><xf numFmtId=\"14\"/></cellXfs>",
            "<x:cellXfs><x:xf numFmtId=\"14\"/></x:cellXfs>",
        ] {
            assert_eq!(plain_format_ids(other), None, "{other}");
            let xml = format!("<styleSheet>{other}</styleSheet>");
            assert_eq!(date_styles(&xml, "s", &ctx).unwrap(), vec![true]);
        }
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

    /// The plain scan reads what the XML reader reads, and leaves to it every sheet it
    /// does not take, truncated ones included.
    #[test]
    fn the_plain_scan_reads_what_the_xml_reader_reads() {
        let strings = ["Nom".to_string(), "Prix".to_string(), "Date".to_string()];
        let cells = Cells {
            strings: &strings,
            date_styles: &[false, true, true, false],
            date1904: false,
        };
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.xlsx", &opts);
        let wrap = |rows: &str| {
            format!(
                "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:C3\"/>{rows}<pageMargins left=\"0.7\"/></worksheet>"
            )
        };
        let plain = [
            wrap(
                r#"<sheetData><row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3"/><c r="C1" t="s" s="2"><v>1</v></c></row>
  <row r="3">
    <c r='A3' s='1'><v>45355</v></c>
    <c r="B3"><f t="shared" ref="B3:B4" si="0">A3*2</f><v>90710</v></c>
    <c r="C3" t="b"><v>0</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3"><v/></c>
  </row><row><c><f si="0" t="shared"/><v>7</v></c><c/><c t="str"><v>x &gt; y</v></c></row></sheetData>"#,
            ),
            wrap("<sheetData/>"),
            wrap(r#"<sheetData><row r="2"><c r="B2" s="2"><v>0.25</v></c></row></sheetData>"#),
        ];
        // The last row of the first sheet holds a reference in a value: read by the
        // reader, so only the rows before it count as plain.
        let (first, rest) = plain[0].split_at(plain[0].find("<row><c>").unwrap());
        let plain_first = format!(
            "{first}</sheetData>{}",
            &rest[rest.find("<pageMargins").unwrap()..]
        );
        for xml in [&plain_first, &plain[1], &plain[2]] {
            let fast = cells.read_plain(xml, &ctx, MAX_CELLS).unwrap();
            let slow = cells.read_xml(xml, "s.xml", &ctx, MAX_CELLS).unwrap();
            assert_eq!(fast.as_ref(), Some(&slow), "{xml}");
            // Cut anywhere before the end of its cells, it is left to the reader.
            let end = xml
                .find("</sheetData>")
                .or_else(|| xml.find("<sheetData/>"))
                .unwrap()
                + 11;
            for cut in (0..end).filter(|&i| xml.is_char_boundary(i)) {
                assert!(
                    cells
                        .read_plain(&xml[..cut], &ctx, MAX_CELLS)
                        .unwrap()
                        .is_none(),
                    "{cut}"
                );
            }
            // Cut at the budget, it says so.
            if slow.0.len() > 1 {
                let (cut, more) = cells.read_plain(xml, &ctx, 1).unwrap().unwrap();
                assert_eq!((cut.len(), more), (1, true));
            }
        }
        assert_eq!(
            cells
                .read_plain(&plain_first, &ctx, MAX_CELLS)
                .unwrap()
                .unwrap()
                .0,
            [
                (1, 1, "Nom".to_string()),
                (1, 3, "Prix".to_string()),
                (3, 1, "2024-03-04".to_string()),
                (3, 2, "90710".to_string()),
                (3, 3, "false".to_string()),
            ]
        );
        for other in [
            plain[0].clone(),
            SHEET1.to_string(),
            SHEET2.to_string(),
            wrap(r#"<x:sheetData><x:row><x:c><x:v>1</x:v></x:c></x:row></x:sheetData>"#),
            wrap(r#"<sheetData><!-- note --><row><c><v>1</v></c></row></sheetData>"#),
            wrap(r#"<sheetData><row><c><v><![CDATA[1]]></v></c></row></sheetData>"#),
            wrap(r#"<sheetData><row><c><v>1</v><extLst/></c></row></sheetData>"#),
            wrap(r#"<sheetData><row><c r="A&#49;"><v>1</v></c></row></sheetData>"#),
        ] {
            assert!(
                cells.read_plain(&other, &ctx, MAX_CELLS).unwrap().is_none(),
                "{other}"
            );
            // What the public path reads is what the reader reads.
            assert_eq!(
                cells.read(&other, "s.xml", &ctx, MAX_CELLS).ok(),
                cells.read_xml(&other, "s.xml", &ctx, MAX_CELLS).ok()
            );
        }
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
            // calamine tells the format by the content.
            let theirs = super::super::spreadsheet::calamine_reference(&bytes);
            assert_eq!(ours.text, theirs.text, "{name}");
            assert_eq!(ours.blocks, theirs.blocks, "{name}");
        }
    }
}
