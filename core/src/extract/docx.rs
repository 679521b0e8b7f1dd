//! Word documents (DOCX): the body in document order with runs joined verbatim; headings
//! from paragraph styles (outline level, inherited through `basedOn`); list items with
//! their numbers or bullets from `numbering.xml`; tables (merged cells left empty); text
//! boxes; hyperlinks' text; tracked changes (insertions kept, deletions and moved-from
//! text dropped); images' alternative text; headers, footers, footnotes, endnotes and
//! comments as their own blocks; properties as metadata.

use std::collections::HashMap;

use super::builder::DocBuilder;
use super::container::Package;
use super::markers::{letters, roman};
use super::ooxml;
use super::table;
use super::xml::{attr, local, Ev, XmlReader};
use super::Ctx;
use crate::document::{BlockKind, Document};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut pkg = Package::open(bytes, ctx)?;
    let main = main_part(&mut pkg)?;
    let xml = pkg.require_text(&main)?;
    // Only the styles the body names are parsed (Word's styles.xml can be 300 KB for a
    // one-line document), and of the numbering only the lists some part uses.
    let used = attribute_values(&xml, b"pStyle ");
    let styles = if used.is_empty() {
        Styles::default()
    } else {
        match pkg.read("word/styles.xml")? {
            Some(x) => Styles::parse(&select_styles(&x, used), ctx)?,
            None => Styles::default(),
        }
    };
    let rels = ooxml::rels(&mut pkg, &main, ctx)?;
    // Headers first, body, then footers, footnotes, endnotes and comments.
    let by_kind = |kind: &str| -> Vec<String> {
        let mut v: Vec<String> = rels
            .values()
            .filter(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
            .collect();
        v.sort();
        v
    };
    let headers = by_kind("header");
    let footers = by_kind("footer");
    let footnotes = by_kind("footnotes");
    let endnotes = by_kind("endnotes");
    let comments = by_kind("comments");
    let mut parts = HashMap::new();
    for part in headers
        .iter()
        .chain(&footers)
        .chain(&footnotes)
        .chain(&endnotes)
        .chain(&comments)
    {
        if let Some(x) = pkg.read_text(part)? {
            parts.insert(part.clone(), x);
        }
    }
    let mut lists = attribute_values(&xml, b"numId ");
    for x in parts.values() {
        lists.extend(attribute_values(x, b"numId "));
    }
    lists.extend(
        styles
            .by_id
            .values()
            .filter_map(|s| s.num.as_ref().map(|n| n.0.clone())),
    );
    lists.sort();
    lists.dedup();
    let numbering = match lists.is_empty() {
        true => Numbering::default(),
        false => match pkg.read("word/numbering.xml")? {
            Some(x) => Numbering::parse(&select_numbering(&x, &lists), ctx)?,
            None => Numbering::default(),
        },
    };
    let mut w = Walker {
        ctx,
        styles: &styles,
        numbering: &numbering,
        counters: HashMap::new(),
        note_numbers: HashMap::new(),
    };
    let opts = ctx.opts;
    let mut b = DocBuilder::new();

    let mut seen_header = std::collections::HashSet::new();
    for part in &headers {
        for (_, text) in w.part_blocks(&parts, part)? {
            if seen_header.insert(text.clone()) {
                b.push_maybe(BlockKind::Header, &text, opts.include_headers_footers);
            }
        }
    }
    for (kind, text) in w.blocks(&xml, &main)? {
        match kind {
            BlockKind::Caption => b.push_maybe(kind, &text, opts.include_alt_text),
            kind => b.push(kind, &text),
        }
    }
    let mut seen_footer = std::collections::HashSet::new();
    for part in &footers {
        for (_, text) in w.part_blocks(&parts, part)? {
            if seen_footer.insert(text.clone()) {
                b.push_maybe(BlockKind::Footer, &text, opts.include_headers_footers);
            }
        }
    }
    for part in footnotes.iter().chain(&endnotes) {
        for note in w.notes(&parts, part, &["footnote", "endnote"])? {
            b.push(BlockKind::Footnote, &note);
        }
    }
    for part in &comments {
        for note in w.notes(&parts, part, &["comment"])? {
            b.push_maybe(BlockKind::Comment, &note, opts.include_comments);
        }
    }
    let meta = ooxml::properties(&mut pkg, ctx)?;
    Ok(b.finish(meta))
}

