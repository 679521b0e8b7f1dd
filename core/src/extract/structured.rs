//! Data formats read for their text: JSON (every string value that holds words, in
//! document order), XML (each element's text as a paragraph; no entity is expanded) and
//! Jupyter notebooks (Markdown cells through the Markdown reader, code cells as code).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::builder::DocBuilder;
use super::xml::{Ev, XmlReader};
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

fn parse_json(bytes: &[u8], ctx: &Ctx) -> Result<Value> {
    let (text, _) = super::text::decode(bytes, ctx)?;
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| ctx.corrupt(format!("JSON: {e}")))
}

pub(crate) fn extract_json(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let v = parse_json(bytes, ctx)?;
    let mut b = DocBuilder::new();
    strings(&v, &mut b);
    Ok(b.finish(Metadata::default()))
}

/// Every string value with a letter in it, depth first.
fn strings(v: &Value, b: &mut DocBuilder) {
    match v {
        Value::String(s) if s.chars().any(char::is_alphabetic) => b.push(BlockKind::Paragraph, s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, b)),
        Value::Object(o) => o.values().for_each(|x| strings(x, b)),
        _ => {}
    }
}

pub(crate) fn extract_xml(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let text = super::xml::xml_text(bytes);
    let mut r = XmlReader::new(&text, "XML", ctx);
    let mut b = DocBuilder::new();
    let mut buf = String::new();
    loop {
        match r.next()? {
            Ev::Text(t) => buf.push_str(&t),
            Ev::Start { .. } | Ev::End(_) => {
                if HTML_TAG.is_match(&buf) {
                    super::html::fragment_into(&buf, ctx, &mut b)?;
                } else {
                    let t = super::builder::collapse_ws(&buf);
                    if !t.is_empty() {
                        b.push(BlockKind::Paragraph, &t);
                    }
                }
                buf.clear();
            }
            Ev::Eof => break,
        }
    }
    Ok(b.finish(Metadata::default()))
}

/// An HTML tag in an element's text: markup escaped or wrapped in CDATA, as feeds carry
/// an entry's content (Atom `type="html"`, RSS `<description>`). Only HTML's own tag
/// names count, so `a <b> c` in prose is a tag and `x < y > z` is not.
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|img|table|tr|td|th|blockquote|pre|code|figure|figcaption|hr|sup|sub|small)(?:\s[^<>]*)?/?>",
    )
    .expect("HTML tag pattern")
});

pub(crate) fn extract_ipynb(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let v = parse_json(bytes, ctx)?;
    let cells = v
        .get("cells")
        .and_then(Value::as_array)
        .ok_or_else(|| ctx.corrupt("notebook without a `cells` list"))?;
    let mut b = DocBuilder::new();
    let mut meta = Metadata::default();
    if let Some(lang) = v
        .pointer("/metadata/kernelspec/language")
        .or_else(|| v.pointer("/metadata/language_info/name"))
        .and_then(Value::as_str)
    {
        meta.extra
            .insert("kernel_language".into(), lang.to_string());
    }
    for cell in cells {
        let source = match cell.get("source") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(lines)) => lines.iter().filter_map(Value::as_str).collect(),
            _ => continue,
        };
        match cell.get("cell_type").and_then(Value::as_str) {
            Some("markdown") => {
                let doc = super::markdown::extract(source.as_bytes(), ctx)?;
                for blk in doc.blocks.iter().filter(|blk| blk.span.is_some()) {
                    b.push(blk.kind.clone(), &blk.text);
                }
                if meta.title.is_none() {
                    meta.title = doc
                        .blocks
                        .iter()
                        .find(|blk| matches!(blk.kind, BlockKind::Heading { level: 1 }))
                        .map(|blk| blk.text.clone());
                }
            }
            Some("code") => b.push(BlockKind::Code, source.trim_end()),
            _ => b.push(BlockKind::Paragraph, &source),
        }
    }
    Ok(b.finish(meta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractOptions;

    #[test]
    fn json_xml_and_notebooks() {
        let opts = ExtractOptions::default();
        let ctx = Ctx::new("t", &opts);
        let d = extract_json(
            br#"{"id": 7, "title": "Hello world", "tags": ["a b", "12"]}"#,
            &ctx,
        )
        .unwrap();
        assert_eq!(d.text, "Hello world\n\na b");
        let d = extract_xml(b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x \"boom\">]><r><t>One &amp; two</t><t>&x;three</t></r>", &ctx).unwrap();
        assert_eq!(d.text, "One & two\n\nthree");
        // A feed entry's HTML, escaped or in CDATA, is read as HTML.
        let feed = br#"<feed><title>News &lt;3</title><entry><summary type="html">Crane &lt;b&gt;closed&lt;/b&gt; &amp;amp; moved</summary><content><![CDATA[<p>Night work.</p><ul><li>Lock A</li></ul>]]></content></entry></feed>"#;
        let d = extract_xml(feed, &ctx).unwrap();
        assert_eq!(
            d.text,
            "News <3\n\nCrane closed & moved\n\nNight work.\n\n- Lock A"
        );
        let nb = br##"{"cells": [{"cell_type": "markdown", "source": ["# Title\n", "Some *text*."]}, {"cell_type": "code", "source": "print(1)"}], "metadata": {}, "nbformat": 4}"##;
        let d = extract_ipynb(nb, &ctx).unwrap();
        assert_eq!(d.text, "Title\n\nSome text.\n\nprint(1)");
        assert_eq!(d.metadata.title.as_deref(), Some("Title"));
    }
}
