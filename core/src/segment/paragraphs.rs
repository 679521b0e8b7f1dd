//! Paragraphs: runs of lines separated by blank lines.

use std::ops::Range;

/// Byte ranges of the paragraphs of `text` (separated by lines that hold only whitespace),
/// without surrounding whitespace. Single line breaks stay inside a paragraph.
///
/// ```
/// let t = "First para\nstill first.\n\n  \nSecond.\n";
/// let p: Vec<&str> = corpusforge::split_paragraphs(t).into_iter().map(|r| &t[r]).collect();
/// assert_eq!(p, ["First para\nstill first.", "Second."]);
/// ```
pub fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        if line.trim().is_empty() {
            if let Some(r) = cur.take() {
                out.push(r);
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let end = start + line.trim_end().len();
        match cur.as_mut() {
            Some(r) => r.end = end,
            None => cur = Some(start + lead..end),
        }
    }
    if let Some(r) = cur {
        out.push(r);
    }
    out
}

/// The paragraphs of `text` as string slices.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    split_paragraphs(text).into_iter().map(move |r| &text[r])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate() {
        let t = "\n\na\nb\n \t\nc\r\n\r\nd";
        assert_eq!(paragraphs(t).collect::<Vec<_>>(), ["a\nb", "c", "d"]);
        assert!(split_paragraphs("  \n\n").is_empty());
    }
}
