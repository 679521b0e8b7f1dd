//! Document properties of OLE2 files (MS-OLEPS): the `SummaryInformation` and
//! `DocumentSummaryInformation` streams legacy Office files carry, the counterpart of an
//! OOXML package's `docProps/core.xml` and `app.xml`. Title, author and dates go to the
//! document's metadata under the same names as OOXML's; subject, keywords, comments, last
//! author, category and company to its `extra` fields.

use encoding_rs::Encoding;

use super::ole2::Ole2;
use super::spreadsheet::civil_from_days;
use super::text::codepage;
use crate::document::Metadata;

/// Property types (MS-OLEPS 2.15) that hold what is read here.
const VT_I2: u32 = 0x0002;
const VT_LPSTR: u32 = 0x001E;
const VT_LPWSTR: u32 = 0x001F;
const VT_FILETIME: u32 = 0x0040;
/// The code page property, which says how `VT_LPSTR` strings are encoded.
const PID_CODEPAGE: u32 = 1;

/// Adds the properties of `file`'s summary streams to `meta`. Streams that are missing
/// or malformed add nothing: properties are a bonus, never a reason to fail a document.
pub(crate) fn read_into(file: &Ole2, meta: &mut Metadata) {
    for (id, value) in properties(file, "\u{5}SummaryInformation") {
        match (id, value) {
            (2, Value::Text(t)) => meta.title = Some(t),
            (4, Value::Text(t)) => meta.author = Some(t),
            (12, Value::Time(t)) => meta.created = Some(t),
            (13, Value::Time(t)) => meta.modified = Some(t),
            (18, Value::Text(t)) => meta.producer = Some(t),
            (3, Value::Text(t)) => extra(meta, "subject", t),
            (5, Value::Text(t)) => extra(meta, "keywords", t),
            (6, Value::Text(t)) => extra(meta, "description", t),
            (8, Value::Text(t)) => extra(meta, "lastModifiedBy", t),
            _ => {}
        }
    }
    for (id, value) in properties(file, "\u{5}DocumentSummaryInformation") {
        match (id, value) {
            (2, Value::Text(t)) => extra(meta, "category", t),
            (15, Value::Text(t)) => extra(meta, "company", t),
            _ => {}
        }
    }
}

fn extra(meta: &mut Metadata, name: &str, value: String) {
    meta.extra.insert(name.into(), value);
}

/// A property value of a kind read here.
enum Value {
    Text(String),
    /// ISO 8601, UTC.
    Time(String),
}

/// The text and time properties of the first property set of stream `name`, by
/// property id; empty strings and times of zero are left out.
fn properties(file: &Ole2, name: &str) -> Vec<(u32, Value)> {
    let Ok(Some(stream)) = file.read_stream(name) else {
        return Vec::new();
    };
    parse(&stream).unwrap_or_default()
}

fn parse(s: &[u8]) -> Option<Vec<(u32, Value)>> {
    let u32_at = |at: usize| Some(u32::from_le_bytes(s.get(at..at + 4)?.try_into().ok()?));
    // Header: byte order, version, system, class id, set count; then the first set's
    // format id and offset.
    if s.get(..2)? != [0xFE, 0xFF] || u32_at(24)? == 0 {
        return None;
    }
    let set = u32_at(44)? as usize;
    let count = u32_at(set + 4)? as usize;
    let entries: Vec<(u32, usize)> = (0..count.min(s.len() / 8))
        .map_while(|i| {
            Some((
                u32_at(set + 8 + 8 * i)?,
                set + u32_at(set + 12 + 8 * i)? as usize,
            ))
        })
        .collect();
    // The code page first: it says how the others' narrow strings are encoded.
    let mut encoding = encoding_rs::WINDOWS_1252;
    let mut utf16 = false;
    if let Some(&(_, at)) = entries.iter().find(|(id, _)| *id == PID_CODEPAGE) {
        if u32_at(at)? == VT_I2 {
            let cp = u16::from_le_bytes(s.get(at + 4..at + 6)?.try_into().ok()?);
            utf16 = cp == 1200;
            encoding = codepage(i64::from(cp)).unwrap_or(encoding);
        }
    }
    let mut out = Vec::new();
    for (id, at) in entries {
        if id == PID_CODEPAGE {
            continue;
        }
        let value = match u32_at(at) {
            Some(VT_LPSTR) => {
                let len = u32_at(at + 4)? as usize;
                let bytes = s.get(at + 8..(at + 8).checked_add(len)?)?;
                text(bytes, utf16, encoding)
            }
            Some(VT_LPWSTR) => {
                let chars = u32_at(at + 4)? as usize;
                let bytes = s.get(at + 8..(at + 8).checked_add(chars.checked_mul(2)?)?)?;
                text(bytes, true, encoding)
            }
            Some(VT_FILETIME) => {
                let t = u64::from_le_bytes(s.get(at + 4..at + 12)?.try_into().ok()?);
                filetime(t).map(Value::Time)
            }
            _ => None,
        };
        if let Some(v) = value {
            out.push((id, v));
        }
    }
    Some(out)
}

/// A string property's text, up to its terminating NUL, trimmed; `None` when empty.
fn text(bytes: &[u8], utf16: bool, encoding: &'static Encoding) -> Option<Value> {
    let s = if utf16 {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        encoding
            .decode_without_bom_handling(&bytes[..end])
            .0
            .into_owned()
    };
    let t = s.trim();
    (!t.is_empty()).then(|| Value::Text(t.to_string()))
}

/// A `FILETIME` (100-nanosecond ticks since 1601-01-01 UTC) as ISO 8601; `None` for zero
/// (not set) and for times before 1970 or after 9999, which no document was saved at.
fn filetime(ticks: u64) -> Option<String> {
    const UNIX_EPOCH: u64 = 116_444_736_000_000_000;
    let secs = ticks.checked_sub(UNIX_EPOCH)? / 10_000_000;
    if secs == 0 || secs >= 253_402_300_800 {
        return None;
    }
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let t = secs % 86_400;
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filetimes() {
        // 2024-01-01T00:00:00Z.
        assert_eq!(
            filetime(133_485_408_000_000_000).as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
        assert_eq!(filetime(0), None);
        assert_eq!(filetime(u64::MAX), None);
    }

    #[test]
    fn malformed_streams_give_nothing() {
        assert!(parse(&[]).is_none());
        let mut s = vec![0xFE, 0xFF, 0, 0];
        s.resize(48, 0);
        s[24] = 1;
        s[44] = 200; // the set's offset past the end
        assert!(parse(&s).is_none());
    }
}