/// The main document part: `word/document.xml`, or where `_rels/.rels` points.
fn main_part(pkg: &mut Package) -> Result<String> {
    if pkg.names().any(|n| n == "word/document.xml") {
        return Ok("word/document.xml".into());
    }
    let found = pkg
        .names()
        .find(|n| n.starts_with("word/") && n.ends_with("document.xml"))
        .unwrap_or("word/document.xml")
        .to_string();
    Ok(found)
}

/// The values an element names in a part, once each, by the raw bytes: `pStyle ` gives
/// the paragraph styles (`<w:pStyle w:val="Heading1"/>`), `numId ` the lists.
fn attribute_values(xml: &str, element: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in memchr::memmem::find_iter(xml.as_bytes(), element) {
        let rest = prefix(&xml[i..], 200);
        let Some(v) = rest.find("val=\"") else {
            continue;
        };
        let value = &rest[v + 5..];
        if let Some(end) = value.find('"') {
            let id = &value[..end];
            if !out.iter().any(|x| x == id) {
                out.push(id.to_string());
            }
        }
    }
    out
}

/// The `<w:num>` elements of `numbering` with the given ids and the `<w:abstractNum>`
/// definitions they point at, as a small XML text (LibreOffice writes a dozen lists of
/// nine levels each for a document with two). The whole part when one cannot be found
/// on the raw bytes, so the parser decides.
fn select_numbering(numbering: &[u8], ids: &[String]) -> String {
    let whole = || String::from_utf8_lossy(numbering).into_owned();
    let mut out = String::from("<w:numbering>");
    let mut abstracts: Vec<String> = Vec::new();
    for id in ids {
        let Some(num) = element(numbering, "w:num", &format!("w:numId=\"{id}\"")) else {
            return whole();
        };
        if let Some(a) = attribute_values(num, b"abstractNumId ").pop() {
            if !abstracts.contains(&a) {
                abstracts.push(a);
            }
        }
        out.push_str(num);
    }
    for a in abstracts {
        match element(
            numbering,
            "w:abstractNum",
            &format!("w:abstractNumId=\"{a}\""),
        ) {
            Some(def) => out.push_str(def),
            None => return whole(),
        }
    }
    out.push_str("</w:numbering>");
    out
}

/// The element `<name ...>...</name>` whose start tag holds `attribute` (`w:numId="3"`),
/// found on the raw bytes; `None` when there is none or it is not valid UTF-8.
fn element<'x>(xml: &'x [u8], name: &str, attribute: &str) -> Option<&'x str> {
    use memchr::memmem;
    let close = format!("</{name}>");
    memmem::find_iter(xml, attribute.as_bytes()).find_map(|at| {
        let start = memchr::memrchr(b'<', &xml[..at])?;
        let tag = &xml[start + 1..at];
        let named = tag.strip_prefix(name.as_bytes())?;
        if !named.first().is_some_and(u8::is_ascii_whitespace) || tag.contains(&b'>') {
            return None;
        }
        let gt = at + memchr::memchr(b'>', &xml[at..])?;
        let end = if xml[gt - 1] == b'/' {
            gt + 1 // an empty element
        } else {
            at + memmem::find(&xml[at..], close.as_bytes())? + close.len()
        };
        std::str::from_utf8(&xml[start..end]).ok()
    })
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The `<w:style>` elements of `styles` with the given ids and the styles they are based
/// on, as a small XML text (each element found by its `styleId`, on the raw bytes: the
/// rest of the part is neither validated nor parsed).
fn select_styles(styles: &[u8], mut ids: Vec<String>) -> String {
    use memchr::memmem;
    let mut out = String::from("<w:styles>");
    let mut done: Vec<String> = Vec::new();
    while let Some(id) = ids.pop() {
        if done.contains(&id) || done.len() > 256 {
            continue;
        }
        done.push(id.clone());
        let needle = format!("styleId=\"{id}\"");
        let Some(at) = memmem::find(styles, needle.as_bytes()) else {
            continue;
        };
        let (Some(start), Some(end)) = (
            memmem::rfind(&styles[..at], b"<w:style "),
            memmem::find(&styles[at..], b"</w:style>"),
        ) else {
            continue;
        };
        let element = String::from_utf8_lossy(&styles[start..at + end + b"</w:style>".len()]);
        if let Some(b) = element.find("basedOn ") {
            let rest = &element[b..];
            if let Some(v) = rest.find("val=\"") {
                let value = &rest[v + 5..];
                if let Some(e) = value.find('"') {
                    ids.push(value[..e].to_string());
                }
            }
        }
        out.push_str(&element);
    }
    out.push_str("</w:styles>");
    out
}

