//! OpenDocument text and presentations (ODT, ODP) from `content.xml` and `meta.xml`:
//! headings by outline level, paragraphs, lists with their bullets or numbers from the
//! list styles, tables (covered cells left empty), text boxes, footnotes and endnotes as
//! their own blocks, comments, tracked deletions dropped; in presentations each page's
//! title frame as a heading and its notes as `note` blocks. (Spreadsheets go through
//! the spreadsheet reader.)

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::builder::DocBuilder;
use super::encrypted_odf::Parts;
use super::markers::{letters, roman};
use super::ooxml::simple_fields;
use super::table;
use super::xml::{attr, local, Ev, XmlReader};
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut pkg = Parts::open(bytes, ctx)?;
    let content = pkg.require_text("content.xml")?;
    // List styles matter only for the lists the body has; they live in the automatic
    // styles before the body and in styles.xml (LibreOffice's runs to 50 KB with a dozen
    // list styles: it is read only when the body names a style the content part lacks).
    let (head, body) = match memchr::memmem::find(content.as_bytes(), b"<office:body") {
        Some(i) => content.split_at(i),
        None => (content.as_str(), content.as_str()),
    };
    let mut list_styles = HashMap::new();
    if let Some(used) = used_list_styles(body) {
        list_styles = parse_list_styles(
            &list_style_elements(head, used.as_ref()),
            "content.xml",
            ctx,
        )?;
        let missing = match &used {
            Some(names) => names.iter().any(|n| !list_styles.contains_key(*n)),
            None => true,
        };
        if missing {
            if let Some(x) = pkg.read_text("styles.xml")? {
                for (name, levels) in
                    parse_list_styles(&list_style_elements(&x, used.as_ref()), "styles.xml", ctx)?
                {
                    // An automatic style of the content part overrides a common one.
                    list_styles.entry(name).or_insert(levels);
                }
            }
        }
    }
    let mut b = DocBuilder::new();
    let mut w = Walker {
        ctx,
        list_styles: &list_styles,
        notes: Vec::new(),
        comments: Vec::new(),
    };
    let mut pages = 0u32;
    for (page, kind, text) in w.content(&content)? {
        if page.is_some() {
            pages = pages.max(page.unwrap_or(0));
        }
        b.set_page(page);
        match kind {
            BlockKind::Note => b.push_maybe(kind, &text, ctx.opts.include_notes),
            BlockKind::Caption => b.push_maybe(kind, &text, ctx.opts.include_alt_text),
            kind => b.push(kind, &text),
        }
    }
    b.set_page(None);
    for n in std::mem::take(&mut w.notes) {
        b.push(BlockKind::Footnote, &n);
    }
    for c in std::mem::take(&mut w.comments) {
        b.push_maybe(BlockKind::Comment, &c, ctx.opts.include_comments);
    }
    let mut meta = match pkg.read_text("meta.xml")? {
        Some(x) => metadata(&x, ctx)?,
        None => Metadata::default(),
    };
    if pages > 0 {
        meta.page_count = Some(pages);
    }
    if pkg.decrypted {
        super::mark_encrypted(&mut meta, "odf-aes256-cbc");
    }
    Ok(b.finish(meta))
}

