//! Legacy Excel workbooks (`.xls`) read straight from the records of their `Workbook`
//! stream: BIFF8 (Excel 97 to 2003, and what LibreOffice and most libraries still write)
//! and BIFF5 (Excel 5 and 95, a `Book` stream, strings in the workbook's code page).
//!
//! The workbook globals give the sheet list (`BoundSheet8`), the shared strings (`SST`),
//! the number format of each cell style (`XF`, `Format`: which numbers are dates) and
//! the date system; each worksheet's substream then gives its cells: shared and inline
//! strings, numbers (`Number`, `RK`, `MulRk`), booleans, and the values formulas last
//! computed (`Formula`, `String`), which is what the sheet shows. Formulas themselves are
//! not parsed. An encrypted workbook is decrypted first ([`super::encrypted_xls`]).
//!
//! calamine reads XLS too, but it reads the compound file with its own reader (which
//! panics on some broken ones) and turns every formula back into text; on the small
//! workbooks most corpora hold, that was most of the time. The stream comes from
//! [`super::ole2`].

use std::collections::HashMap;

use encoding_rs::Encoding;

use super::encrypted_xls;
use super::ole2::Ole2;
use super::oleps;
use super::spreadsheet::{
    builtin_date, is_date_format, number_text, serial_date, SheetCell, Sheets,
};
use super::text::codepage;
use super::Ctx;
use crate::document::{Document, Metadata};
use crate::error::Result;

/// Record types (MS-XLS 2.3).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const FILE_PASS: u16 = 0x002F;
const CODE_PAGE: u16 = 0x0042;
const DATE_MODE: u16 = 0x0022;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUND_SHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const LABEL_SST: u16 = 0x00FD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MUL_RK: u16 = 0x00BD;
const BOOL_ERR: u16 = 0x0205;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
/// The `BOF` records of BIFF2, BIFF3 and BIFF4 worksheets (Excel 2 to 4).
const OLD_BOFS: [u16; 3] = [0x0009, 0x0209, 0x0409];

/// Reads an XLS workbook.
pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let corrupt = |detail: String| ctx.corrupt(format!("unreadable OLE2 container ({detail})"));
    let file = Ole2::open(bytes).map_err(corrupt)?;
    // BIFF8 names its stream Workbook, BIFF5 Book.
    let (mut stream, biff8) = match file.read_stream("Workbook").map_err(corrupt)? {
        Some(stream) => (stream, true),
        None => match file.read_stream("Book").map_err(corrupt)? {
            Some(stream) => (stream, false),
            None => return Err(ctx.corrupt("no Workbook stream in the OLE2 container")),
        },
    };
    let mut meta = Metadata::default();
    oleps::read_into(&file, &mut meta);
    if biff8 {
        if let Some(method) = encrypted_xls::decrypt(&mut stream, ctx)? {
            super::mark_encrypted(&mut meta, method);
        }
    }
    read_workbook(&stream, meta, ctx)
}

/// The document a decrypted workbook stream holds.
fn read_workbook(stream: &[u8], mut meta: Metadata, ctx: &Ctx) -> Result<Document> {
    let book = Globals::read(stream, ctx)?;
    let mut sheets = Sheets::new();
    for (i, sheet) in book.sheets.iter().enumerate() {
        ctx.check_time()?;
        // Chart sheets and VBA modules hold no cells.
        if !matches!(sheet.kind, 0 | 1) {
            continue;
        }
        let (cells, cut) =
            book.cells(stream, sheet.at, sheets.budget, ctx)
                .map_err(|e| match e {
                    Cut::Corrupt(detail) => ctx.corrupt(format!("sheet {}: {detail}", i + 1)),
                    Cut::Error(e) => e,
                })?;
        if sheets.push(&mut meta, i as u32 + 1, &sheet.name, cells, cut, ctx) {
            break;
        }
    }
    meta.page_count = Some(book.sheets.len() as u32);
    Ok(sheets.finish(meta))
}

/// One record: its type and its data.
#[derive(Clone, Copy)]
struct Record<'s> {
    kind: u16,
    data: &'s [u8],
}

/// The records of a stream from an offset on.
struct Records<'s> {
    stream: &'s [u8],
    at: usize,
}

impl<'s> Records<'s> {
    fn new(stream: &'s [u8], at: usize) -> Self {
        Records { stream, at }
    }

