//! PowerPoint presentations (PPTX): slides in presentation order, each slide's title as a
//! heading, its text boxes and placeholders as paragraphs (list items where the paragraph
//! has a bullet or number), tables, and speaker notes as `note` blocks. Every block
//! carries its slide number as `page`.

use std::collections::HashMap;

use super::builder::DocBuilder;
use super::container::Package;
use super::ooxml;
use super::table;
use super::xml::{attr, attrs, local, Ev, XmlReader};
use super::Ctx;
use crate::document::{BlockKind, Document};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut pkg = Package::open(bytes, ctx)?;
    let pres = "ppt/presentation.xml";
    let xml = pkg.require_text(pres)?;
    let rels = ooxml::rels(&mut pkg, pres, ctx)?;
    // Slide order: p:sldIdLst, each p:sldId pointing at a relationship.
    let mut order = Vec::new();
    let mut r = XmlReader::new(&xml, pres, ctx);
    loop {
        match r.next()? {
            Ev::Start { e, .. } if local(&e) == "sldId" => {
                if let Some(rel) = attrs(&e, "id").into_iter().find_map(|id| rels.get(&id)) {
                    order.push(rel.target.clone());
                }
            }
            // The rest of the part (sizes, the default text styles) holds no slide.
            Ev::End(e) if super::xml::end_name(&e) == "sldIdLst" => break,
            Ev::Eof => break,
            _ => {}
        }
    }
    if order.is_empty() {
        // No slide list: the slide parts in name order (slide2 before slide10).
        let mut names: Vec<String> = pkg
            .names()
            .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
            .map(str::to_string)
            .collect();
        names.sort_by_key(|n| {
            let digits: String = n.chars().filter(char::is_ascii_digit).collect();
            digits.parse::<u64>().unwrap_or(0)
        });
        order = names;
    }
    // Speaker notes by slide, from the notes slides' own relationships: most slides
    // have none, and a slide's relationships are then read only for its layout.
    let notes_parts: Vec<String> = pkg
        .names()
        .filter(|n| n.starts_with("ppt/notesSlides/notesSlide") && n.ends_with(".xml"))
        .map(str::to_string)
        .collect();
    let mut notes_of: HashMap<String, String> = HashMap::new();
    for part in notes_parts {
        let rels = ooxml::rels(&mut pkg, &part, ctx)?;
        if let Some(slide) = rels.values().find(|r| r.kind == "slide") {
            notes_of.insert(slide.target.clone(), part);
        }
    }
    let mut b = DocBuilder::new();
    let mut layouts: HashMap<String, Vec<Item>> = HashMap::new();
    for (i, slide) in order.iter().enumerate() {
        b.set_page(Some(i as u32 + 1));
        let Some(xml) = pkg.read_text(slide)? else {
            continue;
        };
        let mut items = shapes(&xml, slide, ctx, false)?;
        // Reading order: top to bottom, then left to right; a placeholder without its own
        // position takes its layout's. Slides share a few layouts: each is read once, and
        // only when a slide needs it: when unplaced shapes are to be ordered among placed
        // ones or among themselves (a title, then one body, needs no layout).
        let unplaced = items.iter().filter(|it| it.pos.is_none());
        let untitled = unplaced.clone().filter(|it| !it.is_title()).count();
        let placed = items.iter().any(|it| it.pos.is_some());
        if untitled > 1 || (placed && unplaced.count() > 0) {
            let slide_rels = ooxml::rels(&mut pkg, slide, ctx)?;
            if let Some(l) = slide_rels.values().find(|r| r.kind == "slideLayout") {
                if !layouts.contains_key(&l.target) {
                    let parsed = match pkg.read_text(&l.target.clone())? {
                        Some(x) => shapes(&x, &l.target, ctx, false)?,
                        None => Vec::new(),
                    };
                    layouts.insert(l.target.clone(), parsed);
                }
                let layout = &layouts[&l.target];
                for it in items.iter_mut().filter(|it| it.pos.is_none()) {
                    it.pos = layout
                        .iter()
                        .find(|l| l.pos.is_some() && l.ph.is_some() && l.same_placeholder(it))
                        .and_then(|l| l.pos);
                }
            }
        }
        items.sort_by_key(|it| match it.pos {
            Some(p) => p,
            None if it.is_title() => (0, 0),
            None => (i64::MAX, 0),
        });
        for it in items {
            for (kind, text) in it.blocks {
                b.push(kind, &text);
            }
        }
        if let Some(notes) = notes_of.get(slide) {
            if let Some(xml) = pkg.read_text(notes)? {
                let text: Vec<String> = shapes(&xml, notes, ctx, true)?
                    .into_iter()
                    .flat_map(|it| it.blocks.into_iter().map(|(_, t)| t))
                    .collect();
                b.push_maybe(BlockKind::Note, &text.join("\n"), ctx.opts.include_notes);
            }
        }
    }
    b.set_page(None);
    let mut meta = ooxml::properties(&mut pkg, ctx)?;
    meta.page_count = Some(order.len() as u32);
    Ok(b.finish(meta))
}

/// A shape being read.
#[derive(Default)]
struct Shape {
    placeholder: Option<String>,
    paras: Vec<(bool, String)>,
}

/// A top-level shape, group or frame of a slide: its position (EMU, top then left), its
/// placeholder (type, index) and its blocks.
#[derive(Default)]
struct Item {
    pos: Option<(i64, i64)>,
    ph: Option<(String, Option<String>)>,
    blocks: Vec<(BlockKind, String)>,
}

impl Item {
    /// Whether this is the slide's title placeholder.
    fn is_title(&self) -> bool {
        self.ph
            .as_ref()
            .is_some_and(|(t, _)| t == "title" || t == "ctrTitle")
    }

