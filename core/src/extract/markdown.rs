//! Markdown (CommonMark with GitHub tables, footnotes, task lists and YAML front matter)
//! through pulldown-cmark: the text without its syntax, headings, paragraphs, list items
//! (with their numbers), tables, code blocks and quotes as blocks, footnotes at the end,
//! the front matter's title, author, date and language as metadata (the title also as
//! the first heading, as Markdown renderers show it).

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::builder::{collapse_ws, collapse_ws_into, DocBuilder};
use super::table;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

/// Longest line read as Markdown; a longer one is not prose with markup (the parser would
/// build a node per delimiter, gigabytes for a 100 MB line), so the file is read as text.
const MAX_LINE: usize = 1 << 20;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    if longest_line(bytes) > MAX_LINE {
        return super::text::extract(bytes, ctx);
    }
    let (text, _) = super::text::decode(bytes, ctx)?;
    let mut b = DocBuilder::new();
    let mut meta = Metadata::default();
    parse_into(&text, ctx, &mut b, &mut meta)?;
    Ok(b.finish(meta))
}

/// Appends the blocks of Markdown `text` held inside another document (a notebook's
/// cells) to `b`, its front matter to `meta`. A line too long to be prose with markup
/// makes the text plain paragraphs, as [`extract`] reads such a file.
pub(crate) fn read_into(
    text: &str,
    ctx: &Ctx,
    b: &mut DocBuilder,
    meta: &mut Metadata,
) -> Result<()> {
    if longest_line(text.as_bytes()) > MAX_LINE {
        for r in crate::segment::split_paragraphs(text) {
            b.push(BlockKind::Paragraph, &text[r]);
        }
        return Ok(());
    }
    parse_into(text, ctx, b, meta)
}

/// The length in bytes of the longest line of `bytes`.
fn longest_line(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(bytes.len()))
        .scan(0usize, |start, end| {
            let len = end - *start;
            *start = end + 1;
            Some(len)
        })
        .max()
        .unwrap_or(0)
}

