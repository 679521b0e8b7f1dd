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

/// Removes control characters; `\u{b}` and `\u{c}` (page breaks in text dumps) become `\n`
/// so the words on either side do not run together.
pub(super) fn remove(text: &str, count: &mut u64) -> Option<String> {
    let dirty = if text.is_ascii() {
        text.bytes()
            .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f)
    } else {
        text.chars()
            .any(|c| is_removed(c) || c == '\u{b}' || c == '\u{c}')
    };
    if !dirty {
        return None;
    }
    let mut out = String::with_capacity(text.len());
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
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_controls_keeps_meaningful_invisibles() {
        let mut n = 0;
        let t = "a\u{0}b\u{7}c\u{7f}d\u{ad}e\u{200b}f\u{feff}g\u{c}h";
        assert_eq!(remove(t, &mut n).unwrap(), "abcdefg\nh");
        assert_eq!(n, 7);
        // ZWJ inside an emoji sequence, bidi marks and tabs stay.
        let keep = "👩\u{200d}💻 \u{200f}x\ty\r\n";
        assert!(remove(keep, &mut n).is_none());
    }
}
