//! Spreadsheets (XLSX, XLS, ODS) through `calamine`: each sheet's name as a heading and
//! its used range as a table; numbers as written, dates as ISO 8601. Every block carries
//! its sheet number as `page`.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::builder::DocBuilder;
use super::container::Package;
use super::detect::Format;
use super::table;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

/// Most cells read from one workbook; a sheet beyond that is cut (and the document
/// marked `truncated`).
const MAX_CELLS: usize = 5_000_000;

pub(crate) fn extract(bytes: &[u8], format: Format, ctx: &Ctx) -> Result<Document> {
    let mut meta = Metadata::default();
    if format != Format::Xls {
        // calamine reads the ZIP itself: check the archive against the limits first, and
        // read the document properties.
        let mut pkg = Package::open(bytes, ctx)?;
        pkg.check_declared_sizes()?;
        if format == Format::Xlsx {
            meta = super::ooxml::properties(&mut pkg, ctx)?;
        }
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("password") || msg.contains("ncrypt") {
            crate::error::Error::Encrypted {
                source_name: ctx.name.to_string(),
                detail: "password-protected workbook (decryption is not supported)".into(),
            }
        } else {
            ctx.corrupt(msg)
        }
    })?;
    let names = book.sheet_names();
    let mut b = DocBuilder::new();
    let mut cells = 0usize;
    for (i, name) in names.iter().enumerate() {
        ctx.check_time()?;
        b.set_page(Some(i as u32 + 1));
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => return Err(ctx.corrupt(format!("sheet {}: {e}", i + 1))),
        };
        b.push(BlockKind::Heading { level: 2 }, name);
        let mut rows: Vec<Vec<String>> = Vec::new();
        for row in range.rows() {
            cells += row.len();
            if cells > MAX_CELLS {
                meta.extra
                    .insert("truncated".into(), format!("after {MAX_CELLS} cells"));
                break;
            }
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(cells);
            }
        }
        // Columns empty in every row are dropped (layout spacing).
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let keep: Vec<bool> = (0..width)
            .map(|j| rows.iter().any(|r| r.get(j).is_some_and(|c| !c.is_empty())))
            .collect();
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .enumerate()
                    .filter(|(j, _)| keep[*j])
                    .map(|(_, c)| c)
                    .collect()
            })
            .collect();
        if !rows.is_empty() {
            b.push(
                BlockKind::Table,
                &table::render(&rows, ctx.opts.table_format),
            );
        }
        if cells > MAX_CELLS {
            break;
        }
    }
    b.set_page(None);
    meta.page_count = Some(names.len() as u32);
    Ok(b.finish(meta))
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
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