/// Paragraph styles: what a style makes a paragraph (heading level, list, quote, code).
#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

#[derive(Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
}

impl Styles {
    fn parse(xml: &str, ctx: &Ctx) -> Result<Self> {
        let mut r = XmlReader::new(xml, "word/styles.xml", ctx);
        let mut by_id = HashMap::new();
        let mut cur: Option<(String, Style)> = None;
        loop {
            match r.next()? {
                Ev::Start { e, empty } => match local(&e) {
                    "style" if !empty => {
                        let id = attr(&e, "styleId").unwrap_or_default();
                        cur = Some((id, Style::default()));
                    }
                    "name" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.name = attr(&e, "val").unwrap_or_default().to_lowercase();
                        }
                    }
                    "basedOn" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.based_on = attr(&e, "val");
                        }
                    }
                    "outlineLvl" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.outline = attr(&e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "numId" => {
                        if let Some((_, s)) = cur.as_mut() {
                            let id = attr(&e, "val").unwrap_or_default();
                            let lvl = s.num.as_ref().map_or(0, |n| n.1);
                            s.num = Some((id, lvl));
                        }
                    }
                    "ilvl" => {
                        if let Some((_, s)) = cur.as_mut() {
                            let lvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            let id = s.num.as_ref().map_or(String::new(), |n| n.0.clone());
                            s.num = Some((id, lvl));
                        }
                    }
                    _ => {}
                },
                Ev::End(e) if super::xml::end_name(&e) == "style" => {
                    if let Some((id, s)) = cur.take() {
                        by_id.insert(id, s);
                    }
                }
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(Styles { by_id })
    }

    /// The style chain of `id`, the style itself first (at most 16 deep: cycles end).
    fn chain(&self, id: &str) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = Some(id.to_string());
        while let Some(id) = next {
            if out.len() >= 16 {
                break;
            }
            match self.by_id.get(&id) {
                Some(s) => {
                    out.push(s);
                    next = s.based_on.clone();
                }
                None => break,
            }
        }
        out
    }
}

/// List definitions: `numId` → levels (format, text pattern, start).
#[derive(Default)]
struct Numbering {
    nums: HashMap<String, String>,
    abstracts: HashMap<String, HashMap<u8, Level>>,
}

#[derive(Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

impl Numbering {
    fn parse(xml: &str, ctx: &Ctx) -> Result<Self> {
        let mut r = XmlReader::new(xml, "word/numbering.xml", ctx);
        let mut n = Numbering::default();
        let mut abs: Option<String> = None;
        let mut lvl: Option<(u8, Level)> = None;
        let mut num: Option<String> = None;
        loop {
            match r.next()? {
                Ev::Start { e, empty } => match local(&e) {
                    "abstractNum" if !empty => abs = attr(&e, "abstractNumId"),
                    "lvl" if !empty => {
                        let i = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        lvl = Some((
                            i,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        ));
                    }
                    "numFmt" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.format = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.text = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "start" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "num" if !empty => num = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(id), Some(a)) = (num.as_ref(), attr(&e, "val")) {
                            n.nums.insert(id.clone(), a);
                        }
                    }
                    _ => {}
                },
                Ev::End(e) => match super::xml::end_name(&e) {
                    "lvl" => {
                        if let (Some(a), Some((i, l))) = (abs.as_ref(), lvl.take()) {
                            n.abstracts.entry(a.clone()).or_default().insert(i, l);
                        }
                    }
                    "abstractNum" => abs = None,
                    "num" => num = None,
                    _ => {}
                },
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(n)
    }

    fn level(&self, num_id: &str, ilvl: u8) -> Option<&Level> {
        let a = self.nums.get(num_id)?;
        self.abstracts.get(a)?.get(&ilvl)
    }
}

/// The parts besides the main one (headers, footers, notes, comments) by name, read
/// before the walk so that the numbering they use is known.
type Parts = HashMap<String, String>;

