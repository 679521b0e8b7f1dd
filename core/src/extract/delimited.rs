//! CSV and TSV: the delimiter sniffed from the first lines (comma, semicolon, tab, pipe)
//! unless the format fixes it, quoted fields and embedded line breaks handled by the
//! `csv` crate, the whole file as one table. Legacy encodings are decoded first.

use super::builder::DocBuilder;
use super::table;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

/// Most cells in one row (a spreadsheet's column limit): a wider "row" is not a table, and
/// millions of cells would take gigabytes.
const MAX_COLUMNS: u64 = 16_384;

pub(crate) fn extract(bytes: &[u8], default: u8, ctx: &Ctx) -> Result<Document> {
    let (text, enc) = super::text::decode(bytes, ctx)?;
    let delimiter = sniff(&text).unwrap_or(default);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        if i % 4096 == 0 {
            ctx.check_time()?;
        }
        let rec = rec.map_err(|e| ctx.corrupt(format!("CSV: {e}")))?;
        if rec.len() as u64 > MAX_COLUMNS {
            return Err(ctx.limit("csv_columns", MAX_COLUMNS, rec.len() as u64));
        }
        rows.push(rec.iter().map(str::to_string).collect::<Vec<_>>());
    }
    let mut b = DocBuilder::new();
    b.push(
        BlockKind::Table,
        &table::render(&rows, ctx.opts.table_format),
    );
    let mut meta = Metadata::default();
    meta.extra
        .insert("encoding".into(), enc.name().to_ascii_lowercase());
    meta.extra
        .insert("delimiter".into(), char::from(delimiter).to_string());
    Ok(b.finish(meta))
}

/// The delimiter that splits the first lines into the same number (> 1) of fields most
/// often.
fn sniff(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best: Option<(usize, u8)> = None;
    for d in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|&c| c == d).count())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let same = counts.iter().filter(|&&c| c == first).count();
        let score = same * 100 + first;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, d));
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff("a;b;c\n1;2;3\n"), Some(b';'));
        assert_eq!(sniff("a\tb\n1\t2\n"), Some(b'\t'));
        assert_eq!(sniff("a,b\n\"x,y\",2\n"), Some(b','));
        assert_eq!(sniff("single column\n"), None);
    }
}