    /// The next record; `None` at the end of the stream. A record that runs past the end
    /// is an error: the stream was cut short.
    fn next(&mut self) -> std::result::Result<Option<Record<'s>>, String> {
        let Some(rest) = self.stream.get(self.at..).filter(|r| !r.is_empty()) else {
            return Ok(None);
        };
        let cut = || format!("the stream ends inside the record at byte {}", self.at);
        let (kind, len) = encrypted_xls::record_header(rest.get(..4).ok_or_else(cut)?);
        let data = rest.get(4..4 + len).ok_or_else(cut)?;
        self.at += 4 + len;
        Ok(Some(Record { kind, data }))
    }

    /// The data of the `Continue` records right after the current record.
    fn continues(&mut self) -> std::result::Result<Vec<&'s [u8]>, String> {
        let mut parts = Vec::new();
        while self.stream.get(self.at..self.at + 2) == Some(&CONTINUE.to_le_bytes()[..]) {
            if let Some(r) = self.next()? {
                parts.push(r.data);
            }
        }
        Ok(parts)
    }
}

/// Why a sheet's cells could not be read: a corrupt record (the detail), or an error of
/// its own (the time budget).
enum Cut {
    Corrupt(String),
    Error(crate::error::Error),
}

impl From<String> for Cut {
    fn from(detail: String) -> Self {
        Cut::Corrupt(detail)
    }
}

/// A sheet as `BoundSheet8` lists it.
struct Sheet {
    name: String,
    /// Offset of the sheet's `BOF` in the stream.
    at: usize,
    /// 0 worksheet or dialog sheet, 1 macro sheet, 2 chart sheet, 6 VBA module.
    kind: u8,
}

/// What the workbook globals say.
struct Globals {
    biff8: bool,
    encoding: &'static Encoding,
    sheets: Vec<Sheet>,
    strings: Vec<String>,
    /// For each cell style (`XF`), whether it shows a number as a date or time.
    date_xf: Vec<bool>,
    date1904: bool,
}

impl Globals {
    fn read(stream: &[u8], ctx: &Ctx) -> Result<Globals> {
        let corrupt = |detail: String| ctx.corrupt(format!("workbook globals: {detail}"));
        let mut records = Records::new(stream, 0);
        let first = records.next().map_err(corrupt)?;
        let biff8 = match first {
            Some(r) if r.kind == BOF => {
                let version = r
                    .data
                    .get(..2)
                    .map_or(0, |v| u16::from_le_bytes([v[0], v[1]]));
                version >= 0x0600
            }
            Some(r) if OLD_BOFS.contains(&r.kind) => {
                return Err(ctx.unsupported("Excel 2.x-4.x worksheet (BIFF2-4); save it as XLSX"))
            }
            _ => return Err(ctx.corrupt("the workbook stream does not start with a BOF record")),
        };
        let mut book = Globals {
            biff8,
            encoding: encoding_rs::WINDOWS_1252,
            sheets: Vec::new(),
            strings: Vec::new(),
            date_xf: Vec::new(),
            date1904: false,
        };
        let mut formats: HashMap<u16, bool> = HashMap::new();
        let mut xf_formats: Vec<u16> = Vec::new();
        while let Some(r) = records.next().map_err(corrupt)? {
            let u16_at = |at: usize| {
                r.data
                    .get(at..at + 2)
                    .map(|v| u16::from_le_bytes([v[0], v[1]]))
            };
            match r.kind {
                EOF => break,
                FILE_PASS => {
                    return Err(
                        ctx.unsupported("Excel 5/95 workbook with XOR obfuscation (a password)")
                    )
                }
                CODE_PAGE => {
                    book.encoding = match u16_at(0) {
                        Some(0x8000) => encoding_rs::MACINTOSH,
                        Some(cp) => codepage(i64::from(cp)).unwrap_or(encoding_rs::WINDOWS_1252),
                        None => encoding_rs::WINDOWS_1252,
                    }
                }
                DATE_MODE => book.date1904 = u16_at(0) == Some(1),
                XF => xf_formats.push(u16_at(2).unwrap_or(0)),
                FORMAT => {
                    let conts = records.continues().map_err(corrupt)?;
                    let mut s = Continued::new(r.data, conts);
                    // BIFF5 gives the code's length in one byte, BIFF8 in two.
                    let short = !book.biff8;
                    if let (Some(id), Some(code)) = (s.u16(), book.short_or_long(&mut s, short)) {
                        formats.insert(id, is_date_format(&code));
                    }
                }
                BOUND_SHEET => {
                    let mut s = Continued::new(r.data, Vec::new());
                    let (Some(at), Some(_state), Some(kind)) = (s.u32(), s.byte(), s.byte()) else {
                        return Err(corrupt("short BoundSheet8 record".into()));
                    };
                    let name = book
                        .short_or_long(&mut s, true)
                        .ok_or_else(|| corrupt("short BoundSheet8 record".into()))?;
                    book.sheets.push(Sheet {
                        name,
                        at: at as usize,
                        kind,
                    });
                }
                SST => {
                    let conts = records.continues().map_err(corrupt)?;
                    book.strings = shared_strings(Continued::new(r.data, conts))
                        .ok_or_else(|| corrupt("the shared string table is cut short".into()))?;
                }
                _ => {}
            }
        }
        book.date_xf = xf_formats
            .into_iter()
            .map(|id| {
                formats
                    .get(&id)
                    .copied()
                    .unwrap_or(builtin_date(u32::from(id)))
            })
            .collect();
        Ok(book)
    }

