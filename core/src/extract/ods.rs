//! OpenDocument spreadsheets (ODS), read in one pass over `content.xml`: each
//! `table:table` is a sheet (its name as a heading, its cells as a table, its number as
//! `page`), as [`super::spreadsheet`] gives XLS sheets. Cells take their value as
//! calamine reads it (the typed `office:value`, `date-value`, `time-value` or
//! `boolean-value`, else the paragraphs of the cell), but no grid is built: repeated empty
//! rows and columns (LibreOffice writes a million) cost nothing, and a repeated value is
//! written out only up to the cell budget. Password-protected files are decrypted part by
//! part ([`Parts`]); `meta.xml` gives the metadata, as for ODT.

use std::borrow::Cow;

use super::builder::DocBuilder;
use super::encrypted_odf::Parts;
use super::odf;
use super::plain_xml::{self, attr_value, next_lt, unescape, Tag};
use super::spreadsheet::{number_text, push_table, SheetCell, MAX_CELLS};
use super::xml::{attr, end_name, local, Ev, XmlReader};
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut pkg = Parts::open(bytes, ctx)?;
    let content = pkg.require_text("content.xml")?;
    let mut meta = match pkg.read_text("meta.xml")? {
        Some(x) => odf::metadata(&x, ctx)?,
        None => Metadata::default(),
    };
    let body = body(&content);
    let sheets = match read_plain(body, ctx)? {
        Some(sheets) => sheets,
        None => read_xml(body, ctx)?,
    };
    let mut b = DocBuilder::new();
    let mut count = 0u32;
    for sheet in sheets {
        count += 1;
        b.set_page(Some(count));
        b.push(BlockKind::Heading { level: 2 }, &sheet.name);
        let stop = match sheet.cells {
            Some((cells, cut)) => push_table(&mut b, &mut meta, cells, cut, ctx),
            None => false,
        };
        b.set_page(None);
        if sheet.ends_early {
            // A sheet cut off by the end of the part: what was read, marked.
            meta.extra
                .insert("truncated".into(), "content.xml ends inside a sheet".into());
        }
        if stop {
            break;
        }
    }
    meta.page_count = Some(count);
    if pkg.decrypted {
        super::mark_encrypted(&mut meta, "odf-aes256-cbc");
    }
    Ok(b.finish(meta))
}

/// The `office:body` element of `content.xml`: the automatic styles before it are most
/// of a small sheet's content.xml and hold no cell. The whole part when it is not written
/// the usual way.
fn body(content: &str) -> &str {
    let bytes = content.as_bytes();
    match (
        memchr::memmem::find(bytes, b"<office:body"),
        memchr::memmem::rfind(bytes, b"</office:body>"),
    ) {
        (Some(i), Some(j)) if i < j => &content[i..j + "</office:body>".len()],
        _ => content,
    }
}

/// A sheet as read: its name, its cells with whether the cell budget cut them (`None`
/// for a `<table:table/>` with no content), and whether the part ended inside it.
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Sheet {
    name: String,
    cells: Option<(Vec<SheetCell>, bool)>,
    ends_early: bool,
}

/// The sheets of the body, read by whichever reader: the grid they fill. A sheet is read
/// until the budget cuts it; the sheets after it are not read.
struct Grid<'c> {
    ctx: &'c Ctx<'c>,
    sheets: Vec<Sheet>,
    budget: usize,
    /// The sheet being read, and where in it: row, how many times the row repeats, column.
    open: Option<Sheet>,
    row: u32,
    row_repeat: u32,
    col: u32,
    rows_read: u32,
}

impl<'c> Grid<'c> {
    fn new(ctx: &'c Ctx<'c>) -> Self {
        Grid {
            ctx,
            sheets: Vec::new(),
            budget: MAX_CELLS,
            open: None,
            row: 0,
            row_repeat: 1,
            col: 0,
            rows_read: 0,
        }
    }

    /// A `table:table` opens (a sheet) unless one is open (a table in a cell's shapes).
    fn table(&mut self, name: String, empty: bool) {
        if self.open.is_some() {
            return;
        }
        let sheet = Sheet {
            name,
            cells: Some((Vec::new(), false)),
            ends_early: false,
        };
        if empty {
            self.sheets.push(Sheet {
                cells: None,
                ..sheet
            });
        } else {
            self.open = Some(sheet);
            self.row = 0;
        }
    }

    /// The open sheet closes; `true` when the budget cut it and reading stops.
    fn table_end(&mut self) -> bool {
        let Some(sheet) = self.open.take() else {
            return false;
        };
        let (n, cut) = sheet
            .cells
            .as_ref()
            .map_or((0, false), |(c, cut)| (c.len(), *cut));
        self.budget -= n;
        self.sheets.push(sheet);
        cut
    }

