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
pub(crate) fn collapse_ws_into(s: &str, out: &mut String) {
    out.reserve(s.len());
    let start = out.len();
    for word in s.split(|c: char| c.is_whitespace() && c != '\u{a0}') {
        if word.is_empty() {
            continue;
        }
        if out.len() > start {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
