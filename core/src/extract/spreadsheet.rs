//! Legacy Excel workbooks (XLS) through `calamine`, and what every spreadsheet reader
//! shares (XLSX and ODS have their own, [`super::xlsx`] and [`super::ods`]): each sheet's
//! name as a heading and its cells as a table; numbers as written, dates as ISO 8601.
//! Every block carries its sheet number as `page`.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::builder::DocBuilder;
use super::encrypted_xls;
use super::table;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

/// Most cells read from one workbook; a sheet beyond that is cut (and the document
/// marked `truncated`).
pub(crate) const MAX_CELLS: usize = 5_000_000;

/// Reads an XLS workbook (or, as the XLSX and ODS readers' tests use it, any workbook
/// calamine tells by its content).
pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut meta = Metadata::default();
    // An OLE2 workbook (XLS) is checked, and decrypted, first; calamine tells any other
    // format (the XLSX and ODS readers' tests hand it theirs) by its content.
    let ole2 = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let decrypted = match ole2 {
        true => encrypted_xls::decrypted_copy(bytes, ctx)?,
        false => None,
    };
    let bytes = match &decrypted {
        Some(d) => {
            super::mark_encrypted(&mut meta, d.method);
            d.workbook.as_slice()
        }
        None => bytes,
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("password") || msg.contains("ncrypt") {
            ctx.encrypted("password-protected legacy workbook")
        } else {
            ctx.corrupt(msg)
        }
    })?;
    let names = book.sheet_names();
    let mut b = DocBuilder::new();
    let mut budget = MAX_CELLS;
    for (i, name) in names.iter().enumerate() {
        ctx.check_time()?;
        b.set_page(Some(i as u32 + 1));
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => return Err(ctx.corrupt(format!("sheet {}: {e}", i + 1))),
        };
        b.push(BlockKind::Heading { level: 2 }, name);
        let mut cells = Vec::new();
        let mut cut = false;
        'rows: for (r, row) in range.rows().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let text = cell_text(d);
                if text.is_empty() {
                    continue;
                }
                if cells.len() >= budget {
                    cut = true;
                    break 'rows;
                }
                cells.push((r as u32, c as u32, text));
            }
        }
        budget -= cells.len();
        if push_table(&mut b, &mut meta, cells, cut, ctx) {
            break;
        }
    }
    b.set_page(None);
    meta.page_count = Some(names.len() as u32);
    Ok(b.finish(meta))
}

/// Appends a sheet's cells as a table. `true` when the workbook's reading stops here,
/// because the sheet was `cut` at the cell budget or its table would be too large; the
/// document is then marked `truncated`.
pub(crate) fn push_table(
    b: &mut DocBuilder,
    meta: &mut Metadata,
    cells: Vec<SheetCell>,
    cut: bool,
    ctx: &Ctx,
) -> bool {
    let (rows, wide) = sheet_rows(cells);
    if !rows.is_empty() {
        b.push(
            BlockKind::Table,
            &table::render(&rows, ctx.opts.table_format),
        );
    }
    if cut || wide {
        meta.extra
            .insert("truncated".into(), format!("after {MAX_CELLS} cells"));
    }
    cut || wide
}

/// A non-empty cell of a sheet: (row, column, text).
pub(crate) type SheetCell = (u32, u32, String);

/// A sheet's non-empty cells, in any order, as the rows of a table:
/// rows and columns that hold no cell are left out (layout spacing), and a cell given
/// twice keeps its first text. `true` beside them when the table would have more than
/// [`MAX_CELLS`] cells (a sparse sheet spread over many rows and columns) and its last
/// rows were cut.
fn sheet_rows(mut cells: Vec<SheetCell>) -> (Vec<Vec<String>>, bool) {
    cells.sort_by_key(|c| (c.0, c.1));
    cells.dedup_by_key(|c| (c.0, c.1));
    let mut cols: Vec<u32> = cells.iter().map(|c| c.1).collect();
    cols.sort_unstable();
    cols.dedup();
    let max_rows = MAX_CELLS / cols.len().max(1);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current = None;
    for (r, c, text) in cells {
        if current != Some(r) {
            if rows.len() == max_rows {
                return (rows, true);
            }
            rows.push(vec![String::new(); cols.len()]);
            current = Some(r);
        }
        if let (Some(row), Ok(j)) = (rows.last_mut(), cols.binary_search(&c)) {
            row[j] = text;
        }
    }
    (rows, false)
}

/// A number as a spreadsheet shows it in General format: whole numbers without a
/// fraction, others in their shortest exact form.
pub(crate) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) => number_text(*f),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, da, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{da:02}")
            } else {
                format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::Error(_) => String::new(),
        other => other.to_string().trim().to_string(),
    }
}
