//! HTML and XHTML through html5ever (the HTML5 parsing algorithm, as browsers parse):
//! script, style, navigation, sidebars, forms, templates and hidden elements dropped;
//! headings, paragraphs, list items (with their numbers), tables, preformatted code,
//! quotes, captions and images' alternative text as blocks; `<header>`/`<footer>` of
//! the page as header and footer blocks; `<title>`, `<meta>` and `lang` as metadata.
//! With `main_content`, only the main content is kept (`<main>`, the largest
//! `<article>`, or the densest text container), and link lists are dropped.

use html5ever::tendril::TendrilSink;
use scraper::{ElementRef, Html, Node};

use super::builder::{collapse_ws, collapse_ws_into, DocBuilder};
use super::table;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let html = page(&decode(bytes), ctx)?;
    let mut b = DocBuilder::new();
    blocks_into(&html, ctx, &mut b)?;
    Ok(b.finish(metadata(&html)))
}

/// The attributes the extraction reads (metadata, alternative text, list numbers, hidden
/// elements, table spans, the main content's role), which [`super::raw_text::strip`]
/// keeps: reading another attribute means adding it here.
pub(crate) const READ_ATTRS: [&str; 15] = [
    "lang",
    "xml:lang",
    "name",
    "property",
    "http-equiv",
    "content",
    "charset",
    "alt",
    "start",
    "hidden",
    "aria-hidden",
    "style",
    "colspan",
    "role",
    "type",
];

/// Parses a whole page (an HTML file, an EPUB chapter, an email's HTML body) under the
/// document's limits: too deep a nesting is refused before parsing, and the contents of
/// style and script elements, never text of the page, are cut out first.
pub(crate) fn page(text: &str, ctx: &Ctx) -> Result<Html> {
    let depth = nesting(text);
    if depth > ctx.opts.max_depth {
        // html5ever's tree builder scans the open elements for every start tag: quadratic
        // in the nesting, minutes for 100,000 nested divs. Refuse before parsing.
        return Err(ctx.limit("max_depth", ctx.opts.max_depth, depth));
    }
    parse(&super::raw_text::strip(text), ctx)
}

/// Parses the document, fed to html5ever 64 KiB at a time so the time budget is checked
/// while it runs: a 20 MiB page holds the tokenizer and tree builder for seconds.
fn parse(text: &str, ctx: &Ctx) -> Result<Html> {
    const PIECE: usize = 64 << 10;
    let mut parser = html5ever::driver::parse_document(
        scraper::HtmlTreeSink::new(Html::new_document()),
        Default::default(),
    );
    let mut rest = text;
    while !rest.is_empty() {
        ctx.check_time()?;
        let mut end = rest.len().min(PIECE);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (piece, tail) = rest.split_at(end);
        parser.process(piece.into());
        rest = tail;
    }
    Ok(parser.finish())
}

/// The deepest element nesting the markup asks for, counting start and end tags of the
/// elements that must be closed explicitly (void elements and those HTML closes by itself,
/// such as `p`, `li` and `td`, are left out, so old pages that never close them do not count
/// as deep). Tags inside comments, scripts and styles are counted too: an overestimate only
/// matters for pages that are deep anyway.
fn nesting(html: &str) -> u64 {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0i64, 0i64);
    for i in memchr::memchr_iter(b'<', b) {
        let rest = &b[i + 1..];
        let (close, rest) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        let len = rest
            .iter()
            .take(16)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'!')
            .count();
        if len == 0 {
            continue;
        }
        let mut name = [0u8; 16];
        name[..len].copy_from_slice(&rest[..len]);
        name.make_ascii_lowercase();
        // Comments, doctypes and CDATA (`<!...`) open nothing.
        if name[0] == b'!' || closes_implicitly(&name[..len]) {
            continue;
        }
        // A self-closing tag (`<x/>`) opens nothing.
        let end = memchr::memchr(b'>', &rest[..rest.len().min(1024)]).unwrap_or(0);
        if !close && end > 0 && rest[end - 1] == b'/' {
            continue;
        }
        depth += if close { -1 } else { 1 };
        depth = depth.max(0);
        max = max.max(depth);
    }
    max as u64
}

