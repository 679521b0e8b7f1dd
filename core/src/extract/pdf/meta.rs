//! PDF metadata (the Info dictionary, XMP where Info lacks a field) and AcroForm fields.

use lopdf::{Dictionary, Document as PdfDoc, Object};

use super::obj::{deref, dict_of, get, text_of};
use crate::document::Metadata;

/// Title, author, dates, producer and the rest, with dates as ISO 8601.
pub(crate) fn metadata(doc: &PdfDoc, page_count: usize) -> Metadata {
    let mut m = Metadata {
        page_count: Some(page_count as u32),
        ..Metadata::default()
    };
    let info = doc.trailer.get(b"Info").ok().and_then(|o| dict_of(doc, o));
    let field = |key: &[u8]| info.and_then(|d| text_of(doc, d, key));
    m.title = field(b"Title");
    m.author = field(b"Author");
    m.producer = field(b"Producer");
    m.created = field(b"CreationDate").map(|d| pdf_date(&d));
    m.modified = field(b"ModDate").map(|d| pdf_date(&d));
    for (key, name) in [
        (&b"Subject"[..], "subject"),
        (b"Keywords", "keywords"),
        (b"Creator", "creator"),
    ] {
        if let Some(v) = field(key) {
            m.extra.insert(name.into(), v);
        }
    }
    let catalog = doc.catalog().ok();
    if let Some(lang) = catalog.and_then(|c| text_of(doc, c, b"Lang")) {
        m.language = Some(lang);
    }
    if let Some(xmp) = catalog.and_then(|c| xmp(doc, c)) {
        let fill = |slot: &mut Option<String>, tags: &[&str]| {
            if slot.is_none() {
                *slot = tags.iter().find_map(|t| xmp_value(&xmp, t));
            }
        };
        fill(&mut m.title, &["dc:title"]);
        fill(&mut m.author, &["dc:creator"]);
        fill(&mut m.producer, &["pdf:Producer"]);
        fill(&mut m.created, &["xmp:CreateDate", "xap:CreateDate"]);
        fill(&mut m.modified, &["xmp:ModifyDate", "xap:ModifyDate"]);
        fill(&mut m.language, &["dc:language"]);
        if let Some(part) = xmp_value(&xmp, "pdfaid:part") {
            let conformance = xmp_value(&xmp, "pdfaid:conformance").unwrap_or_default();
            m.extra.insert(
                "pdfa".into(),
                format!("{part}{}", conformance.to_uppercase()),
            );
        }
    }
    m.extra.insert("pdf_version".into(), doc.version.clone());
    m.extra
        .insert("encrypted".into(), doc.was_encrypted().to_string());
    m
}

/// The XMP packet of the catalog's `/Metadata` stream, if it is text.
fn xmp(doc: &PdfDoc, catalog: &Dictionary) -> Option<String> {
    let Object::Stream(s) = get(doc, catalog, b"Metadata")? else {
        return None;
    };
    let bytes = s.get_plain_content_with_limit(16 << 20).ok()?;
    String::from_utf8(bytes).ok()
}

