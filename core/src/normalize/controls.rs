//! Removal of control and invisible format characters.

/// Whether `c` is removed: C0 controls other than `\t`, `\n`, `\r` (form feed and vertical
/// tab become `\n` instead, see [`remove`]), DEL, C1 controls, and invisible format
/// characters that carry no meaning in plain text.
fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}'            // soft hyphen: invisible, splits words ("co\u{ad}operate")
        | '\u{200b}'          // zero-width space
        | '\u{2060}'          // word joiner
        | '\u{206a}'..='\u{206f}' // deprecated format characters
        | '\u{feff}'          // BOM in the middle of text
        | '\u{fff9}'..='\u{fffb}' // interlinear annotation
        | '\u{fffe}' | '\u{ffff}' // noncharacters
    )
}

/// Byte scan for anything [`remove`] would change: ASCII controls, and the lead bytes of
/// the multi-byte ones (C1 and soft hyphen after 0xC2; U+200B, U+2060, U+206x after 0xE2;
/// U+FEFF, U+FFF9-U+FFFF after 0xEF). False alarms only cost the slow path.
fn may_hold_controls(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f => return true,
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f | 0xad)) => return true,
            0xe2 if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x8b)) | (Some(0x81), Some(0xa0 | 0xaa..=0xaf))
            ) =>
            {
                return true
            }
            0xef if matches!(b.get(i + 1), Some(0xbb | 0xbf)) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Whether `c` could be one byte of a mis-decoded UTF-8 sequence (C1 controls and the soft
/// hyphen are bytes 0x80-0x9F and 0xAD in Latin-1): those wait until mojibake is repaired.
pub(super) fn may_be_mojibake_byte(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}' | '\u{ad}')
}

/// Removes control characters; `\u{b}` and `\u{c}` (page breaks in text dumps) become `\n`
/// so the words on either side do not run together. With `keep_mojibake_bytes`, C1 controls
/// and soft hyphens stay (for a first pass before mojibake repair).
pub(super) fn remove(text: &str, keep_mojibake_bytes: bool, count: &mut u64) -> Option<String> {
    if !may_hold_controls(text.as_bytes()) {
        return None;
    }
    let is_removed = |c: char| is_removed(c) && !(keep_mojibake_bytes && may_be_mojibake_byte(c));
    let mut out = String::with_capacity(text.len());
    let before = *count;
    for c in text.chars() {
        if c == '\u{b}' || c == '\u{c}' {
            out.push('\n');
            *count += 1;
        } else if is_removed(c) {
            *count += 1;
        } else {
            out.push(c);
        }
    }
    (*count != before).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_controls_keeps_meaningful_invisibles() {
        let mut n = 0;
        let t = "a\u{0}b\u{7}c\u{7f}d\u{ad}e\u{200b}f\u{feff}g\u{c}h";
        assert_eq!(remove(t, false, &mut n).unwrap(), "abcdefg\nh");
        assert_eq!(n, 7);
        // ZWJ inside an emoji sequence, bidi marks and tabs stay.
        let keep = "👩\u{200d}💻 \u{200f}x\ty\r\n";
        assert!(remove(keep, false, &mut n).is_none());
        assert_eq!(
            remove("a\u{ad}\u{85}\u{0}b", true, &mut n).unwrap(),
            "a\u{ad}\u{85}b"
        );
    }
}
