//! Parts shared by the Office Open XML formats (DOCX, PPTX, XLSX): relationships and the
//! document properties (`docProps/core.xml`, `docProps/app.xml`).

use std::collections::HashMap;

use super::container::{resolve_path, Package};
use super::xml::{attr, local, Ev, XmlReader};
use super::Ctx;
use crate::document::Metadata;
use crate::error::Result;

/// One relationship of a part: its type (last path segment, e.g. `header`) and target
/// path inside the package.
pub(crate) struct Rel {
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The relationships of `part` (`word/document.xml` → `word/_rels/document.xml.rels`),
/// by id; targets resolved to package paths.
pub(crate) fn rels(pkg: &mut Package, part: &str, ctx: &Ctx) -> Result<HashMap<String, Rel>> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let mut out = HashMap::new();
    let Some(xml) = pkg.read_text(&rels_path)? else {
        return Ok(out);
    };
    let mut r = XmlReader::new(&xml, &rels_path, ctx);
    loop {
        match r.next()? {
            Ev::Start { e, .. } if local(&e) == "Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) else {
                    continue;
                };
                let kind = attr(&e, "Type")
                    .and_then(|t| t.rsplit('/').next().map(str::to_string))
                    .unwrap_or_default();
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                let target = if external {
                    target
                } else {
                    resolve_path(part, &target)
                };
                out.insert(
                    id,
                    Rel {
                        kind,
                        target,
                        external,
                    },
                );
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Title, author, dates, language, subject, keywords and the producing program from
/// `docProps/core.xml` and `docProps/app.xml`.
pub(crate) fn properties(pkg: &mut Package, ctx: &Ctx) -> Result<Metadata> {
    let mut m = Metadata::default();
    if let Some(xml) = pkg.read_text("docProps/core.xml")? {
        for (name, value) in simple_fields(&xml, "docProps/core.xml", ctx)? {
            match name.as_str() {
                "title" => m.title = Some(value),
                "creator" => m.author = Some(value),
                "created" => m.created = Some(value),
                "modified" => m.modified = Some(value),
                "language" => m.language = Some(value),
                "subject" | "keywords" | "description" | "lastModifiedBy" | "category" => {
                    m.extra.insert(name, value);
                }
                _ => {}
            }
        }
    }
    if let Some(xml) = pkg.read_text("docProps/app.xml")? {
        for (name, value) in simple_fields(&xml, "docProps/app.xml", ctx)? {
            match name.as_str() {
                "Application" => m.producer = Some(value),
                "Pages" | "Slides" => m.page_count = value.parse().ok(),
                "Company" => {
                    m.extra.insert("company".into(), value);
                }
                _ => {}
            }
        }
    }
    Ok(m)
}

/// The leaf elements of a flat property part: (local name, trimmed text), non-empty only.
pub(crate) fn simple_fields(xml: &str, part: &str, ctx: &Ctx) -> Result<Vec<(String, String)>> {
    let mut r = XmlReader::new(xml, part, ctx);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut text = String::new();
    loop {
        match r.next()? {
            Ev::Start { e, empty: false } => {
                current = Some(local(&e).to_string());
                text.clear();
            }
            Ev::Text(t) => text.push_str(&t),
            Ev::End(e) => {
                let name = super::xml::end_name(&e);
                if current.as_deref() == Some(name) {
                    let v = text.trim();
                    if !v.is_empty() {
                        out.push((name.to_string(), v.to_string()));
                    }
                }
                current = None;
                text.clear();
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}