/// Parses `text` as Markdown into `b` and `meta`.
fn parse_into(text: &str, ctx: &Ctx, b: &mut DocBuilder, meta: &mut Metadata) -> Result<()> {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    opts.remove(Options::ENABLE_SMART_PUNCTUATION);
    let mut st = State::default();
    // Footnotes are numbered in the order they are first referred to, as renderers do.
    let mut footnotes: Vec<(String, String)> = Vec::new();
    let mut numbers: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut label: Option<String> = None;
    let mut depth = 0u64;
    for ev in Parser::new_ext(text, opts) {
        match ev {
            Event::Start(tag) => {
                depth += 1;
                if depth > ctx.opts.max_depth {
                    return Err(ctx.limit("max_depth", ctx.opts.max_depth, depth));
                }
                match tag {
                    Tag::MetadataBlock(_) => st.in_meta = true,
                    Tag::Heading { level, .. } => st.open(
                        b,
                        BlockKind::Heading {
                            level: heading(level),
                        },
                    ),
                    Tag::Paragraph if st.kind.is_none() => st.open(b, BlockKind::Paragraph),
                    Tag::BlockQuote(_) => {
                        st.flush(b);
                        st.quote += 1;
                    }
                    Tag::CodeBlock(kind) => {
                        st.flush(b);
                        st.code = Some(match kind {
                            CodeBlockKind::Fenced(_) | CodeBlockKind::Indented => String::new(),
                        });
                    }
                    Tag::List(start) => {
                        st.flush(b);
                        st.lists.push(start);
                    }
                    Tag::Item => {
                        st.flush(b);
                        let marker = match st.lists.last_mut() {
                            Some(Some(n)) => {
                                let m = format!("{n}.");
                                *n += 1;
                                m
                            }
                            _ => "-".to_string(),
                        };
                        st.kind = Some(BlockKind::ListItem);
                        st.marker = Some(marker);
                    }
                    Tag::Table(_) => {
                        st.flush(b);
                        st.rows = Some(Vec::new());
                    }
                    Tag::TableHead | Tag::TableRow => {
                        if let Some(rows) = st.rows.as_mut() {
                            rows.push(Vec::new());
                        }
                    }
                    Tag::TableCell => st.cell = Some(String::new()),
                    Tag::FootnoteDefinition(l) => {
                        st.flush(b);
                        st.footnote = Some(String::new());
                        label = Some(l.to_string());
                    }
                    Tag::Image { .. } => st.in_image = true,
                    _ => {}
                }
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                match tag {
                    TagEnd::MetadataBlock(_) => st.in_meta = false,
                    TagEnd::Heading(_) => st.flush(b),
                    TagEnd::Paragraph => {
                        if st.footnote.is_none() && st.kind != Some(BlockKind::ListItem) {
                            st.flush(b);
                        } else if st.footnote.is_some() {
                            st.text.push('\n');
                        } else {
                            st.flush(b);
                            st.kind = Some(BlockKind::ListItem);
                        }
                    }
                    TagEnd::BlockQuote(_) => {
                        st.flush(b);
                        st.quote = st.quote.saturating_sub(1);
                    }
                    TagEnd::CodeBlock => {
                        if let Some(code) = st.code.take() {
                            b.push(BlockKind::Code, code.trim_end());
                        }
                    }
                    TagEnd::List(_) => {
                        st.flush(b);
                        st.lists.pop();
                        if !st.lists.is_empty() {
                            st.kind = Some(BlockKind::ListItem);
                        }
                    }
                    TagEnd::Item => {
                        st.flush(b);
                        st.kind = None;
                        st.marker = None;
                    }
                    TagEnd::TableCell => {
                        if let (Some(c), Some(rows)) = (st.cell.take(), st.rows.as_mut()) {
                            if let Some(r) = rows.last_mut() {
                                r.push(c);
                            }
                        }
                    }
                    TagEnd::Table => {
                        if let Some(rows) = st.rows.take() {
                            b.push(
                                BlockKind::Table,
                                &table::render(&rows, ctx.opts.table_format),
                            );
                        }
                    }
                    TagEnd::FootnoteDefinition => {
                        if let Some(f) = st.footnote.take() {
                            let f = f.trim().to_string() + &std::mem::take(&mut st.text);
                            footnotes.push((label.take().unwrap_or_default(), collapse_ws(&f)));
                        }
                    }
                    TagEnd::Image => st.in_image = false,
                    _ => {}
                }
            }
            Event::Text(t) => {
                if st.in_meta {
                    front_matter(&t, meta);
                    if let Some(title) = meta.title.clone().filter(|_| b.is_empty()) {
                        b.push(BlockKind::Heading { level: 1 }, &title);
                    }
                } else if let Some(code) = st.code.as_mut() {
                    code.push_str(&t);
                } else if st.in_image && !ctx.opts.include_alt_text {
                    // alt text stays out of the text unless asked for
                } else {
                    st.push(&t);
                }
            }
            Event::Code(t) => st.push(&t),
            Event::SoftBreak => st.push(" "),
            Event::HardBreak => st.push("\u{2028}"),
            Event::TaskListMarker(done) => st.push(if done { "[x] " } else { "[ ] " }),
            Event::Html(h) | Event::InlineHtml(h) => {
                let stripped = strip_tags(&h);
                if st.code.is_none() {
                    st.push(&stripped);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => st.push(&t),
            Event::FootnoteReference(l) => {
                let next = numbers.len() + 1;
                let n = *numbers.entry(l.to_string()).or_insert(next);
                st.push(&format!("[{n}]"));
            }
            Event::Rule => {}
        }
    }
    st.flush(b);
    footnotes.sort_by_key(|(l, _)| numbers.get(l).copied().unwrap_or(usize::MAX));
    for (l, f) in footnotes {
        match numbers.get(&l) {
            Some(n) => b.push(BlockKind::Footnote, &format!("[{n}] {f}")),
            None => b.push(BlockKind::Footnote, &f),
        }
    }
    Ok(())
}

fn heading(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The running block and the structure around it.
#[derive(Default)]
struct State {
    text: String,
    /// The block being assembled from `text` (kept to reuse its buffer).
    out: String,
    kind: Option<BlockKind>,
    marker: Option<String>,
    lists: Vec<Option<u64>>,
    quote: usize,
    code: Option<String>,
    rows: Option<Vec<Vec<String>>>,
    cell: Option<String>,
    footnote: Option<String>,
    in_image: bool,
    in_meta: bool,
}

impl State {
    fn push(&mut self, s: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.push_str(s);
        } else {
            self.text.push_str(s);
        }
    }

    fn open(&mut self, b: &mut DocBuilder, kind: BlockKind) {
        self.flush(b);
        self.kind = Some(kind);
    }

    fn flush(&mut self, b: &mut DocBuilder) {
        if self.footnote.is_some() {
            return; // footnote text is kept for the end
        }
        // Hard breaks (U+2028 here) become line breaks; other whitespace collapses.
        self.out.clear();
        for (i, line) in self.text.split('\u{2028}').enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            collapse_ws_into(line, &mut self.out);
        }
        self.text.clear();
        let text = self.out.trim();
        let kind = match self.kind.take() {
            Some(BlockKind::ListItem) => {
                self.kind = Some(BlockKind::ListItem);
                BlockKind::ListItem
            }
            Some(k) => k,
            None => BlockKind::Paragraph,
        };
        if text.is_empty() {
            return;
        }
        let kind = if self.quote > 0 && kind == BlockKind::Paragraph {
            BlockKind::Quote
        } else {
            kind
        };
        match (&kind, self.marker.take()) {
            (BlockKind::ListItem, Some(m)) => b.push(kind, &format!("{m} {text}")),
            _ => b.push(kind, text),
        }
    }
}

/// `title:`, `author:`, `date:`, `lang:` of YAML front matter (simple `key: value` lines).
fn front_matter(yaml: &str, m: &mut Metadata) {
    for line in yaml.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().trim_matches(['"', '\'']).trim();
        if v.is_empty() || line.starts_with([' ', '\t', '-']) {
            continue;
        }
        match k.trim() {
            "title" => m.title = Some(v.to_string()),
            "author" => m.author = Some(v.to_string()),
            "date" => m.created = Some(v.to_string()),
            "lang" | "language" => m.language = Some(v.to_string()),
            "description" | "subtitle" | "keywords" => {
                m.extra.insert(k.trim().to_string(), v.to_string());
            }
            _ => {}
        }
    }
}

/// Raw HTML inside Markdown: its text without tags and comments.
fn strip_tags(h: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in h.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
