//! Offsets across languages. The core works in UTF-8 byte offsets; Python indexes `str`
//! by code point and JavaScript by UTF-16 code unit. The bindings convert every offset they
//! hand out with [`convert_offsets`], in one pass over the text.

/// The unit an offset counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetUnit {
    /// UTF-8 bytes (Rust).
    Bytes,
    /// Unicode code points (Python `str` indices, JSON output).
    CodePoints,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
}

/// Converts byte offsets of `text` (each on a char boundary, in any order) into `unit`.
///
/// ```
/// use corpusforge::offsets::{convert_offsets, OffsetUnit};
/// let t = "a😀é";
/// assert_eq!(convert_offsets(t, &[0, 1, 5, 7], OffsetUnit::CodePoints), [0, 1, 2, 3]);
/// assert_eq!(convert_offsets(t, &[0, 1, 5, 7], OffsetUnit::Utf16), [0, 1, 3, 4]);
/// ```
pub fn convert_offsets(text: &str, offsets: &[usize], unit: OffsetUnit) -> Vec<usize> {
    if unit == OffsetUnit::Bytes || text.is_ascii() {
        return offsets.to_vec();
    }
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let mut units = 0usize;
    let mut byte = 0usize;
    let mut chars = text.chars();
    for i in order {
        let target = offsets[i].min(text.len());
        while byte < target {
            let Some(c) = chars.next() else { break };
            byte += c.len_utf8();
            units += match unit {
                OffsetUnit::Utf16 => c.len_utf16(),
                _ => 1,
            };
        }
        out[i] = units;
    }
    out
}

/// Converts byte ranges of `text` into `(start, end)` pairs in `unit`, in one pass: what the
/// bindings hand out for sentences, paragraphs and chunks.
///
/// ```
/// use corpusforge::offsets::{convert_ranges, OffsetUnit};
/// assert_eq!(convert_ranges("😀 ab", &[5..7], OffsetUnit::Utf16), [(3, 5)]);
/// ```
pub fn convert_ranges(
    text: &str,
    ranges: &[std::ops::Range<usize>],
    unit: OffsetUnit,
) -> Vec<(usize, usize)> {
    let flat: Vec<usize> = ranges.iter().flat_map(|r| [r.start, r.end]).collect();
    convert_offsets(text, &flat, unit)
        .chunks_exact(2)
        .map(|p| (p[0], p[1]))
        .collect()
}
