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

/// The char boundary at or before byte `i` (the text's end when `i` is past it): where a
/// window of bytes cut from `text` may start or end. (`str::floor_char_boundary` needs a
/// newer Rust than the crate's minimum.)
pub(crate) fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
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
    for i in order {
        // An offset inside a character counts that character (rounds up).
        let mut target = offsets[i].min(text.len());
        while !text.is_char_boundary(target) {
            target += 1;
        }
        if target > byte {
            // Counting a slice's characters is vectorised; decoding them one by one is not.
            let piece = &text[byte..target];
            units += piece.chars().count();
            if unit == OffsetUnit::Utf16 {
                // Characters outside the BMP (4 UTF-8 bytes) take two UTF-16 units.
                units += piece.bytes().filter(|&b| b >= 0xf0).count();
            }
            byte = target;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Units before byte `offset` (rounded up to a character's end), decoding every character.
    fn naive(text: &str, offset: usize, unit: OffsetUnit) -> usize {
        let mut units = 0;
        for (i, c) in text.char_indices() {
            if i >= offset {
                break;
            }
            units += match unit {
                OffsetUnit::Utf16 => c.len_utf16(),
                _ => 1,
            };
        }
        units
    }

    proptest::proptest! {
        #[test]
        fn counts_like_decoding_every_character(
            text in "[a-zé😀日 \\n]{0,40}",
            offsets in proptest::collection::vec(0usize..200, 0..8),
        ) {
            let offsets: Vec<usize> = offsets.iter().map(|o| o % (text.len() + 1)).collect();
            for unit in [OffsetUnit::CodePoints, OffsetUnit::Utf16] {
                let got = convert_offsets(&text, &offsets, unit);
                let want: Vec<usize> = offsets.iter().map(|&o| naive(&text, o, unit)).collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }
}
