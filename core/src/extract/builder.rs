//! Assembling a [`Document`] from blocks: the text is the blocks in reading order joined
//! by blank lines, each block keeping its byte span in it.

use crate::document::{Block, BlockKind, Document, Metadata};

/// Collects blocks in reading order and builds the document's text from them.
#[derive(Default)]
pub(crate) struct DocBuilder {
    text: String,
    blocks: Vec<Block>,
    page: Option<u32>,
}

impl DocBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The page, slide or sheet (1-based) that the following blocks are on.
    pub fn set_page(&mut self, page: Option<u32>) {
        self.page = page;
    }

    /// Appends a block to the text. Leading and trailing whitespace is trimmed; an empty
    /// block is dropped.
    pub fn push(&mut self, kind: BlockKind, text: &str) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(t);
        self.blocks.push(Block {
            kind,
            text: t.to_string(),
            page: self.page,
            span: Some(start..self.text.len()),
        });
    }

    /// Appends a block that stays out of the text (a header or comment left out by the
    /// options), or into it when `in_text`.
    pub fn push_maybe(&mut self, kind: BlockKind, text: &str, in_text: bool) {
        if in_text {
            return self.push(kind, text);
        }
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        self.blocks.push(Block {
            kind,
            text: t.to_string(),
            page: self.page,
            span: None,
        });
    }

    /// Whether no block has been added yet.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The blocks added so far.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The document, with per-page text when blocks carry pages.
    pub fn finish(self, metadata: Metadata) -> Document {
        let mut pages: Vec<String> = Vec::new();
        if self.blocks.iter().any(|b| b.page.is_some()) {
            for b in self.blocks.iter().filter(|b| b.span.is_some()) {
                let Some(p) = b.page else { continue };
                let i = p.saturating_sub(1) as usize;
                if pages.len() <= i {
                    pages.resize(i + 1, String::new());
                }
                if !pages[i].is_empty() {
                    pages[i].push_str("\n\n");
                }
                pages[i].push_str(&b.text);
            }
        }
        Document {
            text: self.text,
            blocks: self.blocks,
            pages,
            metadata,
            source: Default::default(),
        }
    }
}

/// Collapses runs of whitespace (line breaks included) into single spaces: for text from
/// markup where line breaks in the source are not line breaks in the document.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    collapse_ws_into(s, &mut out);
    out
}

/// [`collapse_ws`] appending to `out`: no space is written before the first word.
/// Whitespace is Unicode's (`char::is_whitespace`) but for the no-break space, which
/// joins words; it is found on bytes, as every markup reader runs all its text through here.
pub(crate) fn collapse_ws_into(s: &str, out: &mut String) {
    out.reserve(s.len());
    let start = out.len();
    let b = s.as_bytes();
    let mut word = 0;
    let mut i = 0;
    while i < b.len() {
        // Most bytes cannot start a space: one table look-up each.
        if !MAY_START_SPACE[usize::from(b[i])] {
            i += 1;
            continue;
        }
        let ws = space_len(b, i);
        if ws == 0 {
            i += 1;
            continue;
        }
        if word < i {
            if out.len() > start {
                out.push(' ');
            }
            out.push_str(&s[word..i]);
        }
        i += ws;
        word = i;
    }
    if word < b.len() {
        if out.len() > start {
            out.push(' ');
        }
        out.push_str(&s[word..]);
    }
}

/// The bytes that can start a whitespace character: ASCII white space and the lead bytes
/// of U+0085, U+1680, U+2000–U+205F and U+3000.
static MAY_START_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(
            c as u8,
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        c += 1;
    }
    t
};

/// The length in bytes of the whitespace character at `b[i]`, or 0 if there is none
/// there (continuation bytes give 0). U+00A0 does not count.
fn space_len(b: &[u8], i: usize) -> usize {
    let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
        0xC2 if next(1) == 0x85 => 2,
        // U+1680
        0xE1 if next(1) == 0x9A && next(2) == 0x80 => 3,
        // U+2000..=U+200A, U+2028, U+2029, U+202F
        0xE2 if next(1) == 0x80 && matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        // U+205F
        0xE2 if next(1) == 0x81 && next(2) == 0x9F => 3,
        // U+3000
        0xE3 if next(1) == 0x80 && next(2) == 0x80 => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte scan splits exactly where `char::is_whitespace` does (but U+00A0).
        #[test]
        fn collapse_matches_char_whitespace(s in "(\\PC|\\s|\u{a0}|\u{2028}|\u{3000}| ){0,40}") {
            let want = s
                .split(|c: char| c.is_whitespace() && c != '\u{a0}')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            prop_assert_eq!(collapse_ws(&s), want);
        }
    }

    #[test]
    fn collapse_covers_every_unicode_space() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let want = if c.is_whitespace() && c != '\u{a0}' {
                "a b".to_string()
            } else {
                s.clone()
            };
            assert_eq!(collapse_ws(&s), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn spans_point_into_text() {
        let mut b = DocBuilder::new();
        b.push(BlockKind::Heading { level: 1 }, " Title ");
        b.push(BlockKind::Paragraph, "");
        b.push_maybe(BlockKind::Footer, "Page 1", false);
        b.push(BlockKind::Paragraph, "Body text.");
        let d = b.finish(Metadata::default());
        assert_eq!(d.text, "Title\n\nBody text.");
        for blk in &d.blocks {
            if let Some(r) = &blk.span {
                assert_eq!(&d.text[r.clone()], blk.text);
            }
        }
        assert_eq!(d.blocks.len(), 3);
    }
}
