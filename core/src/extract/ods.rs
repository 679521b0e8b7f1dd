//! OpenDocument spreadsheets (ODS), read in one pass over `content.xml`: each
//! `table:table` is a sheet (its name as a heading, its cells as a table, its number as
//! `page`), as [`super::spreadsheet`] gives XLS sheets. Cells take their value as
//! calamine reads it (the typed `office:value`, `date-value`, `time-value` or
//! `boolean-value`, else the paragraphs of the cell), but no grid is built: repeated empty
//! rows and columns (LibreOffice writes a million) cost nothing, and a repeated value is
//! written out only up to the cell budget. Password-protected files are decrypted part by
//! part ([`Parts`]); `meta.xml` gives the metadata, as for ODT.

use super::builder::DocBuilder;
use super::encrypted_odf::Parts;
use super::odf;
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
    let mut b = DocBuilder::new();
    // The automatic styles before the body are most of a small sheet's content.xml and
    // hold no cell: the reader starts at the body when it is written the usual way.
    let bytes = content.as_bytes();
    let body = match (
        memchr::memmem::find(bytes, b"<office:body"),
        memchr::memmem::rfind(bytes, b"</office:body>"),
    ) {
        (Some(i), Some(j)) if i < j => &content[i..j + "</office:body>".len()],
        _ => content.as_str(),
    };
    let mut r = XmlReader::new(body, "content.xml", ctx);
    let mut sheets = 0u32;
    let mut budget = MAX_CELLS;
    // The sheet being read: its cells, whether the budget cut it, the current row and
    // how many times it repeats, the current column.
    let mut sheet: Option<(Vec<SheetCell>, bool)> = None;
    let (mut row, mut row_repeat, mut col) = (0u32, 1u32, 0u32);
    let mut rows_read = 0u32;
    loop {
        match r.next()? {
            Ev::Start { e, empty } => match (local(&e), sheet.as_mut()) {
                ("table", None) => {
                    sheets += 1;
                    b.set_page(Some(sheets));
                    b.push(
                        BlockKind::Heading { level: 2 },
                        &attr(&e, "name").unwrap_or_default(),
                    );
                    if empty {
                        b.set_page(None);
                        continue;
                    }
                    sheet = Some((Vec::new(), false));
                    row = 0;
                }
                ("table-row", Some(_)) => {
                    row_repeat = repeat(&e, "number-rows-repeated");
                    col = 0;
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                    rows_read = rows_read.wrapping_add(1);
                    if rows_read.is_multiple_of(1024) {
                        ctx.check_time()?;
                    }
                }
                ("table-cell" | "covered-table-cell", Some((cells, cut))) => {
                    let (text, col_repeat) = cell(&e, empty, &mut r)?;
                    if !text.is_empty() && !*cut {
                        'fill: for dr in 0..row_repeat {
                            for dc in 0..col_repeat {
                                if cells.len() >= budget {
                                    *cut = true;
                                    break 'fill;
                                }
                                let at = (row.saturating_add(dr), col.saturating_add(dc));
                                cells.push((at.0, at.1, text.clone()));
                            }
                        }
                    }
                    col = col.saturating_add(col_repeat);
                }
                // A table inside a cell's shapes, or anything a sheet holds but its
                // rows (columns' styles, drawings, named ranges): not cells.
                (_, _) => {}
            },
            Ev::End(e) => match (end_name(&e), sheet.is_some()) {
                ("table-row", true) => row = row.saturating_add(row_repeat),
                ("table", true) => {
                    let (cells, cut) = sheet.take().unwrap_or_default();
                    budget -= cells.len();
                    let stop = push_table(&mut b, &mut meta, cells, cut, ctx);
                    b.set_page(None);
                    if stop {
                        break;
                    }
                }
                _ => {}
            },
            Ev::Text(_) => {}
            Ev::Eof => {
                if let Some((cells, cut)) = sheet.take() {
                    // A sheet cut off by the end of the part: what was read, marked.
                    push_table(&mut b, &mut meta, cells, cut, ctx);
                    meta.extra
                        .insert("truncated".into(), "content.xml ends inside a sheet".into());
                }
                break;
            }
        }
    }
    meta.page_count = Some(sheets);
    if pkg.decrypted {
        super::mark_encrypted(&mut meta, "odf-aes256-cbc");
    }
    Ok(b.finish(meta))
}

/// A row's or cell's repeat count (at least 1).
fn repeat(e: &quick_xml::events::BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// A cell's text and how many columns it repeats over, its content read (or skipped) to
/// the cell's end. The text is the first typed value among its attributes (a number as a
/// spreadsheet shows it in General format, a date, time or boolean as written), else, for
/// a text cell or an error, its paragraphs joined by line breaks (comments left out);
/// trimmed, as every spreadsheet cell is. One pass over the attributes.
fn cell(
    e: &quick_xml::events::BytesStart,
    empty: bool,
    r: &mut XmlReader,
) -> Result<(String, u32)> {
    let mut value: Option<String> = None;
    let (mut is_string, mut is_error) = (false, false);
    let mut columns = 1u32;
    for a in e.attributes().with_checks(false).flatten() {
        let prefix = a.key.prefix().map(|p| p.into_inner());
        let v = || {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        };
        match (prefix, a.key.local_name().into_inner()) {
            (Some("office"), "value") if value.is_none() => {
                // A value that is no number reads as the cell's text.
                value = v().trim().parse::<f64>().ok().map(number_text);
                is_string |= value.is_none();
            }
            (Some("office"), "string-value" | "date-value" | "time-value") if value.is_none() => {
                value = Some(v());
            }
            (Some("office"), "boolean-value") if value.is_none() => {
                value = Some(matches!(v().as_str(), "true" | "TRUE").to_string());
            }
            (Some("office"), "value-type") if value.is_none() => is_string = v() == "string",
            (Some("calcext"), "value-type") => is_error = v() == "error",
            (Some("table"), "number-columns-repeated") => {
                columns = v().trim().parse::<u32>().unwrap_or(1).max(1);
            }
            _ => {}
        }
    }
    let from_content = (value.is_none() && is_string) || (is_error && value.as_deref() == Some(""));
    if empty || !from_content {
        if !empty {
            r.skip()?;
        }
        return Ok((value.unwrap_or_default().trim().to_string(), columns));
    }
    let mut out = String::new();
    let mut paragraphs = 0;
    let mut depth = 1;
    while depth > 0 {
        match r.next()? {
            Ev::Start { e, empty } => {
                match local(&e) {
                    "annotation" if !empty => {
                        r.skip()?;
                        continue;
                    }
                    "p" => {
                        if paragraphs > 0 {
                            out.push('\n');
                        }
                        paragraphs += 1;
                    }
                    "s" => {
                        let n = attr(&e, "c").and_then(|c| c.parse::<usize>().ok());
                        out.extend(std::iter::repeat_n(' ', n.unwrap_or(1).min(1024)));
                    }
                    "tab" => out.push('\t'),
                    "line-break" => out.push('\n'),
                    _ => {}
                }
                if !empty {
                    depth += 1;
                }
            }
            Ev::End(_) => depth -= 1,
            Ev::Text(t) => out.push_str(&t),
            Ev::Eof => break,
        }
    }
    Ok((out.trim().to_string(), columns))
}

#[cfg(test)]
mod tests {
    use super::*;

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
