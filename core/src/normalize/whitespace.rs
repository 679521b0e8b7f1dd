//! Line endings and whitespace. Each function returns `None` when it would change nothing,
//! after a scan that does not allocate.

/// `\r\n`, lone `\r`, U+0085 (NEL) is left to the C1 step; U+2028/U+2029 (line and
/// paragraph separators) become `\n` (`\n\n` for the paragraph separator).
pub(super) fn line_endings(text: &str, count: &mut u64) -> Option<String> {
    let has_cr = memchr::memchr(b'\r', text.as_bytes()).is_some();
    let has_sep = !text.is_ascii() && text.contains(['\u{2028}', '\u{2029}']);
    if !has_cr && !has_sep {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                *count += 1;
            }
            '\u{2028}' => {
                out.push('\n');
                *count += 1;
            }
            '\u{2029}' => {
                out.push_str("\n\n");
                *count += 1;
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Horizontal whitespace other than space and tab that `collapse_whitespace` folds.
fn is_inline_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Tabs to `tab` spaces and/or runs of horizontal whitespace to one space.
pub(super) fn inline(
    text: &str,
    tab: Option<usize>,
    collapse: bool,
    count: &mut u64,
) -> Option<String> {
    let needs = if collapse {
        let b = text.as_bytes();
        b.windows(2)
            .any(|w| matches!(w, [b' ' | b'\t', b' ' | b'\t']))
            || memchr::memchr(b'\t', b).is_some()
            || (!text.is_ascii()
                && text
                    .chars()
                    .any(|c| c != ' ' && c != '\t' && is_inline_space(c)))
    } else {
        memchr::memchr(b'\t', text.as_bytes()).is_some()
    };
    if !needs {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if collapse && is_inline_space(c) {
            if !in_run {
                out.push(' ');
                in_run = true;
                if c != ' ' {
                    *count += 1;
                }
            } else {
                *count += 1;
            }
            continue;
        }
        in_run = false;
        match (c, tab) {
            ('\t', Some(n)) => {
                out.extend(std::iter::repeat_n(' ', n));
                *count += 1;
            }
            _ => out.push(c),
        }
    }
    (out != text).then_some(out)
}

/// Removes spaces and tabs (and U+00A0, U+3000) before each `\n` and at the end of the text.
pub(super) fn strip_trailing(text: &str, count: &mut u64) -> Option<String> {
    let b = text.as_bytes();
    let ends_ws = |s: &str| s.ends_with([' ', '\t', '\u{a0}', '\u{3000}']);
    let mut dirty = ends_ws(text);
    if !dirty {
        for i in memchr::memchr_iter(b'\n', b) {
            if ends_ws(&text[..i]) {
                dirty = true;
                break;
            }
        }
    }
    if !dirty {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    for line in text.split('\n') {
        if !first {
            out.push('\n');
        }
        first = false;
        let t = line.trim_end_matches([' ', '\t', '\u{a0}', '\u{3000}']);
        if t.len() != line.len() {
            *count += 1;
        }
        out.push_str(t);
    }
    Some(out)
}

/// Keeps at most `max` blank lines in a row. A line is blank when it holds only whitespace.
pub(super) fn cap_blank_lines(text: &str, max: usize, count: &mut u64) -> Option<String> {
    // Fast check: a run of more than `max` blank lines needs `max + 2` newlines in a row
    // (whitespace-only lines are caught by the slow path below only when such a run exists).
    let b = text.as_bytes();
    let mut run = 0usize;
    let mut need = false;
    let mut blank = true;
    for &c in b {
        match c {
            b'\n' => {
                if blank {
                    run += 1;
                    if run > max + 1 {
                        need = true;
                        break;
                    }
                } else {
                    run = 1;
                }
                blank = true;
            }
            b' ' | b'\t' => {}
            _ => {
                blank = false;
                run = 0;
            }
        }
    }
    if !need {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut blanks = 0usize;
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len() - 1;
    for (i, line) in lines.iter().enumerate() {
        let is_blank = line.trim_matches([' ', '\t']).is_empty();
        if is_blank && i != last {
            blanks += 1;
            if blanks > max {
                *count += 1;
                continue;
            }
        } else {
            blanks = 0;
        }
        out.push_str(line);
        if i != last {
            out.push('\n');
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_all_kinds() {
        let mut n = 0;
        assert_eq!(
            line_endings("a\r\nb\rc\u{2028}d", &mut n).unwrap(),
            "a\nb\nc\nd"
        );
        assert_eq!(n, 3);
        assert!(line_endings("a\nb", &mut n).is_none());
    }

    #[test]
    fn trailing() {
        let mut n = 0;
        assert_eq!(strip_trailing("a  \nb\t\nc ", &mut n).unwrap(), "a\nb\nc");
        assert_eq!(n, 3);
        assert!(strip_trailing("a\nb\n", &mut n).is_none());
    }

    #[test]
    fn blank_cap() {
        let mut n = 0;
        assert_eq!(
            cap_blank_lines("a\n\n\n\n\nb", 2, &mut n).unwrap(),
            "a\n\n\nb"
        );
        assert_eq!(n, 2);
        assert!(cap_blank_lines("a\n\n\nb", 2, &mut n).is_none());
        assert_eq!(
            cap_blank_lines("a\n\n \n\t\nb", 1, &mut 0).unwrap(),
            "a\n\nb"
        );
        assert_eq!(cap_blank_lines("a\n\n\n", 0, &mut 0).unwrap(), "a\n");
    }

    #[test]
    fn collapse_and_tabs() {
        let mut n = 0;
        assert_eq!(
            inline("a \u{a0} b\tc", None, true, &mut n).unwrap(),
            "a b c"
        );
        assert_eq!(inline("a\tb", Some(4), false, &mut n).unwrap(), "a    b");
        assert!(inline("a b", None, true, &mut n).is_none());
    }
}