    /// A string of the globals: BIFF8's `ShortXLUnicodeString` (`short`: one byte of
    /// length) or `XLUnicodeString` (two), or BIFF5's length and bytes in the code page.
    fn short_or_long(&self, s: &mut Continued, short: bool) -> Option<String> {
        let cch = match short {
            true => usize::from(s.byte()?),
            false => usize::from(s.u16()?),
        };
        self.string_of(s, cch)
    }

    /// `cch` characters: BIFF8's flags byte then the characters, or BIFF5's bytes.
    fn string_of(&self, s: &mut Continued, cch: usize) -> Option<String> {
        if self.biff8 {
            let flags = s.byte()?;
            let mut units = Vec::with_capacity(cch);
            s.chars(cch, flags & 1 == 1, &mut units)?;
            Some(String::from_utf16_lossy(&units))
        } else {
            let bytes = s.take(cch)?;
            Some(
                self.encoding
                    .decode_without_bom_handling(&bytes)
                    .0
                    .into_owned(),
            )
        }
    }

    /// The text of a number in the cell style `xf`: a date when the style shows one.
    fn number(&self, xf: u16, f: f64) -> String {
        match self.date_xf.get(usize::from(xf)) {
            Some(true) => serial_date(f, self.date1904).unwrap_or_else(|| number_text(f)),
            _ => number_text(f),
        }
    }