    /// A row opens, repeated `repeat` times.
    fn row(&mut self, repeat: u32, empty: bool) -> Result<()> {
        if self.open.is_none() {
            return Ok(());
        }
        self.row_repeat = repeat;
        self.col = 0;
        if empty {
            self.row = self.row.saturating_add(repeat);
        }
        self.rows_read = self.rows_read.wrapping_add(1);
        if self.rows_read.is_multiple_of(1024) {
            self.ctx.check_time()?;
        }
        Ok(())
    }

    fn row_end(&mut self) {
        if self.open.is_some() {
            self.row = self.row.saturating_add(self.row_repeat);
        }
    }

    /// A cell's text, repeated over `columns` columns (and the row's repeats).
    fn cell(&mut self, text: String, columns: u32) {
        let Some((cells, cut)) = self.open.as_mut().and_then(|s| s.cells.as_mut()) else {
            return;
        };
        if !text.is_empty() && !*cut {
            'fill: for dr in 0..self.row_repeat {
                for dc in 0..columns {
                    if cells.len() >= self.budget {
                        *cut = true;
                        break 'fill;
                    }
                    let at = (self.row.saturating_add(dr), self.col.saturating_add(dc));
                    cells.push((at.0, at.1, text.clone()));
                }
            }
        }
        self.col = self.col.saturating_add(columns);
    }

    /// The sheets read; one the part ended inside is kept and marked.
    fn finish(mut self) -> Vec<Sheet> {
        if let Some(mut sheet) = self.open.take() {
            sheet.ends_early = true;
            self.sheets.push(sheet);
        }
        self.sheets
    }
}

/// What a cell's attributes say: the first typed value among them (a number as a
/// spreadsheet shows it in General format, a date, time or boolean as written), whether
/// it is a text or error cell, and how many columns it repeats over.
struct CellAttrs {
    value: Option<String>,
    is_string: bool,
    is_error: bool,
    columns: u32,
}

impl CellAttrs {
    fn new() -> Self {
        CellAttrs {
            value: None,
            is_string: false,
            is_error: false,
            columns: 1,
        }
    }

    /// Takes in one attribute: its prefix, local name and (normalized) value, asked for
    /// only when the attribute matters.
    fn read(&mut self, prefix: Option<&[u8]>, name: &[u8], v: impl FnOnce() -> String) {
        match (prefix, name) {
            (Some(b"office"), b"value") if self.value.is_none() => {
                // A value that is no number reads as the cell's text.
                self.value = v().trim().parse::<f64>().ok().map(number_text);
                self.is_string |= self.value.is_none();
            }
            (Some(b"office"), b"string-value" | b"date-value" | b"time-value")
                if self.value.is_none() =>
            {
                self.value = Some(v());
            }
            (Some(b"office"), b"boolean-value") if self.value.is_none() => {
                self.value = Some(matches!(v().as_str(), "true" | "TRUE").to_string());
            }
            (Some(b"office"), b"value-type") if self.value.is_none() => {
                self.is_string = v() == "string"
            }
            (Some(b"calcext"), b"value-type") => self.is_error = v() == "error",
            (Some(b"table"), b"number-columns-repeated") => {
                self.columns = v().trim().parse::<u32>().unwrap_or(1).max(1);
            }
            _ => {}
        }
    }

    /// Whether the text comes from the cell's paragraphs: a text cell without a typed
    /// value, or an error cell.
    fn text_in_content(&self) -> bool {
        (self.value.is_none() && self.is_string)
            || (self.is_error && self.value.as_deref() == Some(""))
    }

    /// The text of a cell whose text does not come from its content.
    fn value_text(self) -> String {
        self.value.unwrap_or_default().trim().to_string()
    }
}

/// A text cell's paragraphs joined by line breaks, with its spaces (`text:s`), tabs and
/// line breaks; comments (`office:annotation`) are skipped by the readers.
#[derive(Default)]
struct CellText {
    out: String,
    paragraphs: u32,
}

impl CellText {
    /// An element opens in the cell (`c` gives a `text:s`'s count).
    fn start(&mut self, local: &[u8], c: impl FnOnce() -> Option<String>) {
        match local {
            b"p" => {
                if self.paragraphs > 0 {
                    self.out.push('\n');
                }
                self.paragraphs += 1;
            }
            b"s" => {
                let n = c().and_then(|c| c.parse::<usize>().ok());
                self.out
                    .extend(std::iter::repeat_n(' ', n.unwrap_or(1).min(1024)));
            }
            b"tab" => self.out.push('\t'),
            b"line-break" => self.out.push('\n'),
            _ => {}
        }
    }

