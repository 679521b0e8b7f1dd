//! The document model every extractor produces and every later stage reads.
//!
//! A [`Document`] holds the whole text in reading order plus its structure ([`Block`]s),
//! per-page text, [`Metadata`] and where it came from ([`Source`]). Spans are byte ranges
//! into `text` (UTF-8); the bindings turn them into `str` indices (Python) or UTF-16
//! indices (JavaScript) and expose them as `start`/`end`.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// One extracted document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The whole text in reading order; blocks are joined with blank lines.
    pub text: String,
    /// Structure: headings, paragraphs, list items, tables, ... in reading order.
    pub blocks: Vec<Block>,
    /// Each page's (or slide's, or sheet's) text, where the format has pages.
    pub pages: Vec<String>,
    /// Title, author, dates and other metadata the format carries.
    pub metadata: Metadata,
    /// Where the document came from.
    pub source: Source,
}

impl Document {
    /// The blocks that are part of the text, as Markdown: `#` headings, list items, tables
    /// as they were rendered, fenced code, `>` quotes; other blocks as paragraphs.
    pub fn to_markdown(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 64);
        for b in self.blocks.iter().filter(|b| b.span.is_some()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            match &b.kind {
                BlockKind::Heading { level } => {
                    out.push_str(&"#".repeat(usize::from((*level).clamp(1, 6))));
                    out.push(' ');
                    out.push_str(&b.text.replace('\n', " "));
                }
                BlockKind::Code => {
                    out.push_str("```\n");
                    out.push_str(&b.text);
                    out.push_str("\n```");
                }
                BlockKind::Quote => {
                    let quoted: Vec<String> = b.text.lines().map(|l| format!("> {l}")).collect();
                    out.push_str(&quoted.join("\n"));
                }
                _ => out.push_str(&b.text),
            }
        }
        out
    }
}

/// A structural unit of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// What kind of block this is; in JSON its fields are flattened (`{"kind": "heading", "level": 2, ...}`).
    #[serde(flatten)]
    pub kind: BlockKind,
    /// The block's text.
    pub text: String,
    /// 1-based page, slide or sheet number, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Byte range of the block in [`Document::text`]; `None` for blocks left out of `text`
    /// (e.g. headers and footers by default). Serialized as `start`/`end`.
    #[serde(default, with = "span_serde", flatten)]
    pub span: Option<Range<usize>>,
}

/// The kind of a [`Block`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading with its level (1 = top).
    Heading {
        /// 1 for a title or top-level heading, 2 for a section, ...
        level: u8,
    },
    /// Ordinary running text.
    Paragraph,
    /// One item of a bulleted or numbered list.
    ListItem,
    /// A table, rendered as Markdown or tab-separated text.
    Table,
    /// Preformatted code.
    Code,
    /// A block quotation.
    Quote,
    /// Page header (boilerplate; left out of `text` by default).
    Header,
    /// Page footer (boilerplate; left out of `text` by default).
    Footer,
    /// A footnote or endnote.
    Footnote,
    /// A caption or an image's alternative text.
    Caption,
    /// A reviewer's comment.
    Comment,
    /// Speaker notes or similar notes.
    Note,
    /// A form field's name and value.
    FormField,
    /// An annotation's contents (PDF).
    Annotation,
}

impl BlockKind {
    /// The kind's name as in JSON: `heading`, `list_item`, ...
    pub fn as_str(&self) -> &'static str {
        match self {
            BlockKind::Heading { .. } => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list_item",
            BlockKind::Table => "table",
            BlockKind::Code => "code",
            BlockKind::Quote => "quote",
            BlockKind::Header => "header",
            BlockKind::Footer => "footer",
            BlockKind::Footnote => "footnote",
            BlockKind::Caption => "caption",
            BlockKind::Comment => "comment",
            BlockKind::Note => "note",
            BlockKind::FormField => "form_field",
            BlockKind::Annotation => "annotation",
        }
    }

    /// The heading level, for headings.
    pub fn level(&self) -> Option<u8> {
        match self {
            BlockKind::Heading { level } => Some(*level),
            _ => None,
        }
    }
}

/// Document metadata; fields the format does not have stay `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Author(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Creation date, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Last modification date, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Declared language (BCP 47 tag as the document states it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Number of pages, slides or sheets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_count: Option<u32>,
    /// The program that produced the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    /// Any other metadata the format carries, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// Where a document came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Path, or a name given by the caller for in-memory input (`archive.zip!member.docx` for archive members).
    pub name: String,
    /// Detected format, e.g. `pdf`, `docx`, `text`.
    pub format: String,
    /// Length of the original bytes.
    pub byte_len: u64,
    /// Hex SHA-256 of the original bytes, when asked for (`ExtractOptions::sha256`; the
    /// pipeline always asks).
    #[serde(default)]
    pub sha256: Option<String>,
}

mod span_serde {
    //! `Option<Range<usize>>` as optional flattened `start`/`end` fields.
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::ops::Range;

    #[derive(Serialize, Deserialize)]
    struct StartEnd {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<usize>,
    }

    pub fn serialize<S: Serializer>(span: &Option<Range<usize>>, s: S) -> Result<S::Ok, S::Error> {
        StartEnd {
            start: span.as_ref().map(|r| r.start),
            end: span.as_ref().map(|r| r.end),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Range<usize>>, D::Error> {
        let se = StartEnd::deserialize(d)?;
        Ok(match (se.start, se.end) {
            (Some(start), Some(end)) => Some(start..end),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_json_is_internally_tagged_with_start_end() {
        let b = Block {
            kind: BlockKind::Heading { level: 2 },
            text: "Intro".into(),
            page: Some(1),
            span: Some(0..5),
        };
        let v = serde_json::to_value(&b).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind": "heading", "level": 2, "text": "Intro", "page": 1, "start": 0, "end": 5})
        );
        let back: Block = serde_json::from_value(v).unwrap();
        assert_eq!(back, b);
        assert_eq!(b.kind.as_str(), "heading");
    }

    #[test]
    fn block_without_span_omits_offsets() {
        let b = Block {
            kind: BlockKind::Footer,
            text: "Page 1".into(),
            page: None,
            span: None,
        };
        let v = serde_json::to_value(&b).unwrap();
        assert_eq!(v, serde_json::json!({"kind": "footer", "text": "Page 1"}));
        let back: Block = serde_json::from_value(v).unwrap();
        assert_eq!(back, b);
    }
}