    /// Whether `other` is the same placeholder (by index, else by type).
    fn same_placeholder(&self, other: &Item) -> bool {
        match (&self.ph, &other.ph) {
            (Some((t1, i1)), Some((t2, i2))) => match (i1, i2) {
                (Some(a), Some(b)) => a == b,
                _ => t1 == t2,
            },
            _ => false,
        }
    }
}

/// Elements that are one object on a slide.
const CONTAINERS: [&str; 5] = ["sp", "grpSp", "graphicFrame", "cxnSp", "pic"];

/// The top-level objects of a slide with their blocks (or, with `notes_only`, the text of
/// a notes slide's body).
fn shapes(xml: &str, part: &str, ctx: &Ctx, notes_only: bool) -> Result<Vec<Item>> {
    let mut r = XmlReader::new(xml, part, ctx);
    let mut items: Vec<Item> = Vec::new();
    let mut level = 0usize;
    let mut shape: Option<Shape> = None;
    let mut para: Option<(bool, String)> = None;
    let mut in_text = false;
    let mut rows: Option<Vec<Vec<String>>> = None;
    let mut cell: Option<String> = None;
    loop {
        match r.next()? {
            Ev::Start { e, empty } => match local(&e) {
                n if CONTAINERS.contains(&n) && !empty => {
                    if level == 0 {
                        items.push(Item::default());
                    }
                    level += 1;
                    if n == "sp" {
                        shape = Some(Shape::default());
                    }
                }
                "off" => {
                    let x = attr(&e, "x").and_then(|v| v.parse().ok());
                    let y = attr(&e, "y").and_then(|v| v.parse().ok());
                    if let (Some(it), Some(x), Some(y)) = (items.last_mut(), x, y) {
                        if level > 0 && it.pos.is_none() {
                            it.pos = Some((y, x));
                        }
                    }
                }
                "ph" => {
                    let kind = attr(&e, "type").unwrap_or_else(|| "body".into());
                    if let Some(it) = items.last_mut().filter(|_| level > 0) {
                        if it.ph.is_none() {
                            it.ph = Some((kind.clone(), attr(&e, "idx")));
                        }
                    }
                    if let Some(s) = shape.as_mut() {
                        s.placeholder = Some(kind);
                    }
                }
                "p" if !empty => para = Some((false, String::new())),
                "buChar" | "buAutoNum" => {
                    if let Some(p) = para.as_mut() {
                        p.0 = true;
                    }
                }
                "t" if !empty => in_text = true,
                "br" => {
                    if let Some(p) = para.as_mut() {
                        p.1.push('\n');
                    }
                }
                "tbl" if !empty => rows = Some(Vec::new()),
                "tr" if !empty => {
                    if let Some(rs) = rows.as_mut() {
                        rs.push(Vec::new());
                    }
                }
                "tc" if !empty => cell = Some(String::new()),
                _ => {}
            },
            Ev::Text(t) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.1.push_str(&t);
                }
            }
            Ev::End(e) => match super::xml::end_name(&e) {
                n if CONTAINERS.contains(&n) && n != "sp" => level = level.saturating_sub(1),
                "t" => in_text = false,
                "p" => {
                    let Some(p) = para.take() else { continue };
                    if let Some(c) = cell.as_mut() {
                        if !c.is_empty() {
                            c.push('\n');
                        }
                        c.push_str(&p.1);
                    } else if let Some(s) = shape.as_mut() {
                        s.paras.push(p);
                    } else if !notes_only {
                        emit(&mut items, level, (BlockKind::Paragraph, p.1));
                    }
                }
                "tc" => {
                    if let (Some(c), Some(rs)) = (cell.take(), rows.as_mut()) {
                        if let Some(row) = rs.last_mut() {
                            row.push(c);
                        }
                    }
                }
                "tbl" => {
                    if let Some(rs) = rows.take() {
                        if !notes_only {
                            emit(
                                &mut items,
                                level,
                                (BlockKind::Table, table::render(&rs, ctx.opts.table_format)),
                            );
                        }
                    }
                }
                "sp" => {
                    let at = level;
                    level = level.saturating_sub(1);
                    let Some(s) = shape.take() else { continue };
                    let ph = s.placeholder.as_deref();
                    if notes_only {
                        if ph == Some("body") {
                            let t: Vec<String> = s.paras.into_iter().map(|p| p.1).collect();
                            emit(&mut items, at, (BlockKind::Note, t.join("\n")));
                        }
                        continue;
                    }
                    match ph {
                        Some("title") | Some("ctrTitle") => {
                            let t: Vec<String> = s.paras.into_iter().map(|p| p.1).collect();
                            let hl = if ph == Some("ctrTitle") { 1 } else { 2 };
                            emit(
                                &mut items,
                                at,
                                (BlockKind::Heading { level: hl }, t.join(" ")),
                            );
                        }
                        // Slide numbers, dates and footers repeat on every slide.
                        Some("sldNum") | Some("dt") | Some("ftr") | Some("hdr") => {}
                        _ => {
                            for (bullet, text) in s.paras {
                                if bullet && !text.trim().is_empty() {
                                    emit(
                                        &mut items,
                                        at,
                                        (BlockKind::ListItem, format!("- {}", text.trim())),
                                    );
                                } else {
                                    emit(&mut items, at, (BlockKind::Paragraph, text));
                                }
                            }
                        }
                    }
                }
                _ => {}
            },
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(items)
}

/// Adds a block to the current top-level object (a new one outside any).
fn emit(items: &mut Vec<Item>, level: usize, block: (BlockKind, String)) {
    if level == 0 || items.is_empty() {
        items.push(Item::default());
    }
    if let Some(it) = items.last_mut() {
        it.blocks.push(block);
    }
}