    /// The cell's text, trimmed as every spreadsheet cell is.
    fn finish(self) -> String {
        self.out.trim().to_string()
    }
}

/// The sheets of a body written the plain way, as LibreOffice and every other writer
/// writes it: tags with quoted attributes, text with the predefined references, comments
/// at most. A scan for `<` ([`plain_xml`]) reads it at several times the speed of the XML
/// reader, which was a third of an ODS file's time. `None` as soon as anything else shows
/// up (CDATA, a processing instruction, a DTD's entity, a malformed tag, a carriage
/// return in text, nesting past the limit, a part that ends inside a sheet): the XML
/// reader then reads the body, and reports what is wrong with it.
fn read_plain(body: &str, ctx: &Ctx) -> Result<Option<Vec<Sheet>>> {
    let b = body.as_bytes();
    let mut grid = Grid::new(ctx);
    let mut depth = 0u64;
    let mut at = 0;
    while let Some(lt) = next_lt(b, at) {
        at = lt;
        if b[at..].starts_with(b"<!--") {
            let Some(end) = comment_end(b, at) else {
                return Ok(None);
            };
            at = end;
            continue;
        }
        let Some(tag) = Tag::at(b, at) else {
            return Ok(None);
        };
        at = tag.end;
        if tag.close {
            depth = depth.saturating_sub(1);
            match tag.local() {
                b"table-row" => grid.row_end(),
                b"table" if grid.table_end() => return Ok(Some(grid.finish())),
                _ => {}
            }
            continue;
        }
        if !tag.empty {
            depth += 1;
            if depth > ctx.opts.max_depth {
                return Ok(None);
            }
        }
        match tag.local() {
            b"table" => {
                let Some(name) = plain_attr(&tag, b"name")? else {
                    return Ok(None);
                };
                grid.table(name.unwrap_or_default(), tag.empty);
            }
            b"table-row" if grid.open.is_some() => {
                let Some(n) = plain_attr(&tag, b"number-rows-repeated")? else {
                    return Ok(None);
                };
                grid.row(repeat(n.as_deref()), tag.empty)?;
            }
            b"table-cell" | b"covered-table-cell" if grid.open.is_some() => {
                let mut c = CellAttrs::new();
                let mut attrs = tag.attrs();
                let mut plain = true;
                for (k, v) in &mut attrs {
                    let (prefix, name) = match memchr::memrchr(b':', k) {
                        Some(i) => (Some(&k[..i]), &k[i + 1..]),
                        None => (None, k),
                    };
                    c.read(prefix, name, || {
                        attr_value(v).map_or_else(
                            || {
                                plain = false;
                                String::new()
                            },
                            Cow::into_owned,
                        )
                    });
                }
                if !plain || !attrs.rest().trim_ascii().is_empty() {
                    return Ok(None);
                }
                let columns = c.columns;
                let text = if tag.empty {
                    c.value_text()
                } else {
                    depth -= 1; // the cell is read to its end here
                    let read = if c.text_in_content() {
                        plain_cell_text(b, body, at)
                    } else {
                        plain_skip(b, body, at).map(|end| (c.value_text(), end))
                    };
                    let Some((text, end)) = read else {
                        return Ok(None);
                    };
                    at = end;
                    text
                };
                grid.cell(text, columns);
            }
            _ => {}
        }
    }
    if grid.open.is_some() {
        return Ok(None);
    }
    Ok(Some(grid.finish()))
}

/// The value of the first attribute of `tag` whose local name is `name` (as the XML
/// reader's [`attr`] finds it): `Some(None)` when there is none, `None` when the
/// attributes are not plain.
fn plain_attr(tag: &Tag, name: &[u8]) -> Result<Option<Option<String>>> {
    let mut attrs = tag.attrs();
    for (k, v) in &mut attrs {
        if plain_xml::local(k) == name {
            return Ok(attr_value(v).map(|v| Some(v.into_owned())));
        }
    }
    Ok(attrs.rest().trim_ascii().is_empty().then_some(None))
}

/// Just past the comment starting at `at`, or `None` if it does not end.
fn comment_end(b: &[u8], at: usize) -> Option<usize> {
    memchr::memmem::find(&b[at + 4..], b"-->").map(|i| at + 4 + i + 3)
}