    /// The non-empty cells of the sheet whose `BOF` is at `at`, at most `budget` of them;
    /// `true` beside them when the sheet was cut at the budget.
    fn cells(
        &self,
        stream: &[u8],
        at: usize,
        budget: usize,
        ctx: &Ctx,
    ) -> std::result::Result<(Vec<SheetCell>, bool), Cut> {
        let mut records = Records::new(stream, at);
        match records.next()? {
            Some(r) if r.kind == BOF => {}
            _ => return Err(Cut::Corrupt(format!("no BOF record at byte {at}"))),
        }
        let mut out: Vec<SheetCell> = Vec::new();
        // Substreams nested in the sheet (embedded charts), skipped.
        let mut depth = 0usize;
        // The cell of a formula whose string value comes in the next `String` record.
        let mut pending: Option<(u32, u32)> = None;
        let mut seen = 0usize;
        let keep = |out: &mut Vec<SheetCell>, row: u16, col: u16, text: String| -> bool {
            let text = match text.trim() {
                t if t.len() == text.len() => text,
                t => t.to_string(),
            };
            if text.is_empty() {
                return false;
            }
            if out.len() >= budget {
                return true;
            }
            out.push((u32::from(row), u32::from(col), text));
            false
        };
        while let Some(r) = records.next()? {
            seen += 1;
            if seen.is_multiple_of(4096) {
                ctx.check_time().map_err(Cut::Error)?;
            }
            if depth > 0 {
                match r.kind {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let d = r.data;
            let short = || format!("short record {:#06x}", r.kind);
            // Row, column and cell style, first in every cell record.
            let cell = || -> std::result::Result<(u16, u16, u16), String> {
                let h = d.get(..6).ok_or_else(short)?;
                Ok((
                    u16::from_le_bytes([h[0], h[1]]),
                    u16::from_le_bytes([h[2], h[3]]),
                    u16::from_le_bytes([h[4], h[5]]),
                ))
            };
            let cut = match r.kind {
                BOF => {
                    depth += 1;
                    false
                }
                EOF => break,
                LABEL_SST => {
                    let (row, col, _) = cell()?;
                    let i = d.get(6..10).ok_or_else(short)?;
                    let i = u32::from_le_bytes([i[0], i[1], i[2], i[3]]) as usize;
                    let text = self.strings.get(i).cloned().unwrap_or_default();
                    keep(&mut out, row, col, text)
                }
                LABEL | RSTRING => {
                    let (row, col, _) = cell()?;
                    let conts = records.continues()?;
                    let mut s = Continued::new(&d[6..], conts);
                    let text = self.short_or_long(&mut s, false).ok_or_else(short)?;
                    keep(&mut out, row, col, text)
                }
                NUMBER => {
                    let (row, col, xf) = cell()?;
                    let v = d.get(6..14).ok_or_else(short)?;
                    let f = f64::from_le_bytes(v.try_into().map_err(|_| short())?);
                    keep(&mut out, row, col, self.number(xf, f))
                }
                RK => {
                    let (row, col, xf) = cell()?;
                    let v = d.get(6..10).ok_or_else(short)?;
                    let f = rk_number(u32::from_le_bytes([v[0], v[1], v[2], v[3]]));
                    keep(&mut out, row, col, self.number(xf, f))
                }
                MUL_RK => {
                    let (row, first, _) = cell()?;
                    // Then (style, RK) pairs, one per column, and the last column.
                    let pairs = d.get(4..d.len().saturating_sub(2)).ok_or_else(short)?;
                    let mut cut = false;
                    for (j, p) in pairs.chunks_exact(6).enumerate() {
                        let xf = u16::from_le_bytes([p[0], p[1]]);
                        let f = rk_number(u32::from_le_bytes([p[2], p[3], p[4], p[5]]));
                        let col = first.saturating_add(j as u16);
                        if keep(&mut out, row, col, self.number(xf, f)) {
                            cut = true;
                            break;
                        }
                    }
                    cut
                }
                BOOL_ERR => {
                    let (row, col, _) = cell()?;
                    let v = d.get(6..8).ok_or_else(short)?;
                    // An error value (#N/A, #DIV/0!) shows no text.
                    match (v[1], v[0]) {
                        (0, 0) => keep(&mut out, row, col, "false".into()),
                        (0, _) => keep(&mut out, row, col, "true".into()),
                        _ => false,
                    }
                }
                FORMULA => {
                    let (row, col, xf) = cell()?;
                    let v = d.get(6..14).ok_or_else(short)?;
                    if v[6..8] != [0xFF, 0xFF] {
                        let f = f64::from_le_bytes(v.try_into().map_err(|_| short())?);
                        keep(&mut out, row, col, self.number(xf, f))
                    } else {
                        match v[0] {
                            // A string: in the `String` record that follows.
                            0 => {
                                pending = Some((u32::from(row), u32::from(col)));
                                false
                            }
                            1 => keep(&mut out, row, col, (v[2] != 0).to_string()),
                            // An error, or the empty string.
                            _ => false,
                        }
                    }
                }
                STRING => {
                    let conts = records.continues()?;
                    match pending.take() {
                        Some((row, col)) => {
                            let mut s = Continued::new(d, conts);
                            let text = self.short_or_long(&mut s, false).ok_or_else(short)?;
                            keep(&mut out, row as u16, col as u16, text)
                        }
                        None => false,
                    }
                }
                _ => false,
            };
            if cut {
                return Ok((out, true));
            }
        }
        Ok((out, false))
    }
}

/// The number an `RkNumber` holds (MS-XLS 2.5.217): a 30-bit integer or the high 30 bits
/// of a double, either one possibly divided by 100.
fn rk_number(rk: u32) -> f64 {
    let f = if rk & 2 != 0 {
        f64::from((rk as i32) >> 2)
    } else {
        f64::from_bits(u64::from(rk & !3) << 32)
    };
    if rk & 1 != 0 {
        f / 100.0
    } else {
        f
    }
}

/// The shared string table (`SST`): its count of unique strings, then each as an
/// `XLUnicodeRichExtendedString` (MS-XLS 2.5.293), rich-text runs and phonetic data
/// skipped. `None` when it is cut short.
fn shared_strings(mut s: Continued) -> Option<Vec<String>> {
    s.skip(4)?;
    let unique = s.u32()? as usize;
    // Every string takes three bytes at least: a corrupt count allocates no more.
    let mut out = Vec::with_capacity(unique.min(s.len() / 3));
    let mut units = Vec::new();
    for _ in 0..unique {
        let cch = usize::from(s.u16()?);
        let flags = s.byte()?;
        let runs = if flags & 8 != 0 { s.u16()? } else { 0 };
        let ext = if flags & 4 != 0 { s.u32()? } else { 0 };
        units.clear();
        s.chars(cch, flags & 1 == 1, &mut units)?;
        s.skip(4 * usize::from(runs))?;
        s.skip(ext as usize)?;
        out.push(String::from_utf16_lossy(&units));
    }
    Some(out)
}

/// A record's data read on into its `Continue` records, as one run of bytes, except that
/// a string's characters cut at a record boundary go on after a new flags byte.
struct Continued<'s> {
    parts: Vec<&'s [u8]>,
    part: usize,
    at: usize,
}

impl<'s> Continued<'s> {
    fn new(first: &'s [u8], mut conts: Vec<&'s [u8]>) -> Self {
        conts.insert(0, first);
        Continued {
            parts: conts,
            part: 0,
            at: 0,
        }
    }