/// Walks the paragraphs and tables of a part, turning them into blocks.
struct Walker<'s, 'c> {
    ctx: &'c Ctx<'c>,
    styles: &'s Styles,
    numbering: &'s Numbering,
    /// List counters per numbering id, one per level.
    counters: HashMap<String, [u32; 9]>,
    /// Footnote and endnote numbers by (kind, id), in the order they are referred to.
    note_numbers: HashMap<(String, String), usize>,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    alt: Vec<String>,
}

/// A table being read: rows of cells.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: Option<String>,
    span: usize,
}

impl Walker<'_, '_> {
    /// The blocks of a header or footer part.
    fn part_blocks(&mut self, parts: &Parts, part: &str) -> Result<Vec<(BlockKind, String)>> {
        match parts.get(part) {
            Some(xml) => self.blocks(xml, part),
            None => Ok(Vec::new()),
        }
    }

    /// The notes of a footnotes, endnotes or comments part (separators left out), each
    /// one text.
    fn notes(&mut self, parts: &Parts, part: &str, elems: &[&str]) -> Result<Vec<String>> {
        let mut notes = self.numbered_notes(parts, part, elems)?;
        notes.sort_by_key(|(n, _)| *n);
        Ok(notes.into_iter().map(|(_, t)| t).collect())
    }