/// What a walk of an element's content meets: a run of text, or an element opening.
enum Item<'x> {
    Text(&'x str),
    Open(Tag<'x>),
}

/// Walks the content of the element whose content starts at `at` to its end tag, giving
/// `on` each run of text and each element that opens (comments are stepped over); `on`
/// says whether to step over the element just opened, or `None` when the content is not
/// plain. Just past the end tag, or `None` when the content is not plain or does not end.
fn plain_walk<'x>(
    b: &'x [u8],
    body: &'x str,
    mut at: usize,
    on: &mut dyn FnMut(Item<'x>) -> Option<bool>,
) -> Option<usize> {
    let mut depth = 1u32;
    while let Some(lt) = next_lt(b, at) {
        if lt > at {
            on(Item::Text(&body[at..lt]))?;
        }
        at = lt;
        if b[at..].starts_with(b"<!--") {
            at = comment_end(b, at)?;
            continue;
        }
        let tag = Tag::at(b, at)?;
        at = tag.end;
        if tag.close {
            depth -= 1;
            if depth == 0 {
                return Some(at);
            }
            continue;
        }
        let empty = tag.empty;
        if on(Item::Open(tag))? && !empty {
            at = plain_skip(b, body, at)?;
        } else if !empty {
            depth += 1;
        }
    }
    None
}

/// Just past the end of the element whose content starts at `at`, or `None` when the
/// content is not plain.
fn plain_skip(b: &[u8], body: &str, at: usize) -> Option<usize> {
    plain_walk(b, body, at, &mut |_| Some(false))
}

/// The text of the cell whose content starts at `at`, and just past the cell's end.
fn plain_cell_text(b: &[u8], body: &str, at: usize) -> Option<(String, usize)> {
    let mut text = CellText::default();
    let end = plain_walk(b, body, at, &mut |item| match item {
        Item::Text(run) => {
            if run.contains('\r') {
                return None; // XML's line-end handling: left to the XML reader
            }
            text.out.push_str(&unescape(run)?);
            Some(false)
        }
        // Comments on the cell are not its text.
        Item::Open(tag) if tag.local() == b"annotation" => Some(true),
        Item::Open(tag) => {
            text.start(tag.local(), || {
                let (_, v) = tag.attrs().find(|(k, _)| plain_xml::local(k) == b"c")?;
                attr_value(v).map(Cow::into_owned)
            });
            Some(false)
        }
    })?;
    Some((text.finish(), end))
}

/// The sheets of any well-formed body, through the XML reader.
fn read_xml(body: &str, ctx: &Ctx) -> Result<Vec<Sheet>> {
    let mut r = XmlReader::new(body, "content.xml", ctx);
    let mut grid = Grid::new(ctx);
    loop {
        match r.next()? {
            Ev::Start { e, empty } => match local(&e) {
                "table" => grid.table(attr(&e, "name").unwrap_or_default(), empty),
                "table-row" => {
                    let n = attr(&e, "number-rows-repeated");
                    grid.row(repeat(n.as_deref()), empty)?;
                }
                "table-cell" | "covered-table-cell" if grid.open.is_some() => {
                    let (text, columns) = xml_cell(&e, empty, &mut r)?;
                    grid.cell(text, columns);
                }
                // Anything a sheet holds but its rows (columns' styles, drawings, named
                // ranges): not cells.
                _ => {}
            },
            Ev::End(e) => match end_name(&e) {
                "table-row" => grid.row_end(),
                "table" if grid.table_end() => break,
                _ => {}
            },
            Ev::Text(_) => {}
            Ev::Eof => break,
        }
    }
    Ok(grid.finish())
}

/// A row's or cell's repeat count (at least 1) from its attribute's value.
fn repeat(value: Option<&str>) -> u32 {
    value
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// A cell's text and how many columns it repeats over, its content read (or skipped) to
/// the cell's end, through the XML reader.
fn xml_cell(
    e: &quick_xml::events::BytesStart,
    empty: bool,
    r: &mut XmlReader,
) -> Result<(String, u32)> {
    let mut c = CellAttrs::new();
    for a in e.attributes().with_checks(false).flatten() {
        let prefix = a.key.prefix().map(|p| p.into_inner().as_bytes());
        c.read(prefix, a.key.local_name().into_inner().as_bytes(), || {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(Cow::into_owned)
                .unwrap_or_default()
        });
    }
    let columns = c.columns;
    if empty || !c.text_in_content() {
        if !empty {
            r.skip()?;
        }
        return Ok((c.value_text(), columns));
    }
    let mut text = CellText::default();
    let mut depth = 1;
    while depth > 0 {
        match r.next()? {
            Ev::Start { e, empty } => {
                if local(&e) == "annotation" && !empty {
                    r.skip()?;
                    continue;
                }
                text.start(local(&e).as_bytes(), || attr(&e, "c"));
                if !empty {
                    depth += 1;
                }
            }
            Ev::End(_) => depth -= 1,
            Ev::Text(t) => text.out.push_str(&t),
            Ev::Eof => break,
        }
    }
    Ok((text.finish(), columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(path: &str) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let bytes = std::fs::read(root.join(path)).unwrap();
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.ods", &opts);
        Parts::open(&bytes, &ctx)
            .unwrap()
            .require_text("content.xml")
            .unwrap()
    }

    /// The plain scan takes what LibreOffice writes and reads what the XML reader reads;
    /// anything else goes to the XML reader.
    #[test]
    fn the_plain_scan_reads_what_the_xml_reader_reads() {
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.ods", &opts);
        for path in [
            "tests/extract/generated/sheet-boulangerie.lo.ods",
            "tests/extract/inputs/cells.ods",
        ] {
            let xml = content(path);
            let xml = body(&xml);
            let plain = read_plain(xml, &ctx).unwrap();
            assert!(plain.is_some(), "{path}");
            assert_eq!(plain.unwrap(), read_xml(xml, &ctx).unwrap(), "{path}");
        }
        let xml = content("tests/extract/inputs/cells.ods");
        let xml = body(&xml);
        let cell = "<table:table-cell office:value-type=\"string\"><text:p>";
        for (odd, want) in [("<![CDATA[x]]>", "x"), ("<?pi x?>", ""), ("a\r\nb", "a\nb")] {
            let at = xml.find(cell).unwrap() + cell.len();
            let edited = format!("{}{odd}{}", &xml[..at], &xml[at..]);
            assert!(read_plain(&edited, &ctx).unwrap().is_none(), "{odd:?}");
            let sheets = read_xml(&edited, &ctx).unwrap();
            let (cells, _) = sheets[0].cells.as_ref().unwrap();
            assert!(cells.iter().any(|c| c.2.contains(want)), "{odd:?}");
        }
        // Cut inside a sheet: the XML reader reads what is there and marks it.
        let cut = &xml[..xml.len() / 2 + xml[xml.len() / 2..].find("<table:table-row").unwrap()];
        assert!(read_plain(cut, &ctx).unwrap().is_none());
        assert!(read_xml(cut, &ctx).unwrap().iter().any(|s| s.ends_early));
    }

    /// The same text and blocks as calamine reads from a LibreOffice workbook.
    #[test]
    fn reads_what_calamine_reads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let bytes =
            std::fs::read(root.join("tests/extract/generated/sheet-boulangerie.lo.ods")).unwrap();
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.ods", &opts);
        let ours = extract(&bytes, &ctx).unwrap();
        let theirs = super::super::spreadsheet::calamine_reference(&bytes);
        assert_eq!(ours.text, theirs.text);
        assert_eq!(ours.blocks, theirs.blocks);
        assert_eq!(ours.metadata.page_count, theirs.metadata.page_count);
    }

    /// Typed values, repeated rows and columns, text with spaces, tabs and line breaks,
    /// comments left out, error cells, an empty sheet, merged cells and row groups (the
    /// fixture's expected text was checked against LibreOffice's own CSV export).
    #[test]
    fn reads_every_kind_of_cell() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let bytes = std::fs::read(root.join("tests/extract/inputs/cells.ods")).unwrap();
        let opts = crate::ExtractOptions {
            table_format: crate::extract::TableFormat::Tsv,
            ..Default::default()
        };
        let ctx = Ctx::new("cells.ods", &opts);
        let doc = extract(&bytes, &ctx).unwrap();
        let tables: Vec<&str> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Table)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(tables.len(), 2);
        let rows: Vec<&str> = tables[0].lines().collect();
        assert_eq!(rows[0], "Item\tAmount\tWhen\tDone\tNote");
        // A table cell's spaces, tab and line breaks come out as single spaces.
        assert_eq!(
            rows[1],
            "Two spaces second line\t0.125\t2024-03-04T13:45:00\ttrue\ttab here break"
        );
        assert!(!tables[0].contains("hidden comment"));
        assert_eq!(
            rows.iter()
                .filter(|r| r.starts_with("1234.5\t7\t7\tPT12H30M00S\t#DIV/0!"))
                .count(),
            2
        );
        assert!(tables[0].ends_with("-0.5"), "{}", tables[0]);
        assert_eq!(tables[1], "spans two\t1000\ngrouped");
        assert_eq!(doc.metadata.page_count, Some(3));
        let headings: Vec<&str> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(headings, ["Mixed & typed", "Empty", "Merged"]);
    }
}