/// The metadata of `meta.xml` (title, author, dates, language, generator, page count).
pub(crate) fn metadata(xml: &str, ctx: &Ctx) -> Result<Metadata> {
    let mut m = Metadata::default();
    for (name, value) in simple_fields(xml, "meta.xml", ctx)? {
        match name.as_str() {
            "title" => m.title = Some(value),
            "initial-creator" => m.author = Some(value),
            "creator" if m.author.is_none() => m.author = Some(value),
            "creation-date" => m.created = Some(value),
            "date" => m.modified = Some(value),
            "language" => m.language = Some(value),
            "generator" => m.producer = Some(value),
            "subject" | "description" | "keyword" => {
                m.extra.insert(name, value);
            }
            _ => {}
        }
    }
    // meta:document-statistic carries the page count as an attribute.
    let mut r = XmlReader::new(xml, "meta.xml", ctx);
    loop {
        match r.next()? {
            Ev::Start { e, .. } if local(&e) == "document-statistic" => {
                m.page_count = attr(&e, "page-count").and_then(|v| v.parse().ok());
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(m)
}

/// One level of a list style: a number format (`1`, `a`, `A`, `i`, `I`) with prefix and
/// suffix, or a bullet.
#[derive(Clone, Default)]
struct ListLevel {
    number: Option<(String, String, String)>,
}

/// The names of the list styles the body's lists name (`<text:list text:style-name="L1">`):
/// `None` when the body has no list, `Some(None)` when some list's style cannot be read off
/// its tag (another namespace prefix, an escaped name) and every list style is wanted.
fn used_list_styles(body: &str) -> Option<Option<HashSet<&str>>> {
    const OPEN: &[u8] = b"<text:list";
    const NAME: &[u8] = b"text:style-name=\"";
    let bytes = body.as_bytes();
    let mut names = HashSet::new();
    let mut lists = 0usize;
    for at in memchr::memmem::find_iter(bytes, OPEN) {
        let tag_start = at + OPEN.len();
        // `<text:list ` or `<text:list>`, not `<text:list-item`.
        if !matches!(
            bytes.get(tag_start),
            Some(b' ' | b'>' | b'\t' | b'\n' | b'\r')
        ) {
            continue;
        }
        lists += 1;
        let Some(gt) = memchr::memchr(b'>', &bytes[tag_start..]) else {
            return Some(None);
        };
        let tag = &bytes[tag_start..tag_start + gt];
        if let Some(i) = memchr::memmem::find(tag, NAME) {
            let value = &tag[i + NAME.len()..];
            let Some(q) = memchr::memchr(b'"', value) else {
                return Some(None);
            };
            let name = &body[tag_start + i + NAME.len()..tag_start + i + NAME.len() + q];
            if name.contains('&') {
                return Some(None);
            }
            names.insert(name);
        }
    }
    if lists > 0 {
        Some(Some(names))
    } else if body.contains(":list") {
        Some(None) // lists under another namespace prefix: read every list style
    } else {
        None
    }
}

/// The `text:list-style` elements of a styles part, one after another, those named in
/// `wanted` only (all when `None`): the rest of it (fonts, paragraph and page styles: most
/// of LibreOffice's 50 KB) says nothing about the lists. A part that spells the namespace
/// with another prefix is returned whole.
fn list_style_elements<'x>(xml: &'x str, wanted: Option<&HashSet<&str>>) -> Cow<'x, str> {
    const OPEN: &[u8] = b"<text:list-style ";
    const CLOSE: &[u8] = b"</text:list-style>";
    const NAME: &[u8] = b"style:name=\"";
    if memchr::memmem::find(xml.as_bytes(), b"xmlns:text=").is_none() {
        return xml.into();
    }
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = memchr::memmem::find(rest.as_bytes(), OPEN) {
        let Some(gt) = memchr::memchr(b'>', &rest.as_bytes()[i..]) else {
            return xml.into(); // cut short: let the full parse report it
        };
        let end = if rest.as_bytes()[i + gt - 1] == b'/' {
            i + gt + 1 // an empty list style
        } else {
            let Some(j) = memchr::memmem::find(&rest.as_bytes()[i..], CLOSE) else {
                return xml.into();
            };
            i + j + CLOSE.len()
        };
        let element = &rest[i..end];
        let keep = wanted.is_none_or(|names| {
            let tag = &element.as_bytes()[..gt];
            match memchr::memmem::find(tag, NAME) {
                Some(n) => {
                    let value = &element[n + NAME.len()..gt];
                    let name = value.split('"').next().unwrap_or(value);
                    // An escaped name is kept: the parser decodes it.
                    name.contains('&') || names.contains(name)
                }
                None => true,
            }
        });
        if keep {
            out.push_str(element);
        }
        rest = &rest[end..];
    }
    out.into()
}

fn parse_list_styles(xml: &str, part: &str, ctx: &Ctx) -> Result<HashMap<String, Vec<ListLevel>>> {
    let mut r = XmlReader::new(xml, part, ctx);
    let mut out: HashMap<String, Vec<ListLevel>> = HashMap::new();
    let mut cur: Option<String> = None;
    loop {
        match r.next()? {
            Ev::Start { e, empty } => match local(&e) {
                "list-style" if !empty => cur = attr(&e, "name"),
                "list-level-style-number"
                | "list-level-style-bullet"
                | "list-level-style-image" => {
                    let Some(name) = cur.as_ref() else { continue };
                    let lvl: usize = attr(&e, "level").and_then(|v| v.parse().ok()).unwrap_or(1);
                    let levels = out.entry(name.clone()).or_default();
                    if levels.len() < lvl {
                        levels.resize(lvl, ListLevel::default());
                    }
                    if local(&e) == "list-level-style-number" {
                        let fmt = attr(&e, "num-format").unwrap_or_default();
                        if !fmt.is_empty() {
                            levels[lvl - 1].number = Some((
                                fmt,
                                attr(&e, "num-prefix").unwrap_or_default(),
                                attr(&e, "num-suffix").unwrap_or_default(),
                            ));
                        }
                    }
                }
                _ => {}
            },
            Ev::End(e) if super::xml::end_name(&e) == "list-style" => cur = None,
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

struct Walker<'a, 'c> {
    ctx: &'c Ctx<'c>,
    list_styles: &'a HashMap<String, Vec<ListLevel>>,
    notes: Vec<String>,
    comments: Vec<String>,
}

/// An open list: its style and the number of its items so far.
struct List {
    style: Option<String>,
    count: u32,
}

/// A table being read.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

impl Walker<'_, '_> {
    /// The blocks of `content.xml`: (page for presentations, kind, text).
    fn content(&mut self, xml: &str) -> Result<Vec<(Option<u32>, BlockKind, String)>> {
        let ctx = self.ctx;
        let mut r = XmlReader::new(xml, "content.xml", ctx);
        let mut out = Vec::new();
        // Paragraph stack (text boxes nest paragraphs inside paragraphs).
        let mut paras: Vec<(BlockKind, String)> = Vec::new();
        let mut lists: Vec<List> = Vec::new();
        let mut tables: Vec<Table> = Vec::new();
        let mut in_body = false;
        let mut page: Option<u32> = None;
        let mut pages = 0u32;
        let mut title_frame = false;
        let mut in_notes = false;
        loop {
            match r.next()? {
                Ev::Start { e, empty } => {
                    let name = local(&e);
                    match name {
                        "body" => in_body = true,
                        "automatic-styles" if !in_body && !empty => r.skip()?,
                        _ if !in_body => {}
                        "page" if !empty => {
                            pages += 1;
                            page = Some(pages);
                        }
                        "notes" if !empty => in_notes = true,
                        "frame" if !empty => {
                            title_frame = attr(&e, "class").is_some_and(|c| c == "title");
                        }
                        "h" | "p" if !empty => {
                            let kind = if name == "h" {
                                let level = attr(&e, "outline-level")
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(1u8);
                                BlockKind::Heading { level }
                            } else if title_frame {
                                BlockKind::Heading { level: 2 }
                            } else if in_notes {
                                BlockKind::Note
                            } else if !lists.is_empty() {
                                BlockKind::ListItem
                            } else {
                                BlockKind::Paragraph
                            };
                            paras.push((kind, String::new()));
                        }
                        "list" if !empty => {
                            let style = attr(&e, "style-name")
                                .or_else(|| lists.last().and_then(|l| l.style.clone()));
                            lists.push(List { style, count: 0 });
                        }
                        "list-item" | "list-header" if !empty => {
                            if let Some(l) = lists.last_mut() {
                                if name == "list-item" {
                                    l.count += 1;
                                }
                            }
                        }
                        "s" => {
                            let n: usize = attr(&e, "c").and_then(|v| v.parse().ok()).unwrap_or(1);
                            if let Some(p) = paras.last_mut() {
                                p.1.push_str(&" ".repeat(n.min(64)));
                            }
                        }
                        "tab" => push(&mut paras, "\t"),
                        "line-break" => push(&mut paras, "\n"),
                        "note" if !empty => {
                            let (citation, text) = self.note_body(&mut r)?;
                            if !citation.is_empty() {
                                push(&mut paras, &format!("[{citation}]"));
                            }
                            if !text.is_empty() {
                                self.notes.push(if citation.is_empty() {
                                    text
                                } else {
                                    format!("[{citation}] {text}")
                                });
                            }
                        }
                        "annotation" if !empty => {
                            let text = r.text_until_end()?;
                            self.comments.push(text);
                        }
                        // Deleted text of tracked changes; an annotation's end marker; a
                        // frame's description (alt text) is a caption.
                        "tracked-changes" if !empty => r.skip()?,
                        "desc" | "title" if !empty => {
                            let t = r.text_until_end()?;
                            out.push((page, BlockKind::Caption, t));
                        }
                        "table" if !empty => tables.push(Table::default()),
                        "table-row" if !empty => {
                            if let Some(t) = tables.last_mut() {
                                t.rows.push(Vec::new());
                            }
                        }
                        "table-cell" | "covered-table-cell" => {
                            if let Some(t) = tables.last_mut() {
                                if empty {
                                    let repeat: usize = attr(&e, "number-columns-repeated")
                                        .and_then(|v| v.parse().ok())
                                        .unwrap_or(1);
                                    if let Some(row) = t.rows.last_mut() {
                                        // Trailing repeated empty cells pad the sheet; keep a few.
                                        for _ in 0..repeat.min(64) {
                                            row.push(String::new());
                                        }
                                    }
                                } else {
                                    t.cell = Some(String::new());
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Ev::Text(t) => {
                    if let Some(p) = paras.last_mut() {
                        p.1.push_str(&t);
                    }
                }
                Ev::End(e) => match super::xml::end_name(&e) {
                    "body" => in_body = false,
                    "notes" => in_notes = false,
                    "frame" => title_frame = false,
                    "page" => page = None,
                    "h" | "p" => {
                        let Some((kind, text)) = paras.pop() else {
                            continue;
                        };
                        let text = super::builder::collapse_ws(&text.replace(['\t', '\n'], " "))
                            .trim()
                            .to_string();
                        if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            if !cell.is_empty() && !text.is_empty() {
                                cell.push('\n');
                            }
                            cell.push_str(&text);
                            continue;
                        }
                        if !paras.is_empty() {
                            // A text box's paragraph inside another paragraph: its own block.
                            out.push((page, kind, text));
                            continue;
                        }
                        let text = match kind {
                            BlockKind::ListItem if !text.is_empty() => {
                                format!("{} {text}", self.marker(&lists))
                            }
                            _ => text,
                        };
                        out.push((page, kind, text));
                    }
                    "list" => {
                        lists.pop();
                    }
                    "table-cell" | "covered-table-cell" => {
                        if let Some(t) = tables.last_mut() {
                            if let (Some(c), Some(row)) = (t.cell.take(), t.rows.last_mut()) {
                                row.push(c);
                            }
                        }
                    }
                    "table" => {
                        let Some(t) = tables.pop() else { continue };
                        match tables.last_mut().and_then(|o| o.cell.as_mut()) {
                            Some(cell) => {
                                let flat: Vec<String> =
                                    t.rows.iter().map(|r| r.join(" ")).collect();
                                cell.push_str(&flat.join("\n"));
                            }
                            None => out.push((
                                page,
                                BlockKind::Table,
                                table::render(&t.rows, ctx.opts.table_format),
                            )),
                        }
                    }
                    _ => {}
                },
                Ev::Eof => break,
            }
        }
        Ok(out)
    }

    /// The citation mark and the body text of a `text:note`, reading to its end.
    fn note_body(&mut self, r: &mut XmlReader) -> Result<(String, String)> {
        let mut depth = 1;
        let mut out = String::new();
        let mut citation = String::new();
        let mut in_body = false;
        let mut in_citation = false;
        while depth > 0 {
            match r.next()? {
                Ev::Start { e, empty } => {
                    if local(&e) == "note-body" && !empty {
                        in_body = true;
                    }
                    if local(&e) == "note-citation" && !empty {
                        in_citation = true;
                    }
                    if local(&e) == "p" && !empty && !out.is_empty() {
                        out.push('\n');
                    }
                    if !empty {
                        depth += 1;
                    }
                }
                Ev::End(e) => {
                    let name = super::xml::end_name(&e);
                    depth -= 1;
                    if name == "note-body" {
                        in_body = false;
                    }
                    if name == "note-citation" {
                        in_citation = false;
                    }
                }
                Ev::Text(t) if in_citation => citation.push_str(t.trim()),
                Ev::Text(t) if in_body => out.push_str(&t),
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok((citation, out.trim().to_string()))
    }

    /// The bullet or number of the current item of the innermost list.
    fn marker(&self, lists: &[List]) -> String {
        let Some(list) = lists.last() else {
            return "-".into();
        };
        let level = lists.len();
        let style = list
            .style
            .as_ref()
            .and_then(|s| self.list_styles.get(s))
            .and_then(|levels| levels.get(level - 1));
        match style.and_then(|l| l.number.as_ref()) {
            Some((fmt, prefix, suffix)) => {
                let n = list.count.max(1);
                let num = match fmt.as_str() {
                    "a" => letters(n),
                    "A" => letters(n).to_uppercase(),
                    "i" | "I" => {
                        let r = roman(n);
                        if fmt == "i" {
                            r.to_lowercase()
                        } else {
                            r
                        }
                    }
                    _ => n.to_string(),
                };
                format!("{prefix}{num}{suffix}")
            }
            None => "-".into(),
        }
    }
}

fn push(paras: &mut [(BlockKind, String)], s: &str) {
    if let Some(p) = paras.last_mut() {
        p.1.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_styles_are_cut_out_of_a_styles_part() {
        let xml = r#"<office:document-styles xmlns:text="t" xmlns:style="s"><office:styles><style:style style:name="P"/><text:list-style style:name="Empty"/></office:styles><office:automatic-styles><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="a" style:num-suffix=")"/></text:list-style></office:automatic-styles></office:document-styles>"#;
        let cut = list_style_elements(xml, None);
        assert_eq!(
            cut,
            r#"<text:list-style style:name="Empty"/><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="a" style:num-suffix=")"/></text:list-style>"#
        );
        // No namespace declaration seen: the part is parsed whole.
        assert_eq!(list_style_elements("<a/>", None), "<a/>");
        // Only the wanted styles.
        let wanted = HashSet::from(["L1"]);
        assert_eq!(
            list_style_elements(xml, Some(&wanted)),
            r#"<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="a" style:num-suffix=")"/></text:list-style>"#
        );
    }

    #[test]
    fn the_list_styles_a_body_names() {
        let body = r#"<office:body><text:list text:style-name="L1"><text:list-item><text:list text:style-name="L2"/></text:list-item></text:list><text:list xml:id="x"/></office:body>"#;
        assert_eq!(
            used_list_styles(body),
            Some(Some(HashSet::from(["L1", "L2"])))
        );
        assert_eq!(
            used_list_styles("<office:body><text:p/></office:body>"),
            None
        );
        assert_eq!(
            used_list_styles("<b><t:list t:style-name=\"L1\"/></b>"),
            Some(None)
        );
        assert_eq!(
            used_list_styles(r#"<text:list text:style-name="a&amp;b">"#),
            Some(None)
        );
    }
}