    /// Bytes left.
    fn len(&self) -> usize {
        let rest: usize = self.parts.iter().skip(self.part).map(|p| p.len()).sum();
        rest.saturating_sub(self.at)
    }

    /// The rest of the current part, moving to the next one at the end of this one
    /// (`None` after the last).
    fn current(&mut self) -> Option<&'s [u8]> {
        loop {
            let p = *self.parts.get(self.part)?;
            if self.at < p.len() {
                return Some(&p[self.at..]);
            }
            self.part += 1;
            self.at = 0;
        }
    }

    fn byte(&mut self) -> Option<u8> {
        let b = self.current()?[0];
        self.at += 1;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.byte()?,
            self.byte()?,
            self.byte()?,
            self.byte()?,
        ]))
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            let step = self.current()?.len().min(n);
            self.at += step;
            n -= step;
        }
        Some(())
    }

    fn take(&mut self, n: usize) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(n.min(self.len()));
        while out.len() < n {
            let rest = self.current()?;
            let step = rest.len().min(n - out.len());
            out.extend_from_slice(&rest[..step]);
            self.at += step;
        }
        Some(out)
    }

    /// `cch` characters, one byte each (the low byte of UTF-16) or two (`wide`), as
    /// UTF-16 code units.
    fn chars(&mut self, cch: usize, mut wide: bool, out: &mut Vec<u16>) -> Option<()> {
        let mut left = cch;
        while left > 0 {
            let p = *self.parts.get(self.part)?;
            if self.at >= p.len() {
                // The characters go on in the next record, after a flags byte of their own.
                self.part += 1;
                self.at = 0;
                wide = self.byte()? & 1 == 1;
                continue;
            }
            let rest = &p[self.at..];
            if wide {
                let n = (rest.len() / 2).min(left);
                if n == 0 {
                    return None; // half a character before the record's end
                }
                out.extend(
                    rest[..2 * n]
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]])),
                );
                self.at += 2 * n;
                left -= n;
            } else {
                let n = rest.len().min(left);
                out.extend(rest[..n].iter().map(|&b| u16::from(b)));
                self.at += n;
                left -= n;
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// Row, column and cell style of a cell record.
    fn at(row: u16, col: u16, xf: u16) -> Vec<u8> {
        [row, col, xf].map(u16::to_le_bytes).concat()
    }

    /// A BIFF5 workbook stream (Excel 95): strings in the code page (here Windows-1251),
    /// a custom date format, inline labels, an RK integer and a formula's string value.
    fn biff5() -> Vec<u8> {
        let cp1251 = |s: &str| encoding_rs::WINDOWS_1251.encode(s).0.into_owned();
        let mut sheet = record(BOF, &[0x00, 0x05, 0x10, 0x00, 0, 0, 0, 0]);
        let label = cp1251("Привет, мир");
        sheet.extend(record(
            LABEL,
            &[
                at(0, 0, 0),
                (label.len() as u16).to_le_bytes().to_vec(),
                label,
            ]
            .concat(),
        ));
        sheet.extend(record(
            NUMBER,
            &[at(0, 1, 1), 45355.0f64.to_le_bytes().to_vec()].concat(),
        ));
        sheet.extend(record(
            RK,
            &[at(1, 0, 0), ((7u32 << 2) | 2).to_le_bytes().to_vec()].concat(),
        ));
        let mut formula = at(1, 1, 0);
        formula.extend([0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
        formula.extend([0u8; 8]);
        sheet.extend(record(FORMULA, &formula));
        let value = cp1251("Итого");
        sheet.extend(record(
            STRING,
            &[(value.len() as u16).to_le_bytes().to_vec(), value].concat(),
        ));
        sheet.extend(record(EOF, &[]));

        let mut globals = record(BOF, &[0x00, 0x05, 0x05, 0x00, 0, 0, 0, 0]);
        globals.extend(record(CODE_PAGE, &1251u16.to_le_bytes()));
        let code = b"DD.MM.YYYY";
        globals.extend(record(
            FORMAT,
            &[&164u16.to_le_bytes()[..], &[code.len() as u8], code].concat(),
        ));
        globals.extend(record(
            XF,
            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        globals.extend(record(
            XF,
            &[0, 0, 164, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        let name = cp1251("Лист1");
        // The BoundSheet8 record (header, offset, state, type, length, name), then EOF.
        let bound_len = 4 + 4 + 3 + name.len() + 4;
        let sheet_at = globals.len() + bound_len;
        globals.extend(record(
            BOUND_SHEET,
            &[
                &(sheet_at as u32).to_le_bytes()[..],
                &[0, 0, name.len() as u8],
                &name,
            ]
            .concat(),
        ));
        globals.extend(record(EOF, &[]));
        assert_eq!(globals.len(), sheet_at);
        [globals, sheet].concat()
    }

    #[test]
    fn reads_a_biff5_workbook_in_its_code_page() {
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.xls", &opts);
        let doc = read_workbook(&biff5(), Metadata::default(), &ctx).unwrap();
        assert_eq!(
            doc.text,
            "Лист1\n\n| Привет, мир | 2024-03-04 |\n|---|---|\n| 7 | Итого |"
        );
        assert_eq!(doc.metadata.page_count, Some(1));
    }

    /// A damaged stream is a clear error (or, cut at a record boundary, fewer cells),
    /// never a panic.
    #[test]
    fn damaged_streams_are_errors_not_panics() {
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.xls", &opts);
        let biff4 = record(0x0409, &[0, 0, 0x10, 0]);
        let e = read_workbook(&biff4, Metadata::default(), &ctx).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::UnsupportedFormat);
        let e = read_workbook(b"not a workbook", Metadata::default(), &ctx).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::CorruptDocument);
        let bytes = std::fs::read(root().join("tests/extract/inputs/ledger.xls")).unwrap();
        let stream = Ole2::open(&bytes)
            .unwrap()
            .read_stream("Workbook")
            .unwrap()
            .unwrap();
        for cut in (0..stream.len()).step_by(97) {
            let _ = read_workbook(&stream[..cut], Metadata::default(), &ctx);
        }
        for at in (0..stream.len()).step_by(89) {
            let mut broken = stream.clone();
            broken[at] ^= 0xA5;
            let _ = read_workbook(&broken, Metadata::default(), &ctx);
        }
        let b5 = biff5();
        for cut in 0..b5.len() {
            let _ = read_workbook(&b5[..cut], Metadata::default(), &ctx);
        }
    }

    #[test]
    fn rk_numbers() {
        assert_eq!(rk_number((7u32 << 2) | 2), 7.0);
        assert_eq!(rk_number(((-12345i32 << 2) as u32) | 3), -123.45);
        let high = (1.5f64.to_bits() >> 32) as u32;
        assert_eq!(rk_number(high), 1.5);
        assert_eq!(rk_number(high | 1), 0.015);
    }

    /// The same text and blocks as calamine reads, on LibreOffice's workbooks: typed
    /// values, dates and times, formulas' cached numbers, strings and booleans, a shared
    /// string table over several `Continue` records with strings cut across them, an
    /// empty and a hidden sheet.
    #[test]
    fn reads_what_calamine_reads() {
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.xls", &opts);
        for path in [
            "tests/extract/generated/sheet-boulangerie.lo.xls",
            "tests/extract/inputs/cells.xls",
            "tests/extract/inputs/ledger.xls",
        ] {
            let bytes = std::fs::read(root().join(path)).unwrap();
            let ours = extract(&bytes, &ctx).unwrap();
            let theirs = super::super::spreadsheet::calamine_reference(&bytes);
            assert_eq!(ours.text, theirs.text, "{path}");
            assert_eq!(ours.blocks, theirs.blocks, "{path}");
        }
    }
}