/// The first value of an XMP property: element text, its first `rdf:li`, or an attribute.
fn xmp_value(xmp: &str, tag: &str) -> Option<String> {
    if let Some(start) = xmp.find(&format!("<{tag}")) {
        let rest = &xmp[start + tag.len() + 1..];
        let open_end = rest.find('>')?;
        if !rest[..open_end].ends_with('/') {
            let body = &rest[open_end + 1..];
            let end = body.find(&format!("</{tag}>"))?;
            let body = &body[..end];
            let inner = match body.find("<rdf:li") {
                Some(li) => {
                    let b = &body[li..];
                    let s = b.find('>')? + 1;
                    let e = b.find("</rdf:li>")?;
                    &b[s..e.max(s)]
                }
                None => body,
            };
            let v = unescape_xml(inner.trim());
            if !v.is_empty() && !v.contains('<') {
                return Some(v);
            }
        }
    }
    // Attribute form: tag="value".
    let attr = format!("{tag}=\"");
    let start = xmp.find(&attr)? + attr.len();
    let end = xmp[start..].find('"')? + start;
    let v = unescape_xml(xmp[start..end].trim());
    (!v.is_empty()).then_some(v)
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`) as ISO 8601; other text is kept as it is.
pub(crate) fn pdf_date(s: &str) -> String {
    let d = s.trim().strip_prefix("D:").unwrap_or(s.trim());
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return s.trim().to_string();
    }
    let part = |a: usize, b: usize, default: &str| -> String {
        digits.get(a..b).map_or(default.to_string(), str::to_string)
    };
    let mut out = part(0, 4, "");
    out.push('-');
    out.push_str(&part(4, 6, "01"));
    out.push('-');
    out.push_str(&part(6, 8, "01"));
    if digits.len() >= 10 {
        out.push('T');
        out.push_str(&part(8, 10, "00"));
        out.push(':');
        out.push_str(&part(10, 12, "00"));
        out.push(':');
        out.push_str(&part(12, 14, "00"));
        let tz = &d[digits.len()..];
        match tz.chars().next() {
            Some('Z') => out.push('Z'),
            Some(sign @ ('+' | '-')) => {
                let t: String = tz[1..].chars().filter(char::is_ascii_digit).collect();
                if t.len() >= 2 {
                    out.push(sign);
                    out.push_str(&t[..2]);
                    out.push(':');
                    out.push_str(t.get(2..4).unwrap_or("00"));
                }
            }
            _ => {}
        }
    }
    out
}

/// AcroForm fields that hold a value, as `name: value`.
pub(crate) fn form_fields(doc: &PdfDoc) -> Vec<String> {
    let mut out = Vec::new();
    let Some(fields) = doc
        .catalog()
        .ok()
        .and_then(|c| get(doc, c, b"AcroForm"))
        .and_then(|f| match f {
            Object::Dictionary(d) => get(doc, d, b"Fields"),
            _ => None,
        })
    else {
        return out;
    };
    let Object::Array(fields) = fields else {
        return out;
    };
    let mut budget = 10_000usize;
    for f in fields {
        walk_field(doc, f, "", 0, &mut budget, &mut out);
    }
    out
}

fn walk_field(
    doc: &PdfDoc,
    field: &Object,
    parent: &str,
    depth: usize,
    budget: &mut usize,
    out: &mut Vec<String>,
) {
    if depth > 32 || *budget == 0 {
        return;
    }
    *budget -= 1;
    let Some(d) = dict_of(doc, field) else {
        return;
    };
    let own = text_of(doc, d, b"T");
    let name = match (&own, parent.is_empty()) {
        (Some(t), true) => t.clone(),
        (Some(t), false) => format!("{parent}.{t}"),
        (None, _) => parent.to_string(),
    };
    if let Some(value) = field_value(doc, d) {
        out.push(if name.is_empty() {
            value
        } else {
            format!("{name}: {value}")
        });
    }
    if let Some(Object::Array(kids)) = d.get(b"Kids").ok().map(|k| deref(doc, k)) {
        for k in kids {
            walk_field(doc, k, &name, depth + 1, budget, out);
        }
    }
}

/// A field's value: text, a choice, or a checked box's state (`Off` is no value).
fn field_value(doc: &PdfDoc, d: &Dictionary) -> Option<String> {
    match get(doc, d, b"V")? {
        Object::String(..) => text_of(doc, d, b"V"),
        Object::Name(n) if n.as_slice() != b"Off" => Some(String::from_utf8_lossy(n).into_owned()),
        Object::Array(items) => {
            let v: Vec<String> = items
                .iter()
                .filter_map(|o| match deref(doc, o) {
                    s @ Object::String(..) => lopdf::decode_text_string(s).ok(),
                    _ => None,
                })
                .collect();
            (!v.is_empty()).then(|| v.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            pdf_date("D:20220403180542+02'00'"),
            "2022-04-03T18:05:42+02:00"
        );
        assert_eq!(pdf_date("D:20220403180542Z"), "2022-04-03T18:05:42Z");
        assert_eq!(pdf_date("D:2022"), "2022-01-01");
        assert_eq!(pdf_date("yesterday"), "yesterday");
    }

    #[test]
    fn xmp_values() {
        let x = r#"<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; B</rdf:li></rdf:Alt></dc:title>
            <rdf:Description pdf:Producer="pdfTeX"/>"#;
        assert_eq!(xmp_value(x, "dc:title").as_deref(), Some("A & B"));
        assert_eq!(xmp_value(x, "pdf:Producer").as_deref(), Some("pdfTeX"));
    }
}