    /// The notes of a part with their reference numbers (`usize::MAX` for notes never
    /// referred to, such as comments).
    fn numbered_notes(
        &mut self,
        parts: &Parts,
        part: &str,
        elems: &[&str],
    ) -> Result<Vec<(usize, String)>> {
        let Some(xml) = parts.get(part) else {
            return Ok(Vec::new());
        };
        let mut r = XmlReader::new(xml, part, self.ctx);
        let mut out = Vec::new();
        loop {
            match r.next()? {
                Ev::Start { e, empty: false } if elems.contains(&local(&e)) => {
                    let special = attr(&e, "type").is_some_and(|t| {
                        t == "separator"
                            || t == "continuationSeparator"
                            || t == "continuationNotice"
                    });
                    if special {
                        r.skip()?;
                        continue;
                    }
                    let key = (local(&e).to_string(), attr(&e, "id").unwrap_or_default());
                    let blocks = self.read_blocks(&mut r)?;
                    let text: Vec<String> = blocks.into_iter().map(|(_, t)| t).collect();
                    let text = text.join("\n");
                    match self.note_numbers.get(&key) {
                        Some(n) => out.push((*n, format!("[{n}] {}", text.trim()))),
                        None => out.push((usize::MAX, text)),
                    }
                }
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The blocks of a whole part.
    fn blocks(&mut self, xml: &str, part: &str) -> Result<Vec<(BlockKind, String)>> {
        let mut r = XmlReader::new(xml, part, self.ctx);
        self.read_blocks(&mut r)
    }

    /// Reads blocks until the end of the element open when called (or the end of input).
    fn read_blocks(&mut self, r: &mut XmlReader) -> Result<Vec<(BlockKind, String)>> {
        let mut out: Vec<(BlockKind, String)> = Vec::new();
        let mut paras: Vec<Para> = Vec::new();
        let mut tables: Vec<Table> = Vec::new();
        let mut in_text = false;
        let mut in_props = 0usize;
        let mut depth = 0i64;
        loop {
            match r.next()? {
                Ev::Start { e, empty } => {
                    if !empty {
                        depth += 1;
                    }
                    let name = local(&e);
                    match name {
                        "p" if !empty => paras.push(Para::default()),
                        "pPr" | "rPr" | "tblPr" | "trPr" | "tcPr" | "sectPr" | "tblGrid"
                            if !empty =>
                        {
                            if name == "sectPr" {
                                r.skip()?;
                                depth -= 1;
                            } else {
                                in_props += 1;
                            }
                        }
                        "pStyle" => {
                            if let Some(p) = paras.last_mut() {
                                p.style = attr(&e, "val");
                            }
                        }
                        "numId" if in_props > 0 => {
                            if let Some(p) = paras.last_mut() {
                                p.num_id = attr(&e, "val");
                            }
                        }
                        "ilvl" if in_props > 0 => {
                            if let Some(p) = paras.last_mut() {
                                p.ilvl = attr(&e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        "outlineLvl" if in_props > 0 => {
                            if let Some(p) = paras.last_mut() {
                                p.outline = attr(&e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        "gridSpan" => {
                            if let Some(t) = tables.last_mut() {
                                t.span = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                            }
                        }
                        // Deleted and moved-away text, field instructions, the fallback copy
                        // of alternate content (the choice has the same text).
                        "del" | "moveFrom" | "Fallback" | "instrText" | "delInstrText"
                            if !empty =>
                        {
                            r.skip()?;
                            depth -= 1;
                        }
                        "t" if !empty && in_props == 0 => in_text = true,
                        "tab" if in_props == 0 => push_char(&mut paras, '\t'),
                        "br" | "cr" if in_props == 0 => push_char(&mut paras, '\n'),
                        "noBreakHyphen" => push_char(&mut paras, '-'),
                        "footnoteReference" | "endnoteReference" => {
                            let kind = name.trim_end_matches("Reference").to_string();
                            let id = attr(&e, "id").unwrap_or_default();
                            let next =
                                1 + self.note_numbers.keys().filter(|(k, _)| *k == kind).count();
                            let n = *self.note_numbers.entry((kind, id)).or_insert(next);
                            if let Some(p) = paras.last_mut() {
                                p.text.push_str(&format!("[{n}]"));
                            }
                        }
                        "docPr" => {
                            let alt = attr(&e, "descr")
                                .filter(|d| !d.trim().is_empty())
                                .or_else(|| attr(&e, "title").filter(|d| !d.trim().is_empty()));
                            if let (Some(a), Some(p)) = (alt, paras.last_mut()) {
                                p.alt.push(a);
                            }
                        }
                        "tbl" if !empty => tables.push(Table::default()),
                        "tr" if !empty => {
                            if let Some(t) = tables.last_mut() {
                                t.rows.push(Vec::new());
                            }
                        }
                        "tc" if !empty => {
                            if let Some(t) = tables.last_mut() {
                                t.cell = Some(String::new());
                                t.span = 1;
                            }
                        }
                        _ => {}
                    }
                }
                Ev::Text(t) => {
                    if in_text {
                        if let Some(p) = paras.last_mut() {
                            p.text.push_str(&t);
                        }
                    }
                }
                Ev::End(e) => {
                    let name = super::xml::end_name(&e);
                    depth -= 1;
                    if depth < 0 {
                        break; // the end of the element this call was asked to read
                    }
                    match name {
                        "t" => in_text = false,
                        "pPr" | "rPr" | "tblPr" | "trPr" | "tcPr" | "tblGrid" => {
                            in_props = in_props.saturating_sub(1)
                        }
                        "p" => {
                            if let Some(p) = paras.pop() {
                                let (kind, text) = self.finish_para(&p);
                                match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                                    Some(cell) if paras.is_empty() => {
                                        if !cell.is_empty() && !text.is_empty() {
                                            cell.push('\n');
                                        }
                                        cell.push_str(&text);
                                    }
                                    _ => out.push((kind, text)),
                                }
                                for a in p.alt {
                                    out.push((BlockKind::Caption, a));
                                }
                            }
                        }
                        "tc" => {
                            if let Some(t) = tables.last_mut() {
                                let cell = t.cell.take().unwrap_or_default();
                                let span = t.span.max(1);
                                if let Some(row) = t.rows.last_mut() {
                                    row.push(cell);
                                    for _ in 1..span {
                                        row.push(String::new());
                                    }
                                }
                            }
                        }
                        "tbl" => {
                            if let Some(t) = tables.pop() {
                                let text = table::render(&t.rows, self.ctx.opts.table_format);
                                match tables.last_mut().and_then(|o| o.cell.as_mut()) {
                                    // A table inside a cell: its text joins the cell.
                                    Some(cell) => {
                                        let flat: Vec<String> =
                                            t.rows.iter().map(|r| r.join(" ")).collect();
                                        if !cell.is_empty() {
                                            cell.push('\n');
                                        }
                                        cell.push_str(&flat.join("\n"));
                                    }
                                    None => out.push((BlockKind::Table, text)),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Ev::Eof => break,
            }
        }
        Ok(out)
    }

    /// The kind and text of a finished paragraph: heading, list item (with its number or
    /// bullet), quote, code or plain paragraph.
    fn finish_para(&mut self, p: &Para) -> (BlockKind, String) {
        let chain = p
            .style
            .as_deref()
            .map(|s| self.styles.chain(s))
            .unwrap_or_default();
        let name = chain.first().map(|s| s.name.as_str()).unwrap_or("");
        let outline = p.outline.or_else(|| chain.iter().find_map(|s| s.outline));
        let heading = heading_level(name)
            .or_else(|| chain.iter().skip(1).find_map(|s| heading_level(&s.name)));
        let text = p.text.trim().to_string();
        if let Some(level) = heading.or(outline.filter(|&o| o < 9).map(|o| o + 1)) {
            return (BlockKind::Heading { level }, text);
        }
        let num = match (&p.num_id, p.ilvl) {
            (Some(id), lvl) => Some((id.clone(), lvl.unwrap_or(0))),
            (None, lvl) => chain
                .iter()
                .find_map(|s| s.num.clone())
                .map(|(id, l)| (id, lvl.unwrap_or(l))),
        };
        if let Some((id, lvl)) = num.filter(|(id, _)| !id.is_empty() && id != "0") {
            let marker = self.marker(&id, lvl.min(8));
            if text.is_empty() {
                return (BlockKind::ListItem, text);
            }
            return (BlockKind::ListItem, format!("{marker} {text}"));
        }
        let all: Vec<&str> = chain.iter().map(|s| s.name.as_str()).collect();
        if all.iter().any(|n| n.contains("quote")) {
            return (BlockKind::Quote, text);
        }
        if all
            .iter()
            .any(|n| n.contains("code") || n.contains("preformatted"))
        {
            return (BlockKind::Code, p.text.trim_end().to_string());
        }
        if name == "caption" {
            return (BlockKind::Caption, text);
        }
        (BlockKind::Paragraph, text)
    }

    /// The number or bullet of the next item of list `id` at level `lvl`.
    fn marker(&mut self, id: &str, lvl: u8) -> String {
        let level = self.numbering.level(id, lvl).cloned().unwrap_or(Level {
            format: "bullet".into(),
            text: String::new(),
            start: 1,
        });
        let counters = self.counters.entry(id.to_string()).or_insert([0; 9]);
        let l = lvl as usize;
        counters[l] = if counters[l] == 0 {
            level.start
        } else {
            counters[l] + 1
        };
        for c in counters.iter_mut().skip(l + 1) {
            *c = 0;
        }
        if level.format == "bullet" || level.format == "none" || level.text.is_empty() {
            return "-".into();
        }
        let mut out = level.text.clone();
        for k in (1..=l + 1).rev() {
            let pat = format!("%{k}");
            if out.contains(&pat) {
                let fmt = self
                    .numbering
                    .level(id, (k - 1) as u8)
                    .map_or("decimal", |x| x.format.as_str());
                let n = counters[k - 1].max(1);
                out = out.replace(&pat, &format_number(n, fmt));
            }
        }
        out
    }
}

fn push_char(paras: &mut [Para], c: char) {
    if let Some(p) = paras.last_mut() {
        p.text.push(c);
    }
}

/// The heading level a style name gives: `heading 1`..`heading 9`, `title`.
fn heading_level(name: &str) -> Option<u8> {
    if name == "title" {
        return Some(1);
    }
    let rest = name.strip_prefix("heading ")?;
    rest.trim()
        .parse::<u8>()
        .ok()
        .filter(|l| (1..=9).contains(l))
}

/// `n` in a Word number format: decimal, lower/upper letter, lower/upper roman.
fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "lowerLetter" => letters(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(heading_level("heading 2"), Some(2));
        assert_eq!(heading_level("normal"), None);
    }

    #[test]
    fn numbering_is_cut_to_the_lists_used() {
        let xml = br#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"/><w:num w:numId="12"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let cut = select_numbering(xml, &["12".to_string(), "2".to_string()]);
        assert_eq!(
            cut,
            r#"<w:numbering><w:num w:numId="12"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"/><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum></w:numbering>"#
        );
        let opts = crate::ExtractOptions::default();
        let ctx = Ctx::new("t.docx", &opts);
        let n = Numbering::parse(&cut, &ctx).unwrap();
        assert_eq!(n.level("12", 0).map(|l| l.start), Some(3));
        assert!(n.level("1", 0).is_none());
        // A list the raw bytes do not show: the whole part.
        assert_eq!(
            select_numbering(xml, &["7".to_string()]),
            String::from_utf8_lossy(xml)
        );
    }
}
