//! What every spreadsheet reader ([`super::xlsx`], [`super::ods`], [`super::xls`])
//! shares: each sheet's name as a heading and its cells as a table; numbers as written,
//! dates as ISO 8601. Every block carries its sheet number as `page`.

use super::builder::DocBuilder;
use super::table;
use super::Ctx;
use crate::document::{BlockKind, Metadata};

/// Most cells read from one workbook; a sheet beyond that is cut (and the document
/// marked `truncated`).
pub(crate) const MAX_CELLS: usize = 5_000_000;

/// A workbook's document as a reader builds it, sheet by sheet: each sheet's name as a
/// heading and its cells as a table, within the workbook's cell budget.
pub(crate) struct Sheets {
    b: DocBuilder,
    /// Cells the sheets still to come may hold.
    pub budget: usize,
}

impl Sheets {
    pub fn new() -> Self {
        Sheets {
            b: DocBuilder::new(),
            budget: MAX_CELLS,
        }
    }

    /// Appends sheet number `page`: its `name` and its cells (`cut` when the budget cut
    /// them). `true` when the workbook's reading stops here (see [`push_table`]).
    pub fn push(
        &mut self,
        meta: &mut Metadata,
        page: u32,
        name: &str,
        cells: Vec<SheetCell>,
        cut: bool,
        ctx: &Ctx,
    ) -> bool {
        self.b.set_page(Some(page));
        self.b.push(BlockKind::Heading { level: 2 }, name);
        self.budget -= cells.len();
        let stop = push_table(&mut self.b, meta, cells, cut, ctx);
        self.b.set_page(None);
        stop
    }

    pub fn finish(self, meta: Metadata) -> crate::document::Document {
        self.b.finish(meta)
    }
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

/// Whether a built-in number format (one a workbook uses without declaring) is a date or
/// time: 14-22, 45 and 47 in every locale, 27-36 and 50-58 in the East Asian ones (46 is
/// an elapsed time).
pub(crate) fn builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45 | 47 | 50..=58)
}

/// Whether a number format code shows a date or time: a `y`, `m`, `d`, `h` or `s` outside
/// quoted text, escapes and bracketed sections (colours, conditions, locales). Elapsed
/// times (`[h]:mm`) count as numbers, since they are durations.
pub(crate) fn is_date_format(code: &str) -> bool {
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

/// An Excel serial date as ISO 8601: the date alone at midnight, else with the time to the
/// second, and a serial below 1 as a time of day alone. The 1900 system counts the
/// 29 February 1900 that never was (Lotus's bug), so serials from 61 on are one day ahead.
/// Negative serials and those beyond the year 9999 are left as numbers.
pub(crate) fn serial_date(serial: f64, date1904: bool) -> Option<String> {
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
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
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

/// The document calamine reads from a workbook (it tells the format by the content),
/// laid out as the readers lay theirs out: the reference the XLSX, ODS and XLS readers'
/// tests compare with.
#[cfg(test)]
pub(crate) fn calamine_reference(bytes: &[u8]) -> crate::document::Document {
    use calamine::{Data, Reader};

    fn cell_text(d: &Data) -> String {
        match d {
            Data::Empty => String::new(),
            Data::Float(f) => number_text(*f),
            Data::DateTime(dt) if dt.is_datetime() => {
                let (y, mo, da, h, mi, s, _) = dt.to_ymd_hms_milli();
                // A time of day alone, as the readers write it (calamine dates it
                // 1899-12-31).
                if dt.as_f64() < 1.0 {
                    format!("{h:02}:{mi:02}:{s:02}")
                } else if (h, mi, s) == (0, 0, 0) {
                    format!("{y:04}-{mo:02}-{da:02}")
                } else {
                    format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}")
                }
            }
            Data::Error(_) => String::new(),
            other => other.to_string().trim().to_string(),
        }
    }

    let opts = crate::ExtractOptions::default();
    let ctx = Ctx::new("reference", &opts);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let mut meta = Metadata::default();
    let names = book.sheet_names();
    let mut sheets = Sheets::new();
    for (i, name) in names.iter().enumerate() {
        let range = book.worksheet_range(name).unwrap();
        let mut cells = Vec::new();
        for (r, row) in range.rows().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let text = cell_text(d);
                if !text.is_empty() {
                    cells.push((r as u32, c as u32, text));
                }
            }
        }
        sheets.push(&mut meta, i as u32 + 1, name, cells, false, &ctx);
    }
    meta.page_count = Some(names.len() as u32);
    sheets.finish(meta)
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
}