/// Whether an element (lowercase name) needs no end tag: void elements and those HTML
/// closes by itself.
fn closes_implicitly(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"option"
            | b"optgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"colgroup"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Decodes an HTML page: BOM, then a `<meta charset>` in the first kilobytes, then UTF-8
/// if valid, else the detected encoding.
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    // Valid UTF-8 is read as UTF-8 whatever the page declares (pages declaring Latin-1 are
    // often UTF-8): one check, one copy. UTF-16 without a BOM is valid UTF-8 too (its NULs),
    // so it is ruled out first.
    if super::text::utf16_without_bom(bytes).is_none() {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return s.to_string();
        }
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|i| {
        let rest = head[i + 8..].trim_start_matches(['"', '\'', ' ']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    let enc = match declared {
        // Pages declaring Latin-1 or UTF-8 are often really UTF-8; trust valid UTF-8.
        Some(e) if std::str::from_utf8(bytes).is_err() => e,
        _ => super::text::guess(bytes),
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Title, author, description, keywords, generator, date and language of a page.
pub(crate) fn metadata(html: &Html) -> Metadata {
    let mut m = Metadata::default();
    let root = html.root_element();
    if let Some(lang) = root
        .value()
        .attr("lang")
        .or_else(|| root.value().attr("xml:lang"))
    {
        m.language = Some(lang.trim().to_string());
    }
    for el in root.descendants().filter_map(ElementRef::wrap) {
        let v = el.value();
        match v.name() {
            "title" if m.title.is_none() => {
                let t = collapse_ws(&el.text().collect::<String>());
                if !t.is_empty() {
                    m.title = Some(t);
                }
            }
            "meta" => {
                let key = v
                    .attr("name")
                    .or_else(|| v.attr("property"))
                    .or_else(|| v.attr("http-equiv"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = v.attr("content").map(str::trim).filter(|c| !c.is_empty())
                else {
                    continue;
                };
                let content = content.to_string();
                match key.as_str() {
                    "author" | "dc.creator" => m.author = Some(content),
                    "og:title" if m.title.is_none() => m.title = Some(content),
                    "generator" => m.producer = Some(content),
                    "date" | "dc.date" | "article:published_time" => m.created = Some(content),
                    "article:modified_time" | "last-modified" => m.modified = Some(content),
                    "content-language" if m.language.is_none() => m.language = Some(content),
                    "description" | "keywords" | "og:description" => {
                        m.extra.insert(key, content);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    m
}

/// Appends the blocks of a parsed page to `b`.
pub(crate) fn blocks_into(html: &Html, ctx: &Ctx, b: &mut DocBuilder) -> Result<()> {
    let root = html.root_element();
    let body = root
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
        .unwrap_or(root);
    let start = if ctx.opts.main_content {
        main_content(body)
    } else {
        body
    };
    walk_into(start, ctx.opts.main_content, ctx, b)
}

/// Appends the blocks of an HTML fragment (markup held as text inside another format,
/// such as an Atom or RSS entry's escaped HTML), as `blocks_into` does for a page.
pub(crate) fn fragment_into(markup: &str, ctx: &Ctx, b: &mut DocBuilder) -> Result<()> {
    let html = Html::parse_fragment(markup);
    walk_into(html.root_element(), false, ctx, b)
}

/// Appends the blocks under `start`; `prune_links` drops link lists (main content only).
fn walk_into(start: ElementRef, prune_links: bool, ctx: &Ctx, b: &mut DocBuilder) -> Result<()> {
    let mut w = Walker {
        ctx,
        b,
        inline: String::new(),
        scratch: String::new(),
        kind: BlockKind::Paragraph,
        marker: None,
        lists: Vec::new(),
        in_text: true,
        prune_links,
        elements: 0,
    };
    w.walk(start, 0)?;
    w.flush();
    Ok(())
}

/// Elements whose content is never text of the page.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "form"
            | "head"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "button"
            | "select"
            | "dialog"
            | "canvas"
    )
}

/// Elements that end the running paragraph.
fn ends_paragraph(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "body"
            | "html"
            | "center"
            | "address"
            | "dl"
            | "dt"
            | "dd"
            | "figure"
            | "fieldset"
            | "details"
            | "summary"
            | "hr"
            | "hgroup"
            | "legend"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
    )
}

struct Walker<'a, 'c> {
    ctx: &'c Ctx<'c>,
    b: &'a mut DocBuilder,
    /// Text of the running block; U+2028 marks a `<br>`.
    inline: String,
    /// The buffer `flush` builds a block's text in, kept for its capacity.
    scratch: String,
    kind: BlockKind,
    /// The list marker owed to the next text of a list item.
    marker: Option<String>,
    /// Open lists: (ordered, next number).
    lists: Vec<(bool, u32)>,
    /// Whether blocks go into the text (false inside page headers and footers).
    in_text: bool,
    prune_links: bool,
    /// Elements visited, for the time checks.
    elements: u32,
}

impl Walker<'_, '_> {
    /// Ends the running block: its whitespace collapsed, a line per `<br>` (empty lines
    /// dropped, so a block never holds the blank line that separates blocks), and the
    /// list marker in front. Builds in a reused buffer: this runs for every block.
    fn flush(&mut self) {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        if let Some(m) = &self.marker {
            text.push_str(m);
            text.push(' ');
        }
        let body = text.len();
        for line in self.inline.split('\u{2028}') {
            let at = text.len();
            if at > body {
                text.push('\n');
            }
            let words = text.len();
            collapse_ws_into(line, &mut text);
            if text.len() == words {
                text.truncate(at);
            }
        }
        self.inline.clear();
        if text.len() > body {
            self.marker = None;
            let kind = self.kind.clone();
            if self.in_text {
                self.b.push(kind, &text);
            } else {
                self.b
                    .push_maybe(kind, &text, self.ctx.opts.include_headers_footers);
            }
        }
        self.scratch = text;
    }

    /// Runs `f` with `kind` as the kind of the blocks it makes.
    fn with_kind(
        &mut self,
        kind: BlockKind,
        f: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        self.flush();
        let saved = std::mem::replace(&mut self.kind, kind);
        let r = f(self);
        self.flush();
        self.kind = saved;
        r
    }

    fn walk(&mut self, el: ElementRef, depth: u64) -> Result<()> {
        if depth > self.ctx.opts.max_depth {
            return Err(self.ctx.limit("max_depth", self.ctx.opts.max_depth, depth));
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.inline.push_str(t),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn element(&mut self, e: ElementRef, depth: u64) -> Result<()> {
        self.elements = self.elements.wrapping_add(1);
        if self.elements.is_multiple_of(4096) {
            self.ctx.check_time()?;
        }
        let v = e.value();
        let name = v.name();
        if skipped(name) || hidden(e) {
            return Ok(());
        }
        if self.prune_links && is_link_list(e) {
            return Ok(());
        }
        match name {
            "br" => self.inline.push('\u{2028}'),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                self.with_kind(BlockKind::Heading { level }, |w| w.walk(e, depth))?;
            }
            "blockquote" => self.with_kind(BlockKind::Quote, |w| w.walk(e, depth))?,
            "figcaption" | "caption" => self.with_kind(BlockKind::Caption, |w| w.walk(e, depth))?,
            "pre" => {
                self.flush();
                let code: String = e.text().collect();
                let code = code.trim_matches('\n').trim_end();
                if self.in_text {
                    self.b.push(BlockKind::Code, code);
                }
            }
            "table" => {
                self.flush();
                let rows = table_rows(e);
                let text = table::render(&rows, self.ctx.opts.table_format);
                if self.in_text {
                    self.b.push(BlockKind::Table, &text);
                }
            }
            "img" | "area" => {
                if let Some(alt) = v.attr("alt").map(str::trim).filter(|a| !a.is_empty()) {
                    let include = self.ctx.opts.include_alt_text && self.in_text;
                    self.b.push_maybe(BlockKind::Caption, alt, include);
                }
            }
            "ul" | "ol" | "menu" => {
                self.flush();
                let start = v
                    .attr("start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1);
                self.lists.push((name == "ol", start));
                let r = self.walk(e, depth);
                self.flush();
                self.lists.pop();
                r?;
            }
            "li" => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some((true, n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "-".to_string(),
                };
                let saved = std::mem::replace(&mut self.kind, BlockKind::ListItem);
                self.marker = Some(marker);
                let r = self.walk(e, depth);
                self.flush();
                self.marker = None;
                self.kind = saved;
                r?;
            }
            "header" | "footer"
                if !inside(e, &["article", "main", "section"]) && !is_title_block(e) =>
            {
                self.flush();
                let kind = if name == "header" {
                    BlockKind::Header
                } else {
                    BlockKind::Footer
                };
                let saved_text = std::mem::replace(&mut self.in_text, false);
                let saved_kind = std::mem::replace(&mut self.kind, kind);
                let r = self.walk(e, depth);
                self.flush();
                self.in_text = saved_text;
                self.kind = saved_kind;
                r?;
            }
            n if ends_paragraph(n) => {
                self.flush();
                self.walk(e, depth)?;
                self.flush();
            }
            _ => self.walk(e, depth)?,
        }
        Ok(())
    }
}

/// Hidden by attribute or inline style.
fn hidden(e: ElementRef) -> bool {
    e.value().attrs().any(|(name, value)| match name {
        "hidden" => true,
        "aria-hidden" => value == "true",
        "style" => {
            let s: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// A `<header>` that holds the page's title heading (and no navigation) is content.
fn is_title_block(e: ElementRef) -> bool {
    e.value().name() == "header"
        && e.descendants()
            .filter_map(ElementRef::wrap)
            .any(|d| matches!(d.value().name(), "h1" | "h2" | "h3"))
        && !e
            .descendants()
            .filter_map(ElementRef::wrap)
            .any(|d| d.value().name() == "nav")
}

/// Whether `e` has an ancestor named one of `names`.
fn inside(e: ElementRef, names: &[&str]) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| names.contains(&a.value().name()))
}

/// The rows of a table (nested tables' text flattened into their cell); `colspan` pads.
fn table_rows(t: ElementRef) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for tr in t.descendants().filter_map(ElementRef::wrap) {
        if tr.value().name() != "tr" {
            continue;
        }
        // Only rows of this table, not of a nested one.
        let owner = tr
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| a.value().name() == "table");
        if owner.map(|o| o.id()) != Some(t.id()) {
            continue;
        }
        let mut row = Vec::new();
        for cell in tr.children().filter_map(ElementRef::wrap) {
            let n = cell.value().name();
            if n != "td" && n != "th" {
                continue;
            }
            row.push(collapse_ws(&cell.text().collect::<String>()));
            let span: usize = cell
                .value()
                .attr("colspan")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(1);
            for _ in 1..span.min(64) {
                row.push(String::new());
            }
        }
        rows.push(row);
    }
    rows
}

/// Characters of text in `e` and of text inside links.
fn text_and_link_chars(e: ElementRef) -> (usize, usize) {
    let mut text = 0;
    let mut links = 0;
    for node in e.descendants() {
        if let Node::Text(t) = node.value() {
            let n = t.trim().chars().count();
            text += n;
            if node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != e.id())
                .any(|a| a.value().name() == "a")
            {
                links += n;
            }
        }
    }
    (text, links)
}

/// A block that is mostly links (menus, tag clouds, "related articles").
fn is_link_list(e: ElementRef) -> bool {
    if !matches!(
        e.value().name(),
        "ul" | "ol" | "div" | "p" | "section" | "table"
    ) {
        return false;
    }
    let (text, links) = text_and_link_chars(e);
    text > 0 && links * 10 >= text * 6 && text < 2000
}

/// The element holding the page's main content: `<main>` or `[role=main]`, else the
/// `<article>` with the most text, else the container with the most non-link text in
/// its own paragraphs.
fn main_content(body: ElementRef) -> ElementRef {
    let els: Vec<ElementRef> = body.descendants().filter_map(ElementRef::wrap).collect();
    if let Some(m) = els
        .iter()
        .find(|e| e.value().name() == "main" || e.value().attr("role") == Some("main"))
    {
        return *m;
    }
    let articles: Vec<&ElementRef> = els
        .iter()
        .filter(|e| e.value().name() == "article")
        .collect();
    if let Some(a) = articles.iter().max_by_key(|a| text_and_link_chars(***a).0) {
        return **a;
    }
    // Score each container by the text of the paragraphs directly inside it.
    let mut best = body;
    let mut best_score = 0usize;
    for e in &els {
        if !matches!(e.value().name(), "div" | "section" | "td") {
            continue;
        }
        let score: usize = e
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| {
                matches!(
                    c.value().name(),
                    "p" | "pre" | "blockquote" | "h2" | "h3" | "ul" | "ol"
                )
            })
            .map(|c| {
                let (t, l) = text_and_link_chars(c);
                t.saturating_sub(2 * l)
            })
            .sum();
        if score > best_score {
            best_score = score;
            best = *e;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        crate::extract_bytes(html.as_bytes(), Some("page.html"), &Default::default())
            .unwrap()
            .text
    }

    #[test]
    fn line_breaks_are_lines() {
        assert_eq!(
            text("<p>Ada Lovelace<br>12 Mill Lane<br/>\n London</p>"),
            "Ada Lovelace\n12 Mill Lane\nLondon"
        );
        assert_eq!(
            text("<p><br>one<br><br> <br>two<br></p><p>three</p>"),
            "one\ntwo\n\nthree"
        );
        assert_eq!(
            text("<ol><li><br>first</li><li>second</li></ol>"),
            "1. first\n\n2. second"
        );
    }

    #[test]
    fn nesting_counts_elements_that_must_be_closed() {
        assert_eq!(nesting("<div><div><b>x</b></div></div>"), 3);
        // Unclosed paragraphs, list items, cells and void elements do not nest.
        assert_eq!(nesting("<p>a<p>b<li>c<br><img src=x><td>d"), 0);
        assert_eq!(nesting("<x/><y /><!-- a < b -->"), 0);
        assert_eq!(nesting(&"<div>".repeat(1000)), 1000);
    }

    #[test]
    fn a_long_page_is_parsed_in_pieces_within_the_time_budget() {
        use crate::{extract_bytes, ErrorKind, ExtractOptions};
        // Pieces end on character boundaries: a multi-byte letter straddles every 64 KiB.
        let page = format!("<p>{}</p>", "é <b>ü</b> ".repeat(40_000));
        let doc = extract_bytes(page.as_bytes(), Some("p.html"), &ExtractOptions::default());
        assert_eq!(doc.unwrap().text, "é ü ".repeat(40_000).trim_end());
        let opts = ExtractOptions {
            timeout_ms: 1,
            ..ExtractOptions::default()
        };
        let big = format!("<p>{}</p>", "lorem <b>ipsum</b> ".repeat(200_000));
        let err = extract_bytes(big.as_bytes(), Some("p.html"), &opts).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::LimitExceeded);
    }
}
