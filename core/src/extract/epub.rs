//! EPUB e-books: the OPF package's spine gives the reading order; each XHTML document
//! goes through the HTML reader; the OPF metadata (Dublin Core) gives title, author,
//! language, date and publisher.

use std::collections::HashMap;

use super::builder::DocBuilder;
use super::container::{resolve_path, Package};
use super::xml::{attr, local, Ev, XmlReader};
use super::Ctx;
use crate::document::{Document, Metadata};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut pkg = Package::open(bytes, ctx)?;
    let opf_path = rootfile(&mut pkg, ctx)?;
    let opf = pkg.require_text(&opf_path)?;
    let (meta, spine) = parse_opf(&opf, &opf_path, ctx)?;
    let mut b = DocBuilder::new();
    for href in &spine {
        ctx.check_time()?;
        let Some(bytes) = pkg.read(href)? else {
            continue; // a spine entry without its file: skip it, as readers do
        };
        let page = super::html::page(&super::html::decode(&bytes), ctx)?;
        super::html::blocks_into(&page, ctx, &mut b)?;
    }
    Ok(b.finish(meta))
}

/// The OPF path from `META-INF/container.xml` (or the first `.opf` in the archive).
fn rootfile(pkg: &mut Package, ctx: &Ctx) -> Result<String> {
    if let Some(xml) = pkg.read_text("META-INF/container.xml")? {
        let mut r = XmlReader::new(&xml, "META-INF/container.xml", ctx);
        loop {
            match r.next()? {
                Ev::Start { e, .. } if local(&e) == "rootfile" => {
                    if let Some(p) = attr(&e, "full-path") {
                        return Ok(p);
                    }
                }
                Ev::Eof => break,
                _ => {}
            }
        }
    }
    pkg.names()
        .find(|n| n.ends_with(".opf"))
        .map(str::to_string)
        .ok_or_else(|| ctx.corrupt("no OPF package document"))
}

/// The metadata and the spine (package paths of the content documents, in order).
fn parse_opf(xml: &str, path: &str, ctx: &Ctx) -> Result<(Metadata, Vec<String>)> {
    let mut r = XmlReader::new(xml, path, ctx);
    let mut m = Metadata::default();
    let mut manifest: HashMap<String, (String, String)> = HashMap::new();
    let mut spine_ids = Vec::new();
    let mut field: Option<String> = None;
    let mut text = String::new();
    let mut in_metadata = false;
    loop {
        match r.next()? {
            Ev::Start { e, empty } => match local(&e) {
                "metadata" if !empty => in_metadata = true,
                "item" => {
                    if let (Some(id), Some(href)) = (attr(&e, "id"), attr(&e, "href")) {
                        let media = attr(&e, "media-type").unwrap_or_default();
                        manifest.insert(id, (resolve_path(path, &href), media));
                    }
                }
                "itemref" if attr(&e, "linear").as_deref() != Some("no") => {
                    if let Some(id) = attr(&e, "idref") {
                        spine_ids.push(id);
                    }
                }
                name if in_metadata && !empty => {
                    field = Some(name.to_string());
                    text.clear();
                }
                _ => {}
            },
            Ev::Text(t) if field.is_some() => text.push_str(&t),
            Ev::End(e) => {
                let name = super::xml::end_name(&e);
                if name == "metadata" {
                    in_metadata = false;
                }
                if field.as_deref() == Some(name) {
                    let v = text.trim().to_string();
                    if !v.is_empty() {
                        match name {
                            "title" if m.title.is_none() => m.title = Some(v),
                            "creator" if m.author.is_none() => m.author = Some(v),
                            "language" if m.language.is_none() => m.language = Some(v),
                            "date" if m.created.is_none() => m.created = Some(v),
                            "publisher" | "subject" | "description" | "rights" | "identifier" => {
                                m.extra.entry(name.to_string()).or_insert(v);
                            }
                            _ => {}
                        }
                    }
                    field = None;
                }
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    let spine = spine_ids
        .iter()
        .filter_map(|id| manifest.get(id))
        .filter(|(_, media)| media.is_empty() || media.contains("html") || media.contains("xml"))
        .map(|(href, _)| href.clone())
        .collect();
    Ok((m, spine))
}
