//! CSV and TSV: the delimiter sniffed from the first lines (comma, semicolon, tab, pipe)
//! unless the format fixes it, quoted fields and embedded line breaks handled by
//! `csv-core` (its parsers built once per thread), the whole file as one table. Legacy
//! encodings are decoded first.

use std::cell::RefCell;

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
    let rows = records(&text, delimiter, ctx)?;
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

/// The delimiters [`sniff`] chooses from.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Runs `f` with a parser for `delimiter`, reset to the start. Building a parser fills a
/// DFA table, which costs more than parsing a small file, so each thread keeps the parsers
/// of the sniffable delimiters. (They are reused, not cloned: cloning drops the table's
/// state classes.)
fn with_parser<T>(delimiter: u8, f: impl FnOnce(&mut csv_core::Reader) -> T) -> T {
    thread_local! {
        static BUILT: RefCell<[Option<csv_core::Reader>; 4]> = const { RefCell::new([None, None, None, None]) };
    }
    let build = || csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let Some(i) = DELIMITERS.iter().position(|&d| d == delimiter) else {
        return f(&mut build());
    };
    // Taken out while in use, so a nested call (none today) would build its own.
    let mut rdr = BUILT
        .with(|b| b.borrow_mut()[i].take())
        .unwrap_or_else(build);
    rdr.reset();
    let out = f(&mut rdr);
    BUILT.with(|b| b.borrow_mut()[i] = Some(rdr));
    out
}

/// The records of `text`: quoted fields unquoted, embedded line breaks kept, rows of any
/// length, empty lines skipped.
fn records(text: &str, delimiter: u8, ctx: &Ctx) -> Result<Vec<Vec<String>>> {
    with_parser(delimiter, |rdr| parse(rdr, text, ctx))
}

fn parse(rdr: &mut csv_core::Reader, text: &str, ctx: &Ctx) -> Result<Vec<Vec<String>>> {
    use csv_core::ReadRecordResult::*;
    let mut input = text.as_bytes();
    // A record's unquoted fields are never longer than its bytes in the input.
    let mut out = vec![0u8; input.len().clamp(1, 1 << 16)];
    let mut ends = vec![0usize; 64];
    let (mut n_out, mut n_ends) = (0, 0);
    let mut rows = Vec::new();
    loop {
        let (res, read, wrote, ended) =
            rdr.read_record(input, &mut out[n_out..], &mut ends[n_ends..]);
        input = &input[read..];
        n_out += wrote;
        n_ends += ended;
        match res {
            InputEmpty => {}
            OutputFull => out.resize(out.len() * 2, 0),
            OutputEndsFull => {
                if n_ends as u64 >= MAX_COLUMNS {
                    return Err(ctx.limit("csv_columns", MAX_COLUMNS, n_ends as u64 + 1));
                }
                ends.resize(ends.len() * 2, 0);
            }
            Record => {
                if n_ends as u64 > MAX_COLUMNS {
                    return Err(ctx.limit("csv_columns", MAX_COLUMNS, n_ends as u64));
                }
                if rows.len() % 4096 == 4095 {
                    ctx.check_time()?;
                }
                let mut start = 0;
                let row = ends[..n_ends]
                    .iter()
                    .map(|&end| {
                        // Unquoting removes ASCII quotes only: the bytes stay UTF-8.
                        let field = String::from_utf8_lossy(&out[start..end]).into_owned();
                        start = end;
                        field
                    })
                    .collect();
                rows.push(row);
                (n_out, n_ends) = (0, 0);
            }
            End => return Ok(rows),
        }
    }
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
    for d in DELIMITERS {
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

    fn table(csv: &str) -> String {
        let opts = crate::ExtractOptions {
            table_format: crate::TableFormat::Tsv,
            ..Default::default()
        };
        crate::extract_bytes(csv.as_bytes(), Some("t.csv"), &opts)
            .unwrap()
            .text
    }

    #[test]
    fn parses_quotes_line_breaks_ragged_rows_and_empty_lines() {
        // Twice: the reused parser must start clean after a file that ends mid-quote.
        for _ in 0..2 {
            assert_eq!(
                table("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\n1,2,3\n"),
                table("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n1,2,3")
            );
            let t = table("name,note\nÉlodie,\"two\nlines\"\nZoë\n");
            assert!(
                t.contains("Élodie")
                    && t.contains("two")
                    && t.contains("lines")
                    && t.contains("Zoë"),
                "{t}"
            );
            table("a,\"unterminated\n");
        }
        let t = table("h1;h2\nx;\"a;b\"\n");
        assert!(t.contains("a;b"), "{t}");
    }

    #[test]
    fn long_fields_and_wide_rows_grow_the_buffers() {
        let long = "z".repeat(200_000);
        let wide = (0..500)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let t = table(&format!("{long},b\n{wide}\n"));
        assert!(t.contains(&long) && t.contains("\t499"), "{}", t.len());
    }
}
